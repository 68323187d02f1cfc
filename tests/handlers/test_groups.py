"""The trust boundary in one group at a time (issue 16): enrolment, anonymous senders,
units and aliases, the leaders' group, pushes, private chats. The full who-may-what table
is tests/test_permissions.py."""
from __future__ import annotations

from datetime import datetime

import pytest

from aiogram.types import Message

from bot.telegram.inbound import incoming_from_message
from sqlmodel import col, select

from handlers import reminders as P
from handlers.base import NullPlatform
from handlers.runner import HintMemory
from storage import people
from storage.models import DutyReport, Group, Hazard, Inspection, Member, ProcessedUpdate, Unit
from tests.conftest import CST
from tests.helpers import ADMIN, GROUP, LEADERS_GROUP, texts

OUTSIDER = -100666


async def test_an_unenrolled_group_gets_one_line_a_day_and_nothing_written(town):
    town.deps.platform.admins[OUTSIDER] = {town.uid("外人")}
    first = texts(await town.send("外人", "/addunit 青石镇", chat=OUTSIDER))
    assert "/enable" in first and "青石镇" not in first
    assert await town.send("外人", "/role 外人 leader", chat=OUTSIDER) == []       # once a day
    assert await town.send("李明", "青石镇今日无突发事件，零报告", chat=OUTSIDER) == []
    assert town.rows(Group, Group.chat_id == OUTSIDER) == [] and town.rows(DutyReport) == []
    assert [m.role for m in town.rows(Member, Member.name == "李明")] == ["duty"]
    town.at("08:00", "2026-06-19")
    assert "/enable" in texts(await town.send("外人", "你好", chat=OUTSIDER))       # the next day, again


async def test_nothing_is_recorded_for_an_unenrolled_group_not_even_the_update(town):
    before = len(town.rows(ProcessedUpdate))
    await town.send("李明", "/today", chat=OUTSIDER)
    await town.send(ADMIN, "青石镇今日无突发事件，零报告", chat=OUTSIDER)     # a root admin, but no command
    assert len(town.rows(ProcessedUpdate)) == before
    assert town.rows(Group, Group.chat_id == OUTSIDER) == []


async def test_enable_disable_and_groups(town):
    await town.send(ADMIN, "/role 刘洋 admin")
    assert "/enable" in texts(await town.send("陈刚", "/enable", chat=OUTSIDER))        # not an admin
    assert "已启用" in texts(await town.send("刘洋", "/enable", chat=OUTSIDER))
    [outsider] = town.rows(Group, Group.chat_id == OUTSIDER)
    assert outsider.enrolled_at is not None and outsider.enrolled_by == town.uid("刘洋")
    listing = texts(await town.send("刘洋", "/groups", chat=town.uid("刘洋")))
    assert f"群{GROUP}（{GROUP}）" in listing and f"（{OUTSIDER}）" in listing
    assert "管理员" in texts(await town.send("李明", "/groups"))
    assert "已停用" in texts(await town.send("刘洋", "/disable"))
    assert "/enable" in texts(await town.send("李明", "青石镇今日无突发事件，零报告"))
    assert town.rows(DutyReport) == []
    assert town.rows(Unit, Unit.name == "青石镇")         # the roster stays for a re-enrolment
    assert "已启用" in texts(await town.send("刘洋", "/enable"))
    assert "已记录" in texts(await town.send("李明", "青石镇今日无突发事件，零报告")) or town.rows(DutyReport)


async def test_a_root_admins_help_or_question_in_a_strange_group_does_not_enrol_it(h):
    h.make_root(ADMIN)
    for command in ("/help", "/today", "/start"):
        h.deps.hints = HintMemory()
        assert "/enable" in texts(await h.send(ADMIN, command))
    assert [g for g in h.rows(Group) if g.enrolled_at is not None] == []


async def test_a_root_admins_setup_command_enrols_the_group(h):
    h.make_root(ADMIN)
    replies = texts(await h.send(ADMIN, "/addunit 青石镇"))
    assert "根管理员启用" in replies and "已将“青石镇”加入" in replies
    [group] = h.rows(Group)
    assert group.enrolled_by == h.uid(ADMIN)


async def test_a_refused_first_command_still_enrols(h):
    h.make_root(ADMIN)
    assert "用法" in texts(await h.send(ADMIN, "/addunit"))
    assert h.rows(Group)[0].enrolled_at is not None


async def test_anonymous_admins_are_nobody(town):
    answer = texts(await town.send(ADMIN, "/role 李明 admin", anonymous=True))
    assert "匿名" in answer and "本人身份" in answer
    assert await town.send(ADMIN, "青石镇今日无突发事件，零报告", anonymous=True) == []   # once a day
    assert "匿名" in texts(await town.send(ADMIN, "/disable", anonymous=True))         # commands always answered
    assert [m.role for m in town.rows(Member, Member.name == "李明")] == ["duty"]
    assert town.rows(DutyReport) == [] and town.rows(Group, Group.chat_id == GROUP)[0].enrolled_at


