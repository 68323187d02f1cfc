"""Days, periods and deadlines as officers write them, resolved against a given day.

Pure: every function takes "today" (a date in China time) and never reads a clock.
Nothing here raises for any input string.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.calendar import CnCalendar, default_calendar
from nlu.numbers import cn_to_int

SHANGHAI = ZoneInfo("Asia/Shanghai")

# A small number: Arabic or Chinese numeral.
N = r"(?:\d{1,4}|[零〇一二两三四五六七八九十百]{1,4})"
_CN_SMALL = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"

YEAR = r"(?:(?P<y>\d{4})\s*年\s*)?"
ISO_DAY = r"(?P<iy>\d{4})\s*[-/.]\s*(?P<im>\d{1,2})\s*[-/.]\s*(?P<id>\d{1,2})"
MD_DAY = YEAR + rf"(?P<m>{_CN_SMALL})\s*月\s*(?P<d>{_CN_SMALL})\s*[日号]"
WEEKDAY = r"(?P<wp>上|下|本|这|这个|下个|上个)?\s*(?:周|星期|礼拜)(?P<wd>[一二三四五六日天1-7])(?!(?<=一)共)"
RELATIVE_DAYS = {
    "大前天": -3,
    "前天": -2,
    "昨天": -1,
    "昨日": -1,
    "今天": 0,
    "今日": 0,
    "当天": 0,
    "当日": 0,
    "明天": 1,
    "明日": 1,
    "明早": 1,
    "今晚": 0,
    "今早": 0,
    "今晨": 0,
    "今夜": 0,
    "昨晚": -1,
    "昨夜": -1,
    "后天": 2,
}
_REL_RE = "|".join(sorted(RELATIVE_DAYS, key=len, reverse=True))
_WD = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
       "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}


def local_date(moment: datetime) -> date:
    """The China-time day of a moment (naive moments are taken as China time)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.date()
    return moment.astimezone(SHANGHAI).date()


def _int(s: str | None) -> int | None:
    if s is None:
        return None
    return cn_to_int(s)


def make_date(y: int | None, m: int | None, d: int | None) -> date | None:
    try:
        if y is None or m is None or d is None:
            return None
        return date(y, m, d)
    except (ValueError, OverflowError):
        return None


def day_of_month(d: int, today: date) -> date | None:
    """"19号" alone: that day of this month, or of the last one when it lies ahead."""
    if not 1 <= d <= 31:
        return None
    if d <= today.day:
        return make_date(today.year, today.month, d)
    y, m = prev_month(today.year, today.month)
    return make_date(y, m, d)


def infer_year(m: int, d: int, today: date) -> date | None:
    """A month-day without a year: this year's, unless that year is invalid (→ None) or
    the same day of the previous/next year lies clearly closer (12-31 said on 01-02)."""
    this = make_date(today.year, m, d)
    if this is None:
        return None
    best = this
    for y in (today.year - 1, today.year + 1):
        other = make_date(y, m, d)
        if other is not None and abs((other - today).days) < abs((best - today).days) - 120:
            best = other
    return best


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def add_months(day: date, n: int) -> date:
    y, m = divmod(day.month - 1 + n, 12)
    y += day.year
    m += 1
    return date(y, m, min(day.day, calendar.monthrange(y, m)[1]))


def prev_month(y: int, m: int) -> tuple[int, int]:
    return (y - 1, 12) if m == 1 else (y, m - 1)


@dataclass(frozen=True)
class DayMention:
    start: int
    end: int
    words: str
    day: date | None      # None when the day cannot exist ("2月30日")
    kind: str             # "iso", "md", "relative", "weekday", "dotted"

    @property
    def invalid(self) -> bool:
        return self.day is None


