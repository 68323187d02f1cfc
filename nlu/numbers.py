"""Numbers as officers write them: Arabic, Chinese numerals, 余/多/近/约, 万.

Pure functions; nothing here raises for any input string.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import cn2an

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"

# One number token: optional sign, Arabic (with decimals / thousands separators) or a
# run of Chinese numeral characters, optionally followed by 万 / 千 / 百.
NUMBER_RE = re.compile(
    rf"(?P<sign>[-−－])?\s*(?:(?P<arabic>\d+(?:,\d{{3}})*(?:\.\d+)?)\s*(?P<mult>[万千百])?|(?P<cn>[{CN_DIGITS}]+))"
)

# A count of people: "200余人", "近200人", "约30人", "十二名", "1.2万人", "-5人".
COUNT_RE = re.compile(
    rf"(?:近|约|大约|共计|共|合计|总计|计)?\s*(?P<num>[-−－]?\s*(?:\d+(?:,\d{{3}})*(?:\.\d+)?\s*[万千]?|[{CN_DIGITS}]+))"
    r"\s*(?:余|多|来)?\s*(?:个人|号人|人次|人|名|位(?!数|置|于|列|次|居))"
)

_MULT = {"万": 10000, "千": 1000, "百": 100}
# A dash between two words: the writer separates fields with dashes.
_DASHED = re.compile(r"[\u4e00-\u9fff]\s*[-−－]\s*[\u4e00-\u9fff]")
# Words that make one of several counts the one meant: a total, a correction, who came
# of who was due, a part of the whole ("其中女队员3人").
_ONE_OF_SEVERAL = re.compile(r"共|合计|总计|一共|累计|应到|实到|改为|更正|修改为|应为|其中|包括|含|另有|还有|未到|缺")
# What may stand between two counts of one sign-in: a role noun and a joining word
# ("2名医生3名护士", "干部5人、队员12人", "民兵8人和医护2人").
_BETWEEN_PARTS = re.compile(r"[\s、，,和及加跟与]*[\u4e00-\u9fff]{0,6}?[\s、，,和及加跟与]*")


def cn_to_int(token: str) -> int | None:
    """A Chinese (or mixed) numeral to int: "十二" → 12, "两" → 2, "1.2万" → 12000."""
    token = (token or "").strip()
    if not token:
        return None
    sign = 1
    if token[0] in "-−－":
        sign = -1
        token = token[1:].strip()
    if not token:
        return None
    m = re.fullmatch(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*([万千百])?", token)
    if m:
        try:
            value = Decimal(m.group(1).replace(",", ""))
        except InvalidOperation:
            return None
        if m.group(2):
            value *= _MULT[m.group(2)]
        return sign * int(value)
    if len(token) > 20:
        return None
    try:
        value = cn2an.cn2an(token, "smart")
    except Exception:  # cn2an raises ValueError and friends for malformed numerals
        return None
    try:
        return sign * int(value)
    except (TypeError, ValueError):
        return None


def parse_number(text: str) -> int | None:
    """The first number in text, as int (negative kept negative), else None."""
    if not text:
        return None
    for m in NUMBER_RE.finditer(text):
        raw = m.group(0)
        if m.group("cn") and not _looks_numeric_cn(m.group("cn")):
            continue
        value = cn_to_int(raw.replace(" ", ""))
        if value is not None:
            return value
    return None


def _looks_numeric_cn(s: str) -> bool:
    # "万" or "千" alone (as in "万一", "千万注意") is not a number.
    return any(c in "零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾" for c in s)


def parse_count(text: str) -> int | None:
    """The first head count ("N人" / "N名") in text: "200余人" → 200, "近200人" → 200,
    "1.2万人" → 12000, "十二名" → 12, "参演-5人" → -5. None when no count is written."""
    counts = parse_counts(text)
    return counts[0][0] if counts else None


def parse_counts(text: str) -> list[tuple[int, int, int]]:
    """Every head count in text as (value, start, end). Where dashes separate the words
    ("签到-石门乡-王刚-3人"), a dash before a number is a separator, not a minus."""
    out: list[tuple[int, int, int]] = []
    if not text:
        return out
    separated = bool(_DASHED.search(text))
    for m in COUNT_RE.finditer(text):
        num = m.group("num").replace(" ", "")
        if separated:
            num = num.lstrip("-−－")
        core = num.lstrip("-−－")
        if core and core[0] in CN_DIGITS and not _looks_numeric_cn(core):
            continue
        value = cn_to_int(num)
        if value is not None:
            out.append((value, m.start(), m.end()))
    return out


def head_count(text: str) -> int | None:
    """The people a sign-in stands for: one count, or the sum of its parts when it counts
    people by role ("2名医生3名护士" → 5, "干部5人、队员12人" → 17). A total, a correction
    or a part of a whole said in the text ("共15人", "应到20人实到18人", "其中女队员3人")
    leaves the first count as parse_count reads it."""
    counts = parse_counts(text)
    came = [value for value, start, _ in counts if re.search(r"实到\s*$", text[max(0, start - 3): start])]
    if came:
        return came[0]      # "应到20人，实到18人": those who came
    if len(counts) < 2 or _ONE_OF_SEVERAL.search(text or ""):
        return counts[0][0] if counts else None
    for (_, _, end), (_, start, _) in zip(counts, counts[1:]):
        if not _BETWEEN_PARTS.fullmatch(text[end:start]):
            return counts[0][0]
    return sum(value for value, _, _ in counts)
