"""/remind: members look, admins change; bad input changes nothing and says why."""
from __future__ import annotations

import pytest

from handlers import remind
from storage.models import Group, Member
from tests.helpers import GROUP, LEADERS_GROUP, texts


def settings(h, chat: int = GROUP) -> dict:
    return h.rows(Group, Group.chat_id == chat)[0].settings


@pytest.fixture
def notified(monkeypatch):
    calls = []
    monkeypatch.setattr(remind, "on_settings_changed", [lambda: calls.append(1)])
    return calls


async def test_members_see_the_defaults(town):
    text = texts(await town.send("李明", "/remind"))
    assert "• 催报：11:00（默认）（截止 12:00 前" in text
    assert "• 截止汇总：12:00（默认）" in text
    assert "• 周报草稿：周五 16:00（默认）" in text
    assert "• 免打扰：22:00-07:00（默认）" in text
    assert "• 领导群：未设置" in text
    assert "• 通知催收：通知发出 2小时后，提醒本群未签收的单位（一次）（默认）" in text
    assert f"本群 ID：{GROUP}" in text


async def test_admin_changes_a_time_and_the_scheduler_is_told(town, notified):
    text = texts(await town.send("王主任", "/remind 催报 10点30"))
    assert text.startswith("✅ 已保存：催报。") and "• 催报：10:30（截止" in text
    assert settings(town)["remind_at"] == "10:30"
    assert notified == [1]


@pytest.mark.parametrize("args, answer", [
    ("催报 25:00", "时间“25:00”格式不对"),
    ("催报 12:30", "催报时间应早于截止时间 12:00"),
    ("周报 周八 16:00", "周报时间“周八 16:00”格式不对"),
    ("免打扰 晚上", "免打扰时段“晚上”格式不对"),
    ("催报", "没看懂这个设置"),
    ("随便 10:00", "没看懂这个设置"),
    ("通知催收 13小时", "“13小时”不是有效的时长"),
    ("通知催收 0分钟", "“0分钟”不是有效的时长"),
    ("通知催收 1.01小时", "“1.01小时”不是有效的时长"),
    ("通知催收 尽快", "“尽快”不是有效的时长"),
])
async def test_bad_settings_change_nothing(town, notified, args, answer):
    assert answer in texts(await town.send("王主任", f"/remind {args}"))
    assert settings(town) == {}
    assert notified == []


async def test_only_admins_change(town, notified):
    assert texts(await town.send("李明", "/remind 催报 10:00")) == "抱歉，只有管理员可以这样做。"
    assert settings(town) == {} and notified == []


async def test_weekly_quiet_and_switching_off(town):
    await town.send("王主任", "/remind 周报 星期四 17:00")
    await town.send("王主任", "/remind 免打扰 关闭")
    await town.send("王主任", "/remind 隐患 关闭")
    assert settings(town) == {"weekly": "thu 17:00", "quiet": "off", "hazards_at": "off"}
    text = texts(await town.send("王主任", "/remind 关闭"))
    assert text.startswith("本群定时提醒已关闭") and "（已关闭）" in text
    assert settings(town)["enabled"] is False
    assert "（已开启）" in texts(await town.send("王主任", "/remind 开启"))


@pytest.mark.parametrize("value, stored, shown", [
    ("1.5小时", "90", "通知发出 1小时30分钟后"),
    ("45分钟", "45", "通知发出 45分钟后"),
    ("3个小时", "180", "通知发出 3小时后"),
    ("关闭", "off", "• 通知催收：关闭"),
])
async def test_the_notice_reminder_delay_is_a_setting(town, notified, value, stored, shown):
    text = texts(await town.send("王主任", f"/remind 通知催收 {value}"))
    assert text.startswith("✅ 已保存：通知催收。") and shown in text and "（默认）\n• 提醒发往" not in text
    assert settings(town) == {"notice_after": stored}
    assert notified == [1]


