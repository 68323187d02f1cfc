"""`python -m bot run --platform dingtalk`: settings → deps → the DingTalk adapter
(bot/dingtalk/) → its stream until SIGINT/SIGTERM, plus the reminder scheduler through
the same leader election as Telegram's."""
from __future__ import annotations

import asyncio
import logging
import signal

from bot.dingtalk.platform import DingTalkPlatform
from bot.dingtalk.run import build, check, pusher
from bot.runtime.app import build_deps, freeze_startup_heap
from bot.runtime.leader import lead, lock_for
from bot.runtime.scheduler import shutdown as stop_scheduler
from bot.runtime.scheduler import start_scheduler
from bot.runtime.settings import Settings

log = logging.getLogger(__name__)


async def serve(settings: Settings) -> None:
    check(settings)                 # refuse to start without credentials, before anything else
    deps = build_deps(settings, DingTalkPlatform())
    client, sender, api = build(settings, deps)
    freeze_startup_heap()

    async def start():
        return await start_scheduler(deps, pusher(sender))
    leader = asyncio.create_task(lead(lock_for(settings.database_url), start, stop_scheduler,
                                      retry=settings.scheduler_lock_retry))
    serving = asyncio.create_task(client.run())
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):      # a clean stop: replies in flight still go out
        loop.add_signal_handler(signum, serving.cancel)
    try:
        await asyncio.gather(serving, return_exceptions=False)
    except asyncio.CancelledError:
        log.info("stopping: finishing the frames and replies in hand")
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        leader.cancel()
        await asyncio.gather(leader, return_exceptions=True)
        await client.drain()
        await sender.settled()
        await sender.coalescer.flush()      # a card update held in the last window still goes out
        await api.close()
