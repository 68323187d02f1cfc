"""A fake DingTalk on 127.0.0.1 (aiohttp): the Stream gateway, its WebSocket, and the
OpenAPI endpoints the adapter calls. The real dingtalk-stream SDK talks to it.

* POST /v1.0/gateway/connections/open → {"endpoint": "ws://…/connect", "ticket"}; the
  request body (clientId, clientSecret, subscriptions) is kept in `opens`.
* GET /connect?ticket=… → the WebSocket. Frames are the SDK's: {"specVersion", "type":
  "SYSTEM"|"CALLBACK", "headers": {"appId", "connectionId", "contentType",
  "messageId", "time", "topic"}, "data": "<json string>"}; acks come back as
  {"code", "headers": {"messageId", "contentType"}, "message", "data"} and are kept in
  `acks` by messageId. A frame not acked when its connection closes is delivered again
  on the next connection (DingTalk's at-least-once), unless `redeliver` is False.
* POST /v1.0/oauth2/accessToken, POST /v1.0/robot/groupMessages/send,
  POST /v1.0/robot/oToMessages/batchSend, POST /v1.0/card/instances/createAndDeliver,
  PUT /v1.0/card/instances, POST {oapi}/media/upload (multipart). Each call is kept in
  `calls` as (name, body); a call without the current access token answers 401.

Test helpers: say(), press(), ping(), wait_acked(), drop() (close the socket without
acks), go_silent() (keep the socket open but send nothing, not even pings)."""
from __future__ import annotations

import asyncio
import itertools
import json
import socket
import time
import uuid
from dataclasses import dataclass, field

from aiohttp import WSMsgType, web

MESSAGE_TOPIC = "/v1.0/im/bot/messages/get"
CARD_TOPIC = "/v1.0/card/instances/callback"
CLIENT_ID, CLIENT_SECRET, ROBOT_CODE = "ding-test-app", "test-secret", "ding-test-app"


@dataclass
class Card:
    out_track_id: str
    space: str
    params: dict[str, str]
    updates: list[dict[str, str]] = field(default_factory=list)

    @property
    def current(self) -> dict[str, str]:
        return self.updates[-1] if self.updates else self.params

    @property
    def buttons(self) -> list[dict[str, str]]:
        return json.loads(self.current.get("buttons") or "[]")


