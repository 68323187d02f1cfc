"""Hazard statistics of a period: found = found_date in the period; rectified = rectified
or closed among them whose rectified_at (when known) is not after the cut-off min(end,
today); open = not rectified by the cut-off, whatever the registration date; overdue =
those of them with a deadline before the cut-off day. `rectified_in_period` is the other
question: rectified in the period, whenever found. The status sets are storage/hazards.py's."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Callable, NamedTuple, TypeVar

from sqlalchemy import and_, bindparam, case, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from storage import hazards as lifecycle
from storage.models import Hazard, HazardEvent, Member, Unit
from storage.stats.scope import (LIST_LIMIT, ROWS_AT_ONCE, Scope, Shape, _bound_filter, _unit_filter, cutoff_day,
                                 end_of_day_utc, shape_of)
from storage.types import UTCDateTime

MAJOR = "重大"
T = TypeVar("T")


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

    @property
    def open(self) -> int:
        """Not rectified by the cut-off, whenever found (overdue_count of them are overdue)."""
        return sum(self.open_by_category.values())


def _hazard_scope(scope: Scope):
    # coalesce(): see _hazard_statements
    return _unit_filter(func.coalesce(Hazard.unit_id, 0), scope, col(Hazard.group_id))


def _rectified_by(cut):
    """Rectified (or closed) no later than `cut`; an unknown time counts as before."""
    return and_(col(Hazard.status).in_(lifecycle.DONE),
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
    closed = and_(Hazard.status == lifecycle.CLOSED, or_(col(Hazard.closed_at).is_(None), col(Hazard.closed_at) < cut))
    found = (select(Hazard.level, Hazard.category, func.count(),
                    func.sum(case((_rectified_by(cut), 1), else_=0)), func.sum(case((closed, 1), else_=0)),
                    func.sum(case((Hazard.status == lifecycle.IN_PROGRESS, 1), else_=0)))
             .where(in_scope, Hazard.found_date >= bindparam("start"), Hazard.found_date <= bindparam("end"))
             .group_by(Hazard.level, Hazard.category))
    open_at = and_(in_scope, _open_at(bindparam("asof"), cut, past=past))
    late = and_(col(Hazard.deadline).is_not(None), Hazard.deadline < bindparam("asof"))
    open_ = (select(Hazard.category, Hazard.level, func.count(), func.sum(case((late, 1), else_=0)))
             .where(open_at).group_by(Hazard.category, Hazard.level))
    overdue = _overdue_stmt(and_(open_at, late))
    by_status = {status: _overdue_stmt(and_(open_at, late, Hazard.status == status)).limit(bindparam("limit"))
                 for status in lifecycle.PENDING}
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
    still_open = col(Hazard.status).in_(lifecycle.PENDING)
    if not past:
        return still_open
    return and_(Hazard.found_date <= asof,
                or_(still_open, and_(col(Hazard.status).in_(lifecycle.DONE), col(Hazard.rectified_at) >= cut)))


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


class RectifiedItem(NamedTuple):
    code: str
    unit: str
    place: str
    level: str
    found_date: date
    rectified_at: datetime


def rectified_in_period(*, session: Session, scope: Scope, start: date, end: date, today: date,
                        tz: str = "Asia/Shanghai") -> list[RectifiedItem]:
    """Hazards rectified (or since closed) from the period's first instant to the end of its
    cut-off day min(end, today), whenever they were found, in the order rectified. One whose
    rectification time is unknown cannot be placed in any period and is not listed."""
    first = end_of_day_utc(start - timedelta(days=1), tz)
    cut = end_of_day_utc(cutoff_day(end, today), tz)
    stmt = (select(Hazard.code, Unit.name, Hazard.place, Hazard.level, Hazard.found_date, Hazard.rectified_at)
            .outerjoin(Unit, Unit.id == Hazard.unit_id)
            .where(_hazard_scope(scope), col(Hazard.status).in_(lifecycle.DONE),
                   col(Hazard.rectified_at) >= first, col(Hazard.rectified_at) < cut)
            .order_by(Hazard.rectified_at, Hazard.code))
    return [RectifiedItem(code, unit or "", place or "", level, found, at)
            for code, unit, place, level, found, at in session.execute(stmt)]


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

