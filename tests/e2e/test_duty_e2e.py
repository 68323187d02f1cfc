"""The walking skeleton end to end: setup, a duty report, a redelivered update, /today."""
from __future__ import annotations

from sqlmodel import select

from storage.models import DutyReport, Member, ProcessedUpdate
from tests.e2e.conftest import ADMIN_ID, GROUP

OFFICER = 700001


def _texts(live):
    return [m.get("text", "") for m in live.server.sent_messages(GROUP)]


async def test_report_recorded_redelivery_noop_and_today(live):
    await live.say(ADMIN_ID, "/addunit 青石镇 青石", name="王主任", at="2026-06-18T08:00")
    await live.say(ADMIN_ID, "/addunit 白沙街道", name="王主任")
    await live.say(OFFICER, "/bind 青石镇", name="李明")
    card = live.server.sent_messages(GROUP)[-1]
    approve = card["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await live.press(ADMIN_ID, card["message_id"], approve, name="王主任")
    assert any("已同意" in e.get("text", "") for e in live.server.edits(GROUP))

    update_id = await live.say(OFFICER, "青石镇6月18日值班情况：今日无突发事件，零报告。", name="李明",
                               at="2026-06-18T09:12")
    assert _texts(live)[-2] == "✅ 已登记：青石镇 6月18日 值班零报告（09:12，按时）"
    assert live.server.sent_messages(GROUP)[-2]["reply_to_message"]["message_id"] > 0
    assert _texts(live)[-1].splitlines()[1:] == ["✅ 青石镇 按时（09:12）", "⏳ 白沙街道 未报", "已报 1 / 应报 2"]

    # The same update delivered again: nothing new written, nothing new said.
    sent_before = len(live.server.sent_messages(GROUP))
    live.server.push_message(GROUP, OFFICER, "青石镇6月18日值班情况：今日无突发事件，零报告。",
                             first_name="李明", update_id=update_id, date=live.clock.now())
    await live.server.wait_confirmed(update_id, timeout=10)
    with live.deps.session_factory() as session:
        assert len(session.exec(select(DutyReport)).all()) == 1
        assert len(session.exec(select(Member)).all()) == 1
        assert session.exec(select(ProcessedUpdate).where(ProcessedUpdate.update_key == f"tg:{update_id}")).one()
    assert len(live.server.sent_messages(GROUP)) == sent_before

    await live.say(ADMIN_ID, "/today", name="王主任", at="2026-06-18T12:30")
    today = _texts(live)[-1]
    assert today.startswith("今日看板：https://t.me/c/1234567890/")
    assert "❌ 白沙街道 漏报" in today and "已报 1 / 应报 2" in today


async def test_user_text_is_escaped_for_html(live):
    await live.say(ADMIN_ID, "/addunit 青石镇", name="王主任", at="2026-06-18T08:00")
    await live.say(ADMIN_ID, "/bind 青石镇", name="王主任")
    await live.say(ADMIN_ID, "青石镇今日值班情况：<b>仓库</b> & 厂房起火，已扑灭。", name="王主任",
                   at="2026-06-18T09:00")
    ack = live.server.sent_messages(GROUP)[-2]
    assert "&lt;b&gt;仓库&lt;/b&gt; &amp; 厂房起火" in ack["text"]
    assert live.server.calls_of("sendMessage")[-1].get("parse_mode") == "HTML"


async def test_commands_menu_and_privacy_check(live):
    calls = live.server.calls_of("setMyCommands")
    assert calls and any(c["command"] == "today" for c in calls[-1]["commands"])
    assert live.deps.platform.can_read_all_group_messages is True
