"""Telegram's own shapes end to end: a forwarded report (forward_origin), a forum topic
(message_thread_id) for replies and pushes, and a group upgrade (migrate_to_chat_id)."""
from __future__ import annotations

from sqlmodel import select

from bot.runtime.scheduler import Pusher
from bot.telegram.outbound import push_sender
from handlers.base import Reply
from handlers.reminders import Push
from storage.models import DutyReport, Group
from tests.e2e.conftest import ADMIN_ID, GROUP

NEW = -1009876543210


def _message(live, update_id: int, text: str | None, **fields) -> dict:
    msg = {"message_id": 5000 + update_id % 1000, "date": int(live.clock.now().timestamp()),
           "chat": {"id": GROUP, "type": "supergroup", "title": "青石区应急值班群", "is_forum": True},
           "from": {"id": ADMIN_ID, "is_bot": False, "first_name": "王主任"}, **fields}
    if text is not None:
        msg["text"] = text
    return {"update_id": update_id, "message": msg}


async def _send(live, update: dict) -> None:
    live.server.push_raw(update)
    await live.server.wait_confirmed(update["update_id"], timeout=10)


async def _setup(live):
    await live.say(ADMIN_ID, "/addunit 青石镇", name="王主任", at="2026-06-18T08:00")
    await live.say(ADMIN_ID, "/bind 青石镇", name="王主任")


def _reports(live) -> list[DutyReport]:
    with live.deps.session_factory() as session:
        return list(session.exec(select(DutyReport)))


async def test_forwarded_report_is_refused_and_asks_for_the_units_own(live):
    await _setup(live)
    live.at("2026-06-18T09:00")
    origin = {"type": "user", "date": int(live.clock.now().timestamp()) - 86400,
              "sender_user": {"id": 31337, "is_bot": False, "first_name": "别人"}}
    await _send(live, _message(live, 990001, "青石镇今日无突发事件，零报告。", forward_origin=origin,
                               forward_date=origin["date"]))
    last = live.server.sent_messages(GROUP)[-1]["text"]
    assert "转发" in last and "本单位自己的今日值班报告" in last
    assert _reports(live) == []


async def test_replies_go_to_the_topic_and_pushes_to_the_chosen_topic(live):
    await _setup(live)
    live.at("2026-06-18T09:00")
    await _send(live, _message(live, 990002, "青石镇今日无突发事件，零报告。",
                               message_thread_id=77, is_topic_message=True))
    ack, board = live.server.calls_of("sendMessage")[-2:]        # the ✅ and the day's board
    assert ack["text"].startswith("✅") and board["text"].startswith("📋")
    assert int(ack["message_thread_id"]) == int(board["message_thread_id"]) == 77
    await _send(live, _message(live, 990003, "/remind 话题 本话题", message_thread_id=88, is_topic_message=True))
    assert "话题 #88" in live.server.calls_of("sendMessage")[-1]["text"]
    pusher = Pusher(live.deps, push_sender(live.bot, live.deps))
    await pusher.deliver([Push("remind:topic-test", Reply("⏰ 催报", chat_id=GROUP))])
    push = live.server.calls_of("sendMessage")[-1]
    assert push["text"] == "⏰ 催报" and int(push["message_thread_id"]) == 88


async def test_group_upgrade_moves_the_group_and_says_so_in_the_new_chat(live):
    await _setup(live)
    await _send(live, _message(live, 990004, None, migrate_to_chat_id=NEW))
    with live.deps.session_factory() as session:
        assert session.exec(select(Group).where(Group.chat_id == GROUP)).first() is None
        assert session.exec(select(Group).where(Group.chat_id == NEW)).one()
    assert "升级" in live.server.calls_of("sendMessage")[-1]["text"]
    assert int(live.server.calls_of("sendMessage")[-1]["chat_id"]) == NEW
