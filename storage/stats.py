"""Period statistics: duty, hazards and drills, counted in SQL (GROUP BY), never by
walking rows in Python, so a half year of 3,000 units stays fast.

Every function takes a `Scope` (which units count) and plain dates already computed in
the group's timezone. Nothing here writes.

Rules chosen here (and relied on by reports/build.py and handlers/ask.py):
- duty: expected = units × days from the period's start up to min(end, today); a future
  day owes nothing, nor a day before the first report in scope (the assistant's start:
  a roster keeps no joining date). A (unit, day) with a live report (not superseded, not withdrawn) is
  on time or late by the report's `late` flag; otherwise it is missing.
- hazards: found = found_date in the period; rectified = 已整改/已销号 among them whose
  rectified_at (when known) is not after the cut-off min(end, today); overdue = deadline
  before the cut-off day and not rectified by it, whatever the registration date.
- drills: a drill counts as held when status == "held", or when it is still "planned"
  and its day is before today (it happened, nobody closed the card); cancelled never.
  Its head count: live attendance when there is any (unit figures + member sign-ins of
  units without a figure), else declared_participants, else 0.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Callable, NamedTuple, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, case, func, literal, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from storage import hazards as lifecycle
from storage.models import Attendance, Drill, DutyReport, Group, Hazard, HazardEvent, Member, RosterEntry, Unit
from storage.types import UTCDateTime

RECTIFIED = ("已整改", "已销号")
OPEN = ("待整改", "整改中")
MAJOR = "重大"
LIST_LIMIT = 200          # names, late reports, overdue hazards returned at most
MISSED_DAYS = 31          # late reports and missed days are listed for periods up to this long
ROWS_AT_ONCE = 1000       # a long list is read in parts of this many rows

T = TypeVar("T")


# ---------------------------------------------------------------- scope

@dataclass(frozen=True)
class Scope:
    """Which units a statistic covers.

    roster_group_id: the units on that group's roster (a duty group);
    unit_ids: exactly these units (a question naming a unit);
    neither: every active unit (a leaders' group, the CLI).
    group_id: also count hazards and drills registered in that group without a unit.
    """
    roster_group_id: int | None = None
    unit_ids: tuple[int, ...] | None = None
    group_id: int | None = None

    @classmethod
    def everything(cls) -> Scope:
        return cls()

    @classmethod
    def of_group(cls, group: Group | None) -> Scope:
        if group is None or group.role == "leaders":
            return cls()
        return cls(roster_group_id=group.id, group_id=group.id)

    @classmethod
    def of_units(cls, ids: list[int]) -> Scope:
        return cls(unit_ids=tuple(ids))

    @property
    def all_units(self) -> bool:
        return self.roster_group_id is None and self.unit_ids is None


def _roster_ids(scope: Scope):
    """A subquery (or a list) of the unit ids in scope; None for every unit."""
    if scope.unit_ids is not None:
        return list(scope.unit_ids)
    if scope.roster_group_id is not None:
        return (select(RosterEntry.unit_id).join(Unit, Unit.id == RosterEntry.unit_id)
                .where(RosterEntry.group_id == scope.roster_group_id, Unit.active == True)  # noqa: E712
                .scalar_subquery())
    return None


def _unit_filter(column, scope: Scope, group_column=None):
    ids = _roster_ids(scope)
    if ids is None:
        return literal(True)
    clause = column.in_(ids)
    if group_column is not None and scope.group_id is not None:
        # a hazard or drill registered in the group without a unit (unit ids are never 0)
        clause = or_(clause, and_(func.coalesce(column, 0) == 0, group_column == scope.group_id))
    return clause


class Shape(NamedTuple):
    """What a prebuilt statement knows of a Scope: which kind of unit list, and whether
    group-registered records count. The scope's values travel as parameters (scope_ids,
    scope_roster, scope_group), so one statement serves every scope of its shape: a
    question answered in a group of 200 units cost more to build than to run."""
    units: str          # "all" | "ids" | "roster"
    group: bool


def shape_of(scope: Scope) -> tuple[Shape, dict]:
    if scope.unit_ids is not None:
        shape, params = Shape("ids", scope.group_id is not None), {"scope_ids": list(scope.unit_ids)}
    elif scope.roster_group_id is not None:
        shape, params = Shape("roster", scope.group_id is not None), {"scope_roster": scope.roster_group_id}
    else:
        return Shape("all", False), {}
    if shape.group:
        params["scope_group"] = scope.group_id
    return shape, params


def _bound_filter(column, shape: Shape, group_column=None):
    """_unit_filter() for a prebuilt statement of this shape."""
    if shape.units == "all":
        return literal(True)
    if shape.units == "ids":
        clause = column.in_(bindparam("scope_ids", expanding=True))
    else:
        clause = column.in_(select(RosterEntry.unit_id).join(Unit, Unit.id == RosterEntry.unit_id)
                            .where(RosterEntry.group_id == bindparam("scope_roster"),
                                   Unit.active == True)  # noqa: E712
                            .scalar_subquery())
    if group_column is not None and shape.group:
        clause = or_(clause, and_(func.coalesce(column, 0) == 0, group_column == bindparam("scope_group")))
    return clause


def _scope_units_stmt(scope: Scope, *columns):
    """The units in scope (these columns of them), in roster order (every active unit by id)."""
    if scope.roster_group_id is not None and scope.unit_ids is None:
        return (select(*columns).join(RosterEntry, RosterEntry.unit_id == Unit.id)
                .where(RosterEntry.group_id == scope.roster_group_id, Unit.active == True)  # noqa: E712
                .order_by(RosterEntry.id))
    stmt = select(*columns).where(Unit.active == True).order_by(Unit.id)  # noqa: E712
    if scope.unit_ids is not None:
        stmt = stmt.where(col(Unit.id).in_(scope.unit_ids))
    return stmt


def scope_units(*, session: Session, scope: Scope) -> list[tuple[int, str]]:
    """(id, name) of the units in scope, in roster order (every active unit by id)."""
    return [(i, n) for i, n in session.connection().execute(_scope_units_stmt(scope, Unit.id, Unit.name))]


def unreported_on(*, session: Session, scope: Scope, day: date) -> list[str]:
    """Names of the units in scope without a live report on `day`, in roster order: one
    indexed probe per unit, nothing else counted."""
    reported = (select(DutyReport.id).where(DutyReport.unit_id == Unit.id, DutyReport.duty_date == day,
                                           col(DutyReport.superseded_by).is_(None),
                                           DutyReport.withdrawn == False)  # noqa: E712
                .correlate(Unit).exists())
    stmt = _scope_units_stmt(scope, Unit.name).where(~reported)
    return list(session.connection().execute(stmt).scalars())


def cutoff_day(end: date, today: date) -> date:
    return min(end, today)


def end_of_day_utc(day: date, tz: str) -> datetime:
    """The first instant after `day` in the group's timezone, as an aware datetime."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=ZoneInfo(tz))


