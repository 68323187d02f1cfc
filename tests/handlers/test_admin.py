"""Registration: /addunit, /units, /bind with approval, /role, BOT_ADMINS."""
from __future__ import annotations

from handlers.base import NullPlatform
from storage.models import BindRequest, Member, RosterEntry, Unit
from tests.helpers import ADMIN, GROUP, texts


async def test_addunit_needs_admin_and_changes_nothing_otherwise(h):
    h.at("08:00")
    replies = await h.send("李明", "/addunit 青石镇")
    assert "管理员" in texts(replies)
    assert h.rows(Unit) == [] and h.rows(RosterEntry) == []


async def test_addunit_with_aliases_and_units_listing(h):
    h.make_root(ADMIN)
    h.at("08:00")
    assert "别名：青石" in texts(await h.send(ADMIN, "/addunit 青石镇 青石"))
    assert "已在本群名单" in texts(await h.send(ADMIN, "/addunit 青石镇"))
    await h.send(ADMIN, "/bind 青石镇")
    listing = texts(await h.send(ADMIN, "/units"))
    assert "1. 青石镇（别名：青石）" in listing and "12:00" in listing
    assert "用法" in texts(await h.send(ADMIN, "/addunit"))


async def test_bind_waits_for_admin_button(h):
    h.make_root(ADMIN)
    h.at("08:00")
    await h.send(ADMIN, "/addunit 青石镇 青石")
    replies = await h.send("李明", "/bind 青石")
    assert "请管理员确认" in texts(replies)
    assert h.rows(Member) == []
    message_id, card = h.last_card()
    ok, no = card.buttons[0]
    refused = await h.press("路人", ok.data, message_id=message_id)
    assert "管理员" in texts(refused) and h.rows(Member) == []
    done = await h.press(ADMIN, ok.data, message_id=message_id)
    assert "已同意" in texts(done)
    [member] = h.rows(Member)
    assert member.name == "李明" and member.unit_id is not None
    again = await h.press(ADMIN, no.data, message_id=message_id)
    assert "已处理" in texts(again)
    assert [r.status for r in h.rows(BindRequest)] == ["approved"]


async def test_bind_unknown_unit_lists_roster(h):
    h.make_root(ADMIN)
    h.at("08:00")
    await h.send(ADMIN, "/addunit 青石镇")
    assert "青石镇" in texts(await h.send("李明", "/bind 金沙镇"))


async def test_role_by_admin(town):
    replies = await town.send(ADMIN, "/role 李明 leader")
    assert "领导" in texts(replies)
    assert [m.role for m in town.rows(Member, Member.name == "李明")] == ["leader"]
    refused = await town.send("张芳", "/role 张芳 admin")
    assert "管理员" in texts(refused)
    assert [m.role for m in town.rows(Member, Member.name == "张芳")] == ["duty"]


async def test_bot_admins_from_settings(h):
    h.deps.settings.bot_admins = str(h.uid("超级管理员"))
    h.at("08:00")
    assert "已将“青石镇”加入" in texts(await h.send("超级管理员", "/addunit 青石镇"))


async def test_cannot_check_chat_admin_changes_nothing(town):
    """A Telegram chat administrator approving a bind: when Telegram cannot be asked, the
    answer says so and nothing changes. (Before issue 16 this was /addunit by a chat
    admin; chat admins no longer add units at all.)"""
    class Broken(NullPlatform):
        async def is_chat_admin(self, chat_id, user_id):
            return None
    await town.send("新人", "/bind 青石镇")
    message_id, card = town.last_card()
    town.deps.platform = Broken()
    assert "无法确认" in texts(await town.press("群管", card.buttons[0][0].data, message_id=message_id))
    assert town.rows(Member, Member.name == "新人") == []
    assert [r.status for r in town.rows(BindRequest, BindRequest.user_id == town.uid("新人"))] == ["pending"]


async def test_start_warns_about_privacy_mode(h):
    h.deps.platform.can_read_all_group_messages = False
    assert "/setprivacy" in texts(await h.send("任何人", "/start"))


async def test_unknown_button_data(town):
    assert "失效" in texts(await town.press(ADMIN, "nonsense:1", message_id=1))
    assert "失效" in texts(await town.press(ADMIN, "bind:ok:99999", message_id=1))


async def test_chat_admin_gets_no_role_only_bind_approval(town):
    """Issue 16 reversed the old rule (a Telegram group administrator counted as an admin
    for /role and /addunit): a chat admin may approve binds to the group's units, nothing
    more."""
    town.deps.platform.admins[GROUP].add(town.uid("群主"))
    assert "/bind" in texts(await town.send("群主", "/role 李明 inspector"))
    await town.send("群主", "/addunit 新城镇")       # the hint was given once today: silence
    assert [m.role for m in town.rows(Member, Member.name == "李明")] == ["duty"]
    assert town.rows(Unit, Unit.name == "新城镇") == []
    await town.send("新人", "/bind 白沙街道")
    message_id, card = town.last_card()
    assert "已同意" in texts(await town.press("群主", card.buttons[0][0].data, message_id=message_id))
    assert [m.unit_id for m in town.rows(Member, Member.name == "新人")] == \
        [town.rows(Unit, Unit.name == "白沙街道")[0].id]
    assert "/bind" in texts(await town.send("路人", "/role 李明 admin"))


async def test_invisible_characters_in_a_command_make_no_look_alike(town):
    """A name pasted with a zero-width space ("青\\u200b石镇") was a second unit that looks
    like 青石镇; /bind and /role with one found nobody."""
    assert "已在本群名单" in texts(await town.send(ADMIN, "/addunit 青\u200b石镇"))
    assert [u.name for u in town.rows(Unit) if "石" in u.name] == ["青石镇"]
    assert "请管理员确认" in texts(await town.send("新人", "/bind 白\u200b沙街道\ufeff"))
    assert "领导" in texts(await town.send(ADMIN, "/role 李\u2060明 leader"))
    assert "本群值班名单" in texts(await town.send(ADMIN, "/un\u200bits"))
