"""Issue 19's drill sequence through the real aiogram Dispatcher and the fake Bot API: a
card posted the day before for 09:00, the liaison of 云溪镇 gives the unit's figure minutes
later and a new one an hour before the start; the card (edited in place), the end, /drills
and the statistics all show the unit's 15."""
from __future__ import annotations

import asyncio

from sqlmodel import col, select

from bot.telegram.outbound import edit_coalescer
from storage.models import Attendance
from tests.e2e.conftest import ADMIN_ID, GROUP

LIAISON = 700300        # bound to 云溪镇


def _buttons(message) -> dict[str, str]:
    return {b["text"]: b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row}


async def _card_shows(live, message_id: int, needle: str, timeout: float = 5.0) -> str:
    for _ in range(int(timeout / 0.05)):
        edits = live.server.edits(GROUP, message_id)
        if edits and needle in edits[-1]["text"]:
            return edits[-1]["text"]
        await asyncio.sleep(0.05)
    raise AssertionError(f"card never showed {needle!r}: {[e['text'][-60:] for e in live.server.edits(GROUP, message_id)]}")


async def test_a_liaisons_figure_before_the_drill_reaches_card_tally_list_and_statistics(live):
    edit_coalescer(live.bot).window = 0.3
    await live.say(ADMIN_ID, "/addunit 云溪镇", name="王主任", at="2026-06-17T15:00")
    await live.say(ADMIN_ID, "/bind 云溪镇", name="王主任")
    await live.say(LIAISON, "/bind 云溪镇", name="孙丽")
    request = live.server.sent_messages(GROUP)[-1]
    await live.press(ADMIN_ID, request["message_id"], _buttons(request)["同意"], name="王主任")

    await live.say(ADMIN_ID, "/drill 防汛抢险应急演练 明天 9:00 青石镇水库", name="王主任", at="2026-06-17T16:00")
    card = live.server.sent_messages(GROUP)[-1]
    assert "时间：6月18日 09:00" in card["text"] and "单位+参演N人" in card["text"]
    await live.press(LIAISON, card["message_id"], _buttons(card)["签到"], name="孙丽")
    assert live.server.calls_of("answerCallbackQuery")[-1]["text"] == "已签到，当前1人"

    await live.say(LIAISON, "云溪镇参演12人", name="孙丽", at="2026-06-17T16:05")
    assert "✅ 已登记：云溪镇 参演12人（防汛抢险应急演练），当前合计12人。" == live.server.sent_texts(GROUP)[-1]
    await _card_shows(live, card["message_id"], "分单位：云溪镇 12人")

    await live.say(LIAISON, "云溪镇 签到 15人", name="孙丽", at="2026-06-18T08:00")   # an hour before the start
    assert "云溪镇 参演人数 12→15人" in live.server.sent_texts(GROUP)[-1]
    shown = await _card_shows(live, card["message_id"], "分单位：云溪镇 15人")
    assert "已签到：15人" in shown
    cards = [m for m in live.server.sent_messages(GROUP) if m["text"].startswith("📣 应急演练：")]
    assert [m["message_id"] for m in cards] == [card["message_id"]], "the card is edited, never posted again"

    await live.say(ADMIN_ID, "/drill end", name="王主任", at="2026-06-18T11:00")
    assert "参演合计15人" in live.server.sent_texts(GROUP)[-1]
    final = await _card_shows(live, card["message_id"], "演练已结束")
    assert "参演合计：15人" in final and "分单位：云溪镇 15人" in final

    await live.say(ADMIN_ID, "/drills 本月", name="王主任", at="2026-06-18T11:05")
    listed = live.server.sent_texts(GROUP)[-1]
    assert "防汛抢险应急演练（防汛）青石镇水库 — 已开展，参演15人" in listed and "参演15人次" in listed
    await live.say(ADMIN_ID, "本月演练情况", name="王主任")
    assert "组织演练 1 次，参演 15 人次" in live.server.sent_texts(GROUP)[-1]

    with live.deps.session_factory() as session:
        figures = session.exec(select(Attendance).where(col(Attendance.unit_id).is_not(None))
                               .order_by(Attendance.id)).all()
    assert [(f.head_count, f.superseded_by is None) for f in figures] == [(12, False), (15, True)]
