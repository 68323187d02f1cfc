"""Drills and their attendance: create, sign in, unit head counts (superseded, never
deleted), end or cancel, and the statistics summaries read.

Head-count rule (storage/stats.py uses the same): a drill's participants are, when it has
live attendance rows (superseded_by is null), the sum of its units' newest live figures
(unit_id set, member_id null; older ones are superseded unless two raced) plus the member
sign-ins (member_id set) whose member's unit has no live unit figure on that drill;
otherwise its declared_participants (an after-the-fact report, "参演200余人"), or 0.

Functions are keyword-only, flush and never commit.
"""
from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable, NamedTuple

from sqlalchemy import ColumnElement, bindparam, case, func, insert, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage.db import note_write
from storage.models import Attendance, Drill, Member, Unit
from storage.updates import first_sent

OPEN_STATUS = "planned"
HELD = "held"
CANCELLED = "cancelled"


# ---- drills ---------------------------------------------------------------------------

def create_drill(*, session: Session, group_id: int, title: str, drill_type: str, drill_date: date,
                 planned_at: datetime | None, place: str, organiser_id: int | None,
                 organiser_unit_id: int | None, created_at: datetime, held: bool = False,
                 declared_participants: int | None = None) -> Drill:
    """A planned drill, or (held=True) one reported after the fact, already ended."""
    drill = Drill(group_id=group_id, title=title, drill_type=drill_type, drill_date=drill_date,
                  planned_at=planned_at, place=place, organiser_id=organiser_id,
                  organiser_unit_id=organiser_unit_id, created_at=created_at,
                  status=HELD if held else OPEN_STATUS, declared_participants=declared_participants,
                  ended_at=created_at if held else None)
    session.add(drill)
    session.flush()
    return drill


def get_drill(*, session: Session, drill_id: int) -> Drill | None:
    return session.get(Drill, drill_id)


def same_drill(*, session: Session, group_id: int, title: str, drill_date: date) -> Drill | None:
    """A drill already on record under this title that day (a forwarded notice twice)."""
    return session.exec(select(Drill).where(
        Drill.group_id == group_id, Drill.title == title, Drill.drill_date == drill_date,
        Drill.status != CANCELLED)).first()


# Asked by every typed sign-in and unit figure: built once.
_OPEN = (select(Drill).where(Drill.group_id == bindparam("group_id"), Drill.status == OPEN_STATUS,
                             col(Drill.ended_at).is_(None))
         .order_by(col(Drill.drill_date).desc(), col(Drill.id).desc()))


def open_drills(*, session: Session, group_id: int) -> list[Drill]:
    """The group's drills neither ended nor cancelled, latest date first. A drill takes
    sign-ins and unit figures from its card's posting until it is ended or cancelled,
    whatever its date (a card posted the day before is open at once)."""
    return list(session.exec(_OPEN, params={"group_id": group_id}))


def ended_on(*, session: Session, group_id: int, day: date) -> list[Drill]:
    """Drills of that day already ended (for a polite answer to a late sign-in)."""
    return list(session.exec(select(Drill).where(
        Drill.group_id == group_id, Drill.drill_date == day, Drill.status == HELD).order_by(Drill.id)))


def drills_between(*, session: Session, group_id: int | None, start: date, end: date) -> list[Drill]:
    """Every drill dated within [start, end] (cancelled ones included), by day."""
    stmt = select(Drill).where(Drill.drill_date >= start, Drill.drill_date <= end)
    if group_id is not None:
        stmt = stmt.where(Drill.group_id == group_id)
    return list(session.exec(stmt.order_by(Drill.drill_date, Drill.id)))


def end_drill(*, drill: Drill, ended_at: datetime) -> None:
    drill.status, drill.ended_at = HELD, ended_at


def cancel_drill(*, drill: Drill, cancelled_at: datetime) -> None:
    drill.status, drill.ended_at = CANCELLED, cancelled_at


