"""One incoming message, one transaction: look up who is speaking, route, and commit the
records together with the update id, so a redelivered update is a no-op."""
from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, ProgrammingError

from core.clock import Clock, local
from handlers import delivery, migrate, router
from handlers.access import is_enrolled, is_org_admin
from handlers.base import Context, Incoming, Platform, Reply, Settings, no_model
from handlers.feature import UserError
from handlers.texts import common as T
from reports.polish import Model
from storage import people, updates
from storage.db import SessionFactory

log = logging.getLogger(__name__)


@dataclass
class HintMemory:
    """Strangers are hinted once a day per chat. Kept in memory on purpose: nothing is
    written to the database for someone who has not registered."""
    limit: int = 10_000
    seen: OrderedDict = field(default_factory=OrderedDict)

    def first_today(self, chat_id: int, user_id: int | str, day: date) -> bool:
        key = (chat_id, user_id, day)
        if key in self.seen:
            return False
        self.seen[key] = True
        while len(self.seen) > self.limit:
            self.seen.popitem(last=False)
        return True


@dataclass
class Deps:
    session_factory: SessionFactory
    clock: Clock
    settings: Settings
    platform: Platform
    hints: HintMemory = field(default_factory=HintMemory)
    open_model: Callable[[], Model | None] = no_model
    # The outbox: how long a sender holds a stored reply before another may send it, and
    # the ids this process is sending now (its own sweep leaves them alone).
    outbox_lease: float = 300.0
    in_flight: set[int] = field(default_factory=set)
    # Pauses between tries of an update whose write failed (locked, disk full, connection
    # lost, serialisation failure); after the last one the sender is told to resend.
    write_backoff: tuple[float, ...] = (0.05, 0.2, 0.8, 2.0)


def _hint(deps: Deps):
    def hint(incoming: Incoming, ctx: Context) -> list[Reply]:
        today = local(ctx.clock.now(), deps.settings.timezone).date()
        if not deps.hints.first_today(incoming.chat_id, incoming.sender_id, today):
            return []
        name = incoming.sender_name or "您"
        return [Reply(T.STRANGER_HINT.format(name=name), reply_to=incoming.message_id)]
    return hint


async def process(incoming: Incoming, deps: Deps) -> list[Reply]:
    """Handle one update; a database error other than a duplicate is tried again after a
    pause, and when it still fails the sender hears that nothing was recorded (the update
    is not marked processed: a redelivery tries it again)."""
    for pause in (*deps.write_backoff, None):
        try:
            return await _process_once(incoming, deps)
        except DBAPIError as exc:
            if not retryable(exc):
                raise
            if pause is None:
                log.error("update %s (chat %s message %s) not recorded, database error: %s",
                          incoming.update_key, incoming.chat_id, incoming.message_id, exc.orig or exc)
                return _not_recorded(incoming)
            log.warning("update %s: database error, trying again in %.2fs: %s",
                        incoming.update_key, pause, exc.orig or exc)
            await asyncio.sleep(pause)
    raise AssertionError("unreachable")


def retryable(exc: BaseException) -> bool:
    """Locked, disk full, connection lost, serialisation failure: yes. A duplicate (the
    unique update key decides between replicas) or a bad statement (a bug): no."""
    return isinstance(exc, DBAPIError) and not isinstance(exc, (IntegrityError, ProgrammingError, DataError))


def _not_recorded(incoming: Incoming) -> list[Reply]:
    if incoming.callback_data is not None:
        return [Reply(alert=T.NOT_RECORDED)]
    return [Reply(T.NOT_RECORDED, reply_to=incoming.message_id, thread=incoming.thread_id)]


async def _process_once(incoming: Incoming, deps: Deps) -> list[Reply]:
    with deps.session_factory() as session:
        key = incoming.update_key
        # Member and role are read from the database on every message (never cached): a
        # permission changed on another replica counts at once.
        member, group, seen, waiting = updates.arrival(session=session, user_id=incoming.sender_id,
                                                       chat_id=incoming.chat_id, update_key=key)
        ctx = Context(session=session, clock=deps.clock, settings=deps.settings, platform=deps.platform,
                      member=member, group=group, is_bot_admin=incoming.sender_id in deps.settings.admin_ids,
                      waiting=waiting, open_model=deps.open_model)
        closed = await _gate(incoming, ctx, deps)
        if closed is not None:
            return closed       # nobody to trust here: nothing written, not even the update id
        # A redelivered update is normally caught here; the unique update key at commit
        # catches the rest (two replicas handling the same update at the same moment).
        if key and (ctx.member or ctx.is_bot_admin) and seen:
            return delivery.redelivered(session, incoming, deps)
        replies = await _route(incoming, ctx, deps)
        if session.info.pop("enrolled_now", False):
            replies = _enrolled_first(replies)
        if not (ctx.member or ctx.is_bot_admin) and not _wrote(session):
            return replies      # a stranger: nothing at all is written, not even the update id
        try:
            delivery.store(session, incoming, replies, deps)
            if key:
                updates.mark_processed(session=session, update_key=key, at=deps.clock.now())
            _commit(session)
        except IntegrityError:
            session.rollback()
            if key and updates.already_processed(session=session, update_key=key):
                return []       # another replica committed this update first: its answer stands
            log.exception("commit failed on chat %s message %s", incoming.chat_id, incoming.message_id)
            return _failure(incoming)
        delivery.hold(deps, replies)
        return replies


