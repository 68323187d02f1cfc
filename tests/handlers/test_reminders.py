"""What is due and what it says (bot/pushes.py): pure functions over the database."""
from __future__ import annotations

import time as systime
from datetime import date, datetime, time, timedelta

import pytest

from handlers import reminders as P
from storage import people
from storage.models import Drill, Group, Hazard
from tests.conftest import CST
from tests.helpers import GROUP, LEADERS_GROUP, OFFICERS

DAY = date(2026, 6, 18)


def at(hhmm: str, day: date = DAY) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), tzinfo=CST)


def due(h, kind: str, now: datetime, day: date = DAY) -> list[P.Push]:
    with h.deps.session_factory() as session:
        group = people.get_group(session=session, chat_id=GROUP)
        return P.due(kind, session, group, day, now)


async def report(h, who: str, unit: str, hhmm: str, day: str = "2026-06-18"):
    h.at(hhmm, day)
    await h.send(who, f"{unit}今日无突发事件，零报告")


# ---- 催报 --------------------------------------------------------------------------------

async def test_reminder_names_exactly_the_missing_units_and_mentions_their_members(town):
    await report(town, "李明", "青石镇", "09:00")
    await report(town, "张芳", "白沙街道", "10:10")
    found = due(town, "remind", at("11:00"))
    assert [p.key for p in found] == [f"board:{GROUP}:2026-06-18:remind", f"remind:{GROUP}:2026-06-18"]
    board = found[0].reply
    assert board.edit_message_id is not None      # the board the first report posted, edited
    assert "⏳ 双桥镇 未报" in board.text and "已报 2 / 应报 5" in board.text
    reply = found[1].reply
    assert reply.chat_id == GROUP
    assert reply.text.endswith("（3/5）：双桥镇（陈刚）、永安镇（刘洋）、市住建局（周敏）")
    assert "青石镇" not in reply.text and "白沙街道" not in reply.text
    expected = {town.uid(OFFICERS[u]) for u in ("双桥镇", "永安镇", "市住建局")}
    assert set(reply.mention_user_ids) == expected


async def test_reminder_says_nothing_when_all_have_reported(town):
    for unit, officer in OFFICERS.items():
        await report(town, officer, unit, "09:30")
    assert due(town, "remind", at("11:00")) == []


async def test_reminder_after_the_deadline_is_not_sent(town):
    assert due(town, "remind", at("12:01")) == []
    found = due(town, "remind", at("11:59"))
    assert found[0].reply.pin and found[0].reply.tag[0] == "board"     # the day's first push posts it
    assert [p.key.split(":")[0] for p in found] == ["board", "remind"]


# ---- the tally ----------------------------------------------------------------------------

async def test_tally_counts_late_and_missing_and_copies_the_leaders(town):
    await report(town, "陈刚", "双桥镇", "09:00", "2026-06-17")
    await report(town, "刘洋", "永安镇", "13:40", "2026-06-17")       # late yesterday
    await report(town, "李明", "青石镇", "09:00")
    await report(town, "张芳", "白沙街道", "11:58")
    await town.set_leaders_group()
    found = due(town, "tally", at("12:00:01"))
    assert [p.reply.chat_id for p in found] == [GROUP, LEADERS_GROUP]
    board = found[0].reply
    assert board.edit_message_id is not None and "❌ 双桥镇 漏报" in board.text
    assert [s.step for s in found[0].steps] == ["overdue"]
    lines = found[1].reply.text.splitlines()
    assert lines[0] == "📋 6月18日 值班报送汇总（截止 12:00）"
    assert lines[1] == "报送 2/5，按时 2，迟报 0，未报 3"
    assert lines[2].startswith("截止时未报：双桥镇、永安镇、市住建局")
    assert lines[3] == "6月17日最终：漏报 3（青石镇、白沙街道、市住建局），迟报 1"


async def test_tally_without_leaders_group_goes_to_the_group_only(town):
    found = due(town, "tally", at("12:00:01"))
    assert [p.key for p in found] == [f"board:{GROUP}:2026-06-18:tally"]
    assert "已报 0 / 应报 5" in found[0].reply.text and "❌ 青石镇 漏报" in found[0].reply.text


# ---- hazards ------------------------------------------------------------------------------

def add_hazard(h, code: str, unit: str, deadline: date, status: str = "待整改", reporter: str = "王主任") -> int:
    with h.deps.session_factory() as session:
        group = people.get_group(session=session, chat_id=GROUP)
        u = people.find_unit(session=session, name=unit)
        member = people.get_member(session=session, user_id=h.uid(reporter))
        hazard = Hazard(code=code, group_id=group.id, unit_id=u.id, place="东街仓库", description="消防通道堵塞",
                        found_date=DAY - timedelta(days=5), deadline=deadline, status=status,
                        reporter_id=member.id, source_chat_id=GROUP, created_at=at("09:00", DAY - timedelta(days=5)))
        session.add(hazard)
        session.commit()
        return hazard.id


