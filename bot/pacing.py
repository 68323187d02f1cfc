"""One pacer for every outgoing message of an adapter: the platform's send limits, kept.

The pacing is the same for every platform; what differs is which errors mean "wait and
retry" and which "give up" (:class:`ErrorKinds`, given by the adapter: Telegram's in
bot/telegram/pacing.py, DingTalk's in bot/dingtalk/pacing.py). The limits below are
Telegram's defaults; DingTalk passes its own.

Telegram (Bot FAQ) allows a bot about 30 messages a second overall, 1 a second in one
chat and 20 a minute in one group; edits in a group count too.  Going over earns HTTP
429 "retry after N" and, if ignored, longer bans.  :class:`Pacer` keeps under the limits
and retries what Telegram (or the network) refuses, so no reminder is dropped.

How a call is paced
-------------------
1. **Chat stage.**  Calls for one chat take turns (a FIFO lock per chat, held until the
   call is finished, retries included, so a chat's messages keep their order).  The
   holder waits until the chat may send again: ``1 / chat_per_second`` after the chat's
   previous send, and, for groups (negative ids), after the oldest of the last
   ``group_per_minute`` sends has left the ``minute``-second window (an exact sliding
   window), and after any pause Telegram asked for.
2. **Global stage.**  A chat that may send queues (FIFO) for the next slot of a global
   token bucket (GCRA: slots ``1 / global_per_second`` apart, at most ``global_burst``
   at once, so a busy event loop catches up on late wake-ups without a burst), capped
   by a sliding window: never more than ``global_per_second`` grants in any second.  Slots go in the order chats
   become ready, and a chat has at most one call at this stage, so a chat with 100 queued
   messages gets one slot a second while every other chat still gets its turn: fair
   across chats, many chats in parallel up to the global rate.
3. **Send.**  ``TelegramRetryAfter``: the chat pauses ``retry_after`` seconds (if several
   chats are told so within a second, everything pauses: a global flood) and the call
   goes round again.  ``TelegramNetworkError`` / ``TelegramServerError``: exponential
   backoff (``backoff_base * 2**n``, at most ``backoff_max``) up to ``max_attempts``
   tries.  Any other ``TelegramAPIError`` (bad request, forbidden ...) is raised at once:
   the caller decides.  A call that finally fails is logged (chat id, key, error class and
   a redacted description, never the message text or the token), passed to
   ``on_failure(chat_id, key, exc)`` and re-raised.

Waiting is done with ``sleep`` until a computed time, never by polling; time is the
running loop's clock unless ``monotonic`` / ``sleep`` are injected (unit tests).

Each adapter routes all its sends through one pacer (Telegram: ``install_pacer`` in
bot/telegram/pacing.py; DingTalk: bot/dingtalk/outbound.py), so handlers' replies and
scheduled pushes share the same limits without knowing about them.
"""
from __future__ import annotations

import asyncio
import inspect
import logging
import math
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from core.redact import scrub

__all__ = ["ErrorKinds", "Pacer", "PacerStats"]

log = logging.getLogger(__name__)

T = TypeVar("T")
ChatId = int | str
FailureCallback = Callable[[ChatId, str | None, BaseException], Any]

_SWEEP_EVERY = 1024
_EPS = 1e-6  # a microsecond: time comparisons within this are "now" (float round-off)


@dataclass(frozen=True)
class ErrorKinds:
    """How a platform's errors are read: ``retry_after(exc)`` gives the seconds a flood
    answer asks to wait (None: not a flood answer); ``transient`` errors are retried with
    backoff; ``refused`` errors are raised at once (the caller decides)."""
    retry_after: Callable[[BaseException], float | None]
    transient: tuple[type[BaseException], ...]
    refused: tuple[type[BaseException], ...]


@dataclass
class PacerStats:
    sent: int = 0  # calls that succeeded
    retried_429: int = 0  # 429 answers that were waited out and retried
    retried_errors: int = 0  # network / server errors that were retried
    failed: int = 0  # calls that finally failed (logged, on_failure, raised)
    rejected: int = 0  # calls Telegram refused outright (bad request ...), raised


@dataclass
class _Chat:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_at: float = float("-inf")  # per-second rule
    recent: deque[float] = field(default_factory=deque)  # group sends, minute rule
    paused_until: float = float("-inf")
    users: int = 0  # calls waiting for or holding the lock


def _describe(exc: BaseException) -> str:
    """The error's class and description, with anything that looks like a token removed."""
    text = scrub(str(getattr(exc, "message", None) or exc))
    if len(text) > 200:
        text = text[:200] + "…"
    return f"{type(exc).__name__}: {text}"