# A root admin's setup command enrols a group at once. Other commands do not: a root admin
# pulled into a stranger's group who types /help or /today there must not enrol it.
SETUP_COMMANDS = frozenset({"/enable", "/addunit", "/remind"})


async def _gate(incoming: Incoming, ctx: Context, deps: Deps) -> list[Reply] | None:
    """The trust boundary before any handler: anonymous senders are nobody, and a group
    takes part only once enrolled (a root admin's setup command enrols it at once; an
    organisation admin's /enable is let through to enrol it). None: go on."""
    if migrate.is_upgrade(incoming):
        return None     # set by Telegram alone, whoever upgraded (an anonymous admin too)
    if incoming.anonymous:
        return _once_a_day(incoming, ctx, deps, T.ANONYMOUS, "anonymous",
                           always=incoming.text.startswith("/"))
    if incoming.chat_type == "private" or is_enrolled(ctx.group):
        return None
    command = router.split_command(incoming.text.strip())[0] if incoming.text.startswith("/") else None
    if command in SETUP_COMMANDS and ctx.is_bot_admin and incoming.callback_data is None:
        ctx.group = people.enrol_group(session=ctx.session, chat_id=incoming.chat_id,
                                       title=incoming.chat_title or "", by=incoming.sender_id,
                                       at=ctx.clock.now())
        # committed at once: the group stays enrolled even when the command itself is refused
        ctx.session.commit()
        ctx.session.info["enrolled_now"] = True
        return None
    if command == "/enable" and is_org_admin(ctx):
        return None
    text = T.NOT_ENABLED
    if ctx.platform.can_read_all_group_messages is False:      # says nothing of the organisation
        text += "\n\n" + T.PRIVACY_WARNING
    return _once_a_day(incoming, ctx, deps, text, "chat")


def _enrolled_first(replies: list[Reply]) -> list[Reply]:
    """Say the group was just enrolled, in the first answer (one message, not two)."""
    for reply in replies:
        if reply.text and reply.edit_message_id is None and reply.chat_id is None:
            reply.text = T.ENROLLED_NOW + "\n\n" + reply.text
            return replies
    return [Reply(T.ENROLLED_NOW)] + replies


def _once_a_day(incoming: Incoming, ctx: Context, deps: Deps, text: str, who: str, *,
                always: bool = False) -> list[Reply]:
    if incoming.callback_data is not None:
        return [Reply(alert=text)]
    today = local(ctx.clock.now(), deps.settings.timezone).date()
    if not deps.hints.first_today(incoming.chat_id, who, today) and not always:
        return []
    return [Reply(text, reply_to=incoming.message_id)]


async def _route(incoming: Incoming, ctx: Context, deps: Deps) -> list[Reply]:
    try:
        return await router.route(incoming, ctx, _hint(deps))
    except DBAPIError as exc:
        if retryable(exc):
            raise               # process() tries the whole update again
        _rollback(ctx.session)
        log.exception("handler failed on chat %s message %s", incoming.chat_id, incoming.message_id)
        return _failure(incoming)
    except UserError as refusal:
        _rollback(ctx.session)
        if incoming.callback_data is not None:
            return [Reply(alert=refusal.text)]
        return [Reply(refusal.text, reply_to=incoming.message_id)]
    except Exception:
        _rollback(ctx.session)
        log.exception("handler failed on chat %s message %s", incoming.chat_id, incoming.message_id)
        return _failure(incoming)


def _commit(session) -> None:
    conn = session.connection()
    try:
        session.commit()
    except DBAPIError as exc:
        if retryable(exc):
            # A COMMIT that failed (SQLite busy, a dropped connection) can leave the
            # driver's transaction open, and the pool would hand it, writes and all, to
            # the next user, whose commit would store them: throw the connection away.
            conn.invalidate()
        raise


def _rollback(session) -> None:
    session.rollback()
    session.info["flushed"] = False     # what was flushed is gone: nothing was written


def _failure(incoming: Incoming) -> list[Reply]:
    if incoming.callback_data is not None:
        return [Reply(alert=T.INTERNAL_ERROR)]
    return [Reply(T.INTERNAL_ERROR)]


def _wrote(session) -> bool:
    return bool(session.info.get("flushed") or session.new or session.dirty or session.deleted)


def record_sent(deps: Deps, chat_id: int, message_id: int, tag: tuple[str, int]) -> None:
    """After a card was sent: remember which record it stands for."""
    with deps.session_factory.engine.begin() as conn:
        updates.remember_bot_message(conn=conn, chat_id=chat_id, message_id=message_id,
                                     kind=tag[0], ref_id=tag[1])


def render_view(deps: Deps, reply: Reply) -> Reply | None:
    """A lazy edit (Reply.view) with its text as the view is now, read in a short session
    of its own (the update's transaction is long over); any other reply as it is. None:
    the view shows nothing any more. Adapters call it as the edit goes out."""
    if reply.view is None:
        return reply
    kind, ref_id = reply.view
    for feature in router.features():
        draw = feature.views.get(kind)
        if draw is not None:
            with deps.session_factory() as session:
                text = draw(session, ref_id, deps.clock.now())
            return None if text is None else replace(reply, text=text)
    log.warning("no view of kind %r: edit dropped", kind)
    return None
