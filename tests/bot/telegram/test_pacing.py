"""The pacer: limits held, retries bounded, nothing lost.  Virtual time except the last test."""
from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import SendMessage

from bot.telegram.pacing import Pacer, install_pacer, is_paced_method
from tests.fakes.botapi import FakeBotAPI

GROUP = -100100
OTHER = -100200
METHOD = SendMessage(chat_id=GROUP, text="x")


class VirtualTime:
    """A time source whose clock moves only when every task is waiting on it."""

    def __init__(self) -> None:
        self.now = 0.0
        self._timers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._timers, (self.now + max(delay, 0.0), next(self._seq), fut))
        await fut

    async def _settle(self) -> None:
        for _ in range(60):
            await asyncio.sleep(0)

    async def run(self, awaitable: Awaitable[Any]) -> Any:
        task = asyncio.ensure_future(awaitable)
        while True:
            await self._settle()
            if task.done():
                return task.result()
            if not self._timers:
                raise AssertionError("deadlock: nothing runnable and no timer set")
            at, _, fut = heapq.heappop(self._timers)
            self.now = max(self.now, at)
            if not fut.done():
                fut.set_result(None)


def make_pacer(vt: VirtualTime, **kwargs: Any) -> Pacer:
    return Pacer(sleep=vt.sleep, monotonic=vt.monotonic, **kwargs)


def recorder(vt: VirtualTime, log: list[tuple[float, Any]], chat: Any
             ) -> Callable[[], Awaitable[str]]:
    async def send() -> str:
        log.append((vt.now, chat))
        return f"ok {chat}"
    return send


def max_in_window(times: list[float], window: float) -> int:
    """Most events in any half-open window (t - window, t]."""
    best = 0
    for i, t in enumerate(times):
        best = max(best, sum(1 for u in times[: i + 1] if u > t - window))
    return best


async def test_one_chat_one_message_a_second_and_twenty_a_minute() -> None:
    vt = VirtualTime()
    pacer = make_pacer(vt)
    log: list[tuple[float, Any]] = []
    results = await vt.run(asyncio.gather(
        *(pacer.call(GROUP, recorder(vt, log, GROUP)) for _ in range(25))
    ))
    assert results == [f"ok {GROUP}"] * 25
    times = [t for t, _ in log]
    assert times[:20] == [float(i) for i in range(20)]
    assert times[20] == pytest.approx(60.0)
    assert max_in_window(times, 1.0) == 1
    assert max_in_window(times, 60.0) == 20
    assert pacer.stats.sent == 25


async def test_private_chat_has_no_minute_budget() -> None:
    vt = VirtualTime()
    pacer = make_pacer(vt)
    log: list[tuple[float, Any]] = []
    await vt.run(asyncio.gather(*(pacer.call(777, recorder(vt, log, 777)) for _ in range(25))))
    assert [t for t, _ in log] == [float(i) for i in range(25)]


@pytest.mark.parametrize("burst", [1, 3])
async def test_global_rate_across_many_chats(burst: int) -> None:
    vt = VirtualTime()
    pacer = make_pacer(vt, global_per_second=10, global_burst=burst)
    log: list[tuple[float, Any]] = []
    chats = [-(1000 + i) for i in range(100)]
    await vt.run(asyncio.gather(*(pacer.call(c, recorder(vt, log, c)) for c in chats)))
    times = [t for t, _ in log]
    assert sorted(c for _, c in log) == sorted(chats)
    assert times[:burst] == [0.0] * burst
    # never more than 10 in any second, whatever the burst (give or take a float)
    assert max_in_window(times, 1.0 - 1e-9) <= 10
    assert times[-1] == pytest.approx(9.9, abs=0.25)  # the floor: 100 at 10/s


async def test_429_storm_loses_nothing_and_waits_as_told() -> None:
    vt = VirtualTime()
    pacer = make_pacer(vt, global_flood_chats=None)
    attempts: list[float] = []

    async def flaky() -> str:
        attempts.append(vt.now)
        if len(attempts) <= 4:
            raise TelegramRetryAfter(method=METHOD, message="Too Many Requests", retry_after=3)
        return "delivered"

    assert await vt.run(pacer.call(GROUP, flaky, key="remind")) == "delivered"
    assert attempts == [0.0, 3.0, 6.0, 9.0, 12.0]
    assert pacer.stats.retried_429 == 4
    assert pacer.stats.sent == 1 and pacer.stats.failed == 0


