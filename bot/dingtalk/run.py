"""`python -m bot run --platform dingtalk`: settings → OpenAPI client (paced) → Stream
client (SDK) with a watchdog → the same runner, plus the reminder scheduler through the
same leader election as Telegram's."""
from __future__ import annotations

import asyncio
import logging
import signal
from typing import TYPE_CHECKING

from bot.dingtalk import sdk
from bot.dingtalk.api import OpenApi
from bot.dingtalk.pacing import dingtalk_pacer
from bot.dingtalk.platform import DingTalkPlatform
from bot.dingtalk.watchdog import Watchdog
from handlers.base import Reply
from handlers.runner import Deps

if TYPE_CHECKING:  # pragma: no cover
    from bot.runtime.settings import Settings

log = logging.getLogger(__name__)


def check(settings: "Settings") -> tuple[str, str, str]:
    secret = settings.dingtalk_client_secret.get_secret_value().strip() if settings.dingtalk_client_secret else ""
    client_id = (settings.dingtalk_client_id or "").strip()
    if not client_id or not secret:
        raise SystemExit("请设置环境变量 DINGTALK_CLIENT_ID 和 DINGTALK_CLIENT_SECRET（钉钉开放平台应用的凭证）。")
    return client_id, secret, (settings.dingtalk_robot_code or client_id).strip()


def build(settings: "Settings", deps: Deps, *, watchdog: Watchdog | None = None, reconnect_first: float = 1.0):
    """The pieces of a running adapter: (stream client, sender, api)."""
    client_id, secret, robot_code = check(settings)
    sdk.load(settings.dingtalk_api_base)
    from bot.dingtalk.inbound import Inbound
    from bot.dingtalk.outbound import Sender
    from bot.dingtalk.stream import StreamClient

    api = OpenApi(client_id=client_id, client_secret=secret, robot_code=robot_code,
                  api_base=settings.dingtalk_api_base, oapi_base=settings.dingtalk_oapi_base)
    sender = Sender(api, deps, dingtalk_pacer(), card_template=settings.dingtalk_card_template)
    client = StreamClient(client_id=client_id, client_secret=secret, api_base=settings.dingtalk_api_base,
                          inbound=Inbound(deps, sender), watchdog=watchdog, reconnect_first=reconnect_first)
    return client, sender, api


def pusher(sender) -> "callable":
    """Scheduled pushes go out like replies: through the sender, hence the pacer."""
    async def send(reply: Reply) -> None:
        await sender.send_reply(reply.chat_id, reply)
    return send


async def serve(settings: "Settings") -> None:
    from bot.runtime.app import build_deps, freeze_startup_heap
    from bot.runtime.leader import lead, lock_for
    from bot.runtime.scheduler import shutdown as stop_scheduler
    from bot.runtime.scheduler import start_scheduler

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
