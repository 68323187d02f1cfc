"""A group upgraded to a supergroup: everything moves to the new chat id, nothing is left
pointing at the old one, and the second service message changes nothing."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from sqlalchemy import text
from sqlmodel import SQLModel, select

from bot.runtime.scheduler import Pusher
from handlers.base import Incoming
from handlers.runner import process
from storage.models import DutyReport, Group
from tests.helpers import ADMIN, GROUP, LEADERS_GROUP, texts

NEW = -1009876543210


def _mentions_of(deps, chat_id: int) -> list[str]:
    """Every cell in every table that points at the chat: an id column, a value in a JSON
    setting, a part of a push key (texts that merely quote the number do not point)."""
    found = []
    with deps.session_factory.engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            for row in conn.execute(table.select()).mappings():
                for column, value in row.items():
                    if isinstance(value, str) and value.startswith(("{", "[")):
                        value = json.loads(value)
                    points = (value == chat_id
                              or (isinstance(value, dict) and chat_id in value.values())
                              or (isinstance(value, list) and chat_id in value)
                              or (column == "key" and str(chat_id) in str(value).split(":")))
                    if points:
                        found.append(f"{table.name}.{column}={str(value)[:80]}")
    return found


def _service(deps, chat_id: int, *, to: int | None = None, frm: int | None = None, key: str) -> Incoming:
    return Incoming(chat_id=chat_id, sender_id=424242, sent_at=deps.clock.now(), chat_type="supergroup",
                    sender_name="升级者", message_id=1, update_key=key,
                    migrate_to_chat_id=to, migrate_from_chat_id=frm)


async def _busy_town(town):
    """The old chat named everywhere: roster, binds, reports, hazards, a drill card, a
    conversation, pushes, cards, unsent replies; and it is the leaders' group of another."""
    town.at("09:00")
    await town.send("李明", "青石镇6月18日值班情况：今日无突发事件，零报告。")
    await town.send("李明", "隐患：青石镇加油站 消防通道堵塞 责任人王五 限期3天")
    await town.send(ADMIN, "/drill 消防演练 6月20日 9:00 青石镇")
    await town.send("新人", "/bind 双桥镇")                       # a bind request waiting
    await town.send("李明", "/hazard")                             # a conversation open
    await town.send(ADMIN, "/enable", chat=LEADERS_GROUP)        # a leaders' group is enrolled
    await town.send(ADMIN, "/remind 领导群 " + str(LEADERS_GROUP))
    with town.deps.session_factory.engine.begin() as conn:
        conn.execute(text("INSERT INTO pushrecord (key, chat_id, status, detail, at) VALUES "
                          f"('remind:{GROUP}:2026-06-18', {GROUP}, 'sent', '', '2026-06-18 01:00:00')"))
        # Another duty group whose leaders' group is the one being upgraded.
        conn.execute(text("INSERT INTO chat_group (chat_id, title, role, deadline, timezone, settings, created_at)"
                          f" VALUES (-100555, '另一群', 'duty', '12:00', 'Asia/Shanghai',"
                          f" '{{\"leaders_chat_id\": {GROUP}}}', '2026-06-18 01:00:00')"))
    await town.send(ADMIN, "/hazards")


async def test_upgrade_moves_every_reference_and_leaves_none(town, deps):
    await _busy_town(town)
    assert len(_mentions_of(deps, GROUP)) > 8
    replies = await process(_service(deps, GROUP, to=NEW, key="tg:m1"), deps)
    assert [r.chat_id for r in replies] == [NEW] and "升级" in texts(replies)
    assert _mentions_of(deps, GROUP) == []
    # The second service message (in the new chat) finds nothing left to move.
    assert await process(_service(deps, NEW, frm=GROUP, key="tg:m2"), deps) == []
    # The group works in the new chat: the roster, the deadline, the officer's binding.
    town.at("10:00")
    replies = await town.send("张芳", "白沙街道今日无突发事件，零报告", chat=NEW)
    assert texts(replies).startswith("✅")
    assert {r.group_id for r in town.rows(DutyReport)} == {town.rows(Group, Group.chat_id == NEW)[0].id}