async def test_leaders_group_by_title_after_it_was_seen(town):
    assert "没找到群" in texts(await town.send("王主任", f"/remind 领导群 群{LEADERS_GROUP}"))
    assert settings(town) == {}
    # A root admin's setup command (/remind) in the leaders' group enrols it (issue 16: before, any
    # admin's /remind made it known; now only an enrolled group can be the leaders' group).
    assert f"本群 ID：{LEADERS_GROUP}" in texts(await town.send("王主任", "/remind", chat=LEADERS_GROUP))
    text = texts(await town.send("王主任", f"/remind 领导群 群{LEADERS_GROUP}"))
    assert f"• 领导群：群{LEADERS_GROUP}（{LEADERS_GROUP}）" in text
    assert settings(town)["leaders_chat_id"] == LEADERS_GROUP
    assert town.rows(Group, Group.chat_id == LEADERS_GROUP)[0].role == "leaders"
    assert "本群是领导群" in texts(await town.send("王主任", "/remind", chat=LEADERS_GROUP))
    await town.send("王主任", "/remind 领导群 关闭")
    assert settings(town)["leaders_chat_id"] is None


async def test_leaders_group_refusals(town):
    assert "没找到群“局领导群”" in texts(await town.send("王主任", "/remind 领导群 局领导群"))
    assert "不能把本群设为自己的领导群" in texts(await town.send("王主任", f"/remind 领导群 {GROUP}"))
    assert settings(town) == {}


async def test_strangers_and_private_chats(town):
    members = len(town.rows(Member))
    assert "/bind" in texts(await town.send("路人甲", "/remind 催报 10:00"))
    assert len(town.rows(Member)) == members and settings(town) == {}
    assert "请在值班群里使用" in texts(await town.send("王主任", "/remind", chat=town.uid("王主任")))


async def test_a_group_without_roster(h):
    text = texts(await h.send("王主任", "/remind", chat=-100777))
    assert "/enable" in text    # a group nobody enrolled: that one line, nothing written
    assert h.rows(Group) == []


async def test_admin_sets_the_duty_deadline(town, notified):
    """DESIGN's interface: /remind 截止 HH:MM sets the deadline; 迟报 and the defaults follow it."""
    text = texts(await town.send("王主任", "/remind 截止 17:30"))
    assert text.startswith("✅ 已保存：报送截止时间。")
    assert "• 报送截止：17:30" in text and "• 催报：16:30（默认）（截止 17:30 前" in text
    assert "• 截止汇总：17:30（默认）" in text
    assert town.rows(Group, Group.chat_id == GROUP)[0].deadline == "17:30"
    assert notified == [1]
    town.at("13:00")
    assert "（13:00，按时）" in texts(await town.send("李明", "青石镇今日无突发事件，零报告"))


async def test_members_see_the_deadline_and_how_to_change_it(town):
    text = texts(await town.send("李明", "/remind"))
    assert "• 报送截止：12:00（默认）" in text and "截止 12:00｜" in text


@pytest.mark.parametrize("args, answer", [
    ("截止 25:00", "时间“25:00”格式不对"),
    ("截止 关闭", "报送截止时间不能关闭"),
    ("截止时间 10:00", "催报时间应早于截止时间 10:00"),     # after an explicit 催报 10:30
])
async def test_a_bad_deadline_changes_nothing(town, notified, args, answer):
    await town.send("王主任", "/remind 催报 10:30")
    notified.clear()
    assert answer in texts(await town.send("王主任", f"/remind {args}"))
    group = town.rows(Group, Group.chat_id == GROUP)[0]
    assert (group.deadline, group.settings) == ("12:00", {"remind_at": "10:30"})
    assert notified == []


async def test_help_states_the_groups_own_deadline(town):
    await town.send("王主任", "/remind 截止 17:30")
    assert "17:30前为按时" in texts(await town.send("李明", "/help"))
    assert "截止时间（默认 12:00）前为按时" in texts(await town.send("李明", "/help", chat=town.uid("李明")))


async def test_a_change_in_the_leaders_group_says_where_settings_are(town):
    await town.set_leaders_group()
    answer = texts(await town.send("王主任", "/remind 截止 10:00", chat=LEADERS_GROUP))
    assert "本群是领导群" in answer and "/addunit" not in answer
    leaders = town.rows(Group, Group.chat_id == LEADERS_GROUP)[0]
    assert (leaders.deadline, leaders.settings) == ("12:00", {})
