"""Hazards (隐患) and their audit trail. Keyword-only functions that flush, never commit.

Status flow: 待整改 → 整改中 → 已整改 → 已销号 (a leader may send 已整改/已销号 back to
待整改). Every change, and every photo added, is one HazardEvent.

Functions other features call (summaries, reminders):
  open_hazards(session=, group_ids=)           not yet 销号, oldest first
  listing_order(hazard)                         /hazards' order: to rectify first, by deadline
  hazards_due(session=, on_day=, group_ids=)    deadline is that day, not yet rectified
  overdue_hazards(session=, today=, group_ids=) [(hazard, days overdue)], most overdue first
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Integer, bindparam, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, func, select

from storage.models import Group, Hazard, HazardEvent

TO_RECTIFY, IN_PROGRESS, RECTIFIED, CLOSED = "待整改", "整改中", "已整改", "已销号"
STATUSES = (TO_RECTIFY, IN_PROGRESS, RECTIFIED, CLOSED)
PENDING = (TO_RECTIFY, IN_PROGRESS)          # still to be rectified: these can be overdue
OPEN = (TO_RECTIFY, IN_PROGRESS, RECTIFIED)  # not yet closed (销号)
DONE = (RECTIFIED, CLOSED)                   # rectified, closed or not: what statistics count as 已整改
CODE_RETRIES = 20


def code_for(found: date, number: int) -> str:
    return f"YH-{found:%Y%m%d}-{number:03d}"


def overdue_days(hazard, today: date) -> int:
    """Days past the deadline for a hazard still to be rectified; 0 otherwise. `hazard`:
    anything with status and deadline (a Hazard, a 台账 item)."""
    if hazard.status not in PENDING or hazard.deadline is None or today <= hazard.deadline:
        return 0
    return (today - hazard.deadline).days


def _number_of(code: str | None) -> int:
    return int(code.rsplit("-", 1)[1]) if code else 0


# Every report runs these: built once (building a statement and its cache key costs more
# than running it on SQLite), run as plain statements on the session's connection.
# The day's newest code by insertion: one probe of ix_hazard_found (SQLite keeps the row
# id in the index), where the highest code needs every code of a busy day (1,500 in B1).
_LATEST_CODE = (select(Hazard.code).where(Hazard.found_date == bindparam("day"))
                .order_by(col(Hazard.id).desc()).limit(1))
# The highest code of the day whatever the order of insertion: longer is higher ("…-1000"
# after "…-999"), then by text. By found_date, not by a code range: a range of text
# depends on the database's collation.
_HIGHEST_CODE = (select(Hazard.code).where(Hazard.found_date == bindparam("day"))
                 .order_by(func.length(Hazard.code).desc(), col(Hazard.code).desc()).limit(1))
_EVENT = insert(HazardEvent)
# PostgreSQL: a transaction-scoped advisory lock per day (two int4 keys: a space of our
# own, "YH", and the day), released at commit.
_CODE_LOCK = select(func.pg_advisory_xact_lock(bindparam("space", type_=Integer),
                                               bindparam("day", type_=Integer)))
_CODE_LOCK_SPACE = 0x5948


def _next_number(session: Session, found: date) -> int:
    """The number a new code of that day most likely gets: the newest code's plus one
    (codes are handed out in order, so the newest is the highest)."""
    return _number_of(session.connection().execute(_LATEST_CODE, {"day": found}).scalar()) + 1


def _free_number(session: Session, found: date) -> int:
    """After a collision: above the day's highest code, however the codes came to be."""
    return _number_of(session.connection().execute(_HIGHEST_CODE, {"day": found}).scalar()) + 1


@functools.cache
def _insert_for(dialect: str):
    """INSERT … ON CONFLICT (code) DO NOTHING RETURNING id: a code taken by a racing report
    returns no row instead of failing, so no savepoint is needed to retry (PostgreSQL
    aborts a transaction on a failed statement). SQLite ≥ 3.35 and PostgreSQL both run it."""
    insert_ = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert_(Hazard).on_conflict_do_nothing(index_elements=["code"]).returning(Hazard.id)


@dataclass
class NewHazard:
    place: str
    description: str
    categories: list[str]
    level: str = "一般"
    responsible: str = ""
    deadline: date | None = None
    unit_id: int | None = None
    photos: tuple[str, ...] = ()


def create_hazard(*, session: Session, group: Group, new: NewHazard, found_date: date,
                  reporter_id: int | None, at: datetime, chat_id: int,
                  message_id: int | None) -> Hazard:
    """Store a hazard under the next free code of its day (codes count across all groups)
    and its first event: an index probe and two INSERTs; the hazard is then loaded, an
    ordinary object of the session."""
    cats = list(new.categories) or ["其他"]
    row = dict(group_id=group.id, unit_id=new.unit_id, place=new.place, description=new.description,
               category=cats[0], categories=cats, level=new.level, responsible=new.responsible,
               found_date=found_date, deadline=new.deadline, status=TO_RECTIFY, reporter_id=reporter_id,
               photos=list(new.photos), source_chat_id=chat_id, source_message_id=message_id,
               created_at=at, rectified_at=None, closed_at=None)
    hazard_id, _ = _insert_under_free_code(session, found_date, row)
    session.connection().execute(_EVENT, {"hazard_id": hazard_id, "actor_id": reporter_id, "at": at,
                                          "from_status": "", "to_status": TO_RECTIFY, "note": "上报",
                                          "photo": new.photos[0] if new.photos else None})
    return session.get(Hazard, hazard_id)


