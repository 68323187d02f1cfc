"""Telegram out: neutral Reply → Bot API calls (HTML-escaped text, mentions, buttons,
files, edits coalesced per message). No business rule lives here."""
from __future__ import annotations

import html
import logging
import weakref
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
)

from bot.coalesce import EditCoalescer
from handlers.base import Incoming, Reply
from handlers.runner import Deps, record_sent
from reports.chat_split import split_message
from storage import people

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


async def send_reply(bot: Bot, deps: Deps, chat_id: int, reply: Reply) -> Message | None:
    target = reply.chat_id or chat_id
    markup = _markup(reply)
    text = render(reply, _mention_names(deps, reply))
    if reply.edit_message_id is not None:
        async def edit() -> None:
            try:
                await bot.edit_message_text(chat_id=target, message_id=reply.edit_message_id,
                                            text=text[:TEXT_LIMIT], reply_markup=markup)
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
                          reply_parameters=reply_parameters, **kwargs)
        if not text:
            _remember(deps, reply, target, sent)
            return sent
    sent = None
    chunks = split_message(text, TEXT_LIMIT)
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        sent = await bot.send_message(chat_id=target, text=chunk, reply_markup=markup if last else None,
                                      reply_parameters=reply_parameters if i == 0 else None)
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
        if reply.text or reply.file:
            await send_reply(bot, deps, incoming.chat_id, reply)
    if callback is not None and not answered:
        await callback.answer()


def push_sender(bot: Bot, deps: Deps):
    """The scheduler's way out: pushes go like replies, through send_reply and so through
    the bot's pacer."""
    async def send(reply: Reply) -> None:
        await send_reply(bot, deps, reply.chat_id, reply)
    return send
