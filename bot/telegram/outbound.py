"""Telegram out: neutral Reply → Bot API calls (HTML-escaped text, mentions, buttons,
files, edits coalesced per message). No business rule lives here."""
from __future__ import annotations

import asyncio
import html
import logging
import weakref
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError, TelegramNotFound
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
)

from bot.coalesce import EditCoalescer
from core.redact import scrub
from handlers import delivery
from handlers.base import Incoming, Reply
from handlers.runner import Deps, record_sent, render_view
from reports.chat_split import split_message
from storage import people, pushes

log = logging.getLogger(__name__)
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
EDIT_WINDOW = 3.0          # seconds: edits of one message closer than this are merged


def render(reply: Reply, names: dict[int, str] | None = None) -> str:
    """Plain reply text → HTML: everything escaped, then mentions appended as links."""
    text = html.escape(reply.text, quote=False)
    if reply.mention_user_ids:
        links = [f'<a href="tg://user?id={uid}">{html.escape((names or {}).get(uid, "成员"))}</a>'
                 for uid in reply.mention_user_ids]
        text += "\n" + " ".join(links)
    return text


def _mention_names(deps: Deps, reply: Reply) -> dict[int, str]:
    if not reply.mention_user_ids:
        return {}
    with deps.session_factory() as session:
        return people.member_names(session=session, user_ids=list(reply.mention_user_ids))


def _markup(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=b.text, callback_data=b.data) for b in row] for row in reply.buttons])


async def send_reply(bot: Bot, deps: Deps, chat_id: int, reply: Reply,
                     thread_id: int | None = None) -> Message | None:
    """Send one reply to `chat_id` (or its own chat); `thread_id` is the forum topic of the
    message it answers, used when the reply stays in that chat and names no topic."""
    target = reply.chat_id or chat_id
    thread = reply.thread if reply.thread is not None else (thread_id if target == chat_id else None)
    markup = _markup(reply)
    names = _mention_names(deps, reply)
    text = render(reply, names)
    if reply.edit_message_id is not None:
        async def edit() -> None:
            # A live view (the day's board) is rendered now, as the edit goes out: a burst of
            # edits the coalescer merges is rendered once.
            shown = render_view(deps, reply)
            if shown is None:
                return
            try:
                await bot.edit_message_text(chat_id=target, message_id=reply.edit_message_id,
                                            text=render(shown, names)[:TEXT_LIMIT], reply_markup=markup)
            except TelegramBadRequest as exc:
                if "message is not modified" not in str(exc):
                    raise
        # A card edited on every sign-in: a burst becomes a few edits showing the newest.
        await edit_coalescer(bot).submit((target, reply.edit_message_id), edit)
        return None
    reply_parameters = (ReplyParameters(message_id=reply.reply_to, allow_sending_without_reply=True)
                        if reply.reply_to and target == chat_id else None)
    if reply.file is not None:
        upload = BufferedInputFile(reply.file.content, filename=reply.file.filename)
        caption = html.escape(reply.file.caption or "", quote=False)[:CAPTION_LIMIT] or None
        send = bot.send_photo if reply.file.kind == "photo" else bot.send_document
        kwargs: dict[str, Any] = {"photo" if reply.file.kind == "photo" else "document": upload}
        sent = await send(chat_id=target, caption=caption, reply_markup=markup if not text else None,
                          reply_parameters=reply_parameters, message_thread_id=thread, **kwargs)
        if not text:
            _remember(deps, reply, target, sent)
            return sent
    sent = None
    chunks = split_message(text, TEXT_LIMIT)
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        sent = await bot.send_message(chat_id=target, text=chunk, reply_markup=markup if last else None,
                                      reply_parameters=reply_parameters if i == 0 else None,
                                      message_thread_id=thread)
    _remember(deps, reply, target, sent)
    if reply.pin and sent is not None:
        await _pin(bot, target, sent.message_id)
    return sent


