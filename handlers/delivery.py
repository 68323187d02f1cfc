"""The runner's outbox: an update's replies are stored with its records (one transaction)
and sent after commit by the adapter, which marks each one sent; a redelivered update, or
the sweep after a crash, sends what is still unsent. Sent ones never go twice: a reply is
claimed (a lease) before it is sent and marked sent right after.

An update's replies are marked sent together, after the last of them went out, and the
marks ride on the next write this process makes anyway: the next update's transaction, or
the sweep's next round (`settle`): no transaction of their own. The one gap no outbox
closes: a process killed after Telegram accepted a message and before its mark was
committed sends it again (the Bot API has no idempotency key). That window runs from the
send to the next update's commit or the sweep's next round (1 s), whichever comes first.
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from handlers.base import Button, Incoming, OutFile, Reply
from storage import outbox, updates


class Deps(Protocol):
    """What the outbox needs of the runner's Deps (named here: the runner imports us)."""
    session_factory: Any
    clock: Any
    outbox_lease: float
    in_flight: set[int]
    delivered: dict[int, datetime]

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


@dataclass
class Receipts:
    """What an update's sends leave to write: the outbox rows delivered and the cards to
    remember (chat, message id, tag), handed to `settle` after its last send."""
    sent: list[int] = field(default_factory=list)
    cards: list[tuple[int, int, tuple[str, int]]] = field(default_factory=list)

    def delivered(self, reply: Reply) -> None:
        if reply.outbox_id is not None:
            self.sent.append(reply.outbox_id)

    def posted(self, chat_id: int, message_id: int, reply: Reply) -> None:
        """A card was sent: remember which record it stands for."""
        if reply.tag:
            self.cards.append((chat_id, message_id, reply.tag))


def settle(deps: Deps, receipts: Receipts) -> None:
    """After an update's last send. Its sent marks wait in `deps.delivered` for the next
    write: the next update's transaction (`write_delivered`) or the sweep's next round
    (`flush_delivered`), a commit saved per update. Cards are recorded at once, the waiting
    marks with them (the next message may answer a card)."""
    now = deps.clock.now()
    deps.delivered.update(dict.fromkeys(receipts.sent, now))
    if receipts.cards:
        flush_delivered(deps, receipts.cards)


def write_delivered(conn, deps: Deps) -> list[int]:
    """Write the waiting sent marks on `conn`, in its transaction; the ids written, to pass
    to `forget_delivered` once that transaction has committed."""
    waiting = dict(deps.delivered)
    outbox.mark_sent(conn=conn, sent=waiting)
    return list(waiting)


def forget_delivered(deps: Deps, ids: list[int]) -> None:
    """Their marks are committed: no longer waiting, nor in flight."""
    for row_id in ids:
        deps.delivered.pop(row_id, None)
        deps.in_flight.discard(row_id)


def flush_delivered(deps: Deps, cards: list[tuple[int, int, tuple[str, int]]] = ()) -> None:
    """The waiting marks (and `cards`) written in a transaction of their own."""
    if not deps.delivered and not cards:
        return
    with deps.session_factory.engine.begin() as conn:
        written = write_delivered(conn, deps)
        for chat_id, message_id, (kind, ref_id) in cards:
            updates.remember_bot_message(conn=conn, chat_id=chat_id, message_id=message_id,
                                         kind=kind, ref_id=ref_id)
    forget_delivered(deps, written)


def mark_sent(deps: Deps, reply: Reply) -> None:
    """One reply delivered, marked at once (adapters that send one reply at a time, the
    sweep)."""
    if reply.outbox_id is None:
        return
    with deps.session_factory.engine.begin() as conn:
        outbox.mark_sent(conn=conn, sent={reply.outbox_id: deps.clock.now()})
    forget_delivered(deps, [reply.outbox_id])


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
