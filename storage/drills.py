"""Drills and their attendance: create, sign in, unit head counts (superseded, never
deleted), end or cancel, and the statistics summaries read.

Head-count rule (storage/stats.py uses the same): a drill's participants are, when it has
live attendance rows (superseded_by is null), the sum of its unit figures (unit_id set,
member_id null) plus the member sign-ins (member_id set) whose member's unit has no live
unit figure on that drill; otherwise its declared_participants (an after-the-fact report,
"参演200余人"), or 0.

Functions are keyword-only, flush and never commit.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage.models import Attendance, BotMessage, Drill, Member, Unit

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


def open_drills(*, session: Session, group_id: int, since: date, until: date) -> list[Drill]:
    """Drills not ended nor cancelled dated within [since, until], newest day first."""
    stmt = (select(Drill).where(Drill.group_id == group_id, Drill.status == OPEN_STATUS,
                                col(Drill.ended_at).is_(None), Drill.drill_date >= since,
                                Drill.drill_date <= until)
            .order_by(col(Drill.drill_date).desc(), col(Drill.id).desc()))
    return list(session.exec(stmt))


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


def end_drill(*, drill: Drill, at: datetime) -> None:
    drill.status, drill.ended_at = HELD, at


def cancel_drill(*, drill: Drill, at: datetime) -> None:
    drill.status, drill.ended_at = CANCELLED, at


def card_location(*, session: Session, drill: Drill) -> tuple[int, int] | None:
    """(chat, message id) of the drill's card. The adapter records the card in BotMessage
    after sending; the first lookup copies it onto the drill."""
    if drill.card_message_id is None:
        sent = session.exec(select(BotMessage).where(BotMessage.kind == "drill", BotMessage.ref_id == drill.id)
                            .order_by(BotMessage.id)).first()
        if sent is None:
            return None
        drill.card_chat_id, drill.card_message_id = sent.chat_id, sent.message_id
    return drill.card_chat_id, drill.card_message_id


# ---- attendance -----------------------------------------------------------------------

def sign_in(*, session: Session, drill: Drill, member: Member, at: datetime) -> bool:
    """Count one member once. Returns False when they had already signed in.

    The unique index on (drill_id, member_id) decides, not a read-then-write: two presses
    in flight at once both try the insert and the database keeps exactly one."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (insert(Attendance).values(drill_id=drill.id, member_id=member.id, unit_id=None, head_count=1,
                                      signed_at=at)
            .on_conflict_do_nothing(index_elements=["drill_id", "member_id"])
            .returning(Attendance.id))
    # A row comes back only when inserted (rowcount is unreliable with RETURNING on psycopg).
    return session.connection().execute(stmt).first() is not None


def unit_figure(*, session: Session, drill_id: int, unit_id: int) -> Attendance | None:
    return session.exec(select(Attendance).where(
        Attendance.drill_id == drill_id, Attendance.unit_id == unit_id,
        col(Attendance.member_id).is_(None), col(Attendance.superseded_by).is_(None))).first()


def record_unit_count(*, session: Session, drill: Drill, unit_id: int, head_count: int,
                      at: datetime) -> tuple[Attendance, Attendance | None]:
    """A unit's head count; an earlier live figure for the unit is superseded, kept.
    Returns (new, superseded or None)."""
    previous = unit_figure(session=session, drill_id=drill.id, unit_id=unit_id)
    row = Attendance(drill_id=drill.id, unit_id=unit_id, member_id=None, head_count=head_count, signed_at=at)
    session.add(row)
    session.flush()
    if previous is not None:
        previous.superseded_by = row.id
        session.flush()
    return row, previous


def live_attendance(*, session: Session, drill_ids: list[int]) -> list[tuple[Any, int | None]]:
    """Live rows (drill_id, member_id, unit_id, head_count; read-only, not ORM objects: a
    card is counted on every sign-in, over every row) with, for member sign-ins, the
    member's unit id."""
    if not drill_ids:
        return []
    stmt = (select(Attendance.drill_id, Attendance.member_id, Attendance.unit_id, Attendance.head_count,
                   Member.unit_id.label("member_unit"))
            .join(Member, Member.id == Attendance.member_id, isouter=True)
            .where(col(Attendance.drill_id).in_(drill_ids), col(Attendance.superseded_by).is_(None))
            .order_by(Attendance.id))
    return [(row, row.member_unit) for row in session.exec(stmt)]


@dataclass
class Tally:
    """One drill's head count: by unit id (None: people bound to no unit)."""
    by_unit: dict[int | None, int] = field(default_factory=dict)
    signed_members: int = 0          # member sign-ins, counted or absorbed by a unit figure
    declared: int | None = None

    @property
    def live(self) -> bool:
        return bool(self.by_unit) or self.signed_members > 0

    @property
    def total(self) -> int:
        if self.live:
            return sum(self.by_unit.values())
        return self.declared or 0


def _tally_rows(rows: list[tuple[Attendance, int | None]], declared: int | None) -> Tally:
    figures = {a.unit_id: a.head_count for a, _ in rows if a.member_id is None and a.unit_id is not None}
    tally = Tally(by_unit=dict(figures), declared=declared)
    for row, member_unit in rows:
        if row.member_id is None:
            continue
        tally.signed_members += 1
        if member_unit not in figures:       # a unit's own figure already includes its people
            tally.by_unit[member_unit] = tally.by_unit.get(member_unit, 0) + 1
    return tally


def tallies(*, session: Session, drills: list[Drill]) -> dict[int, Tally]:
    rows = live_attendance(session=session, drill_ids=[d.id for d in drills])
    per_drill: dict[int, list] = {d.id: [] for d in drills}
    for row, member_unit in rows:
        per_drill[row.drill_id].append((row, member_unit))
    return {d.id: _tally_rows(per_drill[d.id], d.declared_participants) for d in drills}


def tally(*, session: Session, drill: Drill) -> Tally:
    return tallies(session=session, drills=[drill])[drill.id]


def head_count(*, session: Session, drill: Drill) -> int:
    """The drill's participants by the head-count rule above."""
    return tally(session=session, drill=drill).total


def unit_names(*, session: Session, ids) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
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
    names = unit_names(session=session, ids=set(taking_part))
    by_unit = Counter(names.get(d.organiser_unit_id, "未注明单位") for d in held)
    return DrillStats(
        held=len(held), by_type=dict(Counter(d.drill_type for d in held)), by_unit=dict(by_unit),
        participants=sum(t.total for t in counted.values()),
        units_taking_part=[names[i] for i in sorted(names)])     # by unit id: roster order