class FakeDingTalk:
    def __init__(self) -> None:
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.calls: list[tuple[str, dict]] = []
        self.opens: list[dict] = []
        self.acks: dict[str, dict] = {}
        self.cards: dict[str, Card] = {}
        self.files: list[dict] = []
        self.redeliver = True
        self.pings = True
        self.token = f"tok-{uuid.uuid4().hex[:8]}"
        self._ids = itertools.count(1)
        self._sockets: list[web.WebSocketResponse] = []
        self._unacked: dict[str, dict] = {}
        self._connected = asyncio.Event()
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._pinger: asyncio.Task | None = None

    # ---- life ---------------------------------------------------------------------------
    async def start(self) -> "FakeDingTalk":
        app = web.Application()
        app.router.add_post("/v1.0/gateway/connections/open", self._open)
        app.router.add_get("/connect", self._socket)
        app.router.add_post("/v1.0/oauth2/accessToken", self._token)
        app.router.add_post("/v1.0/robot/groupMessages/send", self._group_send)
        app.router.add_post("/v1.0/robot/oToMessages/batchSend", self._private_send)
        app.router.add_post("/v1.0/card/instances/createAndDeliver", self._card_create)
        app.router.add_put("/v1.0/card/instances", self._card_update)
        app.router.add_post("/media/upload", self._upload)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # ---- the gateway and the socket -----------------------------------------------------
    async def _open(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.opens.append(body)
        if body.get("clientId") != CLIENT_ID or body.get("clientSecret") != CLIENT_SECRET:
            return web.json_response({"code": "InvalidAuthentication"}, status=401)
        return web.json_response({"endpoint": f"ws://127.0.0.1:{self.port}/connect",
                                  "ticket": f"ticket-{len(self.opens)}"})

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        if not request.query.get("ticket", "").startswith("ticket-"):
            raise web.HTTPForbidden()
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        for frame in list(self._unacked.values()):      # at least once: unacked frames again
            await ws.send_str(json.dumps(frame))
        self._connected.set()
        await self._notify()
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    ack = json.loads(msg.data)
                    message_id = ack.get("headers", {}).get("messageId")
                    if message_id:
                        self.acks[message_id] = ack
                        self._unacked.pop(message_id, None)
                        await self._notify()
        finally:
            self._sockets.remove(ws)
            if not self.redeliver:
                self._unacked.clear()
            await self._notify()
        return ws

    @property
    def connections(self) -> int:
        return len(self.opens)

    async def wait_connected(self, count: int = 1, timeout: float = 10) -> None:
        await self._wait(lambda: len(self._sockets) >= 1 and len(self.opens) >= count, timeout)

    def _frame(self, kind: str, topic: str, data: dict) -> dict:
        message_id = f"frame-{next(self._ids)}"
        return {"specVersion": "1.0", "type": kind,
                "headers": {"appId": "app-1", "connectionId": f"conn-{len(self.opens)}",
                            "contentType": "application/json", "messageId": message_id,
                            "time": str(int(time.time() * 1000)), "topic": topic},
                "data": json.dumps(data, ensure_ascii=False)}

    async def push(self, frame: dict, *, track: bool = True) -> str:
        message_id = frame["headers"]["messageId"]
        if track:
            self._unacked[message_id] = frame
        if self._sockets:
            await self._sockets[-1].send_str(json.dumps(frame))
        return message_id

    async def ping(self) -> str:
        return await self.push(self._frame("SYSTEM", "ping", {"opaque": uuid.uuid4().hex}), track=False)

    async def say(self, text: str, *, staff: str, nick: str = "测试用户", conversation: str = "cidGROUP1==",
                  title: str = "青石区应急值班群", msg_id: str | None = None, at_ms: int | None = None,
                  private: bool = False) -> str:
        """A robot message as DingTalk sends it after an @-mention: the robot's mention is
        already gone from text.content, a leading space left. Returns the frame's id."""
        data = {"conversationId": conversation, "chatbotCorpId": "corp1", "chatbotUserId": "$:LWCP_v1:$bot",
                "msgId": msg_id or f"msg{uuid.uuid4().hex[:16]}", "senderNick": nick, "isAdmin": False,
                "senderStaffId": staff, "sessionWebhookExpiredTime": int(time.time() * 1000) + 5_400_000,
                "createAt": at_ms if at_ms is not None else int(time.time() * 1000),
                "senderCorpId": "corp1", "conversationType": "1" if private else "2",
                "senderId": f"$:LWCP_v1:${staff}", "sessionWebhook": f"{self.base_url}/robot/sendBySession?session=x",
                "robotCode": ROBOT_CODE, "msgtype": "text", "text": {"content": " " + text},
                "isInAtList": True, "atUsers": [{"dingtalkId": "$:LWCP_v1:$bot"}]}
        if not private:
            data["conversationTitle"] = title
        return await self.push(self._frame("CALLBACK", MESSAGE_TOPIC, data))

    async def press(self, out_track_id: str, data: str, *, staff: str, conversation: str = "cidGROUP1==") -> str:
        """A card button press as the card-callback topic delivers it."""
        content = {"cardPrivateData": {"actionIds": ["button"], "params": {"data": data}}}
        body = {"extension": "{}", "corpId": "corp1", "spaceType": "im", "userIdType": 1, "type": "actionCallback",
                "userId": staff, "content": json.dumps(content), "spaceId": conversation,
                "outTrackId": out_track_id}
        return await self.push(self._frame("CALLBACK", CARD_TOPIC, body))

    async def drop(self) -> None:
        """Close the socket as a network fault would (unacked frames come again)."""
        for ws in list(self._sockets):
            await ws.close()

    # ---- waiting ------------------------------------------------------------------------
    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _wait(self, ready, timeout: float) -> None:
        async def until() -> None:
            async with self._changed:
                await self._changed.wait_for(ready)
        await asyncio.wait_for(until(), timeout)

    async def wait_acked(self, message_id: str, timeout: float = 10) -> dict:
        await self._wait(lambda: message_id in self.acks, timeout)
        return self.acks[message_id]

    async def wait_calls(self, name: str, count: int, timeout: float = 10) -> list[dict]:
        await self._wait(lambda: len(self.named(name)) >= count, timeout)
        return self.named(name)

    def named(self, name: str) -> list[dict]:
        return [body for n, body in self.calls if n == name]

    def texts(self) -> list[str]:
        return [json.loads(b["msgParam"]).get("content", "") for n, b in self.calls
                if n in ("group_send", "private_send") and b["msgKey"] == "sampleText"]

    def card_with(self, needle: str) -> Card:
        for card in reversed(list(self.cards.values())):
            if needle in card.current.get("content", ""):
                return card
        raise AssertionError(f"no card shows {needle!r}: {[c.current.get('content') for c in self.cards.values()]}")

    # ---- OpenAPI --------------------------------------------------------------------------
    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("x-acs-dingtalk-access-token") == self.token

    async def _record(self, name: str, body: dict) -> None:
        self.calls.append((name, body))
        await self._notify()

    async def _token(self, request: web.Request) -> web.Response:
        body = await request.json()
        if body.get("appKey") != CLIENT_ID or body.get("appSecret") != CLIENT_SECRET:
            return web.json_response({"code": "invalidClientId"}, status=400)
        await self._record("token", {"appKey": body["appKey"]})
        return web.json_response({"accessToken": self.token, "expireIn": 7200})

    async def _send(self, request: web.Request, name: str, needs: str) -> web.Response:
        if not self._authorised(request):
            return web.json_response({"code": "InvalidAuthentication"}, status=401)
        body = await request.json()
        if body.get("robotCode") != ROBOT_CODE or not body.get(needs) or not body.get("msgKey"):
            return web.json_response({"code": "param.error"}, status=400)
        json.loads(body["msgParam"])
        await self._record(name, body)
        return web.json_response({"processQueryKey": uuid.uuid4().hex})

    async def _group_send(self, request: web.Request) -> web.Response:
        return await self._send(request, "group_send", "openConversationId")

    async def _private_send(self, request: web.Request) -> web.Response:
        return await self._send(request, "private_send", "userIds")

    async def _card_create(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({"code": "InvalidAuthentication"}, status=401)
        body = await request.json()
        track = body.get("outTrackId")
        if not track or track in self.cards or body.get("callbackType") != "STREAM":
            return web.json_response({"code": "param.error"}, status=400)
        self.cards[track] = Card(track, body["openSpaceId"], dict(body["cardData"]["cardParamMap"]))
        await self._record("card_create", body)
        return web.json_response({"success": True, "result": {"outTrackId": track}})

    async def _card_update(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({"code": "InvalidAuthentication"}, status=401)
        body = await request.json()
        card = self.cards.get(body.get("outTrackId"))
        if card is None:
            return web.json_response({"code": "card.notFound"}, status=400)
        card.updates.append(dict(body["cardData"]["cardParamMap"]))
        await self._record("card_update", body)
        return web.json_response({"success": True})

    async def _upload(self, request: web.Request) -> web.Response:
        if request.query.get("access_token") != self.token:
            return web.json_response({"errcode": 40014, "errmsg": "invalid access_token"})
        form = await request.post()
        media = form.get("media")
        if media is None or not hasattr(media, "file"):
            return web.json_response({"errcode": 40004, "errmsg": "no media"})
        media_id = f"@media{len(self.files) + 1}"
        self.files.append({"media_id": media_id, "type": form.get("type"), "filename": media.filename,
                           "content": media.file.read()})
        await self._record("upload", {"type": form.get("type"), "filename": media.filename})
        return web.json_response({"errcode": 0, "errmsg": "ok", "media_id": media_id, "type": form.get("type")})

    # ---- a pinger like DingTalk's ---------------------------------------------------------
    async def ping_every(self, seconds: float) -> None:
        while True:
            await asyncio.sleep(seconds)
            if self.pings and self._sockets:
                await self.ping()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- by hand: `python -m tests.fakes.dingtalk` (the README's "try it against the fake") -----

async def _by_hand(port: int | None) -> None:
    import sys

    fake = FakeDingTalk()
    if port:
        fake.port, fake.base_url = port, f"http://127.0.0.1:{port}"
    await fake.start()
    print(f"DINGTALK_API_BASE={fake.base_url} DINGTALK_OAPI_BASE={fake.base_url} "
          f"DINGTALK_CLIENT_ID={CLIENT_ID} DINGTALK_CLIENT_SECRET={CLIENT_SECRET} DINGTALK_ROBOT_CODE={ROBOT_CODE}")
    print("type: STAFF_ID 文本   (as if @值守助手 文本 in the group); Ctrl-D ends", flush=True)
    pinger = asyncio.create_task(fake.ping_every(20))
    seen = 0
    loop = asyncio.get_running_loop()
    try:
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                break
            staff, _, text = line.strip().partition(" ")
            if not text:
                continue
            await fake.say(text, staff=staff, nick=staff)
            await asyncio.sleep(1.5)
            for name, body in fake.calls[seen:]:
                if name != "token":
                    print(f"<- {name}: {json.dumps(body, ensure_ascii=False)[:300]}", flush=True)
            seen = len(fake.calls)
    finally:
        pinger.cancel()
        await fake.stop()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="a fake DingTalk on 127.0.0.1")
    parser.add_argument("--port", type=int, default=18080)
    asyncio.run(_by_hand(parser.parse_args().port))
