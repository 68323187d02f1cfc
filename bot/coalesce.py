"""Edits of one message coalesce (every adapter): a burst of 100 sign-ins becomes a few edits that always
show the newest card, never 100 edits and a 429 storm (Telegram counts edits in a group
against its ~20 messages a minute).

Per (chat id, message id): the first edit goes out at once; edits arriving within
`window` seconds of the last one sent are held, each replacing the one before, and only
the newest is sent when the window ends. The final state is never lost: a held edit is
always sent, and `flush()` sends everything held right away (at shutdown, in tests).
Clock and sleep are injected so tests run without waiting.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

Key = tuple[int, int]
Send = Callable[[], Awaitable[object]]
DEFAULT_WINDOW = 3.0


@dataclass
class _Slot:
    last_sent: float = float("-inf")
    held: Send | None = None
    task: asyncio.Task | None = None
    sleeping: bool = False


class EditCoalescer:
    def __init__(self, *, window: float = DEFAULT_WINDOW, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep):
        self.window = window
        self._clock = clock
        self._sleep = sleep
        self._slots: dict[Key, _Slot] = {}
        self._flushing = False
        self.sent = 0          # edits actually sent
        self.merged = 0        # edits replaced by a newer one before being sent

    async def submit(self, key: Key, send: Send) -> None:
        """Send now when the message was not edited within the window; else hold `send`
        (replacing any held edit) for the window's end. Errors of a held edit are logged."""
        self._forget_quiet()
        slot = self._slots.setdefault(key, _Slot())
        if slot.task is None and self._clock() - slot.last_sent >= self.window:
            slot.last_sent = self._clock()   # before awaiting: edits arriving meanwhile are held
            self.sent += 1
            await send()
            return
        if slot.held is not None:
            self.merged += 1
        slot.held = send
        if slot.task is None:
            slot.task = asyncio.create_task(self._later(key, slot))

    async def _later(self, key: Key, slot: _Slot) -> None:
        try:
            while slot.held is not None:
                wait = slot.last_sent + self.window - self._clock()
                if wait > 0 and not self._flushing:
                    slot.sleeping = True
                    try:
                        await self._sleep(wait)
                    finally:
                        slot.sleeping = False
                await self._send_held(key, slot)
        finally:
            slot.task = None

    def _forget_quiet(self) -> None:
        """Drop messages whose window has passed with nothing held (memory stays small)."""
        if len(self._slots) < 1000:
            return
        now = self._clock()
        for key in [k for k, s in self._slots.items()
                    if s.task is None and s.held is None and now - s.last_sent >= self.window]:
            del self._slots[key]

    async def _send_held(self, key: Key, slot: _Slot) -> None:
        send, slot.held = slot.held, None
        if send is None:
            return
        slot.last_sent = self._clock()
        self.sent += 1
        try:
            await send()
        except Exception:       # one failed edit must not stop later ones
            log.exception("held edit of message %s failed", key)

    async def flush(self) -> None:
        """Send every held edit now and wait for edits in flight (an edit being sent is
        never cancelled, only a wait)."""
        self._flushing = True
        try:
            tasks = []
            for slot in self._slots.values():
                if slot.task is not None:
                    if slot.sleeping:
                        slot.task.cancel()
                    tasks.append(slot.task)
            await asyncio.gather(*tasks, return_exceptions=True)
            for key, slot in list(self._slots.items()):
                await self._send_held(key, slot)
        finally:
            self._flushing = False

    def pending(self) -> int:
        return sum(1 for slot in self._slots.values() if slot.held is not None)
