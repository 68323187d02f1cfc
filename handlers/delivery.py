"""The runner's outbox: an update's replies are stored with its records (one transaction)
and sent after commit by the adapter, which marks each one sent; a redelivered update, or
the sweep after a crash, sends what is still unsent. Sent ones never go twice: a reply is
claimed (a lease) before it is sent and marked sent right after.

The one gap no outbox closes: a process killed after Telegram accepted a message and
before its mark was written sends that one again (the Bot API has no idempotency key).
"""
from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import timedelta
from typing import Any, Protocol

from handlers.base import Button, Incoming, OutFile, Reply
from storage import outbox


class Deps(Protocol):
    """What the outbox needs of the runner's Deps (named here: the runner imports us)."""
    session_factory: Any
    clock: Any
    outbox_lease: float
    in_flight: set[int]

log = logging.getLogger(__name__)


def to_row(reply: Reply) -> tuple[dict, bytes | None]:
    """A reply as JSON (the file's bytes apart, for a binary column)."""
    data = asdict(reply)
    data.pop("outbox_id", None)
    content = None
    if reply.file is not None:
        content = reply.file.content
        data["file"] = {k: v for k, v in data["file"].items() if k != "content"}
    return data, content


def from_row(row) -> Reply:
    data = dict(row.reply)
    buttons = [[Button(**b) for b in line] for line in data.pop("buttons", [])]
    file = data.pop("file", None)
    tag = data.pop("tag", None)
    view = data.pop("view", None)
    mentions = tuple(data.pop("mention_user_ids", None) or ())
    return Reply(**data, buttons=buttons, tag=tuple(tag) if tag else None, mention_user_ids=mentions,
                 view=tuple(view) if view else None,
                 file=OutFile(**file, content=row.file_content or b"") if file else None,
                 outbox_id=row.id)


def _lease(deps: Deps) -> timedelta:
    return timedelta(seconds=deps.outbox_lease)


def store(session, incoming: Incoming, replies: list[Reply], deps: Deps) -> list[Reply]:
    """Store each reply that will be sent (not a button's popup) in this transaction."""
    kept = [reply for reply in replies if reply.shows_something]
    rows = []
    for reply in kept:
        data, content = to_row(reply)
        chat_id, thread_id = incoming.chat_id, incoming.thread_id
        if reply.chat_id not in (None, incoming.chat_id):
            # Sent elsewhere: it quotes nothing and takes no topic from here (as send_reply
            # does), so the row names only the chat it goes to.
            chat_id, thread_id, data["reply_to"] = reply.chat_id, None, None
        rows.append(outbox.Outgoing(chat_id, thread_id, data, content))
    ids = outbox.store(session=session, update_key=incoming.update_key, replies=rows,
                       now=deps.clock.now(), lease=_lease(deps))
    for reply, row_id in zip(kept, ids):
        reply.outbox_id = row_id
    return replies


def hold(deps: Deps, replies: list[Reply]) -> None:
    """After commit: this process sends these, so its sweep and redeliveries keep off them
    whatever their lease says (a send may wait long in the pacer)."""
    deps.in_flight.update(r.outbox_id for r in replies if r.outbox_id is not None)


def redelivered(session, incoming: Incoming, deps: Deps) -> list[Reply]:
    """A redelivered update: its replies that were stored but never sent, now claimed."""
    rows = outbox.claim_for_update(session=session, update_key=incoming.update_key,
                                   now=deps.clock.now(), lease=_lease(deps), skip=deps.in_flight)
    deps.in_flight.update(r.id for r in rows)
    if rows:
        session.commit()
        log.info("update %s redelivered: sending %d stored replies", incoming.update_key, len(rows))
    return [from_row(r) for r in rows]


def claim_stale(deps: Deps, in_flight: set[int], limit: int = 50) -> list[tuple[int, int | None, Reply]]:
    """(chat, topic, reply) of replies whose sender died, claimed for this process."""
    with deps.session_factory() as session:
        rows = outbox.claim_stale(session=session, now=deps.clock.now(), lease=_lease(deps),
                                  skip=in_flight, limit=limit)
        session.commit()
        in_flight.update(r.id for r in rows)
        return [(r.chat_id, r.thread_id, from_row(r)) for r in rows]


def mark_sent(deps: Deps, reply: Reply) -> None:
    if reply.outbox_id is None:
        return
    deps.in_flight.discard(reply.outbox_id)
    with deps.session_factory.engine.begin() as conn:
        outbox.mark_sent(conn=conn, outbox_id=reply.outbox_id, at=deps.clock.now())


def mark_failed(deps: Deps, reply: Reply, error: BaseException, *, for_good: bool) -> None:
    """A send that failed: retried by the sweep after a pause, or given up with its reason
    (the text is scrubbed of secrets before it is stored)."""
    if reply.outbox_id is None:
        return
    now = deps.clock.now()
    with deps.session_factory.engine.begin() as conn:
        if for_good:
            outbox.give_up(conn=conn, outbox_id=reply.outbox_id, error=repr(error), at=now)
        else:
            outbox.retry_later(conn=conn, outbox_id=reply.outbox_id, error=repr(error),
                               at=now + timedelta(seconds=30))