def card_location(*, session: Session, drill: Drill) -> tuple[int, int] | None:
    """(chat, message id) of the drill's card. The adapter records the card in BotMessage
    after sending; the first lookup copies it onto the drill."""
    if drill.card_message_id is None:
        sent = first_sent(session=session, kind="drill", ref_id=drill.id)
        if sent is None:
            return None
        drill.card_chat_id, drill.card_message_id = sent.chat_id, sent.message_id
    return drill.card_chat_id, drill.card_message_id


# ---- attendance -----------------------------------------------------------------------
#
# Every sign-in and unit figure edits the card, so these statements are built once with
# bound parameters: building a statement and its cache key costs more than running it on
# SQLite. The parameters are named for what they hold (drill, unit, member, people,
# moment), not for the columns: SQLAlchemy reserves column names in INSERT and UPDATE. They run as Core on the session's connection (same transaction), with no ORM
# objects made for rows nobody reads.

_ATT = Attendance.__table__.c
_LIVE = _ATT.superseded_by.is_(None)


@functools.cache
def _sign_in_for(dialect: str):
    insert_ = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (insert_(Attendance).values(drill_id=bindparam("drill"), member_id=bindparam("member"),
                                       unit_id=None, head_count=1,
                                       signed_at=bindparam("moment", type_=_ATT.signed_at.type))
            .on_conflict_do_nothing(index_elements=["drill_id", "member_id"])
            .returning(_ATT.id))


def sign_in(*, session: Session, drill: Drill, member: Member, signed_at: datetime) -> bool:
    """Count one member once. Returns False when they had already signed in.

    The unique index on (drill_id, member_id) decides, not a read-then-write: two presses
    in flight at once both try the insert and the database keeps exactly one."""
    stmt = _sign_in_for(session.get_bind().dialect.name)
    note_write(session)
    # A row comes back only when inserted (rowcount is unreliable with RETURNING on psycopg).
    params = {"drill": drill.id, "member": member.id, "moment": signed_at}
    return session.connection().execute(stmt, params).first() is not None


_NEW_FIGURE = (insert(Attendance).values(drill_id=bindparam("drill"), unit_id=bindparam("unit"), member_id=None,
                                        head_count=bindparam("people"),
                                        signed_at=bindparam("moment", type_=_ATT.signed_at.type))
               .returning(_ATT.id))
# Figures of one drill are written one transaction at a time: on PostgreSQL two in flight
# would each miss the other's uncommitted row and both stay live (SQLite writes one at a
# time anyway; the lock is not rendered there). FOR NO KEY UPDATE, not FOR UPDATE: the
# foreign-key check of a sign-in takes FOR KEY SHARE on the drill and must not wait.
_LOCK_DRILL = select(Drill.id).where(Drill.id == bindparam("drill")).with_for_update(key_share=True)
# Every other live figure of the unit (normally one) now points at the new one: kept, no
# longer counted.
_SUPERSEDE = (update(Attendance)
              .where(_ATT.drill_id == bindparam("drill"), _ATT.unit_id == bindparam("unit"),
                     _ATT.member_id.is_(None), _LIVE, _ATT.id != bindparam("new_figure"))
              .values(superseded_by=bindparam("new_figure"))
              .returning(_ATT.id, _ATT.head_count))


class Figure(NamedTuple):
    """A unit figure's attendance row: its id and the head count it gave."""
    id: int
    head_count: int


class FigureChange(NamedTuple):
    new_id: int                 # the attendance row just written
    replaced: Figure | None     # the figure that was in force before, now superseded


def set_unit_figure(*, session: Session, drill_id: int, unit_id: int, head_count: int,
                    recorded_at: datetime) -> FigureChange:
    """A unit's head count, from its liaison, a leader or an admin: the drill locked, the
    new figure inserted, the unit's older live figures superseded (kept, no longer counted)."""
    conn = session.connection()
    note_write(session)
    conn.execute(_LOCK_DRILL, {"drill": drill_id})
    new_id = conn.execute(_NEW_FIGURE, {"drill": drill_id, "unit": unit_id, "people": head_count,
                                        "moment": recorded_at}).scalar_one()
    superseded = conn.execute(_SUPERSEDE, {"drill": drill_id, "unit": unit_id, "new_figure": new_id})
    replaced = max((Figure(*row) for row in superseded), default=None)   # the newest was in force
    return FigureChange(new_id, replaced)


