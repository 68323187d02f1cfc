"""Drill statistics of a period: a drill counts as held when status == "held", or when it
is still "planned" and its day is before today (it happened, nobody closed the card);
cancelled never. Its head count is storage/drills.py's rule."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from sqlalchemy import and_, bindparam, func, or_, select
from sqlmodel import Session, col

from storage import drills as drill_store
from storage.models import Attendance, Drill, Member, Unit
from storage.stats.scope import LIST_LIMIT, Scope, Shape, _bound_filter, shape_of


@dataclass(frozen=True)
class DrillStats:
    held: int
    participants: int
    by_type: dict[str, int]
    units_taking_part: list[str]
    upcoming: list[tuple[str, date, str]]     # (title, day, type) planned from today on


class _DrillStatements(NamedTuple):
    totals: object          # drill_type, held, people
    taking_part: object     # unit names
    upcoming: object        # title, day, type


def _held_where(shape: Shape):
    """(in scope, held in scope from start to end): the drills every statistic here counts."""
    # coalesce(): stay on the drill_date index rather than probing per organiser unit
    in_scope = _bound_filter(func.coalesce(Drill.organiser_unit_id, 0), shape, col(Drill.group_id))
    held = or_(Drill.status == drill_store.HELD,
               and_(Drill.status == drill_store.OPEN_STATUS, Drill.drill_date < bindparam("today")))
    return in_scope, and_(in_scope, held, Drill.drill_date >= bindparam("start"), Drill.drill_date <= bindparam("end"))


@cache
def _drill_statements(shape: Shape) -> _DrillStatements:
    """The three statements of drill_stats for one scope shape, built once; dates travel
    as parameters (start, end, today, first, until)."""
    in_scope, where = _held_where(shape)
    counts = drill_store.head_counts(select(Drill.id).where(where))
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
                .where(in_scope, Drill.status == drill_store.OPEN_STATUS, Drill.drill_date >= bindparam("first"),
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


def held_drills(*, session: Session, scope: Scope, start: date, end: date, today: date) -> list[Drill]:
    """The drills drill_stats counts as held in the period (its 明细), by day."""
    shape, params = shape_of(scope)
    _, where = _held_where(shape)
    params.update(start=start, end=end, today=today)
    stmt = select(Drill).where(where).order_by(Drill.drill_date, Drill.id)
    return list(session.scalars(stmt, params))
