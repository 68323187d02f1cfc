"""Duty statistics of a period: expected = the unit-days due by storage/due.py's rule
(units × days from the period's start up to min(end, today); a future day owes nothing,
nor a day before the first report in scope: the assistant's start, a roster keeps no
joining date). A (unit, day) with a live report is on time or late by the report's `late`
flag; otherwise it is missing."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, select
from sqlmodel import Session, col

from storage import due
from storage.duty import LIVE
from storage.models import DutyReport, Unit
from storage.stats.scope import (LIST_LIMIT, ROWS_AT_ONCE, Scope, _roster_ids, _unit_filter, cutoff_day,
                                 scope_units, unreported_on)

MISSED_DAYS = 31          # late reports and missed days are listed for periods up to this long


@dataclass(frozen=True)
class LateReport:
    unit: str
    day: date
    sent_at: datetime


@dataclass(frozen=True)
class MissedDay:
    unit: str
    day: date


@dataclass(frozen=True)
class DutyStats:
    start: date                  # the first day counted (not before the first report in scope)
    last: date | None            # the last day counted (None: nothing to count)
    units: int
    days: int
    on_time: int
    late: int
    zero: int
    late_by_unit: list[tuple[str, int]]      # most first
    missing_by_unit: list[tuple[str, int]]
    late_reports: list[LateReport]           # latest first, at most LIST_LIMIT; [] past MISSED_DAYS
    missed: list[MissedDay]                  # latest first, at most LIST_LIMIT; [] past MISSED_DAYS
    rate_by_unit: list[tuple[str, float]]    # roster order
    open_today: tuple[str, ...] = ()         # units not reported today (when the period counts today)
    not_due: int = 0                         # of those, not yet due (before the deadline: storage/due.py)
    first: date | None = None                # the first report in scope ever (None: there is none)

    @property
    def expected(self) -> int:
        """应报: the unit-days due by storage/due.py's rule."""
        return self.units * self.days - self.not_due

    @property
    def reported(self) -> int:
        return self.on_time + self.late

    @property
    def missing(self) -> int:
        """Due and not reported: 漏报 plus today's 未报 (see `lapsed`)."""
        return self.expected - self.reported

    @property
    def unreported_today(self) -> int:
        """Due today and not reported yet: 未报, not 漏报, until the day is over."""
        return len(self.open_today) - self.not_due

    @property
    def lapsed(self) -> int:
        """漏报: due days that are over and were not reported."""
        return self.missing - self.unreported_today

    @property
    def lapsed_by_unit(self) -> list[tuple[str, int]]:
        """missing_by_unit without today (never 漏报 before the day is over), most first."""
        today = set(self.open_today) if not self.not_due else set()    # not yet due: not counted there
        out = [(u, n - (u in today)) for u, n in self.missing_by_unit]
        return sorted(((u, n) for u, n in out if n > 0), key=lambda p: (-p[1], p[0]))


PER_UNIT_DAYS = 8          # from this long a period is read unit by unit (see _live_duty)


def _live_duty(scope: Scope, start: date, last: date, *, per_unit: bool = False):
    """Live reports of the units in scope from start to last.

    How SQLite reads them is chosen here. A short period: coalesce() keeps it on the
    duty_date range of the covering index (migration 005), rather than probing once per
    unit of the roster. A long one read per unit (`per_unit`, for counts by unit): a plain
    unit_id IN (the units) has it probe the (unit_id, duty_date, …) covering index unit by
    unit, so rows arrive grouped by unit and nothing is sorted; a half year of 3,000 units
    went from ~230 ms to ~140 ms."""
    if per_unit:
        ids = _roster_ids(scope)
        units = col(DutyReport.unit_id).in_(ids if ids is not None else _ACTIVE_UNITS)
    else:
        units = _unit_filter(func.coalesce(DutyReport.unit_id, 0), scope)
    return and_(LIVE, DutyReport.duty_date >= start, DutyReport.duty_date <= last, units)


_ACTIVE_UNITS = select(Unit.id).where(Unit.active == True).scalar_subquery()  # noqa: E712


def first_duty_day(*, session: Session, scope: Scope) -> date | None:
    """The day the first report in scope arrived: the assistant's start. A roster keeps no
    joining date, so days before it owe nothing (a deployment on Sunday is not 漏报 for the
    whole week before)."""
    # coalesce(): walk the date index from its start (the first match is the answer)
    # rather than probing every unit of the roster
    stmt = select(func.min(DutyReport.duty_date)).where(_unit_filter(func.coalesce(DutyReport.unit_id, 0), scope))
    return session.execute(stmt).scalar_one_or_none()


