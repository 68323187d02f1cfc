"""The figures a report may state, as plain dataclasses (no I/O).

Storage fills these (see storage/ for the queries); reports/draft.py turns them into a
template draft and reports/polish.py checks a model's rewording against `Facts.allowed()`.

Conventions for whoever fills them:
- every count is for the period, computed in the group's timezone;
- `HazardFacts.found` counts hazards registered in the period; `rectified`, `closed`,
  `in_progress` count those same hazards by their status at the period's end
  (rectified = 已整改 + 已销号, closed = 已销号, in_progress = 整改中);
- `rectified_in_period` counts another set: hazards rectified in the period whenever found
  (storage.stats.rectified_in_period, as the leaders' answer and its 明细 count them),
  `rectified_earlier` those of them found before the period; a draft states both figures,
  the found ones' 整改率 as theirs (其中) and the period's work as the period's;
- `overdue` and `major_open` describe the state at the period's end, whatever the
  registration date (an old hazard still open is still a problem);
- free texts (unit names, places, event texts) are copied verbatim into the draft (event
  texts cut by `shorten`); the guard blanks them out before counting numbers, so an
  officer's "转移12人" is quoted data, not a claim of the report.
"""
from __future__ import annotations

import calendar
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

KINDS = ("weekly", "monthly", "half_year", "yearly", "custom")


# ---------------------------------------------------------------- formatting helpers