# Which drills a tally covers: given the attendance table's drill_id column, a condition.
DrillCondition = Callable[[ColumnElement], ColumnElement]


def _by_unit(drill_is: DrillCondition):
    """The live attendance of the drills matched, by the head-count rule, in one pass:
    one row per (drill, unit) — unit id (None: people bound to no unit), member sign-ins
    of the unit's people, and the id of the unit's newest live figure (None if it has
    none; two live figures only if two were recorded at the same moment)."""
    member = Member.__table__
    unit_of = case((_ATT.member_id.is_(None), _ATT.unit_id), else_=member.c.unit_id)
    return (select(_ATT.drill_id, unit_of.label("u"), func.count(_ATT.member_id).label("signs"),
                   func.max(case((_ATT.member_id.is_(None), _ATT.id))).label("newest"))
            .select_from(Attendance.__table__.outerjoin(member, member.c.id == _ATT.member_id))
            .where(drill_is(_ATT.drill_id), _LIVE, or_(_ATT.member_id.is_not(None), _ATT.unit_id.is_not(None)))
            .group_by(_ATT.drill_id, unit_of)
            .subquery())


def _tally_select(drill_is: DrillCondition):
    """Rows (drill id, unit id, unit name, the unit's figure or None, its sign-ins)."""
    rows, figure, unit = _by_unit(drill_is), Attendance.__table__.alias("figure"), Unit.__table__
    return (select(rows.c.drill_id, rows.c.u, unit.c.name, figure.c.head_count, rows.c.signs)
            .select_from(rows.outerjoin(figure, figure.c.id == rows.c.newest)
                         .outerjoin(unit, unit.c.id == rows.c.u)))


def _total_select(drill_is: DrillCondition):
    """(units counted, head count) in one row, for an answer that needs only the number."""
    rows, figure = _by_unit(drill_is), Attendance.__table__.alias("figure")
    return (select(func.count(), func.sum(func.coalesce(figure.c.head_count, rows.c.signs)))
            .select_from(rows.outerjoin(figure, figure.c.id == rows.c.newest)))


def head_counts(drill_ids):
    """A subquery (drill_id, people): the head count by the rule above of each drill with
    live attendance among `drill_ids` (a select of drill ids). Statistics join it."""
    rows, figure = _by_unit(lambda drill_id: drill_id.in_(drill_ids)), Attendance.__table__.alias("figure")
    return (select(rows.c.drill_id, func.sum(func.coalesce(figure.c.head_count, rows.c.signs)).label("people"))
            .select_from(rows.outerjoin(figure, figure.c.id == rows.c.newest))
            .group_by(rows.c.drill_id).subquery())


_TALLY_ONE = _tally_select(lambda drill_id: drill_id == bindparam("drill"))
_TALLY_MANY = _tally_select(lambda drill_id: drill_id.in_(bindparam("drills", expanding=True)))
_TOTAL_ONE = _total_select(lambda drill_id: drill_id == bindparam("drill"))


@dataclass
class Tally:
    """One drill's head count: by unit id (None: people bound to no unit)."""
    by_unit: dict[int | None, int] = field(default_factory=dict)
    signed_members: int = 0          # member sign-ins, counted or absorbed by a unit figure
    declared: int | None = None
    names: dict[int, str] = field(default_factory=dict)      # the units in by_unit

    @property
    def live(self) -> bool:
        return bool(self.by_unit) or self.signed_members > 0

    @property
    def total(self) -> int:
        if self.live:
            return sum(self.by_unit.values())
        return self.declared or 0

    def add(self, unit_id: int | None, name: str | None, figure: int | None, signs: int) -> None:
        # a unit's own figure already includes its people who signed in
        self.by_unit[unit_id] = figure if figure is not None else int(signs)
        self.signed_members += int(signs)
        if unit_id is not None and name is not None:
            self.names[unit_id] = name


