"""The day's live board end to end: the first report posts it and pins it (the bot is an
administrator), a burst of reports becomes a few edits of that one message, /today links
to it; where the bot may not pin, the board is simply not pinned."""
from __future__ import annotations

from bot.telegram.outbound import edit_coalescer
from tests.e2e.conftest import ADMIN_ID, GROUP
from tests.e2e.test_drill_e2e import _bind, _card_shows

UNITS = {700101: ("李明", "青石镇"), 700102: ("张芳", "白沙街道"), 700103: ("陈刚", "双桥镇"),
         700104: ("刘洋", "永安镇"), 700105: ("周敏", "市住建局"), 700106: ("吴涛", "东湖镇")}


async def _town(live) -> None:
    await live.say(ADMIN_ID, "/addunit 青石镇", name="王主任", at="2026-06-18T08:00")
    for _, (_, unit) in list(UNITS.items())[1:]:
        await live.say(ADMIN_ID, f"/addunit {unit}", name="王主任")
    for user_id, (name, unit) in UNITS.items():
        await _bind(live, user_id, name, unit)


async def test_one_board_pinned_and_edited_through_a_burst_and_today_links_it(live):
    edit_coalescer(live.bot).window = 0.6
    live.server.set_admins(GROUP, [ADMIN_ID, live.server.bot_id])      # the bot may pin
    await _town(live)
    first, *rest = UNITS.items()
    await live.say(first[0], f"{first[1][1]}今日无突发事件，零报告", name=first[1][0], at="2026-06-18T09:00")
    board = live.server.sent_messages(GROUP)[-1]
    assert board["text"].startswith("📋 6月18日 值班报送看板（截止 12:00）")
    assert live.server.pinned[GROUP] == board["message_id"]
    sent_before = len(live.server.sent_messages(GROUP))

    for user_id, (name, unit) in rest:          # five more reports, one after another
        await live.say(user_id, f"{unit}今日无突发事件，零报告", name=name, at="2026-06-18T09:30")
    text = await _card_shows(live, board["message_id"], "已报 6 / 应报 6")
    assert "✅ 东湖镇 按时（09:30）" in text and "✅ 全部单位已报送。" in text
    edits = live.server.edits(GROUP, board["message_id"])
    print(f"{len(rest)} reports -> {len(edits)} edits of the board")
    assert 1 <= len(edits) < len(rest), "a burst of reports is coalesced, not one edit each"
    # only the acknowledgements are new messages: the board is never posted twice
    assert len(live.server.sent_messages(GROUP)) == sent_before + len(rest)

    await live.say(ADMIN_ID, "/today", name="王主任", at="2026-06-18T10:00")
    today = live.server.sent_texts(GROUP)[-1]
    assert today.startswith(f"今日看板：https://t.me/c/1234567890/{board['message_id']}")
    assert "已报 6 / 应报 6" in today


async def test_without_the_right_to_pin_the_board_still_comes(live):
    await _town(live)
    await live.say(700101, "青石镇今日无突发事件，零报告", name="李明", at="2026-06-18T09:00")
    assert live.server.sent_texts(GROUP)[-1].startswith("📋 6月18日")
    assert live.server.calls_of("pinChatMessage") and GROUP not in live.server.pinned