def _insert_under_free_code(session: Session, found: date, row: dict) -> tuple[int, str]:
    """Two reports at once may pick the same number: the loser's insert does nothing and it
    tries above the day's highest code; nothing else pending in the transaction is lost."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # Reports of one day take their codes one after another. Without this, racing
        # reports on several connections collide on the same number again and again, and
        # under load one could lose every retry. SQLite lets one writer in at a time anyway.
        conn.execute(_CODE_LOCK, {"space": _CODE_LOCK_SPACE, "day": found.toordinal()})
    insert_ = _insert_for(conn.dialect.name)
    number = _next_number(session, found)
    for _ in range(CODE_RETRIES):
        code = code_for(found, number)
        hazard_id = conn.execute(insert_, {"code": code, **row}).scalar()
        if hazard_id is not None:
            return hazard_id, code
        number = _free_number(session, found)
    raise RuntimeError(f"no free hazard code for {found}")


def get_hazard(*, session: Session, hazard_id: int) -> Hazard | None:
    return session.get(Hazard, hazard_id)


def find_by_code(*, session: Session, code: str) -> Hazard | None:
    return session.exec(select(Hazard).where(Hazard.code == code.strip().upper())).first()


def change_status(*, session: Session, hazard: Hazard, to_status: str, actor_id: int | None,
                  at: datetime, note: str = "", photo: str | None = None) -> HazardEvent:
    """Move a hazard and record who, when, why. Callers check the move is allowed."""
    if to_status not in STATUSES:
        raise ValueError(to_status)
    event = HazardEvent(hazard_id=hazard.id, actor_id=actor_id, at=at, from_status=hazard.status,
                        to_status=to_status, note=note, photo=photo)
    hazard.status = to_status
    if to_status == RECTIFIED:
        hazard.rectified_at = at
    elif to_status in PENDING:       # sent back: the earlier rectification no longer stands
        hazard.rectified_at = None
        hazard.closed_at = None
    elif to_status == CLOSED:
        hazard.closed_at = at
    if photo and photo not in hazard.photos:
        hazard.photos = [*hazard.photos, photo]
    session.add(event)
    session.flush()
    return event


def add_photos(*, session: Session, hazard: Hazard, photos: Iterable[str], actor_id: int | None,
               at: datetime, note: str = "补充照片") -> int:
    """Attach photos (platform file ids); one event per new photo. Returns how many were new."""
    fresh = [p for p in dict.fromkeys(photos) if p not in hazard.photos]
    if not fresh:
        return 0
    hazard.photos = [*hazard.photos, *fresh]
    for photo in fresh:
        session.add(HazardEvent(hazard_id=hazard.id, actor_id=actor_id, at=at, from_status=hazard.status,
                                to_status=hazard.status, note=note, photo=photo))
    session.flush()
    return len(fresh)


def events_of(*, session: Session, hazard_id: int) -> list[HazardEvent]:
    return list(session.exec(select(HazardEvent).where(HazardEvent.hazard_id == hazard_id)
                             .order_by(HazardEvent.at, HazardEvent.id)))


def listing_order(hazard: Hazard) -> tuple:
    """The order /hazards lists open hazards in, and its 明细 pages: those still to be
    rectified first, soonest deadline first (none last), then by code."""
    return hazard.status == RECTIFIED, hazard.deadline or date.max, hazard.code


def _in_groups(stmt, group_ids: Iterable[int] | None):
    return stmt if group_ids is None else stmt.where(col(Hazard.group_id).in_(list(group_ids)))


def open_hazards(*, session: Session, group_ids: Iterable[int] | None = None) -> list[Hazard]:
    """Hazards not yet closed (待整改, 整改中, 已整改 awaiting 销号) in these groups (None: all),
    in the order they were found."""
    stmt = select(Hazard).where(col(Hazard.status).in_(OPEN)).order_by(Hazard.found_date, Hazard.code)
    return list(session.exec(_in_groups(stmt, group_ids)))


def hazards_due(*, session: Session, on_day: date, group_ids: Iterable[int] | None = None) -> list[Hazard]:
    """Hazards whose deadline is on_day and that are not yet rectified, in these groups
    (None: all)."""
    stmt = select(Hazard).where(Hazard.deadline == on_day, col(Hazard.status).in_(PENDING)) \
        .order_by(Hazard.group_id, Hazard.code)
    return list(session.exec(_in_groups(stmt, group_ids)))


def overdue_hazards(*, session: Session, today: date,
                    group_ids: Iterable[int] | None = None) -> list[tuple[Hazard, int]]:
    """(hazard, days overdue) for hazards past their deadline and not rectified; today is
    the group's local date. Most overdue first."""
    stmt = select(Hazard).where(col(Hazard.status).in_(PENDING), col(Hazard.deadline).is_not(None),
                                col(Hazard.deadline) < today)
    rows = [(h, overdue_days(h, today)) for h in session.exec(_in_groups(stmt, group_ids))]
    return sorted(rows, key=lambda pair: (-pair[1], pair[0].code))


def open_matching(*, session: Session, group_id: int, text_: str, place: str | None,
                  unit_id: int | None) -> list[Hazard]:
    """Hazards still to be rectified in a group that a "…已整改" message may mean: the
    named place contains or is contained in the hazard's place, the hazard's place appears
    in the text, or the hazard belongs to the named unit."""
    stmt = select(Hazard).where(Hazard.group_id == group_id, col(Hazard.status).in_(PENDING))
    found = []
    for hazard in session.exec(stmt.order_by(Hazard.found_date, Hazard.code)):
        by_place = bool(hazard.place) and (hazard.place in text_ or bool(place) and
                                           (place in hazard.place or hazard.place in place))
        if by_place or (unit_id is not None and hazard.unit_id == unit_id):
            found.append(hazard)
    return found