# ---------------------------------------------------------------- duty

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

    @property
    def expected(self) -> int:
        return self.units * self.days

    @property
    def reported(self) -> int:
        return self.on_time + self.late

    @property
    def missing(self) -> int:
        return self.expected - self.reported


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
    return and_(col(DutyReport.superseded_by).is_(None), DutyReport.withdrawn == False,  # noqa: E712
                DutyReport.duty_date >= start, DutyReport.duty_date <= last, units)


_ACTIVE_UNITS = select(Unit.id).where(Unit.active == True).scalar_subquery()  # noqa: E712


def first_duty_day(*, session: Session, scope: Scope) -> date | None:
    """The day the first report in scope arrived: the assistant's start. A roster keeps no
    joining date, so days before it owe nothing (a deployment on Sunday is not 漏报 for the
    whole week before)."""
    # coalesce(): walk the date index from its start (the first match is the answer)
    # rather than probing every unit of the roster
    stmt = select(func.min(DutyReport.duty_date)).where(_unit_filter(func.coalesce(DutyReport.unit_id, 0), scope))
    return session.execute(stmt).scalar_one_or_none()


def duty_stats(*, session: Session, scope: Scope, start: date, end: date, today: date) -> DutyStats:
    last = cutoff_day(end, today)
    units = scope_units(session=session, scope=scope)
    first = first_duty_day(session=session, scope=scope)
    start = max(start, first) if first is not None else last + timedelta(days=1)
    if last < start:
        return DutyStats(start, None, len(units), 0, 0, 0, 0, [], [], [], [], [(n, 0.0) for _, n in units])
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
    rates = [(name, min(counted.get(u, (0, 0, 0))[0] / days, 1.0)) for u, name in units]
    listed = days <= MISSED_DAYS       # a longer period is told per unit, not report by report
    return DutyStats(start, last, len(units), days, reported - late, late, zero, late_by_unit,
                     missing_by_unit, _late_reports(session, live) if listed and late else [],
                     _missed(session, scope, units, start, last, missing_by_unit) if listed else [],
                     rates)


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


