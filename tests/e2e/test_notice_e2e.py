"""A notice end to end through the fake Bot API: sent by a root admin, it reaches the duty
group with a 收到 button; each tap is answered and the sender's tally is edited in place."""
from __future__ import annotations

from bot.telegram.outbound import edit_coalescer
from tests.e2e.conftest import ADMIN_ID, GROUP
from tests.e2e.test_detail_e2e import _buttons, _shows
from tests.e2e.test_drill_e2e import _bind, _card_shows


def _notice(sent: list[dict]) -> dict:
    """The notice itself (its 收到 button), not the sender's tally (its 🔍 明细)."""
    return next(m for m in reversed(sent) if "收到" in _buttons(m))


async def test_notice_with_receipts_and_a_tally_edited_in_place(live):
    edit_coalescer(live.bot).window = 0.3
    await live.say(ADMIN_ID, "/addunit 青石镇", name="王主任", at="2026-06-18T08:00")
    await live.say(ADMIN_ID, "/addunit 白沙街道", name="王主任")
    await _bind(live, 700301, "李明", "青石镇")
    await _bind(live, 700302, "张芳", "白沙街道")
    await live.say(ADMIN_ID, "发通知：明日起进入主汛期，严格落实24小时值班。", name="王主任", at="2026-06-18T09:00")
    sent = live.server.sent_messages(GROUP)
    notice = _notice(sent)
    tally = sent[-1]
    assert list(_buttons(tally)) == ["🔍 明细"]
    detail = _buttons(tally)["🔍 明细"]
    assert "明日起进入主汛期" in notice["text"] and "已收到 0 / 应收到 2（按单位）" in tally["text"]
    data = notice["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await live.press(700301, notice["message_id"], data, name="李明")
    await live.press(700301, notice["message_id"], data, name="李明")
    answers = [c.get("text") for c in live.server.calls_of("answerCallbackQuery")]
    assert answers[-2:] == ["已签收，谢谢。", "您已签收过了。"]
    text = await _card_shows(live, tally["message_id"], "已收到 1 / 应收到 2")
    assert "未签收：白沙街道" in text
    edited = await _shows(live, tally["message_id"], "已收到 1 / 应收到 2")
    assert _buttons(edited) == {"🔍 明细": detail}, "an edit without reply_markup drops the keyboard"
    await live.press(ADMIN_ID, tally["message_id"], detail, name="王主任")
    await live.server.wait_for(lambda: "🔍 明细" in live.server.sent_texts(GROUP)[-1], timeout=10)
    page = live.server.sent_messages(GROUP)[-1]["text"]
    assert "  · 青石镇 收到：李明 6月18日 09:00" in page and "  · 白沙街道 未签收" in page
    await live.press(700302, notice["message_id"], data, name="张芳")
    await _card_shows(live, tally["message_id"], "✅ 全部单位已签收。")


async def test_the_notice_answers_detail_names_each_units_first_receipt(live):
    await live.say(ADMIN_ID, "/addunit 青石镇", name="王主任", at="2026-06-18T08:00")
    await live.say(ADMIN_ID, "/addunit 白沙街道", name="王主任")
    await _bind(live, 700301, "李明", "青石镇")
    await live.say(ADMIN_ID, "发通知：明日起进入主汛期。", name="王主任", at="2026-06-18T09:00")
    notice = _notice(live.server.sent_messages(GROUP))
    live.at("2026-06-18T09:07")
    await live.press(700301, notice["message_id"], notice["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
                     name="李明")
    await live.say(700301, "哪些单位还没签收通知", name="李明", at="2026-06-18T15:00")
    answer = live.server.sent_messages(GROUP)[-1]
    [[detail]] = answer["reply_markup"]["inline_keyboard"]
    assert detail["text"] == "🔍 明细" and "未签收：白沙街道" in answer["text"]
    await live.press(700301, answer["message_id"], detail["callback_data"], name="李明")
    await live.server.wait_for(lambda: "🔍 明细" in live.server.sent_texts(GROUP)[-1], timeout=10)
    page = live.server.sent_messages(GROUP)[-1]["text"]
    assert "  · 青石镇 收到：李明 6月18日 09:07" in page and "  · 白沙街道 未签收" in page
