"""Which units a statistic covers (a `Scope`), and the filters and dates every topic shares."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, func, literal, or_, select
from sqlmodel import Session, col

from storage.duty import reported_on
from storage.models import Group, RosterEntry, Unit

LIST_LIMIT = 200          # names, late reports, overdue hazards returned at most
ROWS_AT_ONCE = 1000       # a long list is read in parts of this many rows


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


def covers(*, session: Session, outer: Scope, inner: Scope) -> bool:
    """Every record `inner` counts is counted by `outer` too, rosters read as they are now:
    everything covers all; a group's roster covers itself and units now on it (not another
    group's, whose unit-less records it does not count); units cover a subset of them."""
    if outer.all_units:
        return True
    if inner.all_units or (inner.group_id is not None and inner.group_id != outer.group_id):
        return False
    if inner.unit_ids is None and inner.roster_group_id == outer.roster_group_id and outer.unit_ids is None:
        return True
    wanted = set(inner.unit_ids) if inner.unit_ids is not None else {i for i, _ in scope_units(session=session,
                                                                                              scope=inner)}
    have = set(outer.unit_ids) if outer.unit_ids is not None else {i for i, _ in scope_units(session=session,
                                                                                            scope=outer)}
    return wanted <= have


def unreported_on(*, session: Session, scope: Scope, day: date) -> list[str]:
    """Names of the units in scope without a live report on `day`, in roster order: one
    indexed probe per unit, nothing else counted."""
    stmt = _scope_units_stmt(scope, Unit.name).where(~reported_on(day))
    return list(session.connection().execute(stmt).scalars())


def cutoff_day(end: date, today: date) -> date:
    return min(end, today)


def end_of_day_utc(day: date, tz: str) -> datetime:
    """The first instant after `day` in the group's timezone, as an aware datetime."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=ZoneInfo(tz))


def period_bounds(start: date, end: date, tz: str) -> tuple[datetime, datetime]:
    """The days start..end (inclusive) in the timezone as the instants [first, after last)."""
    return end_of_day_utc(start - timedelta(days=1), tz), end_of_day_utc(end, tz)