# ---------------------------------------------------------------- hazards

class OverdueItem(NamedTuple):
    """One overdue hazard. A tuple: a half year can list ten thousand of them, and a
    frozen dataclass cost more to build than the query cost to read them."""
    code: str
    place: str
    category: str
    level: str
    responsible: str
    deadline: date
    days_overdue: int


@dataclass(frozen=True)
class HazardStats:
    found: int
    by_level: dict[str, int]
    by_category: dict[str, int]
    rectified: int
    closed: int
    in_progress: int
    overdue: list[OverdueItem]          # longest first, at most the limit asked for
    overdue_count: int
    major_open: int
    open_by_category: dict[str, int]
    asof: date

    @property
    def unrectified(self) -> int:
        return self.found - self.rectified


def _hazard_scope(scope: Scope):
    # coalesce(): see _hazard_statements
    return _unit_filter(func.coalesce(Hazard.unit_id, 0), scope, col(Hazard.group_id))


def _rectified_by(cut):
    """Rectified (or closed) no later than `cut`; an unknown time counts as before."""
    return and_(col(Hazard.status).in_(RECTIFIED),
                or_(col(Hazard.rectified_at).is_(None), col(Hazard.rectified_at) < cut))


class _HazardStatements(NamedTuple):
    found: object           # level, category, found, rectified, closed, in progress
    open: object            # category, level, open, overdue
    overdue: object         # the overdue list (see _overdue_rows), longest first
    overdue_limited: object  # the same with a limit (a past cut-off)
    overdue_by_status: dict  # status -> the same list of one open status, with a limit


@cache
def _hazard_statements(shape: Shape, past: bool) -> _HazardStatements:
    """The statements of hazard_stats for one scope shape and kind of cut-off (today, or a
    past day), built once; dates travel as parameters (start, end, asof, cut, limit)."""
    # coalesce(): an expression SQLite cannot look up by index, so the planner drives the
    # query from found_date or status instead of probing ix_hazard_unit_id once per unit
    # of a 3,000-unit roster (measured: 1.5 s against 30 ms).
    in_scope = _bound_filter(func.coalesce(Hazard.unit_id, 0), shape, col(Hazard.group_id))
    cut = bindparam("cut", type_=UTCDateTime())
    closed = and_(Hazard.status == "已销号", or_(col(Hazard.closed_at).is_(None), col(Hazard.closed_at) < cut))
    found = (select(Hazard.level, Hazard.category, func.count(),
                    func.sum(case((_rectified_by(cut), 1), else_=0)), func.sum(case((closed, 1), else_=0)),
                    func.sum(case((Hazard.status == "整改中", 1), else_=0)))
             .where(in_scope, Hazard.found_date >= bindparam("start"), Hazard.found_date <= bindparam("end"))
             .group_by(Hazard.level, Hazard.category))
    open_at = and_(in_scope, _open_at(bindparam("asof"), cut, past=past))
    late = and_(col(Hazard.deadline).is_not(None), Hazard.deadline < bindparam("asof"))
    open_ = (select(Hazard.category, Hazard.level, func.count(), func.sum(case((late, 1), else_=0)))
             .where(open_at).group_by(Hazard.category, Hazard.level))
    overdue = _overdue_stmt(and_(open_at, late))
    by_status = {status: _overdue_stmt(and_(open_at, late, Hazard.status == status)).limit(bindparam("limit"))
                 for status in OPEN}
    return _HazardStatements(found, open_, overdue, overdue.limit(bindparam("limit")), by_status)