async def test_hazard_due_tomorrow_overdue_this_morning_and_the_leaders_list(town):
    due_id = add_hazard(town, "YH-1", "永安镇", DAY + timedelta(days=1))
    late_id = add_hazard(town, "YH-2", "双桥镇", DAY - timedelta(days=1), status="整改中")
    add_hazard(town, "YH-3", "青石镇", DAY - timedelta(days=4))
    add_hazard(town, "YH-4", "青石镇", DAY + timedelta(days=1), status="已整改")
    found = due(town, "hazards", at("09:00"))
    assert [p.key for p in found] == [f"hazard-due:{due_id}:2026-06-19", f"hazard-overdue:{late_id}:2026-06-17"]
    assert "明天（6月19日）到期：YH-1" in found[0].reply.text
    assert set(found[0].reply.mention_user_ids) == {town.uid("刘洋"), town.uid("王主任")}
    assert set(found[1].reply.mention_user_ids) == {town.uid("陈刚"), town.uid("王主任")}

    await town.set_leaders_group()
    found = due(town, "hazards", at("09:00"))
    listing = found[-1]
    assert listing.reply.chat_id == LEADERS_GROUP
    lines = listing.reply.text.splitlines()
    assert lines[0].startswith("🔴 逾期未整改隐患 2 处")
    assert lines[1].startswith("1. YH-3 青石镇 东街仓库 逾期4天")       # the longest overdue first
    assert lines[2].startswith("2. YH-2 双桥镇 东街仓库 逾期1天")


async def test_no_overdue_list_when_nothing_is_overdue(town):
    await town.set_leaders_group()
    add_hazard(town, "YH-9", "永安镇", DAY + timedelta(days=3))
    assert due(town, "hazards", at("09:00")) == []


# ---- drills -------------------------------------------------------------------------------

def add_drill(h, planned: datetime, created: datetime, status: str = "planned") -> int:
    with h.deps.session_factory() as session:
        group = people.get_group(session=session, chat_id=GROUP)
        drill = Drill(group_id=group.id, title="防汛应急演练", planned_at=planned, drill_date=planned.date(),
                      place="青石镇政府", status=status, created_at=created)
        session.add(drill)
        session.commit()
        return drill.id


async def test_drill_reminder_an_hour_before(town):
    soon = add_drill(town, at("15:00"), at("09:00", DAY - timedelta(days=2)))
    add_drill(town, at("15:00"), at("14:30"))                    # announced half an hour before
    add_drill(town, at("17:00"), at("09:00", DAY - timedelta(days=2)))   # later
    add_drill(town, at("14:30"), at("09:00", DAY - timedelta(days=2)), status="cancelled")
    with town.deps.session_factory() as session:
        assert P.drill_pushes(session, at("13:59")) == []
        found = P.drill_pushes(session, at("14:00"))
    assert [p.key for p in found] == [f"drill:{soon}:202606180700"]
    assert found[0].reply.chat_id == GROUP
    assert "“防汛应急演练”将于 15:00 开始，地点：青石镇政府" in found[0].reply.text


# ---- the weekly draft --------------------------------------------------------------------

async def test_weekly_draft_goes_to_the_leaders_only_when_set(town, caplog):
    caplog.set_level("INFO")
    assert due(town, "weekly", at("16:00", date(2026, 6, 19)), date(2026, 6, 19)) == []
    assert "no leaders' group" in caplog.text
    await town.set_leaders_group()
    found = due(town, "weekly", at("16:00", date(2026, 6, 19)), date(2026, 6, 19))
    assert found and all(p.reply.chat_id == LEADERS_GROUP for p in found)
    assert found[0].reply.text.startswith("📝 本周周报草稿")
    assert "6月15日—6月21日" in found[0].reply.text


async def test_weekly_draft_uses_the_builder_given(town, monkeypatch):
    import reports.build
    import reports.draft

    seen = {}

    def fake_build(*, session, period, group, today, deadline_passed):
        seen.update(period=period, today=today, group=group.chat_id)
        return "facts"

    monkeypatch.setattr(reports.build, "build_facts", fake_build)
    monkeypatch.setattr(reports.draft, "draft", lambda facts: f"草稿：{facts}")
    await town.set_leaders_group()
    found = due(town, "weekly", at("16:00", date(2026, 6, 19)), date(2026, 6, 19))
    assert [p.reply.text for p in found] == ["📝 本周周报草稿（自动生成，供审阅修改）\n草稿：facts"]
    assert seen["today"] == date(2026, 6, 19) and seen["period"].start == date(2026, 6, 15)


