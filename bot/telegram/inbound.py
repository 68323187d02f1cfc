"""Telegram in: Message / CallbackQuery → the neutral Incoming, handed to the runner, whose
replies go out through outbound.py. No business rule lives here."""
from __future__ import annotations

from aiogram import Bot, Dispatcher, Router
from aiogram.types import CallbackQuery, Message, Update

from bot.telegram.outbound import deliver
from handlers.base import Incoming
from handlers.runner import Deps, process


def _sender_name(user) -> str:
    if user is None:
        return ""
    return " ".join(filter(None, (user.first_name, user.last_name))) or (user.username or str(user.id))


def _forward_origin(message: Message) -> tuple[bool, int | None, object]:
    """(forwarded, original author's user id or 0 when hidden or a chat, original date)."""
    origin = message.forward_origin
    if origin is None:
        return False, None, None
    author = getattr(origin, "sender_user", None)
    return True, author.id if author is not None else 0, origin.date


def incoming_from_message(message: Message, update_id: int | None, *, edited: bool = False) -> Incoming:
    user = message.from_user
    reply = message.reply_to_message
    forwarded, forward_sender_id, forward_date = _forward_origin(message)
    photos = (message.photo[-1].file_id,) if message.photo else ()
    key = f"tg:{update_id}" if update_id is not None else None
    return Incoming(
        chat_id=message.chat.id, sender_id=user.id if user else 0,
        text=message.text or message.caption or "", sent_at=message.date,
        chat_title=message.chat.title, chat_type=message.chat.type,
        sender_name=_sender_name(user), sender_username=user.username if user else None,
        message_id=message.message_id, update_key=key, edited=edited,
        reply_to_message_id=reply.message_id if reply else None,
        reply_to_sender_id=reply.from_user.id if reply and reply.from_user else None,
        photos=photos, platform="telegram",
        forwarded=forwarded, forward_sender_id=forward_sender_id, forward_date=forward_date,
        thread_id=message.message_thread_id if message.is_topic_message else None,
        # an anonymous group admin (from_user is GroupAnonymousBot), a channel, or the group
        # itself: sender_chat is set and nobody can be identified
        anonymous=message.sender_chat is not None,
        migrate_to_chat_id=message.migrate_to_chat_id, migrate_from_chat_id=message.migrate_from_chat_id)


def incoming_from_callback(query: CallbackQuery, update_id: int | None, sent_at) -> Incoming:
    message = query.message
    chat = message.chat if message else None
    return Incoming(
        chat_id=chat.id if chat else query.from_user.id, sender_id=query.from_user.id,
        sent_at=sent_at, chat_title=getattr(chat, "title", None),
        chat_type=getattr(chat, "type", "private"), sender_name=_sender_name(query.from_user),
        sender_username=query.from_user.username,
        message_id=message.message_id if message else None,
        update_key=f"tg:{update_id}" if update_id is not None else None,
        callback_data=query.data or "", callback_id=query.id, platform="telegram",
        thread_id=getattr(message, "message_thread_id", None) if getattr(message, "is_topic_message", None) else None)


# Channels are not served. Checked in the handler, not by a filter: aiogram runs a
# synchronous filter (its magic F too) in a worker thread, a hop per message for a
# set lookup.
CHAT_TYPES = frozenset({"group", "supergroup", "private"})


def build_router(deps: Deps) -> Router:
    router = Router(name="zhishou")

    @router.message()
    async def on_message(message: Message, bot: Bot, event_update: Update) -> None:
        if message.chat.type not in CHAT_TYPES:
            return
        incoming = incoming_from_message(message, event_update.update_id)
        await deliver(bot, deps, incoming, await process(incoming, deps))

    @router.edited_message()
    async def on_edited(message: Message, bot: Bot, event_update: Update) -> None:
        incoming = incoming_from_message(message, event_update.update_id, edited=True)
        await deliver(bot, deps, incoming, await process(incoming, deps))

    @router.callback_query()
    async def on_button(query: CallbackQuery, bot: Bot, event_update: Update) -> None:
        incoming = incoming_from_callback(query, event_update.update_id, deps.clock.now())
        await deliver(bot, deps, incoming, await process(incoming, deps), callback=query)

    return router


def build_dispatcher(deps: Deps) -> Dispatcher:
    dispatcher = Dispatcher()
    dispatcher.include_router(build_router(deps))
    return dispatcher
