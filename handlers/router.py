"""The order in which a message is tried: buttons, commands, replies to the assistant's
cards, hooks on replies and photos, a conversation in progress, then free text via nlu.
Features are listed in priority order, like aiogram's include_routers."""
from __future__ import annotations

import logging
import re
from functools import cache

from handlers import (admin, ask, calendar, detail, drill, duty, groups, hazard, inspection, migrate, notice, remind,
                      summary)
from handlers.access import is_registered
from handlers.base import Context, Incoming, Reply
from handlers.feature import Feature, UserError, kind_prefix
from handlers.gazetteer import known_units
from handlers.texts import common as T
from nlu import notice_questions
from nlu.intents import understand
from storage import updates

log = logging.getLogger(__name__)
MAX_TEXT = 4000


@cache
def features() -> tuple[Feature, ...]:
    return (admin.feature, groups.feature, duty.feature, hazard.feature, drill.feature, inspection.feature,
            notice.feature, ask.feature, summary.feature, remind.feature, calendar.feature, detail.feature)


def menu() -> list[tuple[str, str]]:
    return [item for f in features() for item in f.menu]


# Zero-width and direction marks pasted into a command: "/addunit 青\u200b石镇" made a second
# unit that looks like 青石镇, and /bind or /role with one found nobody.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def split_command(text: str) -> tuple[str, str]:
    head, _, args = text.partition(" ")
    if "\n" in head:
        head, _, rest = head.partition("\n")
        args = rest + (" " + args if args else "")
    command = head.split("@", 1)[0].lower()
    return command, args.strip()


async def route(incoming: Incoming, ctx: Context, hint) -> list[Reply]:
    ctx.read_afresh = _free_text
    ctx.private = incoming.chat_type == "private"
    if migrate.is_upgrade(incoming):
        return await migrate.on_upgrade(incoming, ctx)
    if incoming.chat_type == "private" and not is_registered(ctx):
        return _help_only(incoming)
    if incoming.callback_data is not None:
        return await _button(incoming, ctx)
    text = incoming.text.strip()
    if text.startswith("/"):
        return await _command(incoming, ctx, INVISIBLE.sub("", text), hint)
    if not is_registered(ctx):
        return hint(incoming, ctx)
    if incoming.edited:
        return await _edit(incoming, ctx)
    if len(text) > MAX_TEXT:
        raise UserError(T.TOO_LONG.format(limit=MAX_TEXT))
    for handled in (_reply_to_card, _hooks, _conversation):
        replies = await handled(incoming, ctx)
        if replies is not None:
            return replies
    return await _free_text(incoming, ctx, text)


def _help_only(incoming: Incoming) -> list[Reply]:
    """Someone who is not a member of the organisation, in a private chat: help only."""
    if incoming.callback_data is not None:
        return [Reply(alert=T.BUTTON_EXPIRED)]
    if split_command(incoming.text.strip())[0] == "/start":
        return [Reply(T.START_PRIVATE)]
    return [Reply(T.PRIVATE_NOT_MEMBER + T.HELP)]


# Buttons anyone in an enrolled group may press (each re-checks who may, e.g. a chat
# administrator approving a bind); every other button is for members only.
OPEN_BUTTONS = frozenset({"bind"})


async def _button(incoming: Incoming, ctx: Context) -> list[Reply]:
    prefix, _, payload = (incoming.callback_data or "").partition(":")
    if prefix not in OPEN_BUTTONS and not is_registered(ctx):
        return [Reply(alert=T.NOT_MEMBER_BUTTON)]
    for feature in features():
        handler = feature.callbacks.get(prefix)
        if handler is not None:
            return await handler(incoming, ctx, payload)
    return [Reply(alert=T.BUTTON_EXPIRED)]


async def _command(incoming: Incoming, ctx: Context, text: str, hint) -> list[Reply]:
    command, args = split_command(text)
    for feature in features():
        handler = feature.commands.get(command)
        if handler is None:
            continue
        if command not in feature.public and not is_registered(ctx):
            return hint(incoming, ctx)
        return await handler(incoming, ctx, args)
    if not is_registered(ctx):
        return hint(incoming, ctx)
    return [Reply(T.UNKNOWN_COMMAND, reply_to=incoming.message_id)]


async def _edit(incoming: Incoming, ctx: Context) -> list[Reply]:
    for feature in features():
        for on_edit in feature.edits:
            replies = await on_edit(incoming, ctx)
            if replies is not None:
                return replies
    return []


async def _reply_to_card(incoming: Incoming, ctx: Context) -> list[Reply] | None:
    if incoming.reply_to_message_id is None:
        return None
    card = updates.bot_message(session=ctx.session, chat_id=incoming.chat_id,
                               message_id=incoming.reply_to_message_id)
    if card is None:
        return None
    for feature in features():
        handler = feature.replies.get(card.kind)
        if handler is not None:
            return await handler(incoming, ctx, card)
    return None


async def _hooks(incoming: Incoming, ctx: Context) -> list[Reply] | None:
    """Features may claim a message before nlu (a 撤回 reply, a bare photo)."""
    for feature in features():
        if feature.before_text is not None:
            replies = await feature.before_text(incoming, ctx)
            if replies is not None:
                return replies
    return None


async def _conversation(incoming: Incoming, ctx: Context) -> list[Reply] | None:
    if not ctx.waiting:
        return None
    conv = updates.open_conversation(session=ctx.session, chat_id=incoming.chat_id, user_id=incoming.sender_id)
    if conv is None:
        return None
    if conv.expires_at <= ctx.clock.now():
        updates.end_conversation(session=ctx.session, conversation=conv)
        expired = None
        for feature in features():
            on_expire = feature.expired.get(kind_prefix(conv.kind))
            if on_expire is not None:
                expired = await on_expire(incoming, ctx, conv)
        follow = await _free_text(incoming, ctx, incoming.text.strip())
        return (expired or []) + follow
    prefix = kind_prefix(conv.kind)
    for feature in features():
        handler = feature.conversations.get(conv.kind) or feature.conversations.get(prefix)
        if handler is not None:
            return await handler(incoming, ctx, conv)
    return None


async def _free_text(incoming: Incoming, ctx: Context, text: str) -> list[Reply]:
    if not text:
        return [Reply(T.EMPTY)] if incoming.chat_type == "private" else []
    sent_at = incoming.sent_at or ctx.clock.now()
    cal = calendar.working_calendar(ctx.session)
    intent = understand(text, sent_at, known_units(ctx), cal)
    if intent.name in ("other", "query"):      # a notice question is `other` to the corpus's grammar
        intent = notice_questions.read(text, sent_at) or intent
    for feature in features():
        handler = feature.intents.get(intent.name)
        if handler is not None:
            replies = await handler(incoming, ctx, intent)
            if replies is not None:     # None: "not mine", the next feature may answer
                return replies + calendar.unconfirmed_notices(ctx, cal, incoming.chat_id)
    if incoming.chat_type == "private":
        return [Reply(T.NOT_UNDERSTOOD_PRIVATE)]
    return []   # group chatter ("收到", "好的") gets no answer
