"""Robot messages and card presses as DingTalk sends them → Incoming."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from bot.dingtalk import cards
from bot.dingtalk.identities import group_number, message_number, user_number
from bot.dingtalk.inbound import incoming_from_card, incoming_from_message, update_key

NOW = datetime(2026, 6, 18, 1, 0, tzinfo=timezone.utc)


def _message(**over) -> dict:
    data = {"conversationId": "cidA==", "conversationType": "2", "conversationTitle": "青石区应急值班群",
            "msgId": "msgABC", "senderNick": "李明", "senderStaffId": "staff1", "senderId": "$:LWCP_v1:$x",
            "createAt": 1781744400000, "msgtype": "text", "text": {"content": " 青石镇今日零报告 "}}
    data.update(over)
    return data


def test_group_message_mention_already_gone_and_leading_space_stripped():
    incoming, origin = incoming_from_message(_message())
    assert incoming.text == "青石镇今日零报告"
    assert incoming.chat_id == group_number("cidA==") < 0 and incoming.chat_type == "group"
    assert incoming.sender_id == user_number("staff1") and incoming.sender_name == "李明"
    assert incoming.update_key == "dt:msgABC" and incoming.message_id == message_number("msgABC")
    assert incoming.platform == "dingtalk" and incoming.chat_title == "青石区应急值班群"
    assert incoming.sent_at == datetime.fromtimestamp(1781744400, tz=timezone.utc)
    assert origin.conversation_id == "cidA==" and origin.staff_id == "staff1"


def test_private_message_is_a_chat_with_the_member():
    incoming, origin = incoming_from_message(_message(conversationType="1", text={"content": "/help"}))
    assert incoming.chat_type == "private" and incoming.chat_id == user_number("staff1")
    assert origin.conversation_id is None


def test_rich_text_and_pictures():
    rich = {"richText": [{"text": "隐患：仓库"}, {"downloadCode": "dl-1"}, {"text": "通道堵塞"}]}
    incoming, _ = incoming_from_message(_message(msgtype="richText", content=rich, text=None))
    assert incoming.text == "隐患：仓库通道堵塞" and incoming.photos == ("dl-1",)
    incoming, _ = incoming_from_message(_message(msgtype="picture", content={"downloadCode": "dl-2"}))
    assert incoming.text == "" and incoming.photos == ("dl-2",)


def test_unusable_frames_are_refused_not_crashed():
    assert incoming_from_message(_message(msgId="")) is None
    assert incoming_from_message(_message(senderStaffId="", senderId="")) is None
    assert incoming_from_message(_message(conversationId="")) is None


def test_long_ids_keep_keys_within_the_column():
    key = update_key("dt", "m" * 200)
    assert len(key) <= 64 and key == update_key("dt", "m" * 200) and key != update_key("dt", "m" * 201)


def _press(track: str, data: str | None, user: str = "staff1") -> dict:
    params = {"data": data} if data is not None else {}
    return {"outTrackId": track, "userId": user,
            "content": json.dumps({"cardPrivateData": {"actionIds": ["b"], "params": params}})}


def test_card_press_finds_chat_and_message_of_our_card():
    chat = group_number("cidA==")
    track = cards.out_track_id(chat, 42)
    incoming, origin = incoming_from_card(_press(track, "hz:close:7"), "frame-9", NOW, {chat: "cidA=="}.get)
    assert (incoming.chat_id, incoming.message_id, incoming.callback_data) == (chat, 42, "hz:close:7")
    assert incoming.update_key == "dtcb:frame-9" and incoming.sender_id == user_number("staff1")
    assert origin.conversation_id == "cidA=="


def test_forged_or_foreign_presses_are_dropped():
    chat = group_number("cidA==")
    known = {chat: "cidA=="}.get
    assert incoming_from_card(_press("someone-elses-card", "hz:close:7"), "f", NOW, known) is None
    assert incoming_from_card(_press("zs.abc.1", "hz:close:7"), "f", NOW, known) is None
    assert incoming_from_card(_press(cards.out_track_id(chat, 1), None), "f", NOW, known) is None
    # a group the assistant never kept anything of
    assert incoming_from_card(_press(cards.out_track_id(-5, 1), "x:y"), "f", NOW, known) is None
    assert incoming_from_card({"outTrackId": cards.out_track_id(chat, 1), "userId": "u", "content": "{bad"},
                              "f", NOW, known) is None
