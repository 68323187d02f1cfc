"""Facts from storage: the one place where the store's statistics become report figures.

`build_facts(session, period, group, today, deadline_passed=)` counts a period for a
group's roster (a leaders' group, or None, covers every unit) and the period before it,
for comparisons. The counting rules live in storage/stats/ (应报: storage/due.py).
"""
from __future__ import annotations

from datetime import date

from sqlmodel import Session

from reports.facts import (DrillFacts, DutyFacts, EventReport, Facts, HazardFacts, InspectionFacts,
                           NoticeFacts, OverdueHazard, Period, PlannedDrill, shorten)
from storage import inspections, notices, stats
from storage.models import Group

DEFAULT_SCOPE_LABEL = "各单位"
_GROUP_SUFFIXES = ("领导群", "值班群", "工作群", "群")


def scope_label(group: Group | None) -> str:
    """How a report names who it is about: the group's settings["org_name"] if set, else
    the group's title without its "…群" ending."""
    if group is None:
        return DEFAULT_SCOPE_LABEL
    named = (group.settings or {}).get("org_name")
    if named:
        return str(named)
    title = group.title or DEFAULT_SCOPE_LABEL
    for suffix in _GROUP_SUFFIXES:
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)]
    return title


def build_facts(session: Session, period: Period, group: Group | None, today: date, *, deadline_passed: bool,
                scope: stats.Scope | None = None, previous: bool = True, label: str | None = None) -> Facts:
    """`deadline_passed`: whether today's reporting deadline has passed (storage/due.py)."""
    scope = scope or stats.Scope.of_group(group)
    tz = group.timezone if group is not None else "Asia/Shanghai"
    facts = Facts(period=period, scope_label=label or scope_label(group),
                  duty=duty_facts(session, scope, period, today, deadline_passed=deadline_passed,
                                  events=previous),
                  hazards=hazard_facts(session, scope, period, today, tz),
                  drills=drill_facts(session, scope, period, today, group),
                  inspections=inspection_facts(session, scope, period),
                  notices=notice_facts(session, scope, period, tz), as_of=today)
    if previous:
        before = build_facts(session, period.previous(), group, today, deadline_passed=deadline_passed,
                             scope=scope, previous=False, label=facts.scope_label)
        # No records at all before (the assistant was not yet in use): nothing to compare
        # with, rather than "较上期增加52处".
        facts.previous = None if _empty(before) else before
    return facts


def _empty(f: Facts) -> bool:
    return not (f.duty.expected or f.hazards.found or f.hazards.overdue or f.drills.held
                or f.inspections.records)


def duty_facts(session: Session, scope: stats.Scope, period: Period, today: date, *, deadline_passed: bool,
               events: bool = True) -> DutyFacts:
    """`events=False` for a previous period: a report compares counts, never quotes it."""
    s = stats.duty_stats(session=session, scope=scope, start=period.start, end=period.end, today=today,
                         deadline_passed=deadline_passed)
    quoted = stats.event_reports(session=session, scope=scope, start=period.start, end=period.end,
                                 today=today) if events else []
    events = [EventReport(u, d, shorten(t)) for u, d, t in quoted]
    return DutyFacts(units=s.units, days=s.days, on_time=s.on_time, late=s.late, missing=s.lapsed,
                     expected=s.expected, unreported_today=s.unreported_today, zero_reports=s.zero,
                     event_reports=events, most_late=s.late_by_unit, most_missing=s.lapsed_by_unit)


def hazard_facts(session: Session, scope: stats.Scope, period: Period, today: date, tz: str) -> HazardFacts:
    s = stats.hazard_stats(session=session, scope=scope, start=period.start, end=period.end, today=today, tz=tz,
                           overdue_limit=None, overdue_item=_overdue_hazard)
    done = stats.rectified_in_period(session=session, scope=scope, start=period.start, end=period.end,
                                     today=today, tz=tz)
    return HazardFacts(found=s.found, by_category=s.by_category, by_level=s.by_level,
                       rectified=s.rectified, closed=s.closed, in_progress=s.in_progress,
                       overdue=s.overdue, major_open=s.major_open, open_by_category=s.open_by_category,
                       rectified_in_period=len(done),
                       rectified_earlier=sum(1 for h in done if h.found_date < period.start))


def _overdue_hazard(code: str, place: str, category: str, level: str, responsible: str, _deadline: date,
                    days: int) -> OverdueHazard:
    """Built as storage reads each row (longest overdue first): a half year lists ten
    thousand, and a second list of them cost a full garbage collection."""
    return OverdueHazard(code, place, category, days, responsible, level)


def drill_facts(session: Session, scope: stats.Scope, period: Period, today: date,
                group: Group | None) -> DrillFacts:
    s = stats.drill_stats(session=session, scope=scope, start=period.start, end=period.end, today=today)
    expected = list((group.settings or {}).get("drill_types", [])) if group is not None else []
    return DrillFacts(held=s.held, by_type=s.by_type, participants=s.participants,
                      units_taking_part=s.units_taking_part,
                      planned_upcoming=[PlannedDrill(t, d, k) for t, d, k in s.upcoming],
                      types_expected=expected)


def inspection_facts(session: Session, scope: stats.Scope, period: Period) -> InspectionFacts:
    t = inspections.inspection_totals(
        session=session, start=period.start, end=period.end, roster_group_id=scope.roster_group_id,
        unit_ids=list(scope.unit_ids) if scope.unit_ids is not None else None)
    return InspectionFacts(records=t.records, sites=t.sites, hazards_found=t.hazards_found, units=t.units)


def notice_facts(session: Session, scope: stats.Scope, period: Period, tz: str) -> NoticeFacts:
    """Notices sent in the period to the scope's group (every group for a leaders' group)."""
    start, end = stats.period_bounds(period.start, period.end, tz)
    groups = [scope.roster_group_id] if scope.roster_group_id is not None else None
    t = notices.notice_totals(session=session, start=start, end=end, group_ids=groups)
    reminded = sum(n for _, n in stats.reminded_by_unit(session=session, scope=scope, start=period.start,
                                                         end=period.end))
    return NoticeFacts(issued=t.issued, expected=t.expected, acknowledged=t.acknowledged, reminded=reminded)


# ---------------------------------------------------------------- which period

def current_period(kind: str, today: date) -> Period:
    """The period of this kind that contains today."""
    if kind == "weekly":
        return Period.week_of(today)
    if kind == "monthly":
        return Period.month(today.year, today.month)
    if kind == "half_year":
        return Period.half_year(today.year, 1 if today.month <= 6 else 2)
    if kind == "yearly":
        return Period.year(today.year)
    raise ValueError(f"no current period for kind {kind!r}")


def period_for(kind: str | None, start: date | None, end: date | None, today: date) -> Period:
    """A period from what was asked: a kind alone is its current period; dates keep the
    kind when they are exactly one such period ("上周周报", "/summary 2026-06-08 2026-06-14"),
    else they are a custom span."""
    if start is None or end is None:
        return current_period(kind if kind in ("weekly", "monthly", "half_year", "yearly") else "weekly", today)
    kinds = (kind,) if kind in ("weekly", "monthly", "half_year", "yearly") else \
        ("weekly", "monthly", "half_year", "yearly")
    for candidate in (current_period(k, start) for k in kinds):
        if (candidate.start, candidate.end) == (start, end):
            return candidate
    return Period.custom(start, end)