def hazard_stats(*, session: Session, scope: Scope, start: date, end: date, today: date,
                 tz: str = "Asia/Shanghai", overdue_limit: int | None = LIST_LIMIT,
                 overdue_item: Callable[..., object] = OverdueItem) -> HazardStats:
    """`overdue_item(code, place, category, level, responsible, deadline, days_overdue)`
    builds each overdue hazard listed (an OverdueItem unless told): a report builds its own
    kind at once rather than a second list of ten thousand."""
    asof = cutoff_day(end, today)
    shape, params = shape_of(scope)
    stmts = _hazard_statements(shape, asof < today)
    params.update(start=start, end=end, asof=asof, cut=end_of_day_utc(asof, tz))
    conn = session.connection()
    by_level: dict[str, int] = {}
    by_category: dict[str, int] = {}
    found = rectified = closed = in_progress = 0
    for level, category, n, r, c, p in conn.execute(stmts.found, params).all():
        by_level[level] = by_level.get(level, 0) + n
        by_category[category] = by_category.get(category, 0) + n
        found, rectified, closed, in_progress = found + n, rectified + r, closed + c, in_progress + p
    major_open = overdue_count = 0
    open_by_category: dict[str, int] = {}
    for category, level, n, n_late in conn.execute(stmts.open, params).all():   # one pass over the open
        open_by_category[category] = open_by_category.get(category, 0) + n
        major_open += n if level == MAJOR else 0
        overdue_count += n_late
    overdue = _overdue(conn, stmts, params, asof, overdue_limit, by_status=asof >= today,
                       item=overdue_item) if overdue_count else []
    return HazardStats(found, by_level, by_category, rectified, closed, in_progress, overdue,
                       overdue_count, major_open, open_by_category, asof)


def _open_at(asof, cut, *, past: bool):
    """Found and not rectified by the cut-off. Up to today the status says it (and the
    status index serves); for a past cut-off a hazard rectified since then was still open."""
    still_open = col(Hazard.status).in_(OPEN)
    if not past:
        return still_open
    return and_(Hazard.found_date <= asof,
                or_(still_open, and_(col(Hazard.status).in_(RECTIFIED), col(Hazard.rectified_at) >= cut)))


def _overdue(conn, stmts: _HazardStatements, params: dict, asof: date, limit: int | None, *, by_status: bool,
             item: Callable[..., T]) -> list[T]:
    """The longest overdue first. With a limit, as of today (open = an open status): one
    query per open status, each walking the (status, deadline) index in order and stopping
    early, merged here; an IN of both statuses would sort the whole backlog first."""
    if limit == 0:
        return []
    if limit is None:
        rows = _overdue_rows(conn, stmts.overdue, params)
    elif not by_status:                      # a past cut-off: the limit goes to the database
        rows = _overdue_rows(conn, stmts.overdue_limited, {**params, "limit": limit})
    else:
        params = {**params, "limit": limit}
        rows = sorted((row for stmt in stmts.overdue_by_status.values() for row in _overdue_rows(conn, stmt, params)),
                      key=lambda row: (row[5], row[0]))[:limit]       # (deadline, code)
    return [item(code, place or unit or "", cat, level, resp or "", dl, (asof - dl).days)
            for code, place, cat, level, resp, dl, unit in rows]


def _overdue_stmt(where):
    return (select(Hazard.code, Hazard.place, Hazard.category, Hazard.level, Hazard.responsible,
                   Hazard.deadline, Unit.name)
            .outerjoin(Unit, Unit.id == Hazard.unit_id)
            .where(where).order_by(Hazard.deadline, Hazard.code))


