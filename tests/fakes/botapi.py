"""A fake Telegram Bot API server on loopback, for end-to-end tests and benchmarks.

A real aiogram ``Bot`` talks to it over HTTP::

    async with FakeBotAPI() as server:
        bot = Bot(server.token, session=AiohttpSession(api=server.api_server()))
        ...
        await bot.session.close()

``server.api_server()`` is ``TelegramAPIServer.from_base(server.base_url)``.  Requests
arrive as ``POST {base}/bot{token}/{method}`` with a url-encoded or multipart body (aiogram
sends multipart when a file is attached); JSON bodies and query strings are accepted too.
Field values that are JSON (reply_markup, reply_parameters, numbers, booleans ...) are
decoded; free-text fields (text, caption, data, file ids ...) are kept as strings.

What it does, in brief:

* getMe, getUpdates (offset semantics, long polling, ``allowed_updates`` filtering as
  Telegram does: updates of other kinds are dropped, see ``server.dropped_updates``), sendMessage, editMessageText,
  editMessageReplyMarkup, editMessageCaption, sendDocument, sendPhoto, getFile (+ file
  download), deleteMessage, answerCallbackQuery, getChatAdministrators, getChatMember,
  set/get/deleteMyCommands, deleteWebhook, setWebhook, getWebhookInfo, sendChatAction,
  close, logOut.  Anything else answers ``404 Not Found`` unless a handler was added with
  :meth:`FakeBotAPI.set_handler`.
* Every request except getUpdates is recorded in ``server.calls`` as ``(method, params)``
  in arrival order, whether it succeeded or not; delivered messages are kept per chat.
* Rate limits (off by default).  Sends (``send*`` except sendChatAction, ``copy*``,
  ``forward*``) and edits (``edit*``) that name a ``chat_id`` are counted with *sliding
  windows* over the loop's monotonic clock: a request is refused with HTTP 429 when the
  number of deliveries already inside the window ``(now - window, now]`` has reached the
  limit.  ``global_per_second`` counts all chats over 1 s; ``per_chat_per_second`` counts
  one chat over ``chat_window_scale`` s; ``per_chat_per_minute`` counts one *group* chat
  (negative id) over ``60 * chat_window_scale`` s.  ``retry_after`` is what Telegram gives:
  whole seconds, at least 1 (the time until the oldest delivery leaves the window,
  rounded up).  A refused request is not delivered and not counted in the windows.
"""
from __future__ import annotations

import asyncio
import inspect
import itertools
import json
import math
import socket
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import web

__all__ = ["FakeAPIError", "FakeBotAPI", "SentFile"]

JSON = dict[str, Any]

# Fields whose values are free text or opaque ids: never JSON-decoded.
_TEXT_FIELDS = frozenset(
    {
        "text", "caption", "data", "parse_mode", "callback_query_id", "file_id",
        "inline_message_id", "document", "photo", "audio", "video", "voice", "animation",
        "sticker", "thumbnail", "title", "description", "short_description", "url", "name",
        "language_code", "emoji", "question", "address", "phone_number", "first_name",
        "last_name", "business_connection_id", "message_effect_id", "custom_emoji_id",
        "secret_token", "ip_address", "certificate", "action",
    }
)

_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply "
    "markup are exactly the same as a current content and reply markup of the message"
)


