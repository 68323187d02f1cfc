"""The day's live board: posted once by the first report, edited in place after, marks
漏报 after the deadline, and /today links to it."""
from __future__ import annotations

from datetime import date

from handlers import board
from storage import boards, people
from storage.models import BotMessage, DayBoard
from tests import seed
from tests.helpers import ADMIN, GROUP, LEADERS_GROUP, texts

DAY = date(2026, 6, 18)


def board_replies(replies):
    return [r for r in replies if r.text.startswith("📋")]


async def test_first_report_posts_the_board_later_ones_edit_it(town):
    town.at("09:00")
    [posted] = board_replies(await town.send("李明", "青石镇今日无突发事件，零报告"))
    assert posted.pin and posted.tag[0] == "board" and posted.edit_message_id is None
    assert posted.chat_id == GROUP
    board_message = town.rows(BotMessage, BotMessage.kind == "board")[0].message_id
    town.at("12:05")
    [edited] = board_replies(await town.send("张芳", "白沙街道今日无突发事件，零报告"))
    assert edited.edit_message_id == board_message and not edited.pin
    lines = edited.text.splitlines()
    assert lines == ["📋 6月18日 值班报送看板（截止 12:00）", "✅ 青石镇 按时（09:00）", "⚠️ 白沙街道 迟报（12:05）",
                     "❌ 双桥镇 漏报", "❌ 永安镇 漏报", "❌ 市住建局 漏报", "已报 2 / 应报 5（截止时未报即为漏报）"]
    assert len(town.rows(DayBoard)) == 1


async def test_a_withdrawn_report_edits_the_board_back(town):
    town.at("09:00")
    await town.send("李明", "青石镇今日无突发事件，零报告")
    report_message = town.last_message_id
    replies = await town.send("李明", "撤回", reply_to=report_message)
    [edited] = board_replies(replies)
    assert "⏳ 青石镇 未报" in edited.text and "已报 0 / 应报 5" in edited.text


async def test_a_backfill_edits_only_a_board_that_exists(town):
    town.at("09:00")
    replies = await town.send("李明", "补报：青石镇6月17日值班情况，无突发事件，零报告。")
    assert board_replies(replies) == []          # 6月17日 had no board: none is posted for it
    assert town.rows(DayBoard) == []


async def test_today_links_to_the_board_and_a_leaders_group_gets_counts(town):
    town.platform = "telegram"                  # a supergroup's t.me link (DingTalk: the test below)
    town.at("09:00")
    replies = await town.send(ADMIN, "/today")               # no board yet: /today posts it
    assert replies[0].tag[0] == "board" and "已报 0 / 应报 5" in replies[0].text
    town.at("09:30")
    await town.send("李明", "青石镇今日无突发事件，零报告")
    answer = texts(await town.send(ADMIN, "/today"))
    message_id = town.rows(BotMessage, BotMessage.kind == "board")[0].message_id
    assert answer.startswith(f"今日看板：https://t.me/c/123/{message_id}\n\n📋 6月18日")
    assert "✅ 青石镇 按时（09:30）" in answer
    assert len(town.rows(DayBoard)) == 1


def test_link_only_for_supergroups():
    assert board.link("telegram", -1001234567890, 42) == "https://t.me/c/1234567890/42"
    assert board.link("telegram", -4567, 42) is None
    assert board.link("dingtalk", -1001234567890, 42) is None     # a DingTalk group's number


async def test_today_on_dingtalk_says_only_what_the_platform_did(town):
    """DingTalk pins nothing and has no t.me links: /today neither claims a pin nor links."""
    town.platform = "dingtalk"
    town.at("09:00")
    await town.send("李明", "青石镇今日无突发事件，零报告")        # posts the board (a card there)
    answer = texts(await town.send(ADMIN, "/today"))
    assert "置顶" not in answer and "t.me" not in answer
    assert answer.startswith("今日看板是本群上方的看板消息（随报送更新），内容如下：\n\n📋 6月18日")
    assert "✅ 青石镇 按时（09:00）" in answer


async def test_two_claims_of_one_day_make_one_board(town):
    with town.deps.session_factory() as session:
        group = people.get_group(session=session, chat_id=GROUP)
        first = boards.claim_board(session=session, group_id=group.id, day=DAY, at=seed.at(DAY, "09:00"))
        second = boards.claim_board(session=session, group_id=group.id, day=DAY, at=seed.at(DAY, "09:00"))
        assert first is not None and second is None
        session.commit()
    assert len(town.rows(DayBoard)) == 1


async def test_a_big_roster_keeps_the_board_one_screen(h):
    with h.deps.session_factory() as session:
        units = [f"第{i}村" for i in range(300)]
        group = seed.ensure_town(session, units)
        for name in units[:200]:
            seed.report(session, group, name, DAY, "09:00")
        text = board.current_text(session, group, DAY, seed.at(DAY, "10:00"))
        session.commit()
    lines = text.splitlines()
    assert len(text) < 4096 and lines[1] == "⏳ 第200村 未报"       # the missing come first
    assert lines[-2] == "……另有 240 个单位：未报 40、按时 200"
    assert lines[-1] == "已报 200 / 应报 300"


async def test_leaders_group_has_no_board(town):
    with town.deps.session_factory() as session:
        group = people.ensure_group(session=session, chat_id=LEADERS_GROUP, title="领导群")
        group.role = "leaders"
        assert board.refresh(session, group, DAY, seed.at(DAY, "09:00")) == []