def test_sender_chat_makes_a_telegram_message_anonymous():
    def message(**extra):
        return Message.model_validate({
            "message_id": 7, "date": 1781740800, "text": "青石镇今日无突发事件，零报告",
            "chat": {"id": GROUP, "type": "supergroup", "title": "值班群"},
            "from": {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"},
            **extra})
    assert incoming_from_message(message(sender_chat={"id": GROUP, "type": "supergroup", "title": "值班群"}),
                                 1).anonymous
    assert incoming_from_message(message(sender_chat={"id": -1009, "type": "channel", "title": "频道"}), 2).anonymous
    plain = message(**{"from": {"id": 5001, "is_bot": False, "first_name": "李明"}})
    assert not incoming_from_message(plain, 3).anonymous


async def test_an_alias_never_shadows_another_unit(town):
    for taken in ("白沙街道", "白沙"):
        await town.send(ADMIN, "/addunit 白沙街道 白沙")
        answer = texts(await town.send(ADMIN, f"/addunit 新城镇 {taken}"))
        assert "白沙街道" in answer and "不能" in answer
        assert town.rows(Unit, Unit.name == "新城镇") == []
    assert "不能" in texts(await town.send(ADMIN, "/addunit 青石镇 双桥镇"))
    assert [u.aliases for u in town.rows(Unit, Unit.name == "青石镇")] == [[]]


async def test_only_a_root_admin_appoints_or_removes_org_admins(town):
    await town.send(ADMIN, "/role 刘洋 admin")
    assert "根管理员" in texts(await town.send("刘洋", "/role 陈刚 admin"))
    assert "根管理员" in texts(await town.send("刘洋", "/role 刘洋 duty"))
    assert "领导" in texts(await town.send("刘洋", "/role 陈刚 leader"))
    assert {m.name: m.role for m in town.rows(Member)}["陈刚"] == "leader"
    assert {m.name: m.role for m in town.rows(Member)}["刘洋"] == "admin"


async def test_leaders_group_must_be_enrolled_and_named_unambiguously(town):
    assert "没找到群" in texts(await town.send(ADMIN, f"/remind 领导群 {LEADERS_GROUP}"))   # not enrolled
    await town.send(ADMIN, "/enable", chat=LEADERS_GROUP)
    await town.send(ADMIN, "/enable", chat=-100555)
    with town.deps.session_factory() as session:          # two enrolled groups with one title
        for group in session.exec(select(Group).where(col(Group.chat_id).in_([LEADERS_GROUP, -100555]))):
            group.title = "局领导群"
        session.commit()
    answer = texts(await town.send(ADMIN, "/remind 领导群 局领导群"))
    assert str(LEADERS_GROUP) in answer and "-100555" in answer and "群ID" in answer
    assert "leaders_chat_id" not in town.rows(Group, Group.chat_id == GROUP)[0].settings
    await town.send(ADMIN, f"/remind 领导群 {LEADERS_GROUP}")
    assert town.rows(Group, Group.chat_id == GROUP)[0].settings["leaders_chat_id"] == LEADERS_GROUP


async def test_nothing_is_pushed_to_a_group_that_is_not_enrolled(town):
    await town.set_leaders_group()
    now = datetime(2026, 6, 18, 12, 0, tzinfo=CST)
    with town.deps.session_factory() as session:
        group = people.get_group(session=session, chat_id=GROUP)
        people.get_group(session=session, chat_id=LEADERS_GROUP).enrolled_at = None
        session.flush()
        # the duty group's board, but no tally for a leaders' group no longer enrolled
        assert {p.reply.chat_id for p in P.due("tally", session, group, now.date(), now)} == {GROUP}
        people.get_group(session=session, chat_id=LEADERS_GROUP).enrolled_at = now
        session.flush()
        assert {p.reply.chat_id for p in P.due("tally", session, group, now.date(), now)} == {LEADERS_GROUP}
        group.enrolled_at = None
        session.flush()
        assert P.due("tally", session, group, now.date(), now) == []


async def test_a_leader_no_longer_reports_for_another_unit(town):
    await town.send(ADMIN, "/role 陈刚 leader")
    answer = texts(await town.send("陈刚", "青石镇今日无突发事件，零报告"))
    assert "双桥镇" in answer and "青石镇" in answer and town.rows(DutyReport) == []
    assert "已" in texts(await town.send("陈刚", "今日无突发事件，零报告"))       # his own unit's
    assert len(town.rows(DutyReport)) == 1


async def test_private_chat_with_a_non_member_is_help_only(town):
    answer = texts(await town.send("路人", "本周隐患整改情况", chat=town.uid("路人")))
    assert "使用说明" in answer and "/bind" in answer
    assert "失效" in texts(await town.press("路人", "askc:h:20260615:20260621:a", message_id=1,
                                           chat=town.uid("路人")))


async def test_a_bind_waits_for_approval_when_telegram_cannot_be_asked(town):
    class Broken(NullPlatform):
        async def is_chat_admin(self, chat_id, user_id):
            return None
    town.deps.platform = Broken()
    assert "请管理员确认" in texts(await town.send("新人", "/bind 青石镇"))
    assert town.rows(Member, Member.name == "新人") == []


async def test_an_alias_never_takes_another_units_short_name(town):
    """青石 is what people call 青石镇: as 新城镇's alias it took 青石镇's reports and binds."""
    answer = texts(await town.send(ADMIN, "/addunit 新城镇 青石"))
    assert "青石镇" in answer and "不能" in answer
    assert town.rows(Unit, Unit.name == "新城镇") == []
    town.at("09:00")
    assert "✅ 已登记：青石镇" in texts(await town.send("李明", "青石今日零报告"))
    assert "别名：新城" in texts(await town.send(ADMIN, "/addunit 新城镇 新城"))     # its own short name


@pytest.mark.parametrize("text", ["青石镇今日无突发事件，零报告", "/inspection 5 8",
                                  "隐患：宏达化工有限公司仓库危化品混存，限期3天整改"])
async def test_a_member_in_a_private_chat_is_sent_to_the_group(town, text):
    """Group business in a private chat: told to send it in the duty group (it said 本群还未设置
    值班名单，请管理员 /addunit, about a chat that is not a group)."""
    town.at("09:00")
    answer = texts(await town.send("李明", text, chat=town.uid("李明")))
    assert "请在值班群里发送" in answer and "/addunit" not in answer
    assert town.rows(DutyReport) == [] and town.rows(Inspection) == [] and town.rows(Hazard) == []
