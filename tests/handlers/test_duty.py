"""Duty reports through the real runner with a fake clock."""
from __future__ import annotations

from datetime import date

from handlers.texts import duty as duty_texts
from storage import people
from storage.models import BotMessage, DutyReport, Member
from tests import seed
from tests.helpers import ADMIN, GROUP, texts

REPORT = "青石镇6月18日值班情况：今日无突发事件，零报告。"


async def test_on_time_report_is_recorded_and_acknowledged(town):
    town.at("09:12")
    replies = await town.send("李明", REPORT)
    assert replies[0].text == "✅ 已登记：青石镇 6月18日 值班零报告（09:12，按时）"
    assert replies[1].text.splitlines()[1] == "✅ 青石镇 按时（09:12）"     # the day's board
    [row] = town.rows(DutyReport)
    assert (row.duty_date.isoformat(), row.zero, row.late) == ("2026-06-18", True, False)
    assert row.sent_at.tzinfo is not None


async def test_after_deadline_is_late(town):
    town.at("12:01")
    replies = await town.send("李明", REPORT)
    assert "迟报" in texts(replies)
    assert town.rows(DutyReport)[0].late is True


async def test_report_at_deadline_minute_is_on_time(town):
    town.at("12:00")
    assert "按时" in texts(await town.send("李明", REPORT))


async def test_unit_from_sender_when_not_named(town):
    town.at("09:00")
    replies = await town.send("张芳", "今日无突发事件，零报告")
    assert "白沙街道" in texts(replies)


async def test_second_report_supersedes_first_and_keeps_it(town):
    town.at("09:00")
    await town.send("李明", REPORT)
    town.at("09:30")
    replies = await town.send("李明", "青石镇今日值班情况：上午青石村发生一起车辆追尾，无人员伤亡。")
    assert "已更新" in texts(replies)
    rows = town.rows(DutyReport)
    assert len(rows) == 2
    old, new = sorted(rows, key=lambda r: r.id)
    assert old.superseded_by == new.id and new.superseded_by is None
    assert new.zero is False and "追尾" in new.events


async def test_a_correction_supersedes_both_reports_a_race_left_live(town):
    with town.deps.session_factory() as session:
        group = people.get_group(session=session, chat_id=GROUP)
        for hhmm in ("08:59", "09:00"):                     # two live zero reports, as a race leaves them
            seed.report(session, group, "青石镇", date(2026, 6, 18), hhmm)
        session.commit()
    town.at("09:30")
    await town.send("李明", "青石镇今日值班情况：上午青石村发生一起车辆追尾，无人员伤亡。")
    live = [r for r in town.rows(DutyReport) if r.superseded_by is None]
    assert len(live) == 1 and "追尾" in live[0].events


async def test_correction_after_deadline_keeps_punctuality(town):
    town.at("09:00")
    await town.send("李明", REPORT)
    town.at("15:00")
    await town.send("李明", REPORT)
    live = [r for r in town.rows(DutyReport) if r.superseded_by is None]
    assert live[0].late is False


async def test_edited_message_supersedes(town):
    town.at("09:00")
    await town.send("李明", REPORT)
    first_id = town.last_message_id
    town.at("09:05")
    replies = await town.send("李明", "青石镇今日值班情况：辖区一处厂房起火，已扑灭，无人员伤亡。", edited_id=first_id)
    assert "已更新" in texts(replies)
    live = [r for r in town.rows(DutyReport) if r.superseded_by is None]
    assert len(live) == 1 and live[0].zero is False
    assert live[0].late is False


async def test_a_message_corrected_into_a_report_is_recorded_as_sent(town):
    """A typo the assistant could not read, then the same message edited right: the report
    counts, at the time the message was sent (Telegram keeps it on an edited message)."""
    town.at("09:00")
    sent = town.deps.clock.now()
    assert await town.send("李明", "青石镇今日无徒发事件，领抱告") == []
    typo_id = town.last_message_id
    town.at("12:30")
    replies = await town.send("李明", REPORT, edited_id=typo_id, sent_at=sent)
    assert texts(replies).startswith("✅ 已登记：青石镇 6月18日 值班零报告（09:00，按时）")
    [row] = town.rows(DutyReport)
    assert row.late is False and row.source_message_id == typo_id
    # an edit of chatter that stays chatter is still nobody's business
    await town.send("张芳", "收到")
    assert await town.send("张芳", "收到，谢谢", edited_id=town.last_message_id) == []


async def test_withdraw_by_replying_to_own_report(town):
    town.at("09:00")
    await town.send("李明", REPORT)
    report_msg = town.last_message_id
    refused = await town.send("张芳", "撤回", reply_to=report_msg)
    assert "只能撤回您自己" in texts(refused)
    assert town.rows(DutyReport)[0].withdrawn is False
    replies = await town.send("李明", "撤回", reply_to=report_msg)
    assert "已撤回" in texts(replies)
    assert town.rows(DutyReport)[0].withdrawn is True
    missing = texts(await town.send(ADMIN, "/missing"))
    assert "青石镇" in missing