def pct_value(ratio: float) -> Decimal:
    """A ratio 0..1 as the percentage shown in a report: one decimal, half up."""
    return (Decimal(str(ratio)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def pct_text(ratio: float) -> str:
    """0.9667 -> "96.7%"; 1.0 -> "100%"; 0.5 -> "50%"."""
    value = pct_value(ratio)
    if value == value.to_integral_value():
        return f"{int(value)}%"
    return f"{value}%"


def md(d: date) -> str:
    """6月18日: a day of the current year, as every reply and report writes it."""
    return f"{d.month}月{d.day}日"


def date_text(d: date, *, year: bool = True) -> str:
    return f"{d.year}年{md(d)}" if year else md(d)


def range_text(start: date, end: date) -> str:
    """2026年6月15日—6月21日; across a year end both years are written."""
    if start == end:
        return date_text(start)
    return f"{date_text(start)}—{date_text(end, year=start.year != end.year)}"


EVENT_TEXT_LIMIT = 80


def shorten(text: str, limit: int = EVENT_TEXT_LIMIT) -> str:
    """One line, at most `limit` characters, for an event text shown in a report."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


# ---------------------------------------------------------------- the period

@dataclass(frozen=True)
class Period:
    start: date
    end: date          # inclusive
    kind: str          # weekly | monthly | half_year | yearly | custom
    label: str         # "2026年6月15日—6月21日", "2026年上半年", ...

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if self.end < self.start:
            raise ValueError("period ends before it starts")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def dates(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    @property
    def short(self) -> bool:
        """Reported as a weekly bulletin (a week, or a custom span up to two weeks)."""
        return self.kind == "weekly" or (self.kind == "custom" and self.days <= 14)

    # -- constructors
    @classmethod
    def week_of(cls, d: date) -> Period:
        start = d - timedelta(days=d.weekday())
        end = start + timedelta(days=6)
        return cls(start, end, "weekly", range_text(start, end))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), "monthly", f"{year}年{month}月")

    @classmethod
    def half_year(cls, year: int, half: int) -> Period:
        if half == 1:
            return cls(date(year, 1, 1), date(year, 6, 30), "half_year", f"{year}年上半年")
        return cls(date(year, 7, 1), date(year, 12, 31), "half_year", f"{year}年下半年")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), "yearly", f"{year}年")

    @classmethod
    def custom(cls, start: date, end: date) -> Period:
        return cls(start, end, "custom", range_text(start, end))

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        if self.kind == "weekly":
            return Period.week_of(self.start - timedelta(days=7))
        if self.kind == "monthly":
            before = self.start - timedelta(days=1)
            return Period.month(before.year, before.month)
        if self.kind == "half_year":
            return Period.half_year(self.start.year - 1, 2) if self.start.month == 1 \
                else Period.half_year(self.start.year, 1)
        if self.kind == "yearly":
            return Period.year(self.start.year - 1)
        end = self.start - timedelta(days=1)
        return Period.custom(end - timedelta(days=self.days - 1), end)

    @property
    def previous_word(self) -> str:
        """How the report names the previous period: 上周, 上月, 2025年下半年 ..."""
        if self.kind == "weekly":
            return "上周"
        if self.kind == "monthly":
            return "上月"
        if self.kind == "custom":
            return "上一时段"
        return self.previous().label


# ---------------------------------------------------------------- the figures

@dataclass
class EventReport:
    unit: str
    day: date
    text: str           # short, verbatim from the officer (see `shorten`)


@dataclass
class DutyFacts:
    units: int = 0                       # 应报单位数
    days: int = 0                        # duty days in the period
    on_time: int = 0
    late: int = 0                        # 迟报
    missing: int = 0                     # 漏报
    zero_reports: int = 0                # 零报告
    event_reports: list[EventReport] = field(default_factory=list)
    most_late: list[tuple[str, int]] = field(default_factory=list)      # (unit, count), desc
    most_missing: list[tuple[str, int]] = field(default_factory=list)
    expected: int | None = None          # 应报 (storage/due.py); days × units unless given
    unreported_today: int = 0            # due today, not in yet: 未报 until the day is over, not 漏报

    def __post_init__(self) -> None:
        if self.expected is None:
            self.expected = self.days * self.units
        self.most_late = [(str(u), int(n)) for u, n in self.most_late]
        self.most_missing = [(str(u), int(n)) for u, n in self.most_missing]

    @property
    def reported(self) -> int:
        return self.on_time + self.late

    @property
    def rate(self) -> float:
        """报送率: reports received (on time or late) / expected."""
        return _ratio(self.reported, self.expected or 0)

    @property
    def on_time_rate(self) -> float:
        return _ratio(self.on_time, self.expected or 0)

    def rate_text(self) -> str:
        return pct_text(self.rate)

    def on_time_rate_text(self) -> str:
        return pct_text(self.on_time_rate)


@dataclass
class OverdueHazard:
    code: str                            # YH-YYYYMMDD-NNN
    place: str
    category: str
    days_overdue: int
    responsible: str = ""
    level: str = "一般"


@dataclass
class HazardFacts:
    found: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_level: dict[str, int] = field(default_factory=dict)   # 一般 / 重大
    rectified: int = 0                   # 已整改 + 已销号
    closed: int = 0                      # 已销号
    in_progress: int = 0                 # 整改中
    overdue: list[OverdueHazard] = field(default_factory=list)
    major_open: int = 0                  # 重大, not rectified, at the period's end
    open_by_category: dict[str, int] = field(default_factory=dict)  # all open, at the end
    rectified_in_period: int = 0         # rectified in the period, whenever found
    rectified_earlier: int = 0           # of those, found before the period

    @property
    def pending(self) -> int:
        """待整改: found, neither rectified nor in progress."""
        return max(self.found - self.rectified - self.in_progress, 0)

    @property
    def unrectified(self) -> int:
        """Found in the period and not yet rectified (整改中 + 待整改)."""
        return max(self.found - self.rectified, 0)

    @property
    def rectify_rate(self) -> float:
        return _ratio(self.rectified, self.found)

    def rectify_rate_text(self) -> str:
        return pct_text(self.rectify_rate)


@dataclass
class PlannedDrill:
    title: str
    day: date
    type: str = ""


@dataclass
class DrillFacts:
    held: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    participants: int = 0                # 参演人次
    units_taking_part: list[str] = field(default_factory=list)
    planned_upcoming: list[PlannedDrill] = field(default_factory=list)
    types_expected: list[str] = field(default_factory=list)  # fields the office must cover

    @property
    def types_without_drill(self) -> list[str]:
        return [t for t in self.types_expected if not self.by_type.get(t)]


@dataclass
class InspectionFacts:
    """检查记录 of the period: 检查单位X家次 (sites), 发现隐患Y处 (hazards_found)."""
    records: int = 0
    sites: int = 0
    hazards_found: int = 0
    units: int = 0


@dataclass
class NoticeFacts:
    """Notices of the period: 下发通知N期, 签收率 (units that tapped 收到 / units owed)."""
    issued: int = 0
    expected: int = 0
    acknowledged: int = 0
    reminded: int = 0          # 催报N次: the escalation ladder's reminders (storage/boards.py)

    @property
    def rate(self) -> float:
        return _ratio(self.acknowledged, self.expected)


@dataclass(frozen=True)
class Allowed:
    """What a report about these facts may state, by kind of number."""
    quantities: frozenset[Decimal]
    percents: frozenset[Decimal]
    dates: frozenset[tuple[int, int]]    # (month, day)
    years: frozenset[int]
    texts: tuple[str, ...]               # verbatim strings (names, places, event texts)


@dataclass
class Facts:
    period: Period
    scope_label: str                     # "XX应急管理局"
    duty: DutyFacts = field(default_factory=DutyFacts)
    hazards: HazardFacts = field(default_factory=HazardFacts)
    drills: DrillFacts = field(default_factory=DrillFacts)
    previous: Facts | None = None
    as_of: date | None = None            # the day the figures were read (before the period ends)
    inspections: InspectionFacts = field(default_factory=InspectionFacts)
    notices: NoticeFacts = field(default_factory=NoticeFacts)

    @property
    def cutoff(self) -> date:
        """"截至" date: the reading day inside a running period, else its last day."""
        if self.as_of is not None and self.period.start <= self.as_of < self.period.end:
            return self.as_of
        return self.period.end

    # -- comparisons with the previous period (None when there is none)
    def diff(self, figure: str) -> int | None:
        if self.previous is None:
            return None
        return _figure(self, figure) - _figure(self.previous, figure)

    def rate_diff(self, which: str) -> Decimal | None:
        """Percentage points between the shown rates ('duty' or 'hazard')."""
        if self.previous is None:
            return None
        return _shown_rate(self, which) - _shown_rate(self.previous, which)

    # -- the number guard's whitelist
    def allowed(self) -> Allowed:
        q: set[Decimal] = {Decimal(0)}
        pcts: set[Decimal] = set()
        dates: set[date] = set(self.period.dates())
        texts: set[str] = {self.scope_label, self.period.label}

        for f in (self, self.previous):
            if f is None:
                continue
            d, h, dr = f.duty, f.hazards, f.drills
            q.update(Decimal(n) for n in (
                d.units, d.days, d.expected or 0, d.on_time, d.late, d.missing, d.reported, d.unreported_today,
                d.zero_reports, len(d.event_reports), len(d.most_late), len(d.most_missing),
                h.found, h.rectified, h.closed, h.in_progress, h.pending, h.unrectified,
                h.major_open, h.rectified_in_period, h.rectified_earlier,
                len(h.overdue), len(h.by_category),
                dr.held, dr.participants, len(dr.units_taking_part), len(dr.planned_upcoming),
                len(dr.by_type), len(dr.types_without_drill), f.period.days))
            i = f.inspections
            q.update(Decimal(n) for n in (i.records, i.sites, i.hazards_found, i.units))
            q.update(Decimal(n) for n in (f.notices.issued, f.notices.expected, f.notices.acknowledged,
                                          f.notices.reminded))
            pcts.add(pct_value(f.notices.rate))
            q.update(Decimal(n) for _, n in d.most_late + d.most_missing)
            q.update(Decimal(n) for n in h.by_category.values())
            q.update(Decimal(n) for n in h.by_level.values())
            q.update(Decimal(n) for n in h.open_by_category.values())
            q.update(Decimal(n) for n in dr.by_type.values())
            q.update(Decimal(o.days_overdue) for o in h.overdue)
            pcts.update({pct_value(d.rate), pct_value(d.on_time_rate), pct_value(h.rectify_rate)})
            dates.update(e.day for e in d.event_reports)
            dates.update(p.day for p in dr.planned_upcoming)
            dates.update({f.period.start, f.period.end})
            texts.update({f.scope_label, f.period.label})
            texts.update(e.unit for e in d.event_reports)
            texts.update(e.text for e in d.event_reports)
            texts.update(shorten(e.text) for e in d.event_reports)
            texts.update(u for u, _ in d.most_late + d.most_missing)
            texts.update(h.by_category)
            texts.update(h.by_level)
            texts.update(h.open_by_category)
            for o in h.overdue:
                texts.update({o.code, o.place, o.category, o.responsible, o.level})
            texts.update(dr.by_type)
            texts.update(dr.units_taking_part)
            texts.update(dr.types_expected)
            for p in dr.planned_upcoming:
                texts.update({p.title, p.type})

        if self.previous is not None:
            for figure in _FIGURES:
                q.add(Decimal(abs(self.diff(figure) or 0)))
            for which in ("duty", "on_time", "hazard"):
                q.add(abs(self.rate_diff(which) or Decimal(0)))

        return Allowed(
            quantities=frozenset(q),
            percents=frozenset(pcts),
            dates=frozenset((x.month, x.day) for x in dates),
            years=frozenset(x.year for x in dates),
            # longest first, so a name inside an event text does not split it
            texts=tuple(sorted((t for t in texts if t and len(t) >= 2), key=len, reverse=True)),
        )

    def numbers(self) -> set[Decimal]:
        """Every figure the draft may state: counts, shown percentages, differences with
        the previous period, and the month, day and year numbers of the dates concerned."""
        a = self.allowed()
        out = set(a.quantities) | set(a.percents)
        out.update(Decimal(y) for y in a.years)
        for m, d in a.dates:
            out.update({Decimal(m), Decimal(d)})
        return out

    # -- JSON
    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["previous"] = self.previous.to_dict() if self.previous else None
        # derived figures, for readers of the stored JSON; ignored by from_dict
        data["duty"].update(reported=self.duty.reported, rate=self.duty.rate,
                            on_time_rate=self.duty.on_time_rate)
        data["hazards"].update(pending=self.hazards.pending,
                               rectify_rate=self.hazards.rectify_rate)
        return _dates_to_text(data)

    @classmethod
    def from_json(cls, text: str) -> Facts:
        return cls.from_dict(json.loads(text))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Facts:
        p = data["period"]
        period = Period(date.fromisoformat(p["start"]), date.fromisoformat(p["end"]),
                        p["kind"], p["label"])
        d = dict(data["duty"])
        d["event_reports"] = [EventReport(e["unit"], date.fromisoformat(e["day"]), e["text"])
                              for e in d.get("event_reports", [])]
        d["most_late"] = [tuple(x) for x in d.get("most_late", [])]
        d["most_missing"] = [tuple(x) for x in d.get("most_missing", [])]
        h = dict(data["hazards"])
        h["overdue"] = [OverdueHazard(**o) for o in h.get("overdue", [])]
        r = dict(data["drills"])
        r["planned_upcoming"] = [PlannedDrill(x["title"], date.fromisoformat(x["day"]),
                                              x.get("type", ""))
                                 for x in r.get("planned_upcoming", [])]
        prev = data.get("previous")
        return cls(period=period, scope_label=data["scope_label"],
                   duty=DutyFacts(**_known(DutyFacts, d)),
                   hazards=HazardFacts(**_known(HazardFacts, h)),
                   drills=DrillFacts(**_known(DrillFacts, r)),
                   inspections=InspectionFacts(**_known(InspectionFacts, dict(data.get("inspections") or {}))),
                   notices=NoticeFacts(**_known(NoticeFacts, dict(data.get("notices") or {}))),
                   previous=cls.from_dict(prev) if prev else None,
                   as_of=date.fromisoformat(data["as_of"]) if data.get("as_of") else None)


_FIGURES = ("reported", "late", "missing", "zero_reports", "found", "rectified", "major_open",
            "overdue", "held", "participants")


def _figure(f: Facts, figure: str) -> int:
    return {
        "reported": f.duty.reported, "late": f.duty.late, "missing": f.duty.missing,
        "zero_reports": f.duty.zero_reports, "found": f.hazards.found,
        "rectified": f.hazards.rectified, "major_open": f.hazards.major_open,
        "overdue": len(f.hazards.overdue), "held": f.drills.held,
        "participants": f.drills.participants,
    }[figure]


def _shown_rate(f: Facts, which: str) -> Decimal:
    ratio = {"duty": f.duty.rate, "on_time": f.duty.on_time_rate,
             "hazard": f.hazards.rectify_rate}[which]
    return pct_value(ratio)


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def _dates_to_text(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _dates_to_text(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_dates_to_text(v) for v in value]
    return value