class FakeAPIError(Exception):
    """Raise from a handler to answer ``{"ok": false, ...}`` with this status."""

    def __init__(self, status: int, description: str, *, retry_after: int | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


@dataclass
class SentFile:
    """A file the bot uploaded (sendDocument / sendPhoto)."""

    chat_id: int
    message_id: int
    kind: str  # "document" | "photo"
    file_id: str
    filename: str | None
    data: bytes | None  # None when the bot re-sent an existing file id
    caption: str | None
    content_type: str | None = None


@dataclass
class _Failure:
    status: int
    description: str
    times: int | None  # None: until cleared


@dataclass
class _ChatWindows:
    second: deque[float] = field(default_factory=deque)
    minute: deque[float] = field(default_factory=deque)


def _is_rate_limited(method: str, params: JSON) -> bool:
    if "chat_id" not in params:
        return False
    m = method.lower()
    if m == "sendchataction":
        return False
    return m.startswith(("send", "edit", "copy", "forward"))


def _default_description(status: int) -> str:
    return {
        400: "Bad Request",
        401: "Unauthorized",
        403: "Forbidden",
        404: "Not Found",
        409: "Conflict",
        429: "Too Many Requests",
        500: "Internal Server Error",
        502: "Bad Gateway",
    }.get(status, "Error")


def _chat_key(value: Any) -> Any:
    if isinstance(value, int):
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


class FakeBotAPI:
    """A loopback Telegram Bot API.  Use as ``async with FakeBotAPI(...) as server`` or
    ``await server.start()`` / ``await server.stop()``.

    Constructor (all keyword-only):

    * ``host="127.0.0.1"``, ``port=0`` (0 picks a free port)
    * ``token`` — the token to hand to ``Bot`` (any token is accepted by the server)
    * ``bad_token`` — a token answered with 401 Unauthorized
    * ``bot_id``, ``bot_username="zhishou_test_bot"``, ``bot_first_name``
    * ``can_read_all_group_messages=True`` (privacy mode off), ``can_join_groups=True``
    * ``global_per_second``, ``per_chat_per_second``, ``per_chat_per_minute`` — rate limits,
      ``None`` (default) means unlimited; ``chat_window_scale=1.0`` shrinks the per-chat
      windows (0.05 makes "per minute" a 3 s window) for benchmarks
    * ``monotonic`` — clock for the windows (default: the running loop's ``time()``)
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str = "123456789:TEST-fake-token-for-loopback-only",
        bad_token: str | None = None,
        bot_id: int = 123456789,
        bot_username: str = "zhishou_test_bot",
        bot_first_name: str = "值守助手",
        can_read_all_group_messages: bool = True,
        can_join_groups: bool = True,
        global_per_second: float | None = None,
        per_chat_per_second: float | None = None,
        per_chat_per_minute: float | None = None,
        chat_window_scale: float = 1.0,
        monotonic: Callable[[], float] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.token = token
        self.bad_token = bad_token
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.can_read_all_group_messages = can_read_all_group_messages
        self.can_join_groups = can_join_groups
        self.global_per_second = global_per_second
        self.per_chat_per_second = per_chat_per_second
        self.per_chat_per_minute = per_chat_per_minute
        self.chat_window_scale = chat_window_scale
        self._monotonic = monotonic

        # recordings
        self.calls: list[tuple[str, JSON]] = []
        self.too_many = 0
        self.delivered = 0
        self.poll_count = 0
        self.answered_callbacks: list[JSON] = []
        self.files: list[SentFile] = []
        self.pinned: dict[Any, int] = {}  # chat -> pinned message id

        # state
        self._messages: dict[Any, dict[int, JSON]] = defaultdict(dict)
        self._next_message_id: dict[Any, int] = defaultdict(lambda: 1)
        self._chats: dict[Any, JSON] = {}
        self._users: dict[int, JSON] = {}
        self._admins: dict[Any, list[int]] = {}
        self._commands: dict[str, list[JSON]] = {}
        self._file_store: dict[str, tuple[str, bytes]] = {}  # file_id -> (path, bytes)
        self._file_seq = itertools.count(1)
        self._callback_seq = itertools.count(1)
        self._message_seq = itertools.count(1)
        self._edit_log: list[JSON] = []
        self._update_seq = itertools.count(100001)
        self._pending: list[list[Any]] = []  # [update, delivered?]
        self.confirmed_offset = 0
        self._allowed_updates: set[str] | None = None
        self.dropped_updates: list[JSON] = []  # filtered out by allowed_updates
        self._failures: dict[str, _Failure] = {}
        self._handlers: dict[str, Callable[[JSON], Any]] = {}

        # rate windows
        self._global_window: deque[float] = deque()
        self._chat_windows: dict[Any, _ChatWindows] = defaultdict(_ChatWindows)

        # wake-ups
        self._updates_event: asyncio.Event | None = None
        self._changed: asyncio.Event | None = None
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._sock: socket.socket | None = None

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> FakeBotAPI:
        self._updates_event = asyncio.Event()
        self._changed = asyncio.Event()
        self._closing = False
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        sock.listen(2048)
        sock.setblocking(False)
        self._sock = sock
        self.port = sock.getsockname()[1]
        site = web.SockSite(self._runner, sock, backlog=2048)
        await site.start()
        return self

    async def stop(self) -> None:
        self._closing = True
        if self._updates_event is not None:
            self._updates_event.set()  # long polls return at once
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def api_server(self) -> Any:
        """``TelegramAPIServer.from_base(self.base_url)`` for ``AiohttpSession(api=...)``."""
        from aiogram.client.telegram import TelegramAPIServer

        return TelegramAPIServer.from_base(self.base_url)

    # ------------------------------------------------------------------ configuration
    def set_admins(self, chat_id: int, user_ids: Iterable[int]) -> None:
        """The chat's administrators; the first is reported as the creator."""
        self._admins[_chat_key(chat_id)] = list(user_ids)

    def set_failure(
        self,
        method: str,
        status: int | None,
        description: str | None = None,
        *,
        times: int | None = None,
    ) -> None:
        """Make ``method`` answer ``status`` (``times`` times, or until cleared with
        ``status=None``)."""
        key = method.lower()
        if status is None:
            self._failures.pop(key, None)
            return
        self._failures[key] = _Failure(status, description or _default_description(status), times)

    def set_admin_failure(self, status: int | None, description: str | None = None) -> None:
        """Make getChatAdministrators and getChatMember fail (400/500 ...) or work again."""
        for method in ("getChatAdministrators", "getChatMember"):
            self.set_failure(method, status, description)

    def set_handler(self, method: str, handler: Callable[[JSON], Any]) -> None:
        """Answer ``method`` with ``handler(params)`` (sync or async); it may raise
        :class:`FakeAPIError`.  Overrides built-in methods too."""
        self._handlers[method.lower()] = handler

    def add_file(self, file_id: str, data: bytes, file_path: str | None = None) -> None:
        """Make ``file_id`` known to getFile and downloadable."""
        self._file_store[file_id] = (file_path or f"files/{file_id}", data)

    # ------------------------------------------------------------------ updates
    def seed_message(self, chat_id: int, text: str) -> int:
        """A message the bot sent before the test or benchmark began (a day's board to be
        edited): stored as sent, outside every rate window and recording. Its id."""
        return self._deliver({"chat_id": chat_id}, {"text": text})["message_id"]

    def push_raw(self, update: JSON) -> int:
        """Queue an update exactly as given (the same update_id may be pushed again)."""
        self._pending.append([update, False])
        self._wake_updates()
        self._notify()
        return int(update["update_id"])

    def push_message(
        self,
        chat_id: int,
        user_id: int,
        text: str | None,
        *,
        first_name: str = "测试用户",
        username: str | None = None,
        chat_type: str | None = None,
        chat_title: str = "应急值守群",
        reply_to_message_id: int | None = None,
        photo_file_id: str | None = None,
        caption: str | None = None,
        update_id: int | None = None,
        date: int | float | datetime | None = None,
        edited: bool = False,
        message_id: int | None = None,
    ) -> int:
        """A user's message (or, with ``edited=True``, an edit of ``message_id``).
        ``chat_type`` defaults to "supergroup" for negative chat ids, "private" otherwise.
        Returns the update_id."""
        chat = self._remember_chat(chat_id, chat_type, chat_title, first_name)
        user = self._remember_user(user_id, first_name, username)
        key = _chat_key(chat_id)
        if message_id is None:
            message_id = self._new_message_id(key)
        msg: JSON = {
            "message_id": message_id,
            "date": self._unix(date),
            "chat": dict(chat),
            "from": dict(user),
        }
        if text is not None:
            msg["text"] = text
        if photo_file_id is not None:
            msg["photo"] = self._photo_sizes(photo_file_id, None)
            if photo_file_id not in self._file_store:
                self.add_file(photo_file_id, b"", f"photos/{photo_file_id}.jpg")
        if caption is not None:
            msg["caption"] = caption
        if reply_to_message_id is not None:
            msg["reply_to_message"] = self._reply_target(key, reply_to_message_id)
        if edited:
            msg["edit_date"] = self._unix(None)
        self._messages[key][message_id] = msg
        uid = next(self._update_seq) if update_id is None else update_id
        return self.push_raw({"update_id": uid, ("edited_message" if edited else "message"): msg})

    def push_callback(
        self,
        chat_id: int,
        user_id: int,
        message_id: int,
        data: str,
        *,
        first_name: str = "测试用户",
        username: str | None = None,
        update_id: int | None = None,
    ) -> int:
        """A press on an inline button under ``message_id``.  Returns the update_id."""
        key = _chat_key(chat_id)
        user = self._remember_user(user_id, first_name, username)
        message = self._messages[key].get(message_id) or {
            "message_id": message_id,
            "date": self._unix(None),
            "chat": self._chat_object(key),
        }
        query = {
            "id": f"cbq-{next(self._callback_seq)}",
            "from": dict(user),
            "chat_instance": f"ci{abs(hash(key)) % 10**9}",
            "message": message,
            "data": data,
        }
        uid = next(self._update_seq) if update_id is None else update_id
        return self.push_raw({"update_id": uid, "callback_query": query})

    @property
    def pending_updates(self) -> list[JSON]:
        return [u for u, _ in self._pending]

    # ------------------------------------------------------------------ recordings
    def calls_of(self, method: str) -> list[JSON]:
        m = method.lower()
        return [p for name, p in self.calls if name.lower() == m]

    def messages(self, chat_id: int) -> list[JSON]:
        """The chat's current messages (users' and the bot's), by message id."""
        store = self._messages.get(_chat_key(chat_id), {})
        return [store[k] for k in sorted(store)]

    def sent_messages(self, chat_id: int | None = None) -> list[JSON]:
        """Messages the bot delivered (any send*), oldest first, as stored now."""
        out = []
        for key, store in self._messages.items():
            if chat_id is not None and key != _chat_key(chat_id):
                continue
            out.extend(m for m in store.values() if m.get("from", {}).get("id") == self.bot_id)
        return [self._public(m) for m in sorted(out, key=lambda m: m["_seq"])]

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        return [m.get("text") or m.get("caption") or "" for m in self.sent_messages(chat_id)]

    def edits(self, chat_id: int | None = None, message_id: int | None = None) -> list[JSON]:
        """Params of successful edits (edit* methods), oldest first."""
        return [
            p
            for p in self._edit_log
            if (chat_id is None or _chat_key(p.get("chat_id")) == _chat_key(chat_id))
            and (message_id is None or p.get("message_id") == message_id)
        ]

    def documents(self, chat_id: int | None = None) -> list[SentFile]:
        return self._files_of("document", chat_id)

    def photos(self, chat_id: int | None = None) -> list[SentFile]:
        return self._files_of("photo", chat_id)

    def _files_of(self, kind: str, chat_id: int | None) -> list[SentFile]:
        return [
            f for f in self.files
            if f.kind == kind and (chat_id is None or f.chat_id == _chat_key(chat_id))
        ]

    # ------------------------------------------------------------------ waiting
    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait until ``predicate()`` is truthy (re-checked after every request and push);
        returns its value or raises ``TimeoutError``."""
        assert self._changed is not None, "server not started"
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"condition not met within {timeout} s")
            event = self._changed
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                pass

    async def wait_calls(self, method: str, n: int = 1, timeout: float = 5.0) -> list[JSON]:
        """Wait until ``method`` was called at least ``n`` times; returns all their params."""
        await self.wait_for(lambda: len(self.calls_of(method)) >= n, timeout)
        return self.calls_of(method)

    async def wait_confirmed(self, update_id: int, timeout: float = 5.0) -> None:
        """Wait until the poller confirmed ``update_id`` (asked for a later offset)."""
        await self.wait_for(lambda: self.confirmed_offset > update_id, timeout)

    def _notify(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = asyncio.Event()

    def _wake_updates(self) -> None:
        if self._updates_event is not None:
            self._updates_event.set()
            self._updates_event = asyncio.Event()

    # ------------------------------------------------------------------ HTTP
    async def _read_params(self, request: web.Request) -> tuple[JSON, dict[str, Any]]:
        raw: dict[str, Any] = dict(request.query)
        uploads: dict[str, Any] = {}
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    raw.update(body)
            else:
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        uploads[key] = value
                    else:
                        raw[key] = value
        params: JSON = {}
        for key, value in raw.items():
            if isinstance(value, str) and key not in _TEXT_FIELDS:
                try:
                    value = json.loads(value)
                except ValueError:
                    pass
            params[key] = value
        return params, uploads

    async def _handle(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method = request.match_info["method"]
        params, uploads = await self._read_params(request)
        if self.bad_token is not None and token == self.bad_token:
            return self._error(401, "Unauthorized")
        lower = method.lower()
        if lower == "getupdates":
            return await self._get_updates(params)
        self.calls.append((method, params))
        try:
            failure = self._failures.get(lower)
            if failure is not None:
                if failure.times is not None:
                    failure.times -= 1
                    if failure.times <= 0:
                        self._failures.pop(lower, None)
                raise FakeAPIError(failure.status, failure.description)
            limited = _is_rate_limited(method, params)
            if limited:
                self._check_rate(params["chat_id"])
            handler = self._handlers.get(lower)
            if handler is not None:
                result = handler(params)
                if inspect.isawaitable(result):
                    result = await result
            else:
                builtin = getattr(self, f"_m_{lower}", None)
                if builtin is None:
                    raise FakeAPIError(404, "Not Found")
                result = builtin(params, uploads)
            if limited:
                self._record_delivery(params["chat_id"])
            return web.json_response({"ok": True, "result": result})
        except FakeAPIError as exc:
            return self._error(exc.status, exc.description, exc.retry_after)
        finally:
            self._notify()

    @staticmethod
    def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
        body: JSON = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=status)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        for stored_path, data in self._file_store.values():
            if stored_path == path:
                return web.Response(body=data)
        return web.Response(status=404, text="Not Found")

    async def _get_updates(self, params: JSON) -> web.Response:
        self.poll_count += 1
        offset = params.get("offset")
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if isinstance(offset, int) and offset > 0:
            if offset > self.confirmed_offset:
                self.confirmed_offset = offset
            # Confirm: drop updates already handed out whose id is below the offset.
            self._pending = [
                entry for entry in self._pending
                if not (entry[1] and entry[0]["update_id"] < offset)
            ]
            self._notify()
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            # Like Telegram, the last list given sticks; [] means "all but a few".
            self._allowed_updates = set(allowed) or None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            self._drop_unwanted()
            batch = self._select(offset, limit)
            if batch or self._closing:
                break
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            assert self._updates_event is not None
            event = self._updates_event
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                break
        for entry in batch:
            entry[1] = True
        self._notify()
        return web.json_response({"ok": True, "result": [u for u, _ in batch]})

    def _drop_unwanted(self) -> None:
        if self._allowed_updates is None:
            return
        keep = []
        for entry in self._pending:
            kinds = set(entry[0]) - {"update_id"}
            if kinds & self._allowed_updates:
                keep.append(entry)
            else:
                self.dropped_updates.append(entry[0])
        self._pending = keep

    def _select(self, offset: Any, limit: int) -> list[list[Any]]:
        if isinstance(offset, int) and offset < 0:
            chosen = self._pending[offset:]
        elif isinstance(offset, int) and offset > 0:
            # Undelivered updates go out even below the offset: that is a redelivery.
            chosen = [e for e in self._pending if e[0]["update_id"] >= offset or not e[1]]
        else:
            chosen = list(self._pending)
        chosen.sort(key=lambda e: e[0]["update_id"])
        return chosen[:limit]

    # ------------------------------------------------------------------ rate limits
    def _now(self) -> float:
        if self._monotonic is not None:
            return self._monotonic()
        return asyncio.get_running_loop().time()

    @staticmethod
    def _retry_after(window: deque[float], span: float, now: float) -> int:
        return max(1, math.ceil(window[0] + span - now))

    def _check_rate(self, chat_id: Any) -> None:
        now = self._now()
        key = _chat_key(chat_id)
        waits: list[int] = []
        if self.global_per_second is not None:
            w = self._global_window
            while w and w[0] <= now - 1.0:
                w.popleft()
            if len(w) >= self.global_per_second:
                waits.append(self._retry_after(w, 1.0, now))
        windows = self._chat_windows.get(key)
        if windows is not None:
            if self.per_chat_per_second is not None:
                span = self.chat_window_scale
                w = windows.second
                while w and w[0] <= now - span:
                    w.popleft()
                if len(w) >= self.per_chat_per_second:
                    waits.append(self._retry_after(w, span, now))
            if self.per_chat_per_minute is not None and self._is_group(key):
                span = 60.0 * self.chat_window_scale
                w = windows.minute
                while w and w[0] <= now - span:
                    w.popleft()
                if len(w) >= self.per_chat_per_minute:
                    waits.append(self._retry_after(w, span, now))
        if waits:
            self.too_many += 1
            retry = max(waits)
            raise FakeAPIError(429, f"Too Many Requests: retry after {retry}", retry_after=retry)

    def _record_delivery(self, chat_id: Any) -> None:
        now = self._now()
        key = _chat_key(chat_id)
        self.delivered += 1
        if self.global_per_second is not None:
            self._global_window.append(now)
        if self.per_chat_per_second is not None or self.per_chat_per_minute is not None:
            windows = self._chat_windows[key]
            if self.per_chat_per_second is not None:
                windows.second.append(now)
            if self.per_chat_per_minute is not None and self._is_group(key):
                windows.minute.append(now)

    @staticmethod
    def _is_group(key: Any) -> bool:
        return isinstance(key, int) and key < 0

    # ------------------------------------------------------------------ objects
    @staticmethod
    def _unix(value: int | float | datetime | None) -> int:
        if value is None:
            return int(time.time())
        if isinstance(value, datetime):
            return int(value.timestamp())
        return int(value)

    def _new_message_id(self, key: Any) -> int:
        mid = self._next_message_id[key]
        self._next_message_id[key] = mid + 1
        return mid

    def _remember_chat(
        self, chat_id: int, chat_type: str | None, title: str, first_name: str
    ) -> JSON:
        key = _chat_key(chat_id)
        if chat_type is None:
            chat_type = "supergroup" if self._is_group(key) else "private"
        chat: JSON = {"id": key, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = first_name
        else:
            chat["title"] = title
        self._chats[key] = chat
        return chat

    def _remember_user(self, user_id: int, first_name: str, username: str | None) -> JSON:
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        self._users[user_id] = user
        return user

    def _user_object(self, user_id: int) -> JSON:
        return dict(self._users.get(user_id) or {"id": user_id, "is_bot": False,
                                                  "first_name": f"用户{user_id}"})

    def _chat_object(self, key: Any) -> JSON:
        if key in self._chats:
            return dict(self._chats[key])
        if self._is_group(key):
            return {"id": key, "type": "supergroup", "title": f"群{key}"}
        if isinstance(key, int):
            return {"id": key, "type": "private", "first_name": f"用户{key}"}
        raise FakeAPIError(400, "Bad Request: chat not found")

    def _bot_user(self) -> JSON:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def _reply_target(self, key: Any, message_id: int) -> JSON:
        target = self._messages[key].get(message_id)
        if target is None:
            return {"message_id": message_id, "date": self._unix(None),
                    "chat": self._chat_object(key)}
        return self._public({k: v for k, v in target.items() if k != "reply_to_message"})

    @staticmethod
    def _public(message: JSON) -> JSON:
        return {k: v for k, v in message.items() if not k.startswith("_")}

    def _photo_sizes(self, file_id: str, size: int | None) -> list[JSON]:
        return [
            {"file_id": f"{file_id}-s", "file_unique_id": f"u{file_id}-s", "width": 90,
             "height": 90, "file_size": (size or 0) // 10},
            {"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 1280,
             "height": 960, "file_size": size or 0},
        ]

    def _deliver(self, params: JSON, content: JSON) -> JSON:
        key = _chat_key(params["chat_id"])
        chat = self._chat_object(key)
        mid = self._new_message_id(key)
        msg: JSON = {
            "message_id": mid,
            "date": self._unix(None),
            "chat": chat,
            "from": self._bot_user(),
            **content,
        }
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            msg["reply_markup"] = markup
        reply_to = None
        rp = params.get("reply_parameters")
        if isinstance(rp, dict):
            reply_to = rp.get("message_id")
        elif params.get("reply_to_message_id") is not None:
            reply_to = params.get("reply_to_message_id")
        if reply_to is not None:
            msg["reply_to_message"] = self._reply_target(key, int(reply_to))
        stored = dict(msg)
        stored["_seq"] = next(self._message_seq)
        stored["_markup"] = markup
        self._messages[key][mid] = stored
        return msg

    def _stored(self, params: JSON, *, editing: bool = True) -> JSON:
        if "chat_id" not in params or "message_id" not in params:
            raise FakeAPIError(400, "Bad Request: message identifier is not specified")
        key = _chat_key(params["chat_id"])
        msg = self._messages.get(key, {}).get(params["message_id"])
        if msg is None:
            what = "to edit" if editing else "to delete"
            raise FakeAPIError(400, f"Bad Request: message {what} not found")
        return msg

    def _record_edit(self, params: JSON) -> None:
        self._edit_log.append(params)

    # ------------------------------------------------------------------ methods
    def _m_getme(self, params: JSON, uploads: dict) -> JSON:
        return {
            **self._bot_user(),
            "can_join_groups": self.can_join_groups,
            "can_read_all_group_messages": self.can_read_all_group_messages,
            "supports_inline_queries": False,
        }

    def _m_deletewebhook(self, params: JSON, uploads: dict) -> bool:
        return True

    def _m_setwebhook(self, params: JSON, uploads: dict) -> bool:
        return True

    def _m_getwebhookinfo(self, params: JSON, uploads: dict) -> JSON:
        return {"url": "", "has_custom_certificate": False,
                "pending_update_count": len(self._pending)}

    def _m_close(self, params: JSON, uploads: dict) -> bool:
        return True

    def _m_logout(self, params: JSON, uploads: dict) -> bool:
        return True

    def _m_sendchataction(self, params: JSON, uploads: dict) -> bool:
        return True

    @staticmethod
    def _commands_key(params: JSON) -> str:
        return json.dumps([params.get("scope"), params.get("language_code")], sort_keys=True)

    def _m_setmycommands(self, params: JSON, uploads: dict) -> bool:
        self._commands[self._commands_key(params)] = list(params.get("commands") or [])
        return True

    def _m_getmycommands(self, params: JSON, uploads: dict) -> list[JSON]:
        return self._commands.get(self._commands_key(params), [])

    def _m_deletemycommands(self, params: JSON, uploads: dict) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    def _m_answercallbackquery(self, params: JSON, uploads: dict) -> bool:
        self.answered_callbacks.append(params)
        return True

    def _admin_member(self, user_id: int, creator: bool) -> JSON:
        user = self._user_object(user_id)
        if creator:
            return {"status": "creator", "user": user, "is_anonymous": False}
        rights = dict.fromkeys(
            (
                "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
                "can_restrict_members", "can_change_info", "can_invite_users",
                "can_post_stories", "can_edit_stories", "can_delete_stories",
                "can_send_welcome_messages", "can_pin_messages",
            ),
            True,
        )
        return {"status": "administrator", "user": user, "can_be_edited": False,
                "is_anonymous": False, "can_promote_members": False, **rights}

    def _m_getchatadministrators(self, params: JSON, uploads: dict) -> list[JSON]:
        admins = self._admins.get(_chat_key(params.get("chat_id")), [])
        return [self._admin_member(uid, i == 0) for i, uid in enumerate(admins)]

    def _m_getchatmember(self, params: JSON, uploads: dict) -> JSON:
        admins = self._admins.get(_chat_key(params.get("chat_id")), [])
        user_id = int(params["user_id"])
        if user_id in admins:
            return self._admin_member(user_id, admins.index(user_id) == 0)
        return {"status": "member", "user": self._user_object(user_id)}

    def _m_sendmessage(self, params: JSON, uploads: dict) -> JSON:
        text = params.get("text")
        if not text:
            raise FakeAPIError(400, "Bad Request: message text is empty")
        return self._deliver(params, {"text": text})

    def _m_editmessagetext(self, params: JSON, uploads: dict) -> JSON:
        msg = self._stored(params)
        if "text" not in msg:
            raise FakeAPIError(400, "Bad Request: there is no text in the message to edit")
        new_markup = params.get("reply_markup")
        if params.get("text") == msg["text"] and new_markup == msg.get("_markup"):
            raise FakeAPIError(400, _NOT_MODIFIED)
        msg["text"] = params.get("text")
        return self._apply_edit(msg, params, new_markup)

    def _m_editmessagecaption(self, params: JSON, uploads: dict) -> JSON:
        msg = self._stored(params)
        new_markup = params.get("reply_markup")
        if params.get("caption") == msg.get("caption") and new_markup == msg.get("_markup"):
            raise FakeAPIError(400, _NOT_MODIFIED)
        if params.get("caption") is None:
            msg.pop("caption", None)
        else:
            msg["caption"] = params["caption"]
        return self._apply_edit(msg, params, new_markup)

    def _m_editmessagereplymarkup(self, params: JSON, uploads: dict) -> JSON:
        msg = self._stored(params)
        new_markup = params.get("reply_markup")
        if new_markup == msg.get("_markup"):
            raise FakeAPIError(400, _NOT_MODIFIED)
        return self._apply_edit(msg, params, new_markup)

    def _apply_edit(self, msg: JSON, params: JSON, new_markup: Any) -> JSON:
        msg["_markup"] = new_markup
        if isinstance(new_markup, dict) and "inline_keyboard" in new_markup:
            msg["reply_markup"] = new_markup
        else:
            msg.pop("reply_markup", None)
        msg["edit_date"] = self._unix(None)
        self._record_edit(params)
        return self._public(msg)

    def _m_pinchatmessage(self, params: JSON, uploads: dict) -> bool:
        """Pins the message when the bot is an administrator of the chat (set_admins with
        the bot's id), as Telegram does; otherwise 400 not enough rights."""
        msg = self._stored(params, editing=False)
        if self.bot_id not in self._admins.get(_chat_key(params["chat_id"]), []):
            raise FakeAPIError(400, "Bad Request: not enough rights to manage pinned messages in the chat")
        self.pinned[_chat_key(params["chat_id"])] = msg["message_id"]
        return True

    def _m_deletemessage(self, params: JSON, uploads: dict) -> bool:
        self._stored(params, editing=False)
        del self._messages[_chat_key(params["chat_id"])][params["message_id"]]
        return True

    def _take_file(self, params: JSON, uploads: dict, field_name: str) -> tuple[str, str | None, bytes | None, str | None]:
        value = params.get(field_name)
        if value is None and field_name in uploads:
            value = f"attach://{field_name}"
        if not isinstance(value, str) or not value:
            raise FakeAPIError(400, f"Bad Request: there is no {field_name} in the request")
        if value.startswith("attach://"):
            part = uploads.get(value[len("attach://"):])
            if part is None:
                raise FakeAPIError(400, "Bad Request: wrong HTTP URL specified")
            data = part.file.read()
            file_id = f"{field_name[:3].upper()}{next(self._file_seq):06d}"
            filename = part.filename
            self.add_file(file_id, data, f"{field_name}s/{file_id}_{filename or 'file'}")
            return file_id, filename, data, part.content_type
        # an existing file id or a URL: re-sent without bytes
        return value, None, None, None

    def _m_senddocument(self, params: JSON, uploads: dict) -> JSON:
        file_id, filename, data, ctype = self._take_file(params, uploads, "document")
        doc: JSON = {"file_id": file_id, "file_unique_id": f"u{file_id}",
                     "file_size": len(data) if data is not None else 0}
        if filename:
            doc["file_name"] = filename
        if ctype:
            doc["mime_type"] = ctype
        content: JSON = {"document": doc}
        if params.get("caption"):
            content["caption"] = params["caption"]
        msg = self._deliver(params, content)
        self.files.append(SentFile(_chat_key(params["chat_id"]), msg["message_id"], "document",
                                   file_id, filename, data, params.get("caption"), ctype))
        return msg

    def _m_sendphoto(self, params: JSON, uploads: dict) -> JSON:
        file_id, filename, data, ctype = self._take_file(params, uploads, "photo")
        content: JSON = {"photo": self._photo_sizes(file_id, len(data) if data else None)}
        if params.get("caption"):
            content["caption"] = params["caption"]
        msg = self._deliver(params, content)
        self.files.append(SentFile(_chat_key(params["chat_id"]), msg["message_id"], "photo",
                                   file_id, filename, data, params.get("caption"), ctype))
        return msg

    def _m_getfile(self, params: JSON, uploads: dict) -> JSON:
        file_id = params.get("file_id")
        stored = self._file_store.get(file_id) if isinstance(file_id, str) else None
        if stored is None:
            raise FakeAPIError(400, "Bad Request: invalid file_id")
        path, data = stored
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(data),
                "file_path": path}