async def test_429_in_many_chats_pauses_everything() -> None:
    vt = VirtualTime()
    pacer = make_pacer(vt, global_per_second=100, global_flood_chats=3)
    told: set[int] = set()
    log: list[tuple[float, int]] = []

    def sender(chat: int) -> Callable[[], Awaitable[str]]:
        async def send() -> str:
            if chat not in told and len(told) < 3:
                told.add(chat)
                raise TelegramRetryAfter(method=METHOD, message="flood", retry_after=5)
            log.append((vt.now, chat))
            return "ok"
        return send

    chats = [-(2000 + i) for i in range(10)]
    await vt.run(asyncio.gather(*(pacer.call(c, sender(c)) for c in chats)))
    assert sorted(c for _, c in log) == sorted(chats)
    # After the third chat was told to wait, nobody sent until the pause was over.
    later = [t for t, c in log if c not in told]
    assert all(t < 0.05 or t >= 5.0 for t in later)
    assert any(t >= 5.0 for t in later)


async def test_network_errors_back_off_then_fail_to_on_failure() -> None:
    vt = VirtualTime()
    failures: list[tuple[Any, Any, BaseException]] = []
    pacer = make_pacer(vt, max_attempts=4, backoff_base=0.5,
                       on_failure=lambda c, k, e: failures.append((c, k, e)))
    attempts: list[float] = []

    async def down() -> str:
        attempts.append(vt.now)
        raise TelegramNetworkError(method=METHOD, message="ClientConnectorError: refused")

    with pytest.raises(TelegramNetworkError):
        await vt.run(pacer.call(GROUP, down, key="remind:duty"))
    # 4 tries; waits 0.5, 1, 2 between them (then the chat's 1 s spacing when longer).
    assert len(attempts) == 4
    gaps = [b - a for a, b in zip(attempts, attempts[1:])]
    assert gaps == [pytest.approx(1.0), pytest.approx(1.0), pytest.approx(2.0)]
    assert vt.sleeps == [0.5, 0.5, 1.0, 2.0]  # backoff 0.5, the chat's spacing, 1, 2
    assert [(c, k) for c, k, _ in failures] == [(GROUP, "remind:duty")]
    assert isinstance(failures[0][2], TelegramNetworkError)
    assert pacer.stats.failed == 1 and pacer.stats.retried_errors == 3


async def test_server_error_then_success_is_retried() -> None:
    vt = VirtualTime()
    pacer = make_pacer(vt, backoff_base=4.0)
    attempts: list[float] = []

    async def wobbly() -> str:
        attempts.append(vt.now)
        if len(attempts) == 1:
            raise TelegramServerError(method=METHOD, message="Internal Server Error")
        return "ok"

    assert await vt.run(pacer.call(GROUP, wobbly)) == "ok"
    assert attempts == [0.0, 4.0]


async def test_async_on_failure_and_unexpected_exceptions() -> None:
    vt = VirtualTime()
    seen: list[str] = []

    async def on_failure(chat: Any, key: Any, exc: BaseException) -> None:
        seen.append(type(exc).__name__)

    pacer = make_pacer(vt, on_failure=on_failure)

    async def broken() -> str:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await vt.run(pacer.call(GROUP, broken))
    assert seen == ["RuntimeError"]


async def test_bad_request_is_not_retried() -> None:
    vt = VirtualTime()
    failures: list[Any] = []
    pacer = make_pacer(vt, on_failure=lambda *a: failures.append(a))
    calls = 0

    async def bad() -> str:
        nonlocal calls
        calls += 1
        raise TelegramBadRequest(method=METHOD, message="Bad Request: message is not modified")

    with pytest.raises(TelegramBadRequest):
        await vt.run(pacer.call(GROUP, bad))
    assert calls == 1
    assert failures == []
    assert pacer.stats.rejected == 1 and pacer.stats.failed == 0


