"""Edit coalescing on virtual time: the first edit at once, a burst merged into the newest,
the final state never lost, keys independent, flush sends what is held."""
from __future__ import annotations

import asyncio

from bot.coalesce import EditCoalescer


class VirtualTime:
    """A clock that moves only when told; sleepers wake in time order."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleepers: list[tuple[float, asyncio.Future]] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future = asyncio.get_running_loop().create_future()
        self.sleepers.append((self.now + seconds, future))
        await future

    async def advance(self, seconds: float) -> None:
        target = self.now + seconds
        await asyncio.sleep(0)
        while True:
            due = sorted((t, f) for t, f in self.sleepers if t <= target and not f.done())
            if not due:
                break
            self.now = max(self.now, due[0][0])
            due[0][1].set_result(None)
            for _ in range(5):
                await asyncio.sleep(0)
        self.now = target
        for _ in range(5):
            await asyncio.sleep(0)


def recorder(sent: list, vt: VirtualTime):
    def edit(text: str):
        async def send():
            sent.append((vt.now, text))
        return send
    return edit


async def test_first_edit_goes_out_at_once_then_a_burst_becomes_one():
    vt, sent = VirtualTime(), []
    edit = recorder(sent, vt)
    c = EditCoalescer(window=3.0, clock=vt.clock, sleep=vt.sleep)
    await c.submit((1, 10), edit("1人"))
    assert sent == [(0.0, "1人")]
    for n in range(2, 101):            # 99 more sign-ins within the same second
        await c.submit((1, 10), edit(f"{n}人"))
    assert sent == [(0.0, "1人")] and c.pending() == 1
    await vt.advance(2.9)
    assert len(sent) == 1
    await vt.advance(0.2)
    assert sent == [(0.0, "1人"), (3.0, "100人")]
    assert (c.sent, c.merged) == (2, 98)


async def test_a_long_burst_sends_one_edit_per_window_ending_with_the_latest():
    vt, sent = VirtualTime(), []
    edit = recorder(sent, vt)
    c = EditCoalescer(window=3.0, clock=vt.clock, sleep=vt.sleep)
    for n in range(1, 61):             # one sign-in every 0.25 s for 15 s
        await c.submit((1, 10), edit(f"{n}人"))
        await vt.advance(0.25)
    await vt.advance(10)
    times = [t for t, _ in sent]
    assert sent[-1][1] == "60人"
    assert len(sent) <= 7 and all(b - a >= 3.0 for a, b in zip(times, times[1:]))
    assert c.pending() == 0


async def test_after_a_quiet_window_the_next_edit_is_immediate_again():
    vt, sent = VirtualTime(), []
    edit = recorder(sent, vt)
    c = EditCoalescer(window=3.0, clock=vt.clock, sleep=vt.sleep)
    await c.submit((1, 10), edit("a"))
    await vt.advance(5)
    await c.submit((1, 10), edit("b"))
    assert [text for _, text in sent] == ["a", "b"]


async def test_messages_are_coalesced_independently():
    vt, sent = VirtualTime(), []
    edit = recorder(sent, vt)
    c = EditCoalescer(window=3.0, clock=vt.clock, sleep=vt.sleep)
    await c.submit((1, 10), edit("card A 1"))
    await c.submit((1, 11), edit("card B 1"))
    await c.submit((2, 10), edit("other chat 1"))
    await c.submit((1, 10), edit("card A 2"))
    assert [text for _, text in sent] == ["card A 1", "card B 1", "other chat 1"]
    await vt.advance(3)
    assert [text for _, text in sent][-1] == "card A 2"


async def test_flush_sends_what_is_held_at_once():
    vt, sent = VirtualTime(), []
    edit = recorder(sent, vt)
    c = EditCoalescer(window=3.0, clock=vt.clock, sleep=vt.sleep)
    await c.submit((1, 10), edit("1"))
    await c.submit((1, 10), edit("2"))
    await c.submit((1, 10), edit("3"))
    await c.flush()
    assert [text for _, text in sent] == ["1", "3"] and c.pending() == 0
    await vt.advance(10)
    assert [text for _, text in sent] == ["1", "3"]


async def test_a_failing_held_edit_does_not_stop_the_next():
    vt, sent = VirtualTime(), []
    edit = recorder(sent, vt)
    c = EditCoalescer(window=3.0, clock=vt.clock, sleep=vt.sleep)

    async def broken():
        raise RuntimeError("network")

    await c.submit((1, 10), edit("1"))
    await c.submit((1, 10), broken)
    await vt.advance(3)
    await c.submit((1, 10), edit("3"))
    await vt.advance(3)
    assert [text for _, text in sent] == ["1", "3"]


async def test_real_sleep_with_a_short_window():
    sent: list[str] = []
    c = EditCoalescer(window=0.05)

    def edit(text):
        async def send():
            sent.append(text)
        return send

    for n in range(20):
        await c.submit((1, 1), edit(str(n)))
    await asyncio.sleep(0.15)
    assert sent == ["0", "19"]
