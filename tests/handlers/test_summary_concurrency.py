"""The model never holds the database: 20 /summary requests waiting on a slow model
neither exhaust the connection pool nor delay a duty report; a model that times out
gives the template draft and says why."""
from __future__ import annotations

import asyncio
import time

from handlers.base import Incoming
from handlers.runner import process
from storage.models import DutyReport, Summary
from tests.fakes.openai_server import FakeOpenAI
from tests.handlers.test_ask import week  # noqa: F401  (the seeded week fixture)
from tests.helpers import ADMIN, GROUP, texts



def _summary(week, i: int) -> Incoming:  # noqa: F811
    return Incoming(chat_id=GROUP, sender_id=week.uid(ADMIN), text="/summary", sent_at=week.deps.clock.now(),
                    chat_type="supergroup", sender_name=ADMIN, message_id=90000 + i, update_key=f"s:{i}")


class SlowModel:
    """A model that thinks until the test lets it answer (a sleep of unknown length)."""
    name = "slow-1"

    def __init__(self, gate: asyncio.Event, calls: list):
        self.gate, self.calls = gate, calls

    async def complete(self, system: str, user: str) -> str:
        self.calls.append(user)
        await self.gate.wait()
        return "不改"               # not the draft: the guard falls back, which is fine here

    async def aclose(self) -> None:
        return None


async def test_twenty_slow_summaries_hold_no_connection_and_do_not_delay_a_report(week):  # noqa: F811
    engine = week.deps.session_factory.engine
    gate, calls = asyncio.Event(), []
    week.deps.open_model = lambda: SlowModel(gate, calls)
    summaries = [asyncio.create_task(process(_summary(week, i), week.deps)) for i in range(20)]
    deadline = time.monotonic() + 120
    while len(calls) < 20 and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    assert len(calls) == 20                    # all twenty are waiting on the model now
    held = engine.pool.checkedout()
    before = time.monotonic()
    replies = await week.send("刘洋", "永安镇今日无突发事件，零报告")
    report_took = time.monotonic() - before
    waiting = sum(not t.done() for t in summaries)
    gate.set()
    answers = await asyncio.gather(*summaries)
    assert held == 0, f"{held} connections held while the model thinks"
    assert texts(replies).startswith("✅") and waiting == 20
    assert report_took < 2.0, report_took
    assert all(texts(a).startswith("📝") for a in answers)
    assert len(week.rows(Summary)) == 20 and week.rows(DutyReport)


async def test_a_model_timeout_gives_the_template_and_says_why(week, monkeypatch):  # noqa: F811
    async with FakeOpenAI(reply="x", delay=2.0) as server:
        monkeypatch.setattr(week.deps.settings, "llm_base_url", server.base_url)
        monkeypatch.setattr(week.deps.settings, "llm_model", "slow-1")
        monkeypatch.setattr(week.deps.settings, "llm_timeout", 0.3)
        replies = await week.send(ADMIN, "/summary")
    assert "超时" in replies[0].text and "模板稿" in replies[0].text
    [row] = week.rows(Summary)
    assert row.source == "template"
