"""A duty report read from weak evidence is asked about before it is filed."""
from __future__ import annotations

from storage.models import Conversation, DutyReport
from tests.helpers import texts

INCIDENT = "凌晨东岗村一民房起火，村民自行扑灭，无人员伤亡"


async def test_weak_evidence_is_asked_and_yes_files_it(town):
    town.at("09:00")
    asked = await town.send("李明", INCIDENT)
    message_id = town.last_message_id
    assert texts(asked) == "这是青石镇的值班报告吗？"
    assert [b.data for b in asked[0].buttons[0]] == ["dq:yes", "dq:no"]
    assert town.rows(DutyReport) == []

    filed = texts(await town.press("李明", "dq:yes", message_id=message_id + 1))
    assert filed.startswith("✅ 已登记：青石镇") and "报告（有事件）" in filed
    [report] = town.rows(DutyReport)
    assert report.zero is False and "起火" in report.events
    assert town.rows(Conversation) == []


async def test_no_files_nothing(town):
    town.at("09:00")
    await town.send("李明", INCIDENT)
    assert texts(await town.send("李明", "不是")) == "好的，这条消息不作为值班报告登记。"
    assert town.rows(DutyReport) == [] and town.rows(Conversation) == []


async def test_another_members_button_does_nothing(town):
    town.at("09:00")
    await town.send("李明", INCIDENT)
    pressed = await town.press("张芳", "dq:yes", message_id=town.last_message_id + 1)
    assert pressed[0].alert == "这个按钮已失效。"
    assert town.rows(DutyReport) == []


async def test_other_text_meanwhile_is_read_as_usual(town):
    town.at("09:00")
    await town.send("李明", INCIDENT)
    answer = texts(await town.send("李明", "青石镇今日值班情况正常，零报告"))
    assert answer.startswith("✅ 已登记：青石镇")
    assert town.rows(Conversation) == []


async def test_a_clear_report_is_filed_without_asking(town):
    town.at("09:00")
    answer = texts(await town.send("李明", "青石镇今日值班情况：凌晨一民房起火，已扑灭，无人员伤亡"))
    assert answer.startswith("✅ 已登记：青石镇")
