"""The Telegram adapter (aiogram 3): Message / CallbackQuery → Incoming, Reply → Bot API
calls. No business rule lives here."""
from __future__ import annotations

import html
import logging
import time
import weakref
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramNetworkError
from aiogram.utils.token import TokenValidationError
from aiogram.types import (BotCommand, BufferedInputFile, CallbackQuery, InlineKeyboardButton,
                           InlineKeyboardMarkup, Message, ReplyParameters, Update)

from bot.coalesce import EditCoalescer
from bot.config import Settings
from handlers.base import Incoming, Reply
from handlers.runner import Deps, process, record_sent
from storage import people

log = logging.getLogger(__name__)
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
ADMIN_CACHE_SECONDS = 300
EDIT_WINDOW = 3.0          # seconds: edits of one message closer than this are merged


class TelegramPlatform:
    """What handlers may ask of Telegram: is this user an administrator of this chat?"""

    def __init__(self, bot: Bot):
        self.bot = bot
        self.can_read_all_group_messages: bool | None = None
        self._admins: dict[tuple[int, int], tuple[float, bool]] = {}

    async def is_chat_admin(self, chat_id: int, user_id: int) -> bool | None:
        key = (chat_id, user_id)
        cached = self._admins.get(key)
        if cached and time.monotonic() - cached[0] < ADMIN_CACHE_SECONDS:
            return cached[1]
        try:
            member = await self.bot.get_chat_member(chat_id=chat_id, user_id=user_id)
        except (TelegramAPIError, TelegramNetworkError) as exc:
            log.warning("getChatMember failed for chat %s: %s", chat_id, type(exc).__name__)
            return None
        verdict = member.status in ("creator", "administrator")
        self._admins[key] = (time.monotonic(), verdict)
        return verdict


def _sender_name(user) -> str:
    if user is None:
        return ""
    return " ".join(filter(None, (user.first_name, user.last_name))) or (user.username or str(user.id))


def incoming_from_message(message: Message, update_id: int | None, *, edited: bool = False) -> Incoming:
    user = message.from_user
    reply = message.reply_to_message
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
        photos=photos, platform="telegram")


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
        callback_data=query.data or "", callback_id=query.id, platform="telegram")


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


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Split at paragraph, then line, then hard boundaries so no piece exceeds the limit."""
    if len(text) <= limit:
        return [text]
    pieces, current = [], ""
    for para in text.split("\n"):
        while len(para) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(para[:limit])
            para = para[limit:]
        candidate = f"{current}\n{para}" if current else para
        if len(candidate) > limit:
            pieces.append(current)
            current = para
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


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
    chunks = split_text(text)
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        sent = await bot.send_message(chat_id=target, text=chunk, reply_markup=markup if last else None,
                                      reply_parameters=reply_parameters if i == 0 else None)
    _remember(deps, reply, target, sent)
    return sent


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


CHAT_TYPES = frozenset({"group", "supergroup", "private"})


async def _from_a_chat(message: Message) -> bool:
    # An async filter on purpose: aiogram runs a synchronous one (a magic F filter too)
    # in a worker thread, a thread hop on every message.
    return message.chat.type in CHAT_TYPES


def build_router(deps: Deps) -> Router:
    router = Router(name="zhishou")

    @router.message(_from_a_chat)
    async def on_message(message: Message, bot: Bot, event_update: Update) -> None:
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


def build_bot(settings: Settings) -> Bot:
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value().strip():
        raise SystemExit("请设置环境变量 TELEGRAM_BOT_TOKEN（或写入 .env）。控制台演示不需要：python -m bot demo")
    session = None
    if settings.telegram_api_server:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_server))
    try:
        return Bot(token=settings.telegram_bot_token.get_secret_value().strip(), session=session,
                   default=DefaultBotProperties(parse_mode="HTML", link_preview_is_disabled=True))
    except TokenValidationError:
        raise SystemExit("TELEGRAM_BOT_TOKEN 格式不对（应形如 123456:ABC…），请检查。") from None


async def prepare(bot: Bot, platform: TelegramPlatform) -> None:
    """Start-up checks: who we are, whether we can read group messages, the command menu."""
    from handlers.router import menu

    me = await bot.get_me()
    platform.can_read_all_group_messages = me.can_read_all_group_messages
    if not me.can_read_all_group_messages:
        log.warning("privacy mode is on: @%s sees only commands and replies in groups; "
                    "turn it off with BotFather's /setprivacy or make the bot a group admin", me.username)
    await bot.set_my_commands([BotCommand(command=c, description=d) for c, d in menu()])
