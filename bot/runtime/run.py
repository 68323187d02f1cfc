"""`python -m bot run`: settings → logging → Bot (paced) → Dispatcher → polling or webhook,
plus the reminder scheduler."""
from __future__ import annotations

import asyncio
import logging

from bot.runtime.app import build_deps, freeze_startup_heap, setup_logging
from bot.runtime.leader import lead, lock_for
from bot.runtime.scheduler import shutdown as stop_scheduler
from bot.runtime.scheduler import start_scheduler
from bot.runtime.settings import Settings
from bot.telegram.client import build_bot, prepare
from bot.telegram.inbound import build_dispatcher
from bot.telegram.outbound import edit_coalescer, push_sender, sweep_outbox
from bot.telegram.pacing import Pacer, install_pacer
from bot.telegram.platform import TelegramPlatform
from bot.telegram.webhook import serve_webhook, webhook_secret

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


async def _serve(settings: Settings) -> None:
    if settings.webhook_url:
        webhook_secret(settings)        # refuse to start without one, before anything else
    bot = build_bot(settings)
    install_pacer(bot, Pacer())
    platform = TelegramPlatform(bot)
    deps = build_deps(settings, platform)
    dispatcher = build_dispatcher(deps)
    leader = sweeper = None
    try:
        await prepare(bot, platform)
        freeze_startup_heap()
        # Replies stored but never sent (a crash between commit and send) go out now.
        sweeper = asyncio.create_task(sweep_outbox(bot, deps))
        # Every replica serves updates; only the holder of the lock runs the scheduler.
        leader = asyncio.create_task(lead(lock_for(settings.database_url), _scheduler_starter(bot, deps),
                                          stop_scheduler, retry=settings.scheduler_lock_retry))
        if settings.webhook_url:
            await serve_webhook(bot, dispatcher, settings, ALLOWED_UPDATES)
        else:
            # getUpdates is refused while a webhook is set (e.g. left by an earlier deployment).
            await bot.delete_webhook(drop_pending_updates=False)
            await dispatcher.start_polling(bot, allowed_updates=ALLOWED_UPDATES)
    finally:
        if sweeper is not None:
            sweeper.cancel()
            await asyncio.gather(sweeper, return_exceptions=True)
        if leader is not None:
            leader.cancel()
            await asyncio.gather(leader, return_exceptions=True)   # stops the scheduler if we ran it
        await edit_coalescer(bot).flush()   # a card edit held in the last window still goes out
        await bot.session.close()


def _scheduler_starter(bot, deps):
    async def start():
        return await start_scheduler(deps, push_sender(bot, deps))
    return start


def run_bot(platform: str | None = None) -> int:
    settings = Settings()
    setup_logging(settings=settings)
    if platform:
        settings.bot_platform = platform
    if settings.bot_platform == "dingtalk":
        from bot.runtime.dingtalk import serve as serve_dingtalk
        asyncio.run(serve_dingtalk(settings))
        return 0
    asyncio.run(_serve(settings))
    return 0