async def _pin(bot: Bot, chat_id: int, message_id: int) -> None:
    """Pin quietly where the bot may; a bot without the right (or a private chat where
    pinning is pointless) leaves the message unpinned, which is no error."""
    if chat_id > 0:
        return
    try:
        await bot.pin_chat_message(chat_id=chat_id, message_id=message_id, disable_notification=True)
    except (TelegramBadRequest, TelegramForbiddenError) as exc:
        log.info("could not pin message %s in chat %s: %s", message_id, chat_id, exc.message)


_COALESCERS: "weakref.WeakKeyDictionary[Bot, EditCoalescer]" = weakref.WeakKeyDictionary()


def edit_coalescer(bot: Bot) -> EditCoalescer:
    """One coalescer per bot; `flush()` it before closing the bot so held edits go out."""
    if bot not in _COALESCERS:
        _COALESCERS[bot] = EditCoalescer(window=EDIT_WINDOW)
    return _COALESCERS[bot]


def _remember(deps: Deps, reply: Reply, chat_id: int, sent: Message | None) -> None:
    if reply.tag and sent is not None:
        record_sent(deps, chat_id, sent.message_id, reply.tag)


async def deliver(bot: Bot, deps: Deps, incoming: Incoming, replies: list[Reply],
                  callback: CallbackQuery | None = None) -> None:
    answered = False
    for reply in replies:
        if reply.alert and callback is not None and not answered:
            await callback.answer(reply.alert[:200], show_alert=len(reply.alert) > 60)
            answered = True
        if reply.shows_something:
            await send_stored(bot, deps, incoming.chat_id, incoming.thread_id, reply)
    if callback is not None and not answered:
        await callback.answer()


def push_sender(bot: Bot, deps: Deps):
    """The scheduler's way out: pushes go like replies, through send_reply and so through
    the bot's pacer."""
    async def send(reply: Reply) -> None:
        if reply.thread is None:        # a forum group's pushes go to its chosen topic
            with deps.session_factory() as session:
                reply.thread = pushes.topic_of(session=session, chat_id=reply.chat_id)
        await send_reply(bot, deps, reply.chat_id, reply)
    return send


# Refusals that no retry will change: the chat is gone, the bot was removed, the text is bad.
FOR_GOOD = (TelegramBadRequest, TelegramForbiddenError, TelegramNotFound)


async def send_stored(bot: Bot, deps: Deps, chat_id: int, thread_id: int | None, reply: Reply) -> None:
    """Send a reply and mark its outbox row sent at once (the shorter the gap, the smaller
    the chance a crash sends it twice); a failure is recorded, scrubbed, and re-raised."""
    try:
        await send_reply(bot, deps, chat_id, reply, thread_id)
    except TelegramAPIError as exc:
        delivery.mark_failed(deps, reply, exc, for_good=isinstance(exc, FOR_GOOD))
        raise
    else:
        delivery.mark_sent(deps, reply)
    finally:
        if reply.outbox_id is not None:
            deps.in_flight.discard(reply.outbox_id)


async def sweep_outbox(bot: Bot, deps: Deps, *, every: float = 1.0) -> None:
    """Forever: send the stored replies whose sender died (killed between commit and
    send) or failed for now. Every replica runs one; a claim keeps each reply to one."""
    while True:
        try:
            await drain_outbox(bot, deps)
        except asyncio.CancelledError:
            raise
        except Exception as exc:        # a database blip: the next round tries again
            log.warning("outbox sweep failed: %s", scrub(exc))
        await asyncio.sleep(every)


async def drain_outbox(bot: Bot, deps: Deps) -> int:
    """One round of the sweep; returns how many replies it sent."""
    sent = 0
    while rows := delivery.claim_stale(deps, deps.in_flight):
        for chat_id, thread_id, reply in rows:
            try:
                await send_stored(bot, deps, chat_id, thread_id, reply)
                sent += 1
            except TelegramAPIError as exc:
                log.warning("stored reply %s to chat %s not sent: %s", reply.outbox_id, chat_id, scrub(exc))
    return sent
