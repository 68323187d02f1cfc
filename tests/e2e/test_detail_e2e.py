"""明细 end to end through the real aiogram Dispatcher and the fake Bot API: a question's
🔍 明细 button posts page 1 under the answer, 下一页 / 上一页 edit that same message in place,
and a stranger's press (or a forged page) changes nothing the group sees."""
from __future__ import annotations

import asyncio
from datetime import date

from sqlmodel import select

from bot.telegram.outbound import edit_coalescer
from storage.models import Group
from tests import seed
from tests.e2e.conftest import ADMIN_ID, GROUP

STRANGER = 700999


def _buttons(message) -> dict[str, str]:
    return {b["text"]: b["callback_data"] for row in message.get("reply_markup", {}).get("inline_keyboard", [])
            for b in row}


async def _shows(live, message_id: int, needle: str, timeout: float = 5.0) -> dict:
    for _ in range(int(timeout / 0.05)):
        edits = live.server.edits(GROUP, message_id)
        if edits and needle in edits[-1]["text"]:
            return edits[-1]
        await asyncio.sleep(0.05)
    raise AssertionError(f"never showed {needle!r}: {[e['text'][-20:] for e in live.server.edits(GROUP, message_id)]}")


async def test_detail_pages_edit_one_message_in_place(live):
    edit_coalescer(live.bot).window = 0.2
    await live.say(ADMIN_ID, "/addunit 青石镇", name="王主任", at="2026-06-18T08:00")
    await live.say(ADMIN_ID, "/bind 青石镇", name="王主任")
    with live.deps.session_factory() as s:
        group = s.exec(select(Group).where(Group.chat_id == GROUP)).one()
        for n in range(1, 16):          # 15 hazards and a heading: two pages of 12 lines
            seed.hazard(s, group, "青石镇", date(2026, 6, 16), place=f"青石村{n}号仓库",
                        code=f"YH-20260616-{n:03d}")
        s.commit()
    await live.say(ADMIN_ID, "本周隐患整改情况", name="王主任", at="2026-06-18T15:00")
    answer = live.server.sent_messages(GROUP)[-1]
    buttons = _buttons(answer)
    assert list(buttons) == ["📊 图表", "🔍 明细"] and len(buttons["🔍 明细"].encode()) <= 64

    await live.press(ADMIN_ID, answer["message_id"], buttons["🔍 明细"], name="王主任")
    await live.server.wait_for(lambda: "🔍 明细" in live.server.sent_texts(GROUP)[-1], timeout=10)
    page = live.server.sent_messages(GROUP)[-1]
    assert page["reply_to_message"]["message_id"] == answer["message_id"]
    assert "YH-20260616-001 青石镇 青石村1号仓库 一般 待整改" in page["text"]
    assert page["text"].endswith("第1/2页") and list(_buttons(page)) == ["下一页 ➡️"]
    sent = len(live.server.sent_messages(GROUP))

    await live.press(ADMIN_ID, page["message_id"], _buttons(page)["下一页 ➡️"], name="王主任")
    second = await _shows(live, page["message_id"], "第2/2页")
    assert "YH-20260616-015" in second["text"] and "YH-20260616-001 " not in second["text"]
    assert [b["text"] for row in second["reply_markup"]["inline_keyboard"] for b in row] == ["⬅️ 上一页"]
    back = second["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await live.press(ADMIN_ID, page["message_id"], back, name="王主任")
    await _shows(live, page["message_id"], "第1/2页")
    assert len(live.server.sent_messages(GROUP)) == sent, "paging edits the one message, sends none"

    # a stranger's press and a page forged onto the answer: nothing sent, nothing edited
    edits = len(live.server.edits(GROUP))
    await live.press(STRANGER, page["message_id"], back, name="路人")
    await live.press(ADMIN_ID, answer["message_id"], back, name="王主任")
    await asyncio.sleep(0.5)
    assert len(live.server.edits(GROUP)) == edits and len(live.server.sent_messages(GROUP)) == sent
    answers = [c.get("text") or "" for c in live.server.calls_of("answerCallbackQuery")]
    assert "这个明细按钮无效或不属于本聊天，请在这里重新提问。" in answers


async def test_the_boards_detail_button_survives_its_edits(live):
    edit_coalescer(live.bot).window = 0.2
    await live.say(ADMIN_ID, "/addunit 青石镇", name="王主任", at="2026-06-18T08:00")
    await live.say(ADMIN_ID, "/addunit 白沙街道", name="王主任")
    await live.say(ADMIN_ID, "/bind 青石镇", name="王主任")
    await live.say(ADMIN_ID, "/today", name="王主任", at="2026-06-18T09:00")     # the day's first: the board
    board = live.server.sent_messages(GROUP)[-1]
    assert board["text"].startswith("📋 6月18日") and list(_buttons(board)) == ["🔍 明细"]
    data = _buttons(board)["🔍 明细"]
    await live.say(ADMIN_ID, "青石镇今日无突发事件，零报告", name="王主任", at="2026-06-18T09:30")
    edit = await _shows(live, board["message_id"], "✅ 青石镇 按时（09:30）")
    assert _buttons(edit) == {"🔍 明细": data}, "an edit without reply_markup drops the keyboard"
    await live.press(ADMIN_ID, board["message_id"], data, name="王主任")
    await live.server.wait_for(lambda: "🔍 明细" in live.server.sent_texts(GROUP)[-1], timeout=10)
    page = live.server.sent_messages(GROUP)[-1]
    assert page["reply_to_message"]["message_id"] == board["message_id"]
    assert "青石镇 ✅ 按时 09:30，零报告" in page["text"] and "白沙街道 ⏳ 未报（截止 12:00 前）" in page["text"]


LEADERS = -1009999000001


async def test_the_weekly_drafts_detail_opens_in_the_leaders_group_only(live):
    from bot.runtime.scheduler import Pusher
    from bot.telegram.outbound import push_sender
    await live.say(ADMIN_ID, "/addunit 青石镇", name="王主任", at="2026-06-18T08:00")
    await live.say(ADMIN_ID, "/bind 青石镇", name="王主任")
    await live.server.wait_confirmed(live.server.push_message(LEADERS, ADMIN_ID, "/enable", first_name="王主任",
                                                              chat_title="领导群"), timeout=10)
    await live.say(ADMIN_ID, f"/remind 领导群 {LEADERS}", name="王主任")
    with live.deps.session_factory() as s:
        group = s.exec(select(Group).where(Group.chat_id == GROUP)).one()
        seed.hazard(s, group, "青石镇", date(2026, 6, 16), place="青石村加油站", code="YH-20260616-001")
        s.commit()
    live.at("2026-06-19T16:00")
    assert await Pusher(live.deps, push_sender(live.bot, live.deps)).run_kind("weekly", GROUP, date(2026, 6, 19))
    draft = next(m for m in live.server.sent_messages(LEADERS) if m["text"].startswith("📝 本周周报草稿"))
    data = _buttons(draft)["🔍 明细"]
    # the same data pressed in the duty group (forwarded there): refused, nothing sent
    sent = len(live.server.sent_messages(GROUP))
    await live.press(ADMIN_ID, 1, data, name="王主任")
    assert len(live.server.sent_messages(GROUP)) == sent
    answers = [c.get("text") or "" for c in live.server.calls_of("answerCallbackQuery")]
    assert answers[-1] == "这个明细按钮无效或不属于本聊天，请在这里重新提问。"
    await live.server.wait_confirmed(live.server.push_callback(LEADERS, ADMIN_ID, draft["message_id"], data,
                                                               first_name="王主任"), timeout=10)
    page = live.server.sent_messages(LEADERS)[-1]
    assert page["text"].startswith("🔍 明细｜") and "YH-20260616-001 青石镇 青石村加油站" in page["text"]
