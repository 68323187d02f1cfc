"""The outbox: replies stored in the transaction of the update that caused them, sent after
commit, marked sent once delivered.

A row is claimed by setting lease_until; only a row whose lease has run out (or never
began) can be claimed again, by one UPDATE whose row count says who won. The writer of a
row holds it from the start (its lease is written with it), so the sender that follows
the commit needs no second round trip.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from typing import NamedTuple

from sqlalchemy import Connection, bindparam, delete, insert, or_, update
from sqlmodel import Session, select

from core.redact import scrub
from storage.models import OutboxMessage


class Outgoing(NamedTuple):
    """One reply to store: where it goes and what it says (the reply as JSON)."""
    chat_id: int
    thread_id: int | None
    reply: dict
    file_content: bytes | None


# One INSERT for all of an update's replies, ids back in their order; a plain statement on
# the session's connection (the runner's write listener notes it), no ORM objects made.
_STORE = insert(OutboxMessage).returning(OutboxMessage.id, sort_by_parameter_order=True)


def store(*, session: Session, update_key: str | None, replies: list[Outgoing], now: datetime,
          lease: timedelta) -> list[int]:
    """Store replies in the session's transaction, held by their writer until the lease
    ends; their ids, in order."""
    if not replies:
        return []
    rows = [{"update_key": update_key, "chat_id": r.chat_id, "thread_id": r.thread_id, "reply": r.reply,
             "file_content": r.file_content, "created_at": now, "lease_until": now + lease,
             "sent_at": None, "attempts": 0, "error": ""} for r in replies]
    return list(session.connection().execute(_STORE, rows).scalars())


def _claimable(now: datetime):
    return (OutboxMessage.sent_at.is_(None),
            or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until <= now))


def claim_for_update(*, session: Session, update_key: str, now: datetime, lease: timedelta,
                     skip: set[int] = frozenset()) -> list[OutboxMessage]:
    """A redelivered update: its replies not yet sent and not held by another sender (nor
    by this process: `skip`), claimed for this one (the caller commits)."""
    ids = session.exec(select(OutboxMessage.id).where(OutboxMessage.update_key == update_key,
                                                      *_claimable(now)).order_by(OutboxMessage.id)).all()
    return _claim(session, [i for i in ids if i not in skip], now, lease)


def claim_stale(*, session: Session, now: datetime, lease: timedelta, skip: set[int],
                limit: int = 50) -> list[OutboxMessage]:
    """Unsent replies whose sender died (lease over), oldest first, claimed for this
    sender; `skip` holds the ids this process is sending right now."""
    query = select(OutboxMessage.id).where(*_claimable(now)).order_by(OutboxMessage.id).limit(limit + len(skip))
    ids = [i for i in session.exec(query).all() if i not in skip][:limit]
    return _claim(session, ids, now, lease)


def _claim(session: Session, ids: list[int], now: datetime, lease: timedelta) -> list[OutboxMessage]:
    won = []
    for row_id in ids:
        result = session.connection().execute(
            update(OutboxMessage).where(OutboxMessage.id == row_id, *_claimable(now))
            .values(lease_until=now + lease, attempts=OutboxMessage.attempts + 1))
        if result.rowcount == 1:
            won.append(row_id)
    if not won:
        return []
    session.info["flushed"] = True
    rows = session.exec(select(OutboxMessage).where(OutboxMessage.id.in_(won)).order_by(OutboxMessage.id))
    return [session.refresh(r) or r for r in rows]


_MARK_SENT = update(OutboxMessage).where(OutboxMessage.id == bindparam("outbox_id")).values(sent_at=bindparam("at"))


def mark_sent(*, conn: Connection, outbox_id: int, at: datetime) -> None:
    conn.execute(_MARK_SENT, {"outbox_id": outbox_id, "at": at})


def retry_later(*, conn: Connection, outbox_id: int, error: str, at: datetime) -> None:
    """A send that failed for now (network, Telegram down): the sweep tries again at `at`."""
    conn.execute(update(OutboxMessage).where(OutboxMessage.id == outbox_id)
                 .values(error=scrub(error)[:500], lease_until=at))


def give_up(*, conn: Connection, outbox_id: int, error: str, at: datetime) -> None:
    """A send Telegram refused for good (chat gone, bot removed): done, with the reason."""
    conn.execute(update(OutboxMessage).where(OutboxMessage.id == outbox_id)
                 .values(error=scrub(error)[:500], sent_at=at))


def unsent(*, session: Session) -> list[OutboxMessage]:
    return list(session.exec(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
                             .order_by(OutboxMessage.id)))


def forget_sent(*, session: Session, before: datetime) -> int:
    """Sent replies older than `before` are of no further use."""
    return session.connection().execute(
        delete(OutboxMessage).where(OutboxMessage.sent_at.is_not(None),
                                    OutboxMessage.sent_at < before)).rowcount