def _is_group(chat_id: ChatId) -> bool:
    # Groups and supergroups have negative ids; "@channel" usernames are treated alike.
    return not isinstance(chat_id, int) or chat_id < 0


class Pacer:
    """Paces and retries outgoing calls; see the module docstring.

    ``global_per_second`` / ``global_burst``: overall rate and how many may go at once;
    ``chat_per_second``: one chat's rate; ``group_per_minute`` over a window of ``minute``
    seconds: one group's budget; ``max_attempts``, ``backoff_base``, ``backoff_max``:
    retries of network/server errors; ``max_flood_retries``: how many 429s one call may
    wait out before it counts as failed; ``global_flood_chats``: how many distinct chats
    told to retry within a second pause everything (``None``: never); ``on_failure``:
    sync or async ``(chat_id, key, exc)``; ``sleep`` / ``monotonic``: time source;
    ``errors``: the platform's :class:`ErrorKinds`; ``logger``: where to log.
    """

    def __init__(
        self,
        *,
        global_per_second: float = 30.0,
        global_burst: int = 3,
        chat_per_second: float = 1.0,
        group_per_minute: int = 20,
        minute: float = 60.0,
        max_attempts: int = 5,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        max_flood_retries: int = 20,
        global_flood_chats: int | None = 3,
        on_failure: FailureCallback | None = None,
        sleep: Callable[[float], Awaitable[Any]] | None = None,
        monotonic: Callable[[], float] | None = None,
        errors: ErrorKinds,
        logger: logging.Logger | None = None,
    ) -> None:
        if global_per_second <= 0 or chat_per_second <= 0 or group_per_minute < 1:
            raise ValueError("rates must be positive")
        if max_attempts < 1 or global_burst < 1:
            raise ValueError("max_attempts and global_burst must be at least 1")
        self.global_interval = 1.0 / global_per_second
        self.global_burst = global_burst
        self.chat_interval = 1.0 / chat_per_second
        self.group_per_minute = group_per_minute
        self.minute = minute
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.max_flood_retries = max_flood_retries
        self.global_flood_chats = global_flood_chats
        self.on_failure = on_failure
        self._sleep_fn = sleep
        self._monotonic = monotonic
        self.stats = PacerStats()
        self.errors = errors
        self.log = logger or log

        self._chats: dict[ChatId, _Chat] = {}
        self._tat = float("-inf")  # GCRA theoretical arrival time of the next slot
        self._gate = asyncio.Lock()  # one caller at a time waits for the next global slot
        # Hard cap: never more than global_per_second grants in any second (sliding).
        self.global_cap = max(1, math.floor(global_per_second + 1e-9))
        self._granted: deque[float] = deque()
        self._global_paused_until = float("-inf")
        self._floods: deque[tuple[float, ChatId]] = deque()
        self._calls = 0

    # ------------------------------------------------------------------ time
    def _now(self) -> float:
        if self._monotonic is not None:
            return self._monotonic()
        return asyncio.get_running_loop().time()

    async def _sleep_until(self, at: float) -> None:
        delay = at - self._now()
        if delay <= _EPS:
            return
        if self._sleep_fn is not None:
            await self._sleep_fn(delay)
        else:
            await asyncio.sleep(delay)

    # ------------------------------------------------------------------ public
    async def call(
        self,
        chat_id: ChatId,
        send: Callable[[], Awaitable[T]],
        *,
        key: str | None = None,
    ) -> T:
        """Run ``send()`` for ``chat_id`` when the limits allow, retrying as described.
        ``key`` names the call in logs and in ``on_failure`` (e.g. "remind:duty")."""
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = _Chat()
        chat.users += 1
        try:
            async with chat.lock:
                return await self._run(chat_id, chat, send, key)
        finally:
            chat.users -= 1
            self._calls += 1
            if self._calls % _SWEEP_EVERY == 0:
                self._sweep()

    def pause_chat(self, chat_id: ChatId, seconds: float) -> None:
        """Hold back sends to one chat for ``seconds``."""
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = _Chat()
        chat.paused_until = max(chat.paused_until, self._now() + seconds)

    @property
    def tracked_chats(self) -> int:
        return len(self._chats)

    # ------------------------------------------------------------------ stages
    async def _chat_ready(self, chat_id: ChatId, chat: _Chat) -> None:
        while True:
            at = max(chat.next_at, chat.paused_until)
            if _is_group(chat_id) and len(chat.recent) >= self.group_per_minute:
                at = max(at, chat.recent[0] + self.minute)
            if at <= self._now() + _EPS:
                return
            await self._sleep_until(at)

    async def _global_slot(self) -> float:
        """Wait for the next global slot; returns the time it was granted.

        One caller at a time (FIFO) sleeps for its slot (GCRA).  A wake-up that comes late
        (a busy loop) is made up by the following slots, but never by more than
        ``global_burst`` sends at once, and a sliding one-second window caps the grants at
        ``global_per_second`` in any second whatever the burst."""
        async with self._gate:
            while True:
                now = self._now()
                start = max(now, self._global_paused_until)
                tat = max(self._tat, start)
                await self._sleep_until(
                    max(start, tat - (self.global_burst - 1) * self.global_interval)
                )
                now = self._now()
                if self._global_paused_until > now + _EPS:
                    continue  # a global pause began while we waited
                recent = self._granted
                while recent and recent[0] <= now - 1.0 + _EPS:
                    recent.popleft()
                if len(recent) >= self.global_cap:
                    # The burst plus the steady rate would overfill this second.
                    await self._sleep_until(recent[0] + 1.0)
                    continue
                recent.append(now)
                self._tat = max(tat, now) + self.global_interval
                return now

    def _mark_sent(self, chat_id: ChatId, chat: _Chat, at: float) -> None:
        chat.next_at = at + self.chat_interval
        if _is_group(chat_id):
            chat.recent.append(at)
            while len(chat.recent) > self.group_per_minute:
                chat.recent.popleft()

    def _note_flood(self, chat_id: ChatId, retry_after: float) -> None:
        now = self._now()
        chat = self._chats[chat_id]
        chat.paused_until = max(chat.paused_until, now + retry_after)
        if self.global_flood_chats is None:
            return
        self._floods.append((now, chat_id))
        while self._floods and self._floods[0][0] <= now - 1.0:
            self._floods.popleft()
        if len({c for _, c in self._floods}) >= self.global_flood_chats:
            self.log.warning("flood control in %d chats at once: pausing all sends for %s s",
                        self.global_flood_chats, retry_after)
            self._global_paused_until = max(self._global_paused_until, now + retry_after)
            self._floods.clear()

    async def _run(
        self, chat_id: ChatId, chat: _Chat, send: Callable[[], Awaitable[T]], key: str | None
    ) -> T:
        errors = 0
        floods = 0
        while True:
            await self._chat_ready(chat_id, chat)
            granted = await self._global_slot()
            self._mark_sent(chat_id, chat, granted)
            try:
                result = await send()
            except Exception as exc:
                retry_after = self.errors.retry_after(exc)
                if retry_after is not None:
                    floods += 1
                    if floods > self.max_flood_retries:
                        await self._fail(chat_id, key, exc)
                        raise
                    self.stats.retried_429 += 1
                    self.log.info("chat %s key %s: flood control, retry in %s s", chat_id, key, retry_after)
                    self._note_flood(chat_id, retry_after)
                elif isinstance(exc, self.errors.transient):
                    errors += 1
                    if errors >= self.max_attempts:
                        await self._fail(chat_id, key, exc)
                        raise
                    self.stats.retried_errors += 1
                    delay = min(self.backoff_max, self.backoff_base * 2 ** (errors - 1))
                    self.log.info("chat %s key %s: %s; retry %d in %.2f s",
                                  chat_id, key, _describe(exc), errors, delay)
                    await self._sleep_until(self._now() + delay)
                elif isinstance(exc, self.errors.refused):
                    self.stats.rejected += 1
                    self.log.info("chat %s key %s: refused: %s", chat_id, key, _describe(exc))
                    raise
                else:
                    await self._fail(chat_id, key, exc)
                    raise
            else:
                self.stats.sent += 1
                return result

    async def _fail(self, chat_id: ChatId, key: str | None, exc: BaseException) -> None:
        self.stats.failed += 1
        self.log.error("chat %s key %s: send failed: %s", chat_id, key, _describe(exc))
        if self.on_failure is None:
            return
        try:
            outcome = self.on_failure(chat_id, key, exc)
            if inspect.isawaitable(outcome):
                await outcome
        except Exception as cb_exc:  # the original error matters more
            self.log.error("on_failure callback raised %s", type(cb_exc).__name__)

    def _sweep(self) -> None:
        """Forget chats with nothing queued whose limits no longer constrain anything."""
        now = self._now()
        idle = [
            cid
            for cid, c in self._chats.items()
            if c.users == 0
            and c.next_at <= now
            and c.paused_until <= now
            and (not c.recent or c.recent[-1] + self.minute <= now)
        ]
        for cid in idle:
            del self._chats[cid]
