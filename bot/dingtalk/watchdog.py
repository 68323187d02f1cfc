"""A stream that goes silent (no frame, not even DingTalk's system ping) is dead even when
its TCP connection looks alive: the watchdog closes it so the client reconnects. Frames
not acked on the dead connection come again on the new one (at least once), and the
runner's update keys make the repeat a no-op."""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)
SILENCE = 120.0              # seconds without any frame before the stream counts as dead


class Watchdog:
    def __init__(self, *, silence: float = SILENCE, check_every: float | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.silence = silence
        self.check_every = check_every or max(0.05, silence / 4)
        self._clock = clock
        self.last_frame = clock()
        self.restarts = 0

    def touch(self) -> None:
        self.last_frame = self._clock()

    def silent(self) -> bool:
        return self._clock() - self.last_frame > self.silence

    async def watch(self, close: Callable[[], Awaitable[object]]) -> None:
        """Run until cancelled: close the connection whenever it has been silent too long."""
        while True:
            await asyncio.sleep(self.check_every)
            if self.silent():
                self.restarts += 1
                log.warning("DingTalk stream silent for %.0f s: reconnecting", self._clock() - self.last_frame)
                self.touch()            # one close per silence, not one per check
                try:
                    async with asyncio.timeout(5):      # not wait_for: 3.11's may lose a cancel
                        await close()
                except Exception as exc:    # a dead socket may not even close cleanly
                    log.info("closing the silent stream: %s", type(exc).__name__)