async def test_a_chatty_group_does_not_starve_another_chat() -> None:
    vt = VirtualTime()
    pacer = make_pacer(vt, global_per_second=30)
    log: list[tuple[float, Any]] = []

    async def scenario() -> None:
        busy = [asyncio.ensure_future(pacer.call(GROUP, recorder(vt, log, GROUP)))
                for _ in range(100)]
        await vt.sleep(0.5)  # the busy chat's queue is well established
        await pacer.call(OTHER, recorder(vt, log, OTHER))
        await asyncio.gather(*busy)

    await vt.run(scenario())
    other_at = next(t for t, c in log if c == OTHER)
    assert other_at <= 0.5 + 1 / 30 + 1e-9
    assert [t for t, c in log if c == GROUP][-1] >= 99.0


async def test_logs_name_chat_and_key_but_no_token_or_text(caplog: pytest.LogCaptureFixture) -> None:
    vt = VirtualTime()
    pacer = make_pacer(vt, max_attempts=1)
    secret = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"

    async def leaky() -> str:
        raise TelegramNetworkError(
            method=SendMessage(chat_id=GROUP, text="机密：城关镇值班表"),
            message=f"ClientError: https://api.telegram.org/bot{secret}/sendMessage failed",
        )

    with caplog.at_level(logging.INFO, logger="bot.telegram.pacing"), pytest.raises(TelegramNetworkError):
        await vt.run(pacer.call(GROUP, leaky, key="push:weekly"))
    assert str(GROUP) in caplog.text and "push:weekly" in caplog.text
    assert secret not in caplog.text and "机密" not in caplog.text


def test_paced_methods() -> None:
    assert is_paced_method("sendMessage") and is_paced_method("editMessageText")
    assert is_paced_method("copyMessage") and is_paced_method("forwardMessage")
    assert is_paced_method("sendDocument")
    assert not is_paced_method("sendChatAction") and not is_paced_method("getUpdates")
    assert not is_paced_method("answerCallbackQuery") and not is_paced_method("deleteMessage")


async def test_pacer_with_rate_limited_fake_server_loses_nothing() -> None:
    """200 messages over 50 groups through a real Bot against a server enforcing limits
    (per-chat windows scaled to a tenth so the test takes a few seconds)."""
    scale = 0.1
    async with FakeBotAPI(global_per_second=100, per_chat_per_second=1,
                          per_chat_per_minute=20, chat_window_scale=scale) as server:
        pacer = Pacer(global_per_second=90, chat_per_second=1 / (scale * 1.3),
                      group_per_minute=20, minute=60 * scale * 1.05)
        bot = Bot(server.token,
                  session=AiohttpSession(api=TelegramAPIServer.from_base(server.base_url)))
        install_pacer(bot, pacer)
        install_pacer(bot, pacer)  # idempotent
        try:
            assert len(bot.session.middleware) == 1
            groups = [-(5000 + i) for i in range(50)]
            jobs = [bot.send_message(g, f"催报 第{n}次") for n in range(4) for g in groups]
            await asyncio.gather(*jobs)
            await bot.send_chat_action(groups[0], "typing")  # not paced, still fine
        finally:
            await bot.session.close()
        assert server.too_many == pacer.stats.retried_429  # every 429 was waited out
        assert server.delivered == 200
        assert len(server.sent_messages()) == 200
        for g in groups:  # in order within each chat
            assert server.sent_texts(g) == [f"催报 第{n}次" for n in range(4)]
        assert pacer.stats.sent == 200 and pacer.stats.failed == 0


async def test_idle_chats_are_forgotten_and_pauses_hold() -> None:
    vt = VirtualTime()
    pacer = make_pacer(vt, global_per_second=1000, minute=2.0)
    log: list[tuple[float, Any]] = []
    chats = [-(9000 + i) for i in range(1100)]

    async def scenario() -> None:
        await asyncio.gather(*(pacer.call(c, recorder(vt, log, c)) for c in chats[:1000]))
        await vt.sleep(5.0)  # every chat's windows have passed
        pacer.pause_chat(chats[0], 3.0)
        await asyncio.gather(*(pacer.call(c, recorder(vt, log, c)) for c in chats[:24] + chats[1000:]))

    await vt.run(scenario())
    assert len(log) == 1124
    assert pacer.tracked_chats < 1000  # the sweep forgot the idle ones
    first_again = [t for t, c in log if c == chats[0]][-1]
    assert first_again >= 5.0 + 3.0 - 0.01  # waited out its pause (the fanout took ~1 s)
