"""The order in which a message is tried: buttons, commands, replies to the assistant's
cards, hooks on replies and photos, a conversation in progress, then free text via nlu.
Features are listed in priority order, like aiogram's include_routers."""
from __future__ import annotations

import logging
from functools import cache

from handlers import admin, ask, drill, duty, hazard, migrate, remind, summary
from handlers.access import is_admin, is_registered
from handlers.base import Context, Incoming, Reply
from handlers.feature import Feature, UserError
from handlers.gazetteer import known_units
from handlers.texts import common as T
from nlu.intents import understand
from storage import updates

log = logging.getLogger(__name__)
MAX_TEXT = 4000


@cache
def features() -> tuple[Feature, ...]:
    return (admin.feature, duty.feature, hazard.feature, drill.feature, ask.feature, summary.feature,
            remind.feature)


def menu() -> list[tuple[str, str]]:
    return [item for f in features() for item in f.menu]


def split_command(text: str) -> tuple[str, str]:
    head, _, args = text.partition(" ")
    if "\n" in head:
        head, _, rest = head.partition("\n")
        args = rest + (" " + args if args else "")
    command = head.split("@", 1)[0].lower()
    return command, args.strip()


async def route(incoming: Incoming, ctx: Context, hint) -> list[Reply]:
    ctx.read_afresh = _free_text
    if migrate.is_upgrade(incoming):
        return await migrate.on_upgrade(incoming, ctx)
    if incoming.callback_data is not None:
        return await _button(incoming, ctx)
    text = incoming.text.strip()
    if text.startswith("/"):
        return await _command(incoming, ctx, text, hint)
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


async def _button(incoming: Incoming, ctx: Context) -> list[Reply]:
    prefix, _, payload = (incoming.callback_data or "").partition(":")
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
        if command not in feature.public and not is_registered(ctx) \
                and not await _unbound_chat_admin(incoming, ctx):
            return hint(incoming, ctx)
        return await handler(incoming, ctx, args)
    if not is_registered(ctx):
        return hint(incoming, ctx)
    return [Reply(T.UNKNOWN_COMMAND, reply_to=incoming.message_id)]


async def _unbound_chat_admin(incoming: Incoming, ctx: Context) -> bool:
    """A Telegram group administrator counts as a group admin before binding to a unit."""
    return incoming.chat_type != "private" and await is_admin(ctx, incoming) is True


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
        hook = feature.intents.get("_before")
        if hook is not None:
            replies = await hook(incoming, ctx)
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
            on_expire = feature.conversations.get(conv.kind.split(".")[0] + "._expired")
            if on_expire is not None:
                expired = await on_expire(incoming, ctx, conv)
        follow = await _free_text(incoming, ctx, incoming.text.strip())
        return (expired or []) + follow
    prefix = conv.kind.split(".")[0]
    for feature in features():
        handler = feature.conversations.get(conv.kind) or feature.conversations.get(prefix)
        if handler is not None:
            return await handler(incoming, ctx, conv)
    return None


async def _free_text(incoming: Incoming, ctx: Context, text: str) -> list[Reply]:
    if not text:
        return [Reply(T.EMPTY)] if incoming.chat_type == "private" else []
    sent_at = incoming.sent_at or ctx.clock.now()
    intent = understand(text, sent_at, known_units(ctx))
    for feature in features():
        handler = feature.intents.get(intent.name)
        if handler is not None:
            replies = await handler(incoming, ctx, intent)
            if replies is not None:     # None: "not mine", the next feature may answer
                return replies
    if incoming.chat_type == "private":
        return [Reply(T.NOT_UNDERSTOOD_PRIVATE)]
    return []   # group chatter ("收到", "好的") gets no answer