async def test_missing_and_today_after_deadline(town):
    town.at("09:12")
    await town.send("李明", REPORT)
    town.at("09:40")
    await town.send("张芳", "白沙街道今日无突发事件，零报告")
    town.at("10:00")
    await town.send("周敏", "市住建局值班情况：今日无突发事件。")
    town.at("12:20")
    await town.send("陈刚", "双桥镇今日值班情况：今日无突发事件。")
    town.at("12:30")
    answer = texts(await town.send(ADMIN, "今天哪些单位还没报"))
    assert "永安镇" in answer and "青石镇" not in answer.split("迟报")[0]
    assert "双桥镇（12:20）" in answer
    today = texts(await town.send(ADMIN, "/today"))
    board_id = town.rows(BotMessage, BotMessage.kind == "board")[0].message_id
    if town.platform == "telegram":     # DingTalk has no message links (tests/handlers/test_board.py)
        assert today.startswith(f"今日看板：https://t.me/c/123/{board_id}\n\n📋 6月18日 值班报送看板")
    else:
        assert today.startswith("今日看板是本群上方的看板消息") and "\n\n📋 6月18日 值班报送看板" in today
    assert "⚠️ 双桥镇 迟报（12:20）" in today and "❌ 永安镇 漏报" in today
    assert "已报 4 / 应报 5" in today


async def test_nobody_missing(town):
    town.at("09:00")
    for unit, officer in [("青石镇", "李明"), ("白沙街道", "张芳"), ("双桥镇", "陈刚"),
                          ("永安镇", "刘洋"), ("市住建局", "周敏")]:
        await town.send(officer, f"{unit}今日无突发事件，零报告")
    assert "都已报送" in texts(await town.send(ADMIN, "/missing"))


async def test_backfill_yesterday_is_late(town):
    town.at("09:00")
    replies = await town.send("李明", "补报：青石镇6月17日值班情况，无突发事件，零报告。")
    assert "6月17日" in texts(replies) and "补报" in texts(replies)
    row = town.rows(DutyReport)[0]
    assert row.duty_date.isoformat() == "2026-06-17" and row.late is True


async def test_day_boundary_is_china_midnight(town):
    # 23:59 on the 18th and 00:01 on the 19th in China are different duty days, although
    # both fall on the same UTC date (the 18th, 15:59 and 16:01 UTC).
    town.at("23:59")
    await town.send("李明", "青石镇今日无突发事件，零报告")
    town.at("00:01", day="2026-06-19")
    await town.send("李明", "青石镇今日无突发事件，零报告")
    days = sorted(r.duty_date.isoformat() for r in town.rows(DutyReport))
    assert days == ["2026-06-18", "2026-06-19"]


async def test_holiday_is_a_duty_day(town):
    # 2026-10-01 is National Day: reports are still due by 12:00.
    town.at("13:00", day="2026-10-01")
    assert "迟报" in texts(await town.send("李明", "青石镇节日期间值班正常，零报告"))
    assert "永安镇" in texts(await town.send(ADMIN, "/missing"))


async def test_future_date_refused(town):
    town.at("09:00")
    replies = await town.send("李明", "青石镇6月20日值班情况：无突发事件，零报告。")
    assert "还没到" in texts(replies)
    assert town.rows(DutyReport) == []


async def test_unknown_unit_refused(town):
    town.at("09:00")
    replies = await town.send(ADMIN, "金沙镇今日值班情况：无突发事件，零报告。")
    assert texts(replies) == duty_texts.UNKNOWN_UNIT.format(name="金沙镇")
    assert town.rows(DutyReport) == []


async def test_other_groups_unit_refused(town):
    town.deps.platform.admins[-100777] = {town.uid(ADMIN)}
    await town.send(ADMIN, "/addunit 红旗镇", chat=-100777)
    town.at("09:00")
    replies = await town.send(ADMIN, "红旗镇今日值班情况：无突发事件，零报告。")
    assert "不在本群" in texts(replies)
    assert town.rows(DutyReport) == []


async def test_officer_cannot_report_for_another_unit(town):
    town.at("09:00")
    replies = await town.send("李明", "白沙街道今日值班情况：无突发事件，零报告。")
    assert "不能代" in texts(replies)
    assert town.rows(DutyReport) == []


async def test_bad_input_gets_polite_replies(town):
    town.at("09:00")
    assert "太长" in texts(await town.send("李明", "零报告" * 4000))
    assert texts(await town.send("李明", "")) == ""          # group chatter stays quiet
    assert await town.send("李明", "😀😀😀") == []
    assert "没有收到内容" in texts(await town.send("李明", "", chat=town.uid("李明")))
    assert town.rows(DutyReport) == []


async def test_stranger_gets_one_hint_a_day_and_nothing_is_stored(town):
    town.at("09:00")
    members_before = len(town.rows(Member))
    first = await town.send("路人", REPORT)
    second = await town.send("路人", REPORT)
    assert "/bind" in texts(first) and second == []
    assert town.rows(DutyReport) == []
    assert len(town.rows(Member)) == members_before
    town.at("09:00", day="2026-06-19")
    assert "/bind" in texts(await town.send("路人", "你好"))


async def test_same_update_twice_writes_once(town):
    town.at("09:00")
    first = await town.send("李明", REPORT, update_key="tg:42")
    again = await town.send("李明", REPORT, update_key="tg:42")
    assert first and again == []
    assert len(town.rows(DutyReport)) == 1


async def test_group_not_set_up(h):
    h.at("09:00")
    h.deps.platform.admins = {}
    replies = await h.send(ADMIN, "/today", chat=-100555)
    assert "/enable" in texts(replies)   # a group nobody enrolled: only that line
    assert GROUP


async def test_who_has_not_reported_in_plain_words(town):
    town.at("09:00")
    await town.send("李明", REPORT)
    town.at("11:30")
    answer = texts(await town.send(ADMIN, "今天谁没报"))
    assert "白沙街道" in answer and "永安镇" in answer and "青石镇" not in answer.split("\n")[0]
