"""A drill end to end through the real aiogram Dispatcher and the fake Bot API: the card,
sign-in presses answered at once, a burst of sign-ins coalesced into a few edits of the
card that end on the newest count, a typed unit figure, the end, and /drills 本月."""
from __future__ import annotations

import asyncio

from sqlmodel import select

from bot.telegram.outbound import edit_coalescer
from storage.models import Attendance, Drill
from tests.e2e.conftest import ADMIN_ID, GROUP

OFFICERS = {700100 + i: f"队员{i}" for i in range(8)}
LIAISON = 700200


def _buttons(message) -> dict[str, str]:
    return {b["text"]: b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row}


async def _bind(live, user_id: int, name: str, unit: str) -> None:
    await live.say(user_id, f"/bind {unit}", name=name)
    request = live.server.sent_messages(GROUP)[-1]
    await live.press(ADMIN_ID, request["message_id"], _buttons(request)["同意"], name="王主任")


async def _card_shows(live, message_id: int, needle: str, timeout: float = 5.0) -> str:
    for _ in range(int(timeout / 0.05)):
        edits = live.server.edits(GROUP, message_id)
        if edits and needle in edits[-1]["text"]:
            return edits[-1]["text"]
        await asyncio.sleep(0.05)
    raise AssertionError(f"card never showed {needle!r}: {[e['text'][-60:] for e in live.server.edits(GROUP, message_id)]}")


def _answers(live) -> list[str]:
    return [c.get("text") or "" for c in live.server.calls_of("answerCallbackQuery")]


async def test_drill_card_sign_ins_coalesced_figures_end_and_list(live):
    edit_coalescer(live.bot).window = 0.6          # a short window keeps the test quick
    await live.say(ADMIN_ID, "/addunit 青石镇", name="王主任", at="2026-06-18T08:00")
    await live.say(ADMIN_ID, "/addunit 白沙街道", name="王主任")
    await live.say(ADMIN_ID, "/bind 青石镇", name="王主任")
    for user_id, name in OFFICERS.items():
        await _bind(live, user_id, name, "青石镇")
    await _bind(live, LIAISON, "张芳", "白沙街道")

    await live.say(ADMIN_ID, "/drill 防汛抢险应急演练 6月18日 9:00 青石镇水库", name="王主任", at="2026-06-18T08:50")
    card = live.server.sent_messages(GROUP)[-1]
    assert "📣 应急演练：防汛抢险应急演练" in card["text"] and "地点：青石镇水库" in card["text"]
    buttons = _buttons(card)
    keyboard = card["reply_markup"]["inline_keyboard"]
    assert [[b["text"] for b in row] for row in keyboard] == [["签到", "🔍 明细"], ["结束演练"]]

    # a burst: eight people press 签到 one after another, one of them twice
    for user_id, name in OFFICERS.items():
        await live.press(user_id, card["message_id"], buttons["签到"], name=name)
    first = next(iter(OFFICERS))
    await live.press(first, card["message_id"], buttons["签到"], name=OFFICERS[first])
    answers = _answers(live)
    assert [a for a in answers if a.startswith("已签到，当前")][-1] == "已签到，当前8人"
    assert answers[-1] == "您已签到过了，不重复计数（当前8人）"
    await _card_shows(live, card["message_id"], "已签到：8人")
    edits = live.server.edits(GROUP, card["message_id"])
    print(f"{len(OFFICERS) + 1} presses -> {len(edits)} edits of the card")
    assert 1 <= len(edits) < len(OFFICERS), "a burst of sign-ins is coalesced, not one edit each"
    # every edit, coalesced or not, carries the whole keyboard: 签到 first, the same 明细 beside it
    assert all(e["reply_markup"]["inline_keyboard"] == keyboard for e in edits)

    # a unit's liaison types a head count; the card follows
    await live.say(LIAISON, "白沙街道 签到 8人", name="张芳", at="2026-06-18T09:10")
    assert "白沙街道 参演8人" in live.server.sent_texts(GROUP)[-1]
    await _card_shows(live, card["message_id"], "已签到：16人")
    assert live.server.edits(GROUP, card["message_id"])[-1]["reply_markup"]["inline_keyboard"] == keyboard

    # the live card's 明细: the sign-ins and the unit figure so far, posted under the card
    await live.press(LIAISON, card["message_id"], buttons["🔍 明细"], name="张芳")
    await live.server.wait_for(lambda: "🔍 明细" in live.server.sent_texts(GROUP)[-1], timeout=10)
    shown = live.server.sent_texts(GROUP)[-1].splitlines()
    assert shown[0] == "🔍 明细｜📣 应急演练：防汛抢险应急演练"
    assert "6月18日 防汛抢险应急演练（防汛，计划中）参演16人" in shown
    assert "  · 白沙街道 8人（单位填报）" in shown and "  · 签到：队员0（青石镇） 08:50" in shown

    await live.say(ADMIN_ID, "/drill end", name="王主任", at="2026-06-18T11:00")
    assert "参演合计16人" in live.server.sent_texts(GROUP)[-1]
    final = await _card_shows(live, card["message_id"], "演练已结束")
    assert "分单位：青石镇 8人、白沙街道 8人" in final
    stored = next(m for m in live.server.messages(GROUP) if m["message_id"] == card["message_id"])
    assert list(_buttons(stored)) == ["🔍 明细"], "an ended drill's card keeps only its 明细"

    await live.press(LIAISON, card["message_id"], buttons["签到"], name="张芳")
    assert "已结束" in _answers(live)[-1]

    await live.say(ADMIN_ID, "/drills 本月", name="王主任", at="2026-06-18T11:05")
    listed = live.server.sent_texts(GROUP)[-1]
    assert "防汛抢险应急演练（防汛）青石镇水库 — 已开展，参演16人" in listed
    assert "合计：已开展1次，参演16人次" in listed
    with live.deps.session_factory() as session:
        assert session.exec(select(Drill)).one().status == "held"
        assert len(session.exec(select(Attendance)).all()) == 9
    assert live.server.too_many == 0