def find_days(text: str, today: date, *, dotted: bool = False,
              calendar: CnCalendar | None = None) -> list[DayMention]:
    """Every day named in text, in text order. Mentions of impossible days are kept with
    day=None so callers can report invalid_date. Festival names ("除夕", "国庆") and 节后
    are read with the working-day calendar given (default: core's, without admin days)."""
    out: list[DayMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(m: re.Match, day: date | None, kind: str) -> None:
        if free(m.start(), m.end()):
            taken.append((m.start(), m.end()))
            out.append(DayMention(m.start(), m.end(), m.group(0), day, kind))

    for m in re.finditer(ISO_DAY, text):
        add(m, make_date(int(m.group("iy")), int(m.group("im")), int(m.group("id"))), "iso")
    for m in re.finditer(MD_DAY, text):
        mo, d = _int(m.group("m")), _int(m.group("d"))
        if mo is None or d is None:
            continue
        if m.group("y"):
            day = make_date(int(m.group("y")), mo, d)
        else:
            day = infer_year(mo, d, today)
        add(m, day, "md")
    if dotted:     # "1.10", and "1-18" / "1/18" as a duty line writes its day
        for m in re.finditer(r"(?<![\d.\-/A-Za-z])(?P<m>\d{1,2})[.\-/](?P<d>\d{1,2})(?![\d.\-/号栋楼单元室层户组排])", text):
            mo, d = int(m.group("m")), int(m.group("d"))
            if 1 <= mo <= 12:
                add(m, infer_year(mo, d, today), "dotted")
    for m in re.finditer(r"(?<![\d.])(?P<m>\d{1,2})\s*[·•]\s*(?P<d>\d{1,2})(?![\d.])", text):
        mo, d = int(m.group("m")), int(m.group("d"))
        if 1 <= mo <= 12:
            add(m, infer_year(mo, d, today), "md")
    for m in re.finditer(WEEKDAY, text):
        wd = _WD[m.group("wd")]
        prefix = (m.group("wp") or "").replace("个", "")
        base = week_start(today)
        if prefix == "下":
            base += timedelta(days=7)
        elif prefix == "上":
            base -= timedelta(days=7)
        add(m, base + timedelta(days=wd), "weekday")
    cal = calendar or default_calendar()
    for m in _AFTER_FESTIVAL.finditer(text):
        add(m, _after_festival(m, today, cal), "holiday")
    for m in _FESTIVAL.finditer(text):
        day = festival_near(_FESTIVAL_NAMES[m.group("f") or m.group("f2")], today, cal)
        if day is not None and m.group("f") == "初" and abs((day - today).days) > 20:
            continue    # a bare "初五" is 正月初五 only around the Spring Festival
        if day is not None and m.group("n"):
            day += timedelta(days=_int(m.group("n")) - 1)   # 大年初三: the third day of 春节
        if day is not None and m.group("f2") == "元宵":
            day += timedelta(days=14)                       # 正月十五
        if day is not None and (m.group("f2") or "").startswith("跨年"):
            day -= timedelta(days=1)                        # the night the year ends: 12月31日
        if day is not None and m.group("k"):
            day += timedelta(days=_int(m.group("k")) - 1)   # 五一假期第二天
        add(m, day, "holiday")
    for m in re.finditer(_REL_RE, text):    # after festivals: "除夕当天" is 除夕
        add(m, today + timedelta(days=RELATIVE_DAYS[m.group(0)]), "relative")
    out.sort(key=lambda x: x.start)
    return out


# Festival words → the calendar's names. A name alone ("国庆") means its (first) day.
_FESTIVAL_NAMES = {
    "元旦": "元旦", "除夕": "除夕", "大年三十": "除夕", "年三十": "除夕", "春节": "春节", "大年初": "春节",
    "正月初": "春节", "清明": "清明", "五一": "劳动节", "劳动节": "劳动节", "端午": "端午", "中秋": "中秋",
    "国庆": "国庆节", "新年第一天": "元旦", "初": "春节", "元宵": "春节", "跨年夜": "元旦", "跨年": "元旦",
}
_FESTIVAL = re.compile(r"(?:(?P<f>大年初|正月初|(?<![年月最当起])初)(?P<n>[一二三四五六七八九十])(?![中级学期步])|"
                       r"(?P<f2>大年三十|年三十|新年第一天|元旦|除夕|春节|清明|五一|劳动节|端午|中秋|国庆|元宵|跨年夜|跨年(?=当晚|晚上|值班|活动)))"
                       r"(?:节|假期|当天|夜|小长假|长假)?(?:第(?P<k>[一二三四五六七八1-8])天)?")
_AFTER_FESTIVAL = re.compile(r"(?:(?P<f>元旦|春节|清明|五一|劳动节|端午|中秋|国庆)(?:节|假期|长假|小长假)?|节)后"
                             r"(?:第一个工作日|第一天|上班第一天|首个工作日|上班|开工)?")


def _in_festival_break(day: date, calendar: CnCalendar) -> bool:
    """True inside a run of days off that holds a festival (a plain weekend is no 节)."""
    if calendar.is_workday(day):
        return False
    start = day
    while not calendar.is_workday(start - timedelta(days=1)) and (day - start).days < 16:
        start -= timedelta(days=1)
    end = calendar.after_break(day)
    return any(calendar.holiday_name(start + timedelta(days=i)) for i in range((end - start).days))


def festival_near(name: str, today: date, calendar: CnCalendar) -> date | None:
    """A festival's day in the year of today; a year later or earlier when that one is
    clearly the meant one ("春节前" said in December is the coming 春节)."""
    this = calendar.festival_day(name, today.year)
    if this is None:
        return None
    best = this
    for y in (today.year - 1, today.year + 1):
        other = calendar.festival_day(name, y)
        if other is not None and abs((other - today).days) < abs((best - today).days) - 120:
            best = other
    return best


def _after_festival(m: re.Match, today: date, calendar: CnCalendar) -> date | None:
    """节后: the first working day after the festival named, or the break today is in,
    or the next break within a fortnight."""
    if m.group("f"):
        day = festival_near(_FESTIVAL_NAMES[m.group("f")], today, calendar)
        return calendar.after_break(day) if day else None
    if _in_festival_break(today, calendar):
        return calendar.after_break(today)
    for ahead in range(1, 15):
        day = today + timedelta(days=ahead)
        if calendar.holiday_name(day):
            return calendar.after_break(day)
    return None


def parse_day(text: str, today: date, calendar: CnCalendar | None = None) -> date | None:
    """One day: "6月20日", "2026-06-20", "明天", "后天", "今天", "昨日", "6.20", "周三", "除夕"."""
    if not text:
        return None
    mentions = find_days(text, today, dotted=True, calendar=calendar)
    for m in mentions:
        if m.day is not None:
            return m.day
    return None


# ---------------------------------------------------------------- periods

_RANGE_SEP = r"\s*(?:到|至|~|～|—|–|－|-)\s*"


def _label_range(a: date, b: date) -> str:
    return f"{a.isoformat()}至{b.isoformat()}"


def _quarter(y: int, q: int) -> tuple[date, date]:
    m1 = 3 * (q - 1) + 1
    return date(y, m1, 1), month_end(y, m1 + 2)


def _infer_month_year(m: int, today: date) -> int:
    # A month named without a year is this year's, or last year's when it lies ahead
    # (a report asked for "12月份" in January is last December's).
    return today.year if m <= today.month else today.year - 1


# Each rule: a pattern, and a function from its first match to (start, end, label) or
# None (then the next rule is tried). The first rule that resolves wins, so the order
# says which reading of an ambiguous text counts: a range before its parts, a named
# period before a bare day.
PeriodFound = tuple[date, date, str]


@dataclass(frozen=True)
class PeriodRule:
    name: str
    pattern: re.Pattern
    resolve: Callable[[re.Match, date], PeriodFound | None]


def _two_iso_days(m: re.Match, today: date) -> PeriodFound | None:
    a = make_date(int(m.group("ay")), int(m.group("am")), int(m.group("ad")))
    b = make_date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    return (a, b, _label_range(a, b)) if a and b and a <= b else None


def _day_range(m: re.Match, today: date) -> PeriodFound | None:
    m1, d1, d2 = _int(m.group("m")), _int(m.group("d")), _int(m.group("d2"))
    m2 = _int(m.group("m2")) if m.group("m2") else m1
    if None in (m1, d1, m2, d2):
        return None
    y = int(m.group("y")) if m.group("y") else getattr(infer_year(m1, d1, today), "year", today.year)
    a, b = make_date(y, m1, d1), make_date(y, m2, d2)
    if a and b and b < a:
        b = make_date(y + 1, m2, d2)     # "12月25日至1月5日" runs into the next year
    return (a, b, _label_range(a, b)) if a and b else None


def _days_this_month(m: re.Match, today: date) -> PeriodFound | None:
    """"1号到8号": days of this month, or of the last one when they lie ahead."""
    d1, d2 = _int(m.group("d")), _int(m.group("d2"))
    if not d1 or not d2 or d1 > d2:
        return None
    y, mo = (today.year, today.month) if d2 <= today.day else prev_month(today.year, today.month)
    a, b = make_date(y, mo, d1), make_date(y, mo, d2)
    return (a, b, _label_range(a, b)) if a and b else None


def _month_range(m: re.Match, today: date) -> PeriodFound | None:
    m1, m2 = _int(m.group("m")), _int(m.group("m2"))
    if not (m1 and m2 and 1 <= m1 <= m2 <= 12):
        return None
    y = int(m.group("y")) if m.group("y") else _infer_month_year(m2, today)
    return date(y, m1, 1), month_end(y, m2), f"{m1}月至{m2}月"


_SPAN_DAYS = {"天": 1, "日": 1, "周": 7, "个星期": 7, "星期": 7, "个月": 30}


def _last_n(m: re.Match, today: date) -> PeriodFound | None:
    n = _int(m.group("n"))
    days = _SPAN_DAYS[m.group("u")] * n if n and 0 < n <= 3660 else 0
    if not 0 < days <= 3660:
        return None
    return today - timedelta(days=days - 1), today, f"近{days}天"


def _numbered_quarter(m: re.Match, today: date) -> PeriodFound | None:
    q = _int(m.group("q") or m.group("q2"))
    y = int(m.group("y")) if m.group("y") else today.year - (m.group("ly") == "去年")
    if not q or not 1 <= q <= 4:
        return None
    return (*_quarter(y, q), f"第{q}季度")


def _this_quarter(m: re.Match, today: date) -> PeriodFound | None:
    q, y = (today.month - 1) // 3 + 1, today.year
    if m.group("w").startswith("上"):
        q, y = (q - 1, y) if q > 1 else (4, y - 1)
        return (*_quarter(y, q), "上季度")
    return (*_quarter(y, q), "本季度")


def _half_year(m: re.Match, today: date) -> PeriodFound | None:
    y = int(m.group("y")) if m.group("y") else today.year - (m.group("ly") == "去年")
    if m.group("h") == "上":
        return date(y, 1, 1), date(y, 6, 30), "上半年"
    return date(y, 7, 1), date(y, 12, 31), "下半年"


def _named_week(m: re.Match, today: date) -> PeriodFound | None:
    shift, label = {"上": (-7, "上周"), "下": (7, "下周")}.get(m.group("w")[0], (0, "本周"))
    start = week_start(today) + timedelta(days=shift)
    return start, start + timedelta(days=6), label


def _named_month(m: re.Match, today: date) -> PeriodFound | None:
    y, mo, label = today.year, today.month, "本月"
    if m.group(0).startswith("上"):
        (y, mo), label = prev_month(y, mo), "上月"
    elif m.group(0).startswith("下"):
        (y, mo), label = ((y + 1, 1) if mo == 12 else (y, mo + 1)), "下月"
    return date(y, mo, 1), month_end(y, mo), label


def _numbered_month(m: re.Match, today: date) -> PeriodFound | None:
    mo = _int(m.group("m"))
    if not mo or not 1 <= mo <= 12:
        return None
    y = int(m.group("y")) if m.group("y") else _infer_month_year(mo, today)
    return date(y, mo, 1), month_end(y, mo), f"{mo}月份"


def _year(m: re.Match, today: date) -> PeriodFound | None:
    y, label = today.year, "今年"
    if m.group("y"):
        y = int(m.group("y"))
        label = f"{y}年"
    elif m.group(0) in ("去年", "上一年", "上年度"):
        y, label = y - 1, "去年"
    return (date(y, 1, 1), date(y, 12, 31), label) if 1 <= y <= 9998 else None


def _until_today(m: re.Match, today: date) -> PeriodFound | None:
    """"12月1号到今天", "11月15日至今": from that day to today. (A named period keeps its
    bounds: "本月到现在" is labelled as 本月.)"""
    mo, d = _int(m.group("m")), _int(m.group("d"))
    start = infer_year(mo, d, today) if mo and d else None
    if start is None or start > today:
        return None
    return start, today, _label_range(start, today)


def _first_quarters(m: re.Match, today: date) -> PeriodFound | None:
    q = _int(m.group("q"))
    if not q or not 1 <= q <= 4:
        return None
    return date(today.year, 1, 1), _quarter(today.year, q)[1], f"前{q}季度"


PERIOD_RULES: tuple[PeriodRule, ...] = (
    PeriodRule("from a day until today", re.compile(
        rf"(?P<m>{_CN_SMALL})\s*月\s*(?P<d>{_CN_SMALL})\s*[日号]\s*"
        r"(?:以来|至今|(?:到|至)\s*(?:今天|今日|现在|目前|当前))"), _until_today),
    PeriodRule("the first quarters", re.compile(rf"前\s*(?P<q>[一二两三四1-4])\s*(?:个)?季度"), _first_quarters),
    PeriodRule("two ISO days", re.compile(
        ISO_DAY.replace("?P<i", "?P<a") + r"\s*(?:到|至|~|～|—|–|－|-|\s)\s*" + ISO_DAY), _two_iso_days),
    PeriodRule("month-day to (month-)day", re.compile(
        YEAR + rf"(?P<m>{_CN_SMALL})\s*月\s*(?P<d>{_CN_SMALL})\s*[日号]?" + _RANGE_SEP
        + rf"(?:(?P<m2>{_CN_SMALL})\s*月\s*)?(?P<d2>{_CN_SMALL})\s*[日号]"), _day_range),
    PeriodRule("days of a month not named", re.compile(
        rf"(?<![月\d])(?P<d>{_CN_SMALL})\s*[日号]" + _RANGE_SEP + rf"(?P<d2>{_CN_SMALL})\s*[日号]"), _days_this_month),
    PeriodRule("months", re.compile(
        YEAR + rf"(?P<m>{_CN_SMALL})\s*(?:月份?)?" + _RANGE_SEP
        + rf"(?P<m2>{_CN_SMALL})\s*月份?(?!\s*{_CN_SMALL}\s*[日号])"), _month_range),
    PeriodRule("the last N days", re.compile(
        rf"(?:最近|近|过去|前)\s*(?P<n>{N})\s*(?P<u>天|日|周|个星期|星期|个月)"), _last_n),
    PeriodRule("a numbered quarter", re.compile(
        r"(?:(?P<y>\d{4})\s*年\s*|(?P<ly>今年|去年|本年度?)\s*)?第?\s*(?P<q>[1-4一二三四])\s*季度|(?:Q|q)(?P<q2>[1-4])"),
        _numbered_quarter),
    PeriodRule("this or last quarter", re.compile(r"(?P<w>本|这个|这|上个?|上一个?)\s*季度"), _this_quarter),
    PeriodRule("a half year", re.compile(
        r"(?P<ly>去年|今年|本年度?|(?P<y>\d{4})\s*年)?\s*(?P<h>上|下)半年"), _half_year),
    PeriodRule("a named week", re.compile(
        r"(?P<w>本周|这个?周|这一周|本星期|这个星期|这星期|上个?周|上星期|上一周|上个星期|下个?周|下星期|下一周|"
        r"这个?礼拜|本礼拜|上个?礼拜|下个?礼拜)"
        r"(?![二三四五六日天1-7]|一(?!共))"), _named_week),
    PeriodRule("a named month", re.compile(r"本月|这个月|当月|本月度|上月|上个月|上一个月|下月|下个月"), _named_month),
    PeriodRule("a month by number", re.compile(
        YEAR + rf"(?P<m>{_CN_SMALL})\s*月份?(?!\s*{_CN_SMALL}\s*[日号])(?!\s*\d)"), _numbered_month),
    PeriodRule("a year", re.compile(
        r"今年|本年度|本年|全年|年度|去年|上一年|上年度|(?P<y>\d{4})\s*年(?:度)?(?!\s*\d{1,2}\s*月)"), _year),
)


def find_period(text: str, today: date, calendar: CnCalendar | None = None) -> tuple[date, date, str, int, int] | None:
    """Like resolve_period, plus the span of the words matched: the first rule of
    PERIOD_RULES that resolves, else the first day named (a weekday alone is no period)."""
    if not text:
        return None
    for rule in PERIOD_RULES:
        m = rule.pattern.search(text)
        found = rule.resolve(m, today) if m else None
        if found:
            return (*found, m.start(), m.end())
    for mention in find_days(text, today, calendar=calendar):
        if mention.day is not None and mention.kind != "weekday":
            label = mention.words if mention.kind != "relative" else _relative_label(mention.words)
            return mention.day, mention.day, label, mention.start, mention.end
    return None


def _relative_label(words: str) -> str:
    return {"今日": "今天", "当天": "今天", "当日": "今天", "昨日": "昨天", "明日": "明天"}.get(words, words)


def resolve_period(text: str, today: date, calendar: CnCalendar | None = None) -> tuple[date, date, str] | None:
    """A period named in text → (start, end, label), both ends inclusive, else None."""
    try:
        found = find_period(text, today, calendar)
    except (ValueError, OverflowError):
        return None
    if found is None:
        return None
    return found[0], found[1], found[2]


def has_invalid_day(text: str, today: date) -> bool:
    """True when text names a month-day that cannot exist ("2月30日", "13月1日")."""
    try:
        return any(m.invalid and m.kind != "holiday" for m in find_days(text, today))
    except (ValueError, OverflowError):
        return False


# ---------------------------------------------------------------- deadlines

_DEADLINE_PATTERNS: list[tuple[str, str]] = [
    ("workdays", rf"(?:限期|期限)?\s*(?P<n>{N})\s*个?工作日(?:之?内)?"),
    ("days", rf"限(?:期|时|其|他们?)?\s*(?P<n>{N})\s*(?:个)?(?:天|日)(?:之?内)?"),
    ("weeks", rf"(?:限(?:期|时)?\s*(?P<n>{N})\s*(?:个)?(?:周|星期|礼拜)(?:内)?|(?P<n2>{N})\s*(?:个)?(?:周|星期|礼拜)\s*(?:之)?内)"),
    ("months", rf"(?:限(?:期|时)?\s*(?P<n>{N})\s*个月(?:内)?|(?P<n2>{N})\s*个月\s*(?:之)?内)"),
    ("days", rf"(?P<n>{N})\s*(?:个)?(?:天|日)\s*(?:之)?内"),
    ("hours", rf"(?P<n>{N})\s*(?:个)?小时\s*(?:之)?内"),
    ("sunday", r"(?:本|这个?)(?:周|星期)(?:之)?内|(?:本|这个?)周末(?:之)?前"),
    ("month_end", r"本月(?:之)?内|本月底前|月底前|月底之前|本月底"),
    ("year_end", r"年底前|年底之前|本年度?内|年内"),
    # LABELS.md: "立即整改" / "立行立改" is the day sent. Only a 立即 that governs 整改 sets that
    # day ("立即停用整改", "立即组织整改"); "立即转移", "立即停工", "立即加固" are orders to act
    # now, no rectification deadline.
    ("today", r"立即[^，,。；;！!\s]{0,8}?整改|立行立改|即知即改|马上整改|当天整改|当日整改|(?:今天|今日|当天|当日)之?内|"
              # "今天必须搬走", "今天下午就要把人安排上去", "今天把火全部灭掉" (not 转移: an order to act)
              r"(?:今天|今日|当天)(?:上午|下午|下班前)?(?:必须|务必|就要|要|就)?(?:把[^，,。；;！!\s]{0,10}?)?"
              r"(?:搬走|搬离|清走|清理|清完|整改|灭掉|熄灭|撤掉|拆除|拆掉|修复|修好|撒盐|安排|设置|关停|停用)"),
    ("tomorrow", r"明天(?:上午|下午|下班前)?(?:必须|务必|要)?(?:修复|修好|整改|完成|处理好|清理完|更换)"),
]


# What a deadline is for: "国庆节前修复". "春节前集中返乡" names no deadline.
_FIX_VERBS = (r"完成|整改|落实|到位|处理|清理|增设|完善|拆除|消除|办理|搬离|修复|修好|加固|更换|整治|解决|补齐|配齐|"
              r"安装|撤除|关停|停用|处置|移除|报送|上报|检验|检测|改造|清除|疏通|全部|安排|拿出|制定|组织|验收|检修|"
              # everyday words for fixing: "五一前要整改好", "清明前设好", "节前搞好"
              r"改好|搞好|弄好|整好|设好|装好|清走|改完|弄完|搞定|设置|清完|恢复|清掉|拆掉|撤掉|搬走|移走|清运|清一遍|修好|清洗|封堵|打好|建好|设起来|建起来|设卡|设岗|"
              # handed over to be dealt with: "除夕前交有资质单位处置"
              r"(?:移|送)?交(?=[^，,。；;]{0,10}?(?:处置|处理|回收|销毁))")


def parse_deadline(text: str, today: date, calendar: CnCalendar | None = None) -> tuple[date, str] | None:
    """A rectification deadline → (day, words). "限期3天"/"3日内"/"三天内" → today+N;
    "限期3个工作日" → the 3rd working day after today; "X月Y日前"/"春节前" → that day;
    "节后" → the first working day after the break; "本周内" → Sunday; "立即整改" → today."""
    if not text:
        return None
    try:
        return _parse_deadline(text, today, calendar or default_calendar())
    except (ValueError, OverflowError):
        return None


def _parse_deadline(text: str, today: date, calendar: CnCalendar) -> tuple[date, str] | None:
    found: list[tuple[int, date, str]] = []
    for mention in find_days(text, today, calendar=calendar):
        if mention.kind == "holiday" and mention.day is not None and "后" in mention.words:
            found.append((mention.start, mention.day, mention.words))   # 节后 is a day itself
            continue
        if mention.kind == "holiday" and not re.match(r"\s*(?:之前|以前|前)\s*(?:要|必须|务必|须|需|需要|得|应|一定要)?\s*"
                                                      r"(?:[，,。；;！!\n]|$|(?:把[^，,。；;！!\n]{0,14}?)?(?:" + _FIX_VERBS + "))", text[mention.end:]):
            continue   # "春节前集中返乡" says when people come home, not by when to fix
        if mention.day is None:
            continue
        after = text[mention.end: mention.end + 3]
        before = text[max(0, mention.start - 2): mention.start]
        if before.endswith("已于"):
            continue    # "已于今日整改完毕": done on that day, no deadline
        said = bool(re.search(r"(?:时限|期限|截止|完成时间)[：:为是]?\s*$", text[max(0, mention.start - 8): mention.start]))
        if said or re.match(r"\s*(?:之前|前|以前)", after) or re.search(r"(?:限|于|在)$", before) \
                and re.match(r"\s*(?:前|之前|完成|整改|内)", after):
            words = text[mention.start: mention.end] + re.match(r"\s*(?:之前|以前|前)?", after).group(0)
            found.append((mention.start, mention.day, words))
    # "本月25号前", "下个月10号前"
    for m in re.finditer(rf"(?P<w>本月|这个月|当月|下个?月)\s*(?P<d>{_CN_SMALL})\s*[日号]\s*(?:之前|前)", text):
        y, mo = today.year, today.month
        if m.group("w").startswith("下"):
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
        day = make_date(y, mo, _int(m.group("d")) or 0)
        if day is not None:
            found.append((m.start(), day, m.group(0)))
    # "3月底前": that month's last day, read forwards
    for m in re.finditer(rf"(?P<m>{_CN_SMALL})\s*月\s*底\s*(?:之前|前)?", text):
        mo = _int(m.group("m"))
        if mo and 1 <= mo <= 12:
            y = today.year + (mo < today.month)
            found.append((m.start(), month_end(y, mo), m.group(0)))
    # "20日前" in the current month
    for m in re.finditer(rf"(?<![月\d一二三四五六七八九十])(?P<d>{_CN_SMALL})\s*[日号]\s*(?:之前|前)", text):
        if any(s <= m.start() < s + len(w) for s, _, w in found):
            continue
        d = _int(m.group("d"))
        day = make_date(today.year, today.month, d) if d else None
        if day is not None:
            if day < today:
                y, mo = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
                day = make_date(y, mo, d) or day
            found.append((m.start(), day, m.group(0)))
    for kind, pattern in _DEADLINE_PATTERNS:
        for m in re.finditer(pattern, text):
            if any(s <= m.start() < s + len(w) for s, _, w in found):
                continue
            day: date | None = None
            if kind in ("days", "workdays"):
                n = _int(m.group("n"))
                if n is None or n < 0 or n > 3660:
                    continue
                day = calendar.add_workdays(today, n) if kind == "workdays" else today + timedelta(days=n)
            elif kind in ("weeks", "months"):
                n = _int(m.group("n") or m.group("n2"))
                if n is None or n < 0 or n > 120:
                    continue
                day = today + timedelta(days=7 * n) if kind == "weeks" else add_months(today, n)
            elif kind == "today":
                day = today
            elif kind == "tomorrow":
                day = today + timedelta(days=1)
            elif kind == "hours":       # "48小时内": the day the hours run out
                n = _int(m.group("n"))
                if n is None or not 0 <= n <= 24 * 366:
                    continue
                day = today + timedelta(days=n // 24)
            elif kind == "sunday":
                day = week_start(today) + timedelta(days=6)
            elif kind == "month_end":
                day = month_end(today.year, today.month)
            elif kind == "year_end":
                day = date(today.year, 12, 31)
            if day is not None:
                found.append((m.start(), day, m.group(0)))
    if not found:
        return None
    # "施工员说中秋后再弄。…中秋前必须整改到位": a day to fix by outranks a 节后 said in passing
    by_a_day = any("后" not in w for _, _, w in found)
    found.sort(key=lambda x: ("后" in x[2] and by_a_day, x[0]))
    _, day, words = found[0]
    return day, words


# ---------------------------------------------------------------- clock times

_CLOCK = re.compile(
    r"(?P<part>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜间|晚)?\s*"
    r"(?:(?P<h>\d{1,2}|[零一二两三四五六七八九十]{1,3})\s*(?P<u>点|时)\s*(?:(?P<mi>\d{1,2}|[零一二三四五六七八九十]{1,3})\s*分?|(?P<half>半))?"
    r"|(?P<h2>\d{1,2})\s*[:：]\s*(?P<mi2>\d{2}))"
)


def find_clock(text: str) -> tuple[int, int] | None:
    """A clock time ("上午9点", "下午3点半", "14:30", "9时30分") → (hour, minute)."""
    if not text:
        return None
    for m in _CLOCK.finditer(text):
        if m.group("h2") is not None:
            h, mi = int(m.group("h2")), int(m.group("mi2"))
        else:
            if not m.group("h").isdigit() and m.group("u") == "时" and not m.group("part"):
                continue  # "第一时间" is no clock time
            h = _int(m.group("h"))
            if h is None:
                continue
            mi = 30 if m.group("half") else (_int(m.group("mi")) if m.group("mi") else 0)
            if mi is None:
                continue
        part = m.group("part")
        if part in ("下午", "傍晚", "晚上", "晚", "夜间") and h < 12:
            h += 12
        elif part == "中午" and h < 6:
            h += 12
        if 0 <= h <= 23 and 0 <= mi <= 59:
            return h, mi
    return None
