"""Building the DingTalk adapter from the settings: OpenAPI client (paced) → Stream client
(SDK) with a watchdog → the same runner. bot/runtime/dingtalk.py runs it (with the
reminder scheduler and leader election), as bot/runtime/run.py runs Telegram's."""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

from bot.dingtalk import sdk
from bot.dingtalk.api import OpenApi
from bot.dingtalk.pacing import dingtalk_pacer
from bot.dingtalk.watchdog import Watchdog
from handlers.base import Reply
from handlers.runner import Deps

if TYPE_CHECKING:  # pragma: no cover
    from pydantic import SecretStr

log = logging.getLogger(__name__)


class DingTalkSettings(Protocol):
    """What the DingTalk edge reads of the runtime's settings (bot/runtime/settings.py has
    them all; the edge does not import the runtime that wires it)."""
    dingtalk_client_id: str | None
    dingtalk_client_secret: "SecretStr | None"
    dingtalk_robot_code: str | None
    dingtalk_api_base: str
    dingtalk_oapi_base: str
    dingtalk_card_template: str


def check(settings: DingTalkSettings) -> tuple[str, str, str]:
    secret = settings.dingtalk_client_secret.get_secret_value().strip() if settings.dingtalk_client_secret else ""
    client_id = (settings.dingtalk_client_id or "").strip()
    if not client_id or not secret:
        raise SystemExit("请设置环境变量 DINGTALK_CLIENT_ID 和 DINGTALK_CLIENT_SECRET（钉钉开放平台应用的凭证）。")
    return client_id, secret, (settings.dingtalk_robot_code or client_id).strip()


def build(settings: DingTalkSettings, deps: Deps, *, watchdog: Watchdog | None = None, reconnect_first: float = 1.0):
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


def pusher(sender) -> Callable[[Reply], Awaitable[None]]:
    """Scheduled pushes go out like replies: through the sender, hence the pacer."""
    async def send(reply: Reply) -> None:
        await sender.send_reply(reply.chat_id, reply)
    return send