def _overdue_rows(conn, stmt, params: dict):
    """(code, place, category, level, responsible, deadline, unit name), read a thousand
    rows at a time: cheaper than row by row, and the rows die young instead of living all
    at once (a half year's ten thousand promoted into the collector's old generation cost
    a full collection, more than reading them)."""
    result = conn.execute(stmt, params)
    try:
        for part in result.partitions(ROWS_AT_ONCE):
            yield from part
    finally:
        result.close()      # a generator dropped early leaves no open cursor


def hazards_by_week(*, session: Session, scope: Scope, start: date, end: date, today: date,
                    tz: str = "Asia/Shanghai") -> list[tuple[date, int, int]]:
    """(monday, found, rectified of those found) per week from start's week to end's."""
    cut = end_of_day_utc(cutoff_day(end, today), tz)
    rows = session.execute(
        select(Hazard.found_date, func.count(), func.sum(case((_rectified_by(cut), 1), else_=0)))
        .where(_hazard_scope(scope), Hazard.found_date >= start, Hazard.found_date <= end)
        .group_by(Hazard.found_date)).all()
    weeks: dict[date, list[int]] = {}
    monday = start - timedelta(days=start.weekday())
    while monday <= end:
        weeks[monday] = [0, 0]
        monday += timedelta(days=7)
    for day, n, r in rows:      # at most one row per day of the period
        bucket = weeks[day - timedelta(days=day.weekday())]
        bucket[0] += n
        bucket[1] += r
    return [(m, f, r) for m, (f, r) in weeks.items()]


@dataclass(frozen=True)
class LedgerItem:
    code: str
    found_date: date
    unit: str
    place: str
    description: str
    category: str           # every category it has, joined with 、
    level: str
    responsible: str
    deadline: date | None
    status: str
    rectified_at: datetime | None
    note: str               # the note of its latest move to 已整改
    reporter: str


def hazard_ledger(*, session: Session, scope: Scope, start: date, end: date,
                  carry_open: bool = False) -> list[LedgerItem]:
    """The 台账 of a period: the hazards found in it and, with `carry_open`, older ones not
    yet 销号 (an office carries those over from month to month), in the order found."""
    moved = and_(HazardEvent.hazard_id == Hazard.id, HazardEvent.to_status == lifecycle.RECTIFIED,
                 or_(col(HazardEvent.from_status).is_(None), HazardEvent.from_status != lifecycle.RECTIFIED))
    note = (select(HazardEvent.note).where(moved).order_by(HazardEvent.at.desc(), HazardEvent.id.desc())
            .limit(1).correlate(Hazard).scalar_subquery())
    in_period = Hazard.found_date >= start
    if carry_open:
        in_period = or_(in_period, col(Hazard.status).in_(lifecycle.OPEN))     # not yet 销号
    reporter = aliased(Member)
    stmt = (select(Hazard, Unit.name, reporter.name, note)
            .outerjoin(Unit, Unit.id == Hazard.unit_id)
            .outerjoin(reporter, reporter.id == Hazard.reporter_id)
            .where(_hazard_scope(scope), Hazard.found_date <= end, in_period)
            .order_by(Hazard.found_date, Hazard.code))
    return [LedgerItem(h.code, h.found_date, unit or "", h.place, h.description,
                       "、".join(h.categories or [h.category]), h.level, h.responsible, h.deadline, h.status,
                       h.rectified_at, n or "", who or "")
            for h, unit, who, n in session.execute(stmt)]


# ---------------------------------------------------------------- drills

@dataclass(frozen=True)
class DrillStats:
    held: int
    participants: int
    by_type: dict[str, int]
    units_taking_part: list[str]
    upcoming: list[tuple[str, date, str]]     # (title, day, type) planned from today on