def tallies(*, session: Session, drills: list[Drill]) -> dict[int, Tally]:
    counted = {d.id: Tally(declared=d.declared_participants) for d in drills}
    if drills:
        rows = session.connection().execute(_TALLY_MANY, {"drills": list(counted)}).all()
        for drill_id, unit_id, name, figure, signs in rows:
            counted[drill_id].add(unit_id, name, figure, signs)
    return counted


def tally(*, session: Session, drill: Drill) -> Tally:
    counted = Tally(declared=drill.declared_participants)
    for _, unit_id, name, figure, signs in session.connection().execute(_TALLY_ONE, {"drill": drill.id}).all():
        counted.add(unit_id, name, figure, signs)
    return counted


def head_count(*, session: Session, drill: Drill) -> int:
    """The drill's participants by the head-count rule above (one row read, not a tally)."""
    units, total = session.connection().execute(_TOTAL_ONE, {"drill": drill.id}).one()
    return int(total) if units else (drill.declared_participants or 0)


def unit_names(*, session: Session, unit_ids) -> dict[int, str]:
    wanted = [i for i in unit_ids if i is not None]
    if not wanted:
        return {}
    # Two columns, not Unit objects: a drill card names every unit on each sign-in.
    return dict(session.exec(select(Unit.id, Unit.name).where(col(Unit.id).in_(wanted))).all())


# ---- statistics (summaries call these) -----------------------------------------------

@dataclass
class DrillStats:
    held: int = 0
    by_type: dict[str, int] = field(default_factory=dict)        # 类型 -> drills held
    by_unit: dict[str, int] = field(default_factory=dict)        # organiser unit -> drills held
    participants: int = 0                                        # 参演人次
    units_taking_part: list[str] = field(default_factory=list)   # organisers and units counted, by id


def drills_held(*, session: Session, start: date, end: date, group_id: int | None = None) -> list[Drill]:
    """Drills held (ended, or reported after the fact) dated within [start, end]."""
    return [d for d in drills_between(session=session, group_id=group_id, start=start, end=end)
            if d.status == HELD]


def drill_stats(*, session: Session, start: date, end: date, group_id: int | None = None) -> DrillStats:
    """Held drills in [start, end]: how many, by type, by organiser unit, 参演人次 by the
    head-count rule, and the units that took part (organised or had people counted)."""
    held = drills_held(session=session, start=start, end=end, group_id=group_id)
    counted = tallies(session=session, drills=held)
    taking_part: list[int] = []
    for d in held:
        taking_part += [d.organiser_unit_id] + [u for u, n in counted[d.id].by_unit.items() if n > 0]
    names = unit_names(session=session, unit_ids=set(taking_part))
    by_unit = Counter(names.get(d.organiser_unit_id, "未注明单位") for d in held)
    return DrillStats(
        held=len(held), by_type=dict(Counter(d.drill_type for d in held)), by_unit=dict(by_unit),
        participants=sum(t.total for t in counted.values()),
        units_taking_part=[names[i] for i in sorted(names)])     # by unit id: roster order


class SignIn(NamedTuple):
    drill_id: int
    name: str
    unit: str           # "" for a member bound to no unit
    signed_at: datetime


def sign_ins(*, session: Session, drill_ids: list[int]) -> list[SignIn]:
    """The members who signed in to these drills (live rows), in the order they did."""
    if not drill_ids:
        return []
    stmt = (select(Attendance.drill_id, Member.name, Unit.name, Attendance.signed_at)
            .join(Member, Member.id == Attendance.member_id)
            .outerjoin(Unit, Unit.id == Member.unit_id)
            .where(col(Attendance.drill_id).in_(drill_ids), col(Attendance.superseded_by).is_(None))
            .order_by(Attendance.drill_id, Attendance.signed_at, Attendance.id))
    return [SignIn(d, n or "", u or "", at) for d, n, u, at in session.exec(stmt)]
