"""A forwarded report is not the sender's own report of today; replies keep the topic."""
from __future__ import annotations

from datetime import datetime, timedelta

from handlers.texts import duty as T
from storage.models import DutyReport
from tests.helpers import CST, texts

REPORT = "青石镇今日无突发事件，零报告。"


async def test_a_report_forwarded_from_another_author_is_not_counted(town):
    town.at("09:00")
    replies = await town.send("李明", REPORT, forwarded=True, forward_sender_id=town.uid("张芳"),
                              forward_date=town.deps.clock.now() - timedelta(minutes=5))
    assert T.FORWARDED_OTHER in texts(replies) and "本单位自己的今日值班报告" in texts(replies)
    assert town.rows(DutyReport) == []


async def test_a_hidden_or_channel_author_is_another_author(town):
    town.at("09:00")
    replies = await town.send("李明", REPORT, forwarded=True, forward_sender_id=0,
                              forward_date=town.deps.clock.now())
    assert T.FORWARDED_OTHER in texts(replies)
    assert town.rows(DutyReport) == []


async def test_ones_own_report_of_an_earlier_day_forwarded_today_is_not_todays(town):
    town.at("09:00")
    yesterday = datetime(2026, 6, 17, 9, 30, tzinfo=CST)
    replies = await town.send("李明", REPORT, forwarded=True, forward_sender_id=town.uid("李明"),
                              forward_date=yesterday)
    assert "6月17日" in texts(replies) and "转发" in texts(replies)
    assert town.rows(DutyReport) == []


async def test_ones_own_report_of_today_forwarded_counts(town):
    town.at("09:00")
    replies = await town.send("李明", REPORT, forwarded=True, forward_sender_id=town.uid("李明"),
                              forward_date=town.deps.clock.now() - timedelta(minutes=30))
    assert texts(replies).startswith("✅")
    assert len(town.rows(DutyReport)) == 1


async def test_the_reply_is_stored_with_the_topic_it_answers(town):
    from storage.models import OutboxMessage
    town.at("09:00")
    replies = await town.send("李明", REPORT, thread_id=77, update_key="tg:th")   # the ✅ and the board
    rows = town.rows(OutboxMessage, OutboxMessage.update_key == "tg:th")
    assert len(rows) == len(replies) and {row.thread_id for row in rows} == {77}
