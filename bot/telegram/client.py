"""The aiogram Bot: built from the settings (token, self-hosted Bot API server) and checked
at start (privacy mode, the command menu)."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import BotCommand
from aiogram.utils.token import TokenValidationError

from bot.telegram.platform import TelegramPlatform

if TYPE_CHECKING:  # pragma: no cover
    from pydantic import SecretStr

log = logging.getLogger(__name__)


class TelegramSettings(Protocol):
    """What the Telegram edge reads of the runtime's settings (bot/runtime/settings.py
    has them all; the edge does not import the runtime that wires it)."""
    telegram_bot_token: "SecretStr | None"
    telegram_api_server: str | None
    webhook_url: str | None
    webhook_secret: "SecretStr | None"
    webhook_host: str
    webhook_port: int


def build_bot(settings: TelegramSettings) -> Bot:
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