def duty_stats(*, session: Session, scope: Scope, start: date, end: date, today: date,
               deadline_passed: bool = True) -> DutyStats:
    """`deadline_passed`: whether today's deadline has passed (storage/due.py decides what
    that means for today's unit-days); the callers that know the moment say it."""
    last = cutoff_day(end, today)
    units = scope_units(session=session, scope=scope)
    first = first_duty_day(session=session, scope=scope)
    start = max(start, first) if first is not None else last + timedelta(days=1)
    if last < start:
        return DutyStats(start, None, len(units), 0, 0, 0, 0, [], [], [], [], [(n, 0.0) for _, n in units],
                         first=first)
    days = (last - start).days + 1
    live = _live_duty(scope, start, last)
    by_unit = _live_duty(scope, start, last, per_unit=days >= PER_UNIT_DAYS)
    per_unit = session.execute(
        # distinct days: two live reports of one unit and day (a race) still owe one
        select(DutyReport.unit_id, func.count(DutyReport.duty_date.distinct()),
               func.sum(case((DutyReport.late == True, 1), else_=0)),  # noqa: E712
               func.sum(case((DutyReport.zero == True, 1), else_=0)))  # noqa: E712
        .where(by_unit).group_by(DutyReport.unit_id)).all()
    in_scope = dict(units)
    counted = {u: (n, late, zero) for u, n, late, zero in per_unit if u in in_scope}
    reported = sum(n for n, _, _ in counted.values())
    late = sum(x for _, x, _ in counted.values())
    zero = sum(z for _, _, z in counted.values())
    late_by_unit = sorted(((in_scope[u], x) for u, (_, x, _) in counted.items() if x),
                          key=lambda p: (-p[1], p[0]))
    missing_by_unit = sorted(((name, days - counted.get(u, (0, 0, 0))[0]) for u, name in units
                              if days - counted.get(u, (0, 0, 0))[0] > 0), key=lambda p: (-p[1], p[0]))
    open_today = tuple(unreported_on(session=session, scope=scope, day=today)) if last == today else ()
    not_due = due.not_yet_due(unreported_today=len(open_today), deadline_passed=deadline_passed)
    waiting = set(open_today) if not_due else set()    # not yet owed: no missing day, no lower rate
    missing_by_unit = [(u, n - (u in waiting)) for u, n in missing_by_unit if n - (u in waiting) > 0]
    rates = [(name, min(counted.get(u, (0, 0, 0))[0] / (days - (name in waiting)), 1.0) if days > (name in waiting)
              else 0.0) for u, name in units]
    listed = days <= MISSED_DAYS       # a longer period is told per unit, not report by report
    return DutyStats(start, last, len(units), days, reported - late, late, zero, late_by_unit,
                     missing_by_unit, _late_reports(session, live) if listed and late else [],
                     _missed(session, scope, units, start, last, missing_by_unit) if listed else [],
                     rates, open_today, not_due, first)


def _late_reports(session: Session, live) -> list[LateReport]:
    stmt = (select(Unit.name, DutyReport.duty_date, DutyReport.sent_at)
            .join(Unit, Unit.id == DutyReport.unit_id)
            .where(live, DutyReport.late == True)  # noqa: E712
            .order_by(DutyReport.duty_date.desc(), DutyReport.sent_at).limit(LIST_LIMIT))
    return [LateReport(n, d, s) for n, d, s in session.execute(stmt)]


def _missed(session: Session, scope: Scope, units: list[tuple[int, str]], start: date, last: date,
            missing_by_unit: list[tuple[str, int]]) -> list[MissedDay]:
    """Which (unit, day) pairs are missing, latest first, at most LIST_LIMIT: a day at a
    time from the last, stopping once enough are found (one indexed read per day)."""
    if not missing_by_unit:
        return []
    names = {n for n, _ in missing_by_unit}
    owing = [(u, n) for u, n in units if n in names]
    out: list[MissedDay] = []
    day = last
    while day >= start and len(out) < LIST_LIMIT:
        stmt = select(DutyReport.unit_id).where(_live_duty(scope, day, day))
        have = set(session.connection().execute(stmt).scalars())
        out.extend(MissedDay(n, day) for u, n in owing if u not in have)
        day -= timedelta(days=1)
    return out[:LIST_LIMIT]


def event_reports(*, session: Session, scope: Scope, start: date, end: date, today: date,
                  limit: int | None = None) -> list[tuple[str, date, str]]:
    """(unit, day, text) of live reports that were not zero reports, by day."""
    last = cutoff_day(end, today)
    if last < start:
        return []
    stmt = (select(Unit.name, DutyReport.duty_date, DutyReport.events)
            .join(Unit, Unit.id == DutyReport.unit_id)
            .where(_live_duty(scope, start, last), DutyReport.zero == False)  # noqa: E712
            .order_by(DutyReport.duty_date, DutyReport.sent_at))
    if limit:
        stmt = stmt.limit(limit)
    # plain tuples, read in parts: a half year holds thousands (see _overdue_rows)
    return [(u, d, t) for part in session.connection().execute(stmt).partitions(ROWS_AT_ONCE) for u, d, t in part]

