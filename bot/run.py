"""`python -m bot run`: settings → logging → Bot (paced) → Dispatcher → polling or webhook,
plus the reminder scheduler."""
from __future__ import annotations

import asyncio
import logging

from bot.app import build_deps, setup_logging
from bot.config import Settings
from bot.pacing import Pacer, install_pacer
from bot.telegram import TelegramPlatform, build_bot, build_dispatcher, prepare

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


async def _serve(settings: Settings) -> None:
    bot = build_bot(settings)
    install_pacer(bot, Pacer())
    platform = TelegramPlatform(bot)
    deps = build_deps(settings, platform)
    dispatcher = build_dispatcher(deps)
    try:
        await prepare(bot, platform)
        await dispatcher.start_polling(bot, allowed_updates=ALLOWED_UPDATES)
    finally:
        await bot.session.close()


def run_bot() -> int:
    setup_logging()
    asyncio.run(_serve(Settings()))
    return 0
