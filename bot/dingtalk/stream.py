"""The Stream-mode connection, on dingtalk-stream 0.24's own client, frames and acks.

Import bot.dingtalk.sdk.load(api_base) first (the SDK reads its host at import). What is
taken from the SDK as it is: the frame classes, the ack each handler returns (sent by
`background_task` after the handler finished, so a frame whose handling failed is not
acked and comes again), the topics, the subscription body. What is done here instead:
  * the gateway's connections/open call goes to DINGTALK_API_BASE with aiohttp (the SDK
    posts with blocking requests to a host fixed at import);
  * the loop reconnects after a short, growing delay (the SDK sleeps 10 s), stops when
    asked, and feeds a watchdog that closes a silent connection;
  * the SDK's warning for every system ping ("unknown message topic") is not logged.
"""
from __future__ import annotations

import asyncio
import json
import logging
import platform as host_platform
from urllib.parse import quote_plus

import aiohttp
import dingtalk_stream
import websockets
from dingtalk_stream import AckMessage, CallbackHandler, CallbackMessage, ChatbotMessage, Credential

from bot.dingtalk.inbound import Inbound
from bot.dingtalk.watchdog import Watchdog

log = logging.getLogger(__name__)
MESSAGE_TOPIC = ChatbotMessage.TOPIC                       # /v1.0/im/bot/messages/get
CARD_TOPIC = CallbackHandler.TOPIC_CARD_CALLBACK           # /v1.0/card/instances/callback
RECONNECT_FIRST, RECONNECT_MAX = 1.0, 30.0


class _QuietPings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("unknown message topic")


class _Messages(CallbackHandler):
    def __init__(self, inbound: Inbound):
        super().__init__()
        self.inbound = inbound

    async def process(self, message: CallbackMessage):
        await self.inbound.on_message(message.data)
        return AckMessage.STATUS_OK, "OK"


class _CardPresses(CallbackHandler):
    def __init__(self, inbound: Inbound):
        super().__init__()
        self.inbound = inbound

    async def process(self, message: CallbackMessage):
        await self.inbound.on_card(message.data, str(message.headers.message_id or ""))
        return AckMessage.STATUS_OK, {}


class StreamClient(dingtalk_stream.DingTalkStreamClient):
    def __init__(self, *, client_id: str, client_secret: str, api_base: str, inbound: Inbound,
                 watchdog: Watchdog | None = None, reconnect_first: float = RECONNECT_FIRST):
        logger = logging.getLogger("dingtalk_stream.client")
        logger.addFilter(_QuietPings())
        super().__init__(Credential(client_id, client_secret), logger=logger)
        self.api_base = api_base.rstrip("/")
        self.watchdog = watchdog or Watchdog()
        self.reconnect_first = reconnect_first
        self.connections = 0
        self._tasks: set[asyncio.Task] = set()
        self.register_callback_handler(MESSAGE_TOPIC, _Messages(inbound))
        self.register_callback_handler(CARD_TOPIC, _CardPresses(inbound))

    async def open_gateway(self, session: aiohttp.ClientSession) -> dict | None:
        body = {"clientId": self.credential.client_id, "clientSecret": self.credential.client_secret,
                "subscriptions": [{"type": "CALLBACK", "topic": t} for t in self.callback_handler_map],
                "ua": f"zhishou dingtalk-stream/{dingtalk_stream.version.VERSION_STRING}", "localIp": ""}
        url = f"{self.api_base}/v1.0/gateway/connections/open"
        try:
            async with session.post(url, json=body, headers={"Accept": "application/json"}) as resp:
                if resp.status != 200:
                    log.error("DingTalk gateway refused the connection: HTTP %s", resp.status)
                    return None
                answer = await resp.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.error("DingTalk gateway unreachable: %s", type(exc).__name__)
            return None
        if not isinstance(answer, dict) or not answer.get("endpoint") or not answer.get("ticket"):
            log.error("DingTalk gateway answered without endpoint or ticket")
            return None
        return answer

    async def run(self) -> None:
        """Connect, serve frames, reconnect; until cancelled."""
        self.pre_start()
        delay = self.reconnect_first
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
            while True:
                connection = await self.open_gateway(session)
                if connection is not None and await self._serve(connection):
                    delay = self.reconnect_first     # it worked for a while: retry soon
                    continue
                await asyncio.sleep(delay)
                delay = min(RECONNECT_MAX, delay * 2)

    async def _serve(self, connection: dict) -> bool:
        uri = f'{connection["endpoint"]}?ticket={quote_plus(connection["ticket"])}'
        watch = None
        try:
            async with websockets.connect(uri, user_agent_header=f"zhishou Python/{host_platform.python_version()}") as ws:
                self.websocket = ws
                self.connections += 1
                self.watchdog.touch()
                watch = asyncio.create_task(self.watchdog.watch(ws.close))
                log.info("DingTalk stream connected (%d)", self.connections)
                async for raw in ws:
                    self.watchdog.touch()
                    try:
                        frame = json.loads(raw)
                    except ValueError:
                        continue
                    task = asyncio.create_task(self.background_task(frame))
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)
            log.warning("DingTalk stream closed: reconnecting")
            return True
        except (websockets.exceptions.WebSocketException, OSError) as exc:
            log.error("DingTalk stream lost: %s", type(exc).__name__)
            return self.connections > 0
        finally:
            if watch is not None:
                watch.cancel()

    async def drain(self, timeout: float = 10.0) -> None:
        """Let frames being handled finish (at shutdown)."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)