async def test_the_message_in_the_new_chat_may_come_first(town, deps):
    await _busy_town(town)
    replies = await process(_service(deps, NEW, frm=GROUP, key="tg:m3"), deps)
    assert "升级" in texts(replies)
    assert _mentions_of(deps, GROUP) == []
    assert await process(_service(deps, GROUP, to=NEW, key="tg:m4"), deps) == []


async def test_the_leaders_group_upgraded_is_followed_by_its_duty_groups(town, deps):
    await _busy_town(town)
    await process(_service(deps, LEADERS_GROUP, to=NEW, key="tg:m5"), deps)
    [duty] = town.rows(Group, Group.chat_id == GROUP)
    assert duty.settings["leaders_chat_id"] == NEW
    assert _mentions_of(deps, LEADERS_GROUP) == []


async def test_a_push_already_sent_today_is_not_sent_again_after_the_upgrade(town, deps):
    await _busy_town(town)
    await process(_service(deps, GROUP, to=NEW, key="tg:m6"), deps)
    with deps.session_factory.engine.connect() as conn:
        keys = [k for (k,) in conn.execute(text("SELECT key FROM pushrecord"))]
    assert f"remind:{NEW}:2026-06-18" in keys
    sent = []

    async def send(reply):
        sent.append(reply)
    town.at("11:00")
    await Pusher(deps, send).run_kind("remind", NEW, date(2026, 6, 18))
    # the day's board may be brought up to date (an edit); the 催报 itself is not sent again
    assert [r.text for r in sent if r.edit_message_id is None] == []


async def test_the_features_rows_and_the_enrolment_move_too(town, deps):
    """The day's board, a notice and its delivery, an inspection, the chat an escalation
    told and a platform's id for the chat: all follow; the group stays enrolled."""
    from datetime import datetime, timezone

    from storage.models import (DayBoard, Escalation, Inspection, Notice, NoticeDelivery,
                                PlatformIdentity, Unit)
    await _busy_town(town)
    now = datetime(2026, 6, 18, 4, 0, tzinfo=timezone.utc)
    with deps.session_factory() as session:
        [group] = session.exec(select(Group).where(Group.chat_id == GROUP)).all()
        enrolled = (group.enrolled_at, group.enrolled_by)
        assert enrolled[0] is not None
        unit = session.exec(select(Unit)).first()
        board = session.exec(select(DayBoard)).first() or DayBoard(group_id=group.id, day=date(2026, 6, 18),
                                                                     created_at=now)
        board.chat_id, board.message_id = GROUP, 77         # the first report posted it
        session.add(board)
        notice = Notice(sender_user_id=1, sender_chat_id=GROUP, text="今晚开会", created_at=now)
        session.add(notice)
        session.flush()
        session.add(NoticeDelivery(notice_id=notice.id, group_id=group.id, chat_id=GROUP))
        session.add(Inspection(group_id=group.id, day=date(2026, 6, 18), source_chat_id=GROUP, created_at=now))
        session.add(Escalation(group_id=group.id, unit_id=unit.id, day=date(2026, 6, 18), step="overdue",
                               told=[GROUP], at=now))
        session.add(PlatformIdentity(platform="telegram", kind="chat", external="g", number=GROUP))
        session.commit()
    await process(_service(deps, GROUP, to=NEW, key="tg:m7"), deps)
    assert _mentions_of(deps, GROUP) == []
    [moved] = town.rows(Group, Group.chat_id == NEW)
    assert (moved.enrolled_at, moved.enrolled_by) == enrolled
    assert [b.chat_id for b in town.rows(DayBoard)] == [NEW]
    assert [e.told for e in town.rows(Escalation)] == [[NEW]]
    # and the group takes part in its new chat: a report there is filed, not refused
    town.at("10:00")
    assert texts(await town.send("张芳", "白沙街道今日无突发事件，零报告", chat=NEW)).startswith("✅")


async def test_an_anonymous_admin_upgrading_the_group_still_moves_it(town, deps):
    """The upgrade's service message comes from whoever upgraded, an anonymous admin too:
    its fields are Telegram's own, so the anonymity rule does not stop the move."""
    await _busy_town(town)
    await process(replace(_service(deps, GROUP, to=NEW, key="tg:m8"), anonymous=True), deps)
    assert _mentions_of(deps, GROUP) == []
    assert town.rows(Group, Group.chat_id == NEW)[0].enrolled_at is not None
