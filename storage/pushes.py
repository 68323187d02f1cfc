"""Scheduled pushes: PushRecord claims (so a restart never sends one twice) and the reads
reminders need (due and overdue hazards are storage/hazards.py's). Functions flush, never commit: the caller owns each transaction."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from core.redact import scrub
from storage.models import Drill, Group, Member, PushRecord, RosterEntry

# PushRecord.status: claimed → sent | failed | skipped; claimed after a crash → unsure;
# held (quiet hours, `at` = release time) → released.
CLAIMED, SENT, FAILED, SKIPPED, UNSURE, HELD, RELEASED = (
    "claimed", "sent", "failed", "skipped", "unsure", "held", "released")


def get_push(*, session: Session, key: str) -> PushRecord | None:
    return session.exec(select(PushRecord).where(PushRecord.key == key)).first()


def claim_push(*, session: Session, key: str, chat_id: int, at: datetime) -> bool:
    """Insert the key as claimed; False when it exists already. A concurrent insert of the
    same key raises IntegrityError at flush: the caller treats that as "not mine"."""
    if get_push(session=session, key=key) is not None:
        return False
    session.add(PushRecord(key=key, chat_id=chat_id, status=CLAIMED, at=at))
    session.flush()
    return True


def mark_push(*, session: Session, key: str, status: str, at: datetime, detail: str = "") -> None:
    record = get_push(session=session, key=key)
    if record is None:
        return
    # An error's text may quote a request URL, and so the token: scrubbed before it is kept.
    record.status, record.at, record.detail = status, at, scrub(detail)[:500]
    session.flush()


def hold_push(*, session: Session, key: str, chat_id: int, release_at: datetime, detail: str) -> bool:
    """Keep a push for after quiet hours; False when the key is known already."""
    if get_push(session=session, key=key) is not None:
        return False
    session.add(PushRecord(key=key, chat_id=chat_id, status=HELD, at=release_at, detail=detail))
    session.flush()
    return True


def due_held(*, session: Session, now: datetime) -> list[PushRecord]:
    stmt = select(PushRecord).where(PushRecord.status == HELD, PushRecord.at <= now).order_by(PushRecord.id)
    return list(session.exec(stmt))


def take_held(*, session: Session, key: str, at: datetime) -> bool:
    """held → released, only if still held: two runners cannot both release it."""
    result = session.execute(update(PushRecord).where(PushRecord.key == key, PushRecord.status == HELD)
                             .values(status=RELEASED, at=at))
    return result.rowcount == 1


def expire_claims(*, session: Session, before: datetime, at: datetime) -> list[PushRecord]:
    """Claims never confirmed (a crash between claiming and recording the send) become
    'unsure': they are not sent again, and are returned so they can be logged once."""
    stale = list(session.exec(select(PushRecord).where(PushRecord.status == CLAIMED, PushRecord.at < before)))
    for record in stale:
        record.status, record.detail = UNSURE, f"claimed {record.at.isoformat()}, never confirmed"
        record.at = at
    session.flush()
    return stale


def pushes_with_prefix(*, session: Session, prefix: str) -> list[PushRecord]:
    return list(session.exec(select(PushRecord).where(col(PushRecord.key).startswith(prefix))
                             .order_by(PushRecord.id)))


# ---- what reminders read ----------------------------------------------------------------

def duty_groups(*, session: Session) -> list[Group]:
    """Groups that owe reports: enrolled, role duty, with at least one unit on the roster."""
    has_roster = select(RosterEntry.group_id).distinct()
    stmt = select(Group).where(Group.role == "duty", Group.enrolled_at != None,  # noqa: E711
                               col(Group.id).in_(has_roster)).order_by(Group.id)
    return list(session.exec(stmt))


def group_by_id(*, session: Session, group_id: int) -> Group | None:
    return session.get(Group, group_id)


def user_ids_by_unit(*, session: Session, unit_ids: list[int],
                     role: str | None = None) -> dict[int, list[tuple[int, str]]]:
    """unit id → [(platform user id, name)] of its bound members (with `role` only, e.g.
    "chief", when given)."""
    found: dict[int, list[tuple[int, str]]] = {u: [] for u in unit_ids}
    if not unit_ids:
        return found
    stmt = select(Member).where(col(Member.unit_id).in_(unit_ids)).order_by(Member.id)
    if role is not None:
        stmt = stmt.where(Member.role == role)
    for member in session.exec(stmt):
        found[member.unit_id].append((member.user_id, member.name))
    return found


def user_id_of_member(*, session: Session, member_id: int | None) -> int | None:
    member = session.get(Member, member_id) if member_id is not None else None
    return member.user_id if member else None


def drills_starting(*, session: Session, after: datetime, until: datetime) -> list[Drill]:
    """Planned drills starting in (after, until]."""
    stmt = select(Drill).where(Drill.status == "planned", col(Drill.planned_at).is_not(None),
                               Drill.planned_at > after, Drill.planned_at <= until).order_by(Drill.planned_at)
    return list(session.exec(stmt))


def save_settings(*, group: Group, settings: dict, deadline: str | None = None) -> None:
    # A new dict, so the JSON column is seen as changed.
    group.settings = dict(settings)
    if deadline is not None:
        group.deadline = deadline


def topic_of(*, session: Session, chat_id: int) -> int | None:
    """The forum topic a group's pushes go to (/remind 话题), None for the general one."""
    settings = session.exec(select(Group.settings).where(Group.chat_id == chat_id)).first()
    topic = (settings or {}).get("topic")
    return int(topic) if topic is not None else None