# ---- settings and time --------------------------------------------------------------------

def cfg(**settings) -> P.RemindSettings:
    return P.RemindSettings.of(Group(chat_id=1, deadline=settings.pop("deadline", "12:00"), settings=settings))


def test_defaults_follow_the_deadline():
    assert cfg().schedule("remind") == (None, time(11, 0))
    assert cfg().schedule("tally") == (None, time(12, 0))
    assert cfg(deadline="17:30").schedule("remind") == (None, time(16, 30))
    assert cfg().schedule("weekly") == ("fri", time(16, 0))
    assert cfg(remind_at="off").schedule("remind") is None
    assert cfg(weekly="off").schedule("weekly") is None


@pytest.mark.parametrize("text, expected", [
    ("10:30", time(10, 30)), ("9：05", time(9, 5)), ("10点", time(10, 0)), ("9点30分", time(9, 30)),
    ("24:00", None), ("10:61", None), ("明天", None), ("", None)])
def test_parse_hhmm(text, expected):
    assert P.parse_hhmm(text) == expected


def test_parse_weekly_and_quiet():
    assert P.parse_weekly("周五 16:00") == ("fri", time(16, 0))
    assert P.parse_weekly("星期日9点") == ("sun", time(9, 0))
    assert P.parse_weekly("fri 16:00") == ("fri", time(16, 0))
    assert P.parse_weekly("周八 16:00") is None
    assert P.parse_quiet("22:00-07:00") == (time(22, 0), time(7, 0))
    assert P.parse_quiet("22:00至7:00") == (time(22, 0), time(7, 0))
    assert P.parse_quiet("22:00") is None


@pytest.mark.parametrize("hhmm, release", [
    ("21:59", None), ("22:00", "2026-06-19T07:00"), ("23:30", "2026-06-19T07:00"),
    ("03:00", "2026-06-18T07:00"), ("07:00", None), ("12:00", None)])
def test_quiet_hours_across_midnight(hhmm, release):
    got = P.quiet_until(cfg(), at(hhmm), "Asia/Shanghai")
    assert got == (datetime.fromisoformat(release).replace(tzinfo=CST) if release else None)


def test_quiet_hours_off_and_daytime_window():
    assert P.quiet_until(cfg(quiet="off"), at("23:00"), "Asia/Shanghai") is None
    assert P.quiet_until(cfg(quiet="12:00-13:30"), at("12:10"), "Asia/Shanghai") == at("13:30")


def test_occurrence_day_of_a_late_run_is_the_day_it_was_due():
    c = cfg(tally_at="23:30")
    assert P.occurrence_day(c, "tally", at("23:30"), "Asia/Shanghai") == DAY
    assert P.occurrence_day(c, "tally", at("00:20", DAY + timedelta(days=1)), "Asia/Shanghai") == DAY
    assert P.occurrence_day(cfg(), "weekly", at("16:00", date(2026, 6, 19)), "Asia/Shanghai") == date(2026, 6, 19)
    assert P.occurrence_day(cfg(), "weekly", at("15:59", date(2026, 6, 19)), "Asia/Shanghai") == date(2026, 6, 12)


def test_occurrences_between_is_half_open():
    c = cfg()
    assert P.occurrences_between(c, "remind", at("10:59"), at("11:00"), "Asia/Shanghai") == [DAY]
    assert P.occurrences_between(c, "remind", at("11:00"), at("11:01"), "Asia/Shanghai") == []
    assert P.occurrences_between(c, "remind", at("10:00"), at("11:00", DAY + timedelta(days=1)),
                                 "Asia/Shanghai") == [DAY, DAY + timedelta(days=1)]


@pytest.mark.parametrize("tz", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_server_timezone_changes_nothing(tz, monkeypatch):
    monkeypatch.setenv("TZ", tz)
    systime.tzset()
    try:
        c = cfg()
        assert P.occurrences_between(c, "remind", at("10:59"), at("11:00"), "Asia/Shanghai") == [DAY]
        assert P.quiet_until(c, at("23:00"), "Asia/Shanghai") == at("07:00", DAY + timedelta(days=1))
        assert P.occurrence_day(c, "tally", at("12:00"), "Asia/Shanghai") == DAY
    finally:
        monkeypatch.undo()
        systime.tzset()


async def test_a_report_sent_after_now_does_not_count_yet(town):
    """The console's clock can go back into a day the database already holds."""
    await report(town, "李明", "青石镇", "09:00")
    await report(town, "张芳", "白沙街道", "12:40")
    found = due(town, "tally", at("12:00:01"))
    assert "已报 1 / 应报 5" in found[0].reply.text and "❌ 白沙街道 漏报" in found[0].reply.text
    assert "白沙街道（张芳）" in due(town, "remind", at("11:00"))[1].reply.text