def drill_head_counts(drill_ids=None):
    """A subquery: drill_id, people — the head count of each drill with live attendance
    (of the drills `drill_ids` selects, else of every drill)."""
    live = aliased(Attendance)
    figure = aliased(Attendance)
    wanted = live.drill_id.in_(drill_ids) if drill_ids is not None else literal(True)
    newer = aliased(Attendance)
    # a unit's newest live figure only, as the card counts it (two stay live only if raced)
    has_newer = (select(newer.id).where(newer.drill_id == live.drill_id, newer.unit_id == live.unit_id,
                                        col(newer.member_id).is_(None), col(newer.superseded_by).is_(None),
                                        newer.id > live.id).exists())
    unit_sum = (select(live.drill_id.label("drill_id"), live.head_count.label("n"))
                .where(wanted, col(live.superseded_by).is_(None), col(live.member_id).is_(None),
                       col(live.unit_id).is_not(None), ~has_newer))
    has_figure = (select(figure.id).where(figure.drill_id == live.drill_id,
                                          col(figure.superseded_by).is_(None),
                                          col(figure.member_id).is_(None),
                                          figure.unit_id == Member.unit_id).exists())
    members = (select(live.drill_id.label("drill_id"), literal(1).label("n"))
               .join(Member, Member.id == live.member_id)
               .where(wanted, col(live.superseded_by).is_(None), ~has_figure))
    both = unit_sum.union_all(members).subquery()
    return (select(both.c.drill_id, func.sum(both.c.n).label("people"))
            .group_by(both.c.drill_id).subquery())


class _DrillStatements(NamedTuple):
    totals: object          # drill_type, held, people
    taking_part: object     # unit names
    upcoming: object        # title, day, type


@cache
def _drill_statements(shape: Shape) -> _DrillStatements:
    """The three statements of drill_stats for one scope shape, built once; dates travel
    as parameters (start, end, today, first, until)."""
    # coalesce(): stay on the drill_date index rather than probing per organiser unit
    in_scope = _bound_filter(func.coalesce(Drill.organiser_unit_id, 0), shape, col(Drill.group_id))
    held = or_(Drill.status == "held", and_(Drill.status == "planned", Drill.drill_date < bindparam("today")))
    where = and_(in_scope, held, Drill.drill_date >= bindparam("start"), Drill.drill_date <= bindparam("end"))
    counts = drill_head_counts(select(Drill.id).where(where))
    people = func.coalesce(counts.c.people, Drill.declared_participants, 0)
    totals = (select(Drill.drill_type, func.count(), func.sum(people))
              .outerjoin(counts, counts.c.drill_id == Drill.id)
              .where(where).group_by(Drill.drill_type))
    # organisers and units with a sign-in (their own figure or a member's), by id
    organisers = select(Drill.organiser_unit_id.label("u")).where(where)
    signed = (select(func.coalesce(Attendance.unit_id, Member.unit_id).label("u"))
              .outerjoin(Member, Member.id == Attendance.member_id)
              .where(col(Attendance.drill_id).in_(select(Drill.id).where(where)),
                     col(Attendance.superseded_by).is_(None)))
    ids = organisers.union(signed).subquery()
    taking_part = select(Unit.name).where(col(Unit.id).in_(select(ids.c.u))).order_by(Unit.id).limit(LIST_LIMIT)
    upcoming = (select(Drill.title, Drill.drill_date, Drill.drill_type)
                .where(in_scope, Drill.status == "planned", Drill.drill_date >= bindparam("first"),
                       Drill.drill_date <= bindparam("until"))
                .order_by(Drill.drill_date, Drill.id).limit(5))      # id: the same five every time
    return _DrillStatements(totals, taking_part, upcoming)


def drill_stats(*, session: Session, scope: Scope, start: date, end: date, today: date) -> DrillStats:
    shape, params = shape_of(scope)
    stmts = _drill_statements(shape)
    params.update(start=start, end=end, today=today, first=max(today, start),
                  until=max(end, today) + timedelta(days=14))
    conn = session.connection()
    rows = conn.execute(stmts.totals, params).all()
    by_type = {t: n for t, n, _ in rows}
    return DrillStats(sum(by_type.values()), int(sum(p or 0 for _, _, p in rows)), by_type,
                      list(conn.execute(stmts.taking_part, params).scalars()),
                      [(t, d, k) for t, d, k in conn.execute(stmts.upcoming, params)])
