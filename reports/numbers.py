"""Every number a report states, for the number guard.

`extract_numbers(text)` finds Arabic numbers (23, 3.5, 1,200, 1.2万), Chinese numerals
(二十三, 两, 一百五十, 二〇二六), percentages (87.5%, 百分之八十七点五), dates (2026年,
6月15日, 6月15日—21日) and both ends of ranges. It leaves out heading ordinals (一、 （二）
三是 第一 1.) and fixed words whose characters are numerals but say no quantity (一般,
进一步, 统一, 三级, 双重预防, 五一 ...). Anything it cannot tell apart is reported as a
number: the guard would rather fall back to the template than let a figure through.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10_000, "亿": 100_000_000}
CN = "零〇一二两三四五六七八九十百千万亿"
CN_DIGIT = "零〇一二两三四五六七八九"
DASH = "—–\\-~～至到"

# Words built of numeral characters that state no quantity. Longest first when masking.
FIXED_WORDS = (
    # grades, structures, slogans of the trade
    "一般", "一级", "二级", "三级", "四级", "双重预防", "双重", "双随机", "双控", "三违",
    "三同时", "三管三必须", "三个必须", "三会一课", "两客一危", "四不两直", "一岗双责",
    "一案三制", "五进", "三防", "六有", "八有", "五落实", "一企一策", "一线", "一把手",
    "一体化", "一体", "一网统管", "一张图", "一键", "一盘棋", "一揽子", "一站式", "一刀切",
    "一次性", "一号文件", "两会", "两节", "两委", "两员", "五一", "七一", "八一", "零报告",
    "零容忍", "清零", "归零", "零距离", "零事故", "百分点", "百姓", "千方百计", "千家万户",
    "万无一失", "万一", "三令五申", "四面八方", "一丝不苟", "一抓到底", "一以贯之",
    "一如既往", "一目了然", "独一无二", "一五一十", "举一反三",
    # ordinary words
    "进一步", "统一", "一是", "一致", "一定", "一些", "一直", "一旦", "一切", "一贯", "一律",
    "一批", "一并", "一道", "一同", "一再", "一向", "一齐", "一面", "一边", "一样", "一流",
    "一环", "一系列", "一方面", "另一方面", "同一", "唯一", "逐一", "之一", "专一", "一心",
    "一手", "一步", "一时", "一经", "一下", "一周", "一年来", "十分", "万分", "一番", "一带",
    "星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日", "星期天",
    "周一", "周二", "周三", "周四", "周五", "周六", "周日",
)
_FIXED = re.compile("|".join(sorted(map(re.escape, FIXED_WORDS), key=len, reverse=True)))

_ORDINALS = re.compile(
    rf"[{CN_DIGIT}十]+是"                       # 一是 二是 十是
    rf"|第[{CN}\d]+"                              # 第一 第2
    rf"|其[{CN_DIGIT}]"                           # 其一
    rf"|[（(][{CN}\d]{{1,3}}[）)]"                # （一） (2)
    rf"|(?m:^[ \t　]*[{CN}]+、)"                 # 一、 at a line start
    rf"|(?m:^[ \t　]*\d{{1,2}}[.．、](?!\d))"     # 1. at a line start
    r"|“十一”|十一(?=期间|假期|长假|国庆|黄金周)"
)

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CNNUM = rf"[{CN}]+(?:点[{CN_DIGIT}]+)?"
_TOKEN = re.compile(
    rf"(?P<date>(?P<m>\d{{1,2}}|[{CN}]{{1,3}})月(?P<d>\d{{1,2}}|[{CN}]{{1,3}})[日号]"
    rf"(?:\s*[{DASH}]\s*(?:(?P<m2>\d{{1,2}}|[{CN}]{{1,3}})月)?(?P<d2>\d{{1,2}}|[{CN}]{{1,3}})[日号])?)"
    rf"|(?P<year>\d{{4}}|[{CN_DIGIT}]{{4}})\s*年"
    rf"|(?P<month>\d{{1,2}}|[{CN}]{{1,3}})月"
    rf"|(?P<pcn>百分之(?:{_CNNUM}|{_NUM}))"
    rf"|(?P<pct>{_NUM}|{_CNNUM})\s*[%％]"
    rf"|(?P<arabic>{_NUM})(?P<abig>[万亿])?"
    rf"|(?P<cn>{_CNNUM})"
)


@dataclass(frozen=True)
class Number:
    text: str                   # as written
    value: Decimal
    kind: str                   # quantity | percent | year | month | day
    month: int | None = None    # for a day written with its month (6月15日)


def cn_to_decimal(text: str) -> Decimal:
    """二十三 -> 23, 两 -> 2, 一百五十 -> 150, 一万二千 -> 12000, 八十七点五 -> 87.5,
    二〇二六 -> 2026 (digits without units are read one by one)."""
    whole, _, frac = text.partition("点")
    value = Decimal(_cn_int(whole)) if whole else Decimal(0)
    if frac:
        value += Decimal("0." + "".join(str(DIGITS[c]) for c in frac))
    return value


def _cn_int(text: str) -> int:
    if all(c in DIGITS for c in text):
        return int("".join(str(DIGITS[c]) for c in text))
    total, section, digit = 0, 0, None
    for c in text:
        if c in DIGITS:
            digit = DIGITS[c]
        elif c in UNITS:
            section += (1 if digit is None else digit) * UNITS[c]
            digit = None
        elif c == "万":
            total += ((section + (digit or 0)) or 1) * BIG[c]
            section, digit = 0, None
        elif c == "亿":
            total = (total + section + (digit or 0) or 1) * BIG[c]
            section, digit = 0, None
    return total + section + (digit or 0)


def _value(text: str) -> Decimal:
    text = text.strip()
    if text[0].isdigit():
        return Decimal(text.replace(",", ""))
    return cn_to_decimal(text)


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    # a neutral character keeps positions and never joins two numbers into one
    return pattern.sub(lambda m: "※" * len(m.group()), text)


def mask_texts(text: str, verbatim: tuple[str, ...]) -> str:
    """Blank out strings that are data copied from the records (names, places, quoted
    event texts): their numerals are the officers' words, not the report's claims."""
    for s in verbatim:
        if s in text:
            text = text.replace(s, "※" * len(s))
    return text


def extract_numbers(text: str) -> list[Number]:
    text = _mask(_mask(text, _FIXED), _ORDINALS)
    out: list[Number] = []
    for m in _TOKEN.finditer(text):
        g = m.group
        if g("date"):
            month = int(_value(g("m")))
            out.append(Number(g("m") + "月", Decimal(month), "month"))
            out.append(Number(g("d") + "日", _value(g("d")), "day", month))
            if g("d2"):
                if g("m2"):
                    month = int(_value(g("m2")))
                    out.append(Number(g("m2") + "月", Decimal(month), "month"))
                out.append(Number(g("d2") + "日", _value(g("d2")), "day", month))
        elif g("year"):
            out.append(Number(g(0), _value(g("year")), "year"))
        elif g("month"):
            out.append(Number(g(0), _value(g("month")), "month"))
        elif g("pcn"):
            out.append(Number(g(0), _value(g("pcn")[3:]), "percent"))
        elif g("pct"):
            out.append(Number(g(0), _value(g("pct")), "percent"))
        elif g("arabic"):
            value = _value(g("arabic")) * (BIG[g("abig")] if g("abig") else 1)
            out.append(Number(g(0), value, "quantity"))
        else:
            out.append(Number(g(0), cn_to_decimal(g("cn")), "quantity"))
    return out


# ---------------------------------------------------------------- figures bound to labels

# What a figure counts, by the words just before it. Longest first: "逾期未整改隐患" is not
# "整改", "新发现隐患" not "发现隐患". A label followed by a number (a few filler characters
# allowed) binds that number; a label in prose ("迟报的单位有") binds nothing.
LABELS = {
    "新发现隐患": "found", "发现隐患": "found", "登记隐患": "found", "排查隐患": "found",
    "排查发现隐患": "found",
    "已整改": "rectified", "整改完成": "rectified", "完成整改": "rectified",
    "完成整改隐患": "rectified_in_period",      # the period's, whenever found (reports/facts.py)
    "整改率": "rectify_rate", "整改中": "in_progress", "待整改": "pending",
    "已销号": "closed", "销号": "closed",
    "逾期未整改隐患": "overdue", "逾期未整改": "overdue", "逾期": "overdue_or_days",
    "重大隐患": "major",
    "应急演练": "held", "组织演练": "held", "开展演练": "held", "演练": "held",
    "参演": "participants", "参演人员": "participants",
    "应报": "expected", "实报": "reported", "已报": "reported",
    "按时报送": "on_time", "迟报": "late", "漏报": "missing",
    "报送率": "rate", "按时率": "on_time_rate", "及时率": "on_time_rate",
    "零报告": "zero_reports",
}
_FILL = "(?:隐患)?(?:共计|共|计|为|达到|达|约|了|尚有|有)?\\s*"
_FIGURE = rf"(?:百分之(?:{_CNNUM}|{_NUM})|(?:{_NUM}|{_CNNUM})\s*[%％]?)"
_BOUND = re.compile("(?P<label>" + "|".join(sorted(map(re.escape, LABELS), key=len, reverse=True))
                    + ")" + _FILL + f"(?P<figure>{_FIGURE})(?P<unit>处|次|场|人次|人|个|天|家)?")


@dataclass(frozen=True)
class Bound:
    key: str                    # what it counts (LABELS' values)
    value: Decimal
    text: str                   # as written, label and all


def bound_figures(text: str) -> list[Bound]:
    """Each labelled figure of `text`: 发现隐患23处 → Bound("found", 23)."""
    out = []
    for m in _BOUND.finditer(text):
        figure = m.group("figure").strip().rstrip("%％").strip()
        if figure.startswith("百分之"):
            figure = figure[3:]
        try:
            value = _value(figure)
        except (KeyError, ArithmeticError, ValueError):
            continue
        out.append(Bound(LABELS[m.group("label")], value, m.group()))
    return out
