"""Issue 16 end to end through the fake Bot API: the organisation's duty group and an
outsider's own group, where he is the creator. From his group (and as a plain member of
the real one, and as an anonymous admin) he can change nothing and read nothing of the
organisation, and the real unit's report stands."""
from __future__ import annotations

from sqlmodel import select

from storage.models import BindRequest, DutyReport, Group, Member, ProcessedUpdate, Unit
from tests.e2e.conftest import ADMIN_ID, GROUP

OFFICER = 700001
OUTSIDER = 800001
HIS_GROUP = -1009876543210
SECRETS = ("青石镇", "白沙街道", "YH-", "王主任", "李明")


async def _say(live, chat_id: int, user_id: int, text: str, *, name: str, title: str) -> int:
    update_id = live.server.push_message(chat_id, user_id, text, first_name=name, chat_title=title,
                                         date=live.clock.now())
    await live.server.wait_confirmed(update_id, timeout=10)
    return update_id


def _rows(live, model, *where):
    with live.deps.session_factory() as session:
        return list(session.exec(select(model).where(*where)))


async def test_an_outsiders_group_changes_and_reads_nothing(live):
    live.at("2026-06-18T08:00")
    await live.say(ADMIN_ID, "/addunit 青石镇 青石", name="王主任")       # the root admin enrols the group
    await live.say(ADMIN_ID, "/addunit 白沙街道", name="王主任")
    await live.say(OFFICER, "/bind 青石镇", name="李明")
    card = live.server.sent_messages(GROUP)[-1]
    await live.press(ADMIN_ID, card["message_id"], card["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
                     name="王主任")
    await live.say(OFFICER, "青石镇今日无突发事件，零报告。", name="李明", at="2026-06-18T09:12")
    [real] = _rows(live, DutyReport)

    # His own group: he created it, Telegram says he is its administrator.
    live.server.set_admins(HIS_GROUP, [OUTSIDER])
    live.at("2026-06-18T10:00")
    keys = []
    for text in ("/addunit 青石镇 青石", "/role 外人 admin", f"/remind 领导群 {GROUP}", "/enable",
                 "/bind 青石镇", "青石镇今日发生火灾，已扑灭。", "/today", "本周隐患整改情况", "/units",
                 "/groups", "/hazards", "/ledger"):
        keys.append(await _say(live, HIS_GROUP, OUTSIDER, text, name="外人", title="外人的群"))
    said = live.server.sent_texts(HIS_GROUP)
    assert len(said) == 1 and "/enable" in said[0]          # one line a day, nothing else
    assert not any(secret in said[0] for secret in SECRETS)
    assert live.server.documents(HIS_GROUP) == [] and live.server.photos(HIS_GROUP) == []

    # In the real group he is a plain member: no role, no approval, no report.
    await live.say(OUTSIDER, "/role 外人 admin", name="外人")
    await live.say(OUTSIDER, "/bind 青石镇", name="外人")
    [request] = _rows(live, BindRequest, BindRequest.user_id == OUTSIDER)
    await live.press(OUTSIDER, live.server.sent_messages(GROUP)[-1]["message_id"], f"bind:ok:{request.id}",
                     name="外人")
    await live.say(OUTSIDER, "青石镇今日发生火灾，已扑灭。", name="外人")

    assert _rows(live, Group, Group.chat_id == HIS_GROUP) == []
    assert [u.name for u in _rows(live, Unit)] == ["青石镇", "白沙街道"]
    assert [u.aliases for u in _rows(live, Unit, Unit.name == "青石镇")] == [["青石"]]
    assert _rows(live, Member, Member.user_id == OUTSIDER) == []
    assert request.status == "pending" and _rows(live, BindRequest, BindRequest.id == request.id)[0].status == "pending"
    assert all(g.settings.get("leaders_chat_id") is None and g.role == "duty" for g in _rows(live, Group))
    assert not _rows(live, ProcessedUpdate, ProcessedUpdate.update_key.in_([f"tg:{k}" for k in keys]))
    [stands] = _rows(live, DutyReport)
    assert (stands.id, stands.zero, stands.superseded_by, stands.withdrawn) == (real.id, True, None, False)

    await live.say(ADMIN_ID, "/today", name="王主任", at="2026-06-18T12:30")
    assert "已报 1 / 应报 2" in live.server.sent_texts(GROUP)[-1]          # the day's board

    # An anonymous admin of the real group (sender_chat set) is nobody. (Last: its update id
    # is above the fake server's sequence.)
    anonymous = live.server.push_raw({"update_id": 990001, "message": {
        "message_id": 9001, "date": int(live.clock.now().timestamp()),
        "chat": {"id": GROUP, "type": "supergroup", "title": "青石区应急值班群"},
        "from": {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"},
        "sender_chat": {"id": GROUP, "type": "supergroup", "title": "青石区应急值班群"},
        "text": "/role 外人 admin"}})
    await live.server.wait_confirmed(anonymous, timeout=10)
    assert "本人身份" in live.server.sent_texts(GROUP)[-1]

    assert _rows(live, Member, Member.role == "admin") == []
    assert len(_rows(live, DutyReport)) == 1
