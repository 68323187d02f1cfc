"""The day's live board: posted once by the first report, edited in place after, marks
漏报 after the deadline, and /today links to it."""
from __future__ import annotations

from datetime import date

from sqlmodel import delete

from handlers import board, delivery
from handlers.base import Incoming, Reply
from handlers.runner import process, render_view
from storage import boards, people
from storage.models import BotMessage, DayBoard, OutboxMessage, RosterEntry
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


async def test_a_report_queues_the_board_edit_and_its_text_is_rendered_when_sent(town):
    """The runner's replies carry the board to show, not its text: rendered as the edit goes
    out, it shows every report stored by then (a burst renders once, showing the newest)."""
    town.at("09:00")
    await town.send("李明", "青石镇今日无突发事件，零报告")           # posts the board
    board_id = town.rows(DayBoard)[0].id
    town.at("09:10")
    incoming = Incoming(chat_id=GROUP, sender_id=town.uid("张芳"), text="白沙街道今日无突发事件，零报告",
                        sent_at=town.deps.clock.now(), chat_type="supergroup", message_id=7001, update_key="t:lazy")
    ack, edit = await process(incoming, town.deps)
    assert ack.text.startswith("✅") and edit.text == "" and edit.view == (board.VIEW, board_id)
    assert edit.edit_message_id == town.rows(BotMessage, BotMessage.kind == "board")[0].message_id
    [row] = [r for r in town.rows(OutboxMessage) if r.id == edit.outbox_id]
    assert delivery.from_row(row).view == (board.VIEW, board_id)      # the sweep can render it too
    town.at("09:20")
    await town.send("陈刚", "双桥镇今日无突发事件，零报告")            # a later report, before the edit goes out
    shown = render_view(town.deps, edit)
    assert shown.edit_message_id == edit.edit_message_id and shown.outbox_id == edit.outbox_id
    assert "✅ 白沙街道 按时（09:10）" in shown.text and "✅ 双桥镇 按时（09:20）" in shown.text
    assert "已报 3 / 应报 5" in shown.text


async def test_a_board_edit_with_nothing_to_show_is_dropped(town):
    town.at("09:00")
    await town.send("李明", "青石镇今日无突发事件，零报告")
    board_id = town.rows(DayBoard)[0].id
    edit = Reply(chat_id=GROUP, edit_message_id=1, view=(board.VIEW, board_id))
    with town.deps.session_factory() as session:
        session.exec(delete(RosterEntry))
        session.commit()
    assert render_view(town.deps, edit) is None                       # an empty roster: no board
    assert render_view(town.deps, Reply(chat_id=GROUP, edit_message_id=1, view=(board.VIEW, 99999))) is None
    assert render_view(town.deps, Reply(chat_id=GROUP, edit_message_id=1, view=("nothing", 1))) is None
    plain = Reply("文字")
    assert render_view(town.deps, plain) is plain


async def test_the_deadline_instant_is_still_on_time_on_the_board_and_today(town):
    """A report sent exactly at the deadline is on time (is_late), so at that instant the
    deadline has not passed: nobody is 漏报 yet; one second later the board and /today agree."""
    await town.set_leaders_group()
    town.at("12:00")
    await town.send("李明", "青石镇今日无突发事件，零报告")
    text = texts(await town.send(ADMIN, "/today"))
    assert "✅ 青石镇 按时（12:00）" in text and "⏳ 白沙街道 未报" in text and "漏报" not in text
    leaders = texts(await town.send(ADMIN, "/today", chat=LEADERS_GROUP))
    assert "未报：" in leaders and "已过截止时间" not in leaders
    town.at("12:00:01")
    text = texts(await town.send(ADMIN, "/today"))
    assert "❌ 白沙街道 漏报" in text
    leaders = texts(await town.send(ADMIN, "/today", chat=LEADERS_GROUP))
    assert "未报（已过截止时间，当日未报即为漏报）" in leaders


# ---- the board's 明细 button, kept through every edit ----------------------------------------

def detail_data(reply: Reply) -> str:
    [data] = [b.data for row in reply.buttons for b in row if b.data.startswith("dt:")]
    return data


async def test_the_first_today_posts_the_board_with_its_detail_button_kept_by_every_edit(town):
    from handlers import reminders
    from tests.handlers.test_reminders import at
    town.at("09:00")
    [posted] = await town.send(ADMIN, "/today")              # the day's first: the board itself
    assert posted.tag[0] == "board" and [b.text for row in posted.buttons for b in row] == ["🔍 明细"]
    data = detail_data(posted)
    town.at("09:30")
    [edited] = board_replies(await town.send("李明", "青石镇今日无突发事件，零报告"))
    assert edited.edit_message_id is not None and detail_data(edited) == data      # the lazy edit
    [again] = board_replies(await town.send("李明", "撤回", reply_to=town.last_message_id))
    assert detail_data(again) == data
    with town.deps.session_factory() as session:                 # the 催报 push edits it too
        group = people.get_group(session=session, chat_id=GROUP)
        pushed = reminders.due("remind", session, group, DAY, at("11:00"))
        session.commit()
    [board_edit] = [p.reply for p in pushed if p.key.startswith("board:")]
    assert board_edit.edit_message_id is not None and detail_data(board_edit) == data
    assert len(town.rows(DayBoard)) == 1 and town.rows(DayBoard)[0].detail_token == data.split(":")[1]


async def test_the_boards_detail_lists_each_units_time_for_members_only_here(town):
    town.at("09:00")
    [posted] = board_replies(await town.send("李明", "青石镇今日无突发事件，零报告"))
    town.at("12:30")
    await town.send("张芳", "白沙街道今日无突发事件，零报告")
    board_message = town.rows(BotMessage, BotMessage.kind == "board")[0].message_id
    page = texts(await town.press("张芳", detail_data(posted), message_id=board_message))
    assert page.splitlines()[0] == "🔍 明细｜📋 6月18日 值班报送看板（截止 12:00）"
    assert "青石镇 ✅ 按时 09:00，零报告" in page and "白沙街道 ⚠️ 迟报 12:30，零报告" in page
    assert "永安镇 ❌ 未报（已过截止 12:00）" in page
    await town.set_leaders_group()
    elsewhere = texts(await town.press(ADMIN, detail_data(posted), message_id=1, chat=LEADERS_GROUP))
    assert elsewhere == "这个明细按钮无效或不属于本聊天，请在这里重新提问。"
    stranger = texts(await town.press("路人", detail_data(posted), message_id=board_message))
    assert "青石镇" not in stranger and "✅" not in stranger
