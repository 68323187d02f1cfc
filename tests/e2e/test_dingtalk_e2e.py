"""DingTalk end to end: the real dingtalk-stream SDK on a WebSocket of the fake DingTalk
(tests/fakes/dingtalk.py), the same handlers as Telegram's, replies and cards through the
fake OpenAPI. A duty morning, a hazard with its 销号 card, a drill with sign-ins and a unit
figure, a question, a draft file."""
from __future__ import annotations

import asyncio
import io
import json

from openpyxl import load_workbook
from sqlmodel import select

from bot.dingtalk.identities import group_number, user_number
from bot.dingtalk.run import pusher
from handlers.base import Reply
from storage.models import Attendance, Drill, DutyReport, Hazard, Member, PlatformIdentity, ProcessedUpdate
from tests.e2e.conftest import DT_ADMIN

OFFICER, INSPECTOR, LIAISON = "staff-li", "staff-zhao", "staff-zhang"
GROUP_CID = "cidGROUP1=="


def _buttons(card) -> dict[str, str]:
    return {b["text"]: b["data"] for b in card.buttons}


async def _shows(dt, track: str, needle: str, timeout: float = 5.0) -> dict:
    for _ in range(int(timeout / 0.05)):
        card = dt.fake.cards[track]
        if needle in card.current["content"]:
            return card.current
        await asyncio.sleep(0.05)
    raise AssertionError(f"card never showed {needle!r}: {dt.fake.cards[track].current['content']}")


async def _bind(dt, staff: str, name: str, unit: str) -> None:
    await dt.say(staff, f"/bind {unit}", name=name)
    request = dt.fake.card_with(name)
    await dt.press(DT_ADMIN, request.out_track_id, _buttons(request)["同意"])
    await _shows(dt, request.out_track_id, "已同意")


async def _town(dt, *units: str) -> None:
    await dt.say(DT_ADMIN, "/addunit 青石镇 青石", name="王主任", at="2026-06-18T08:00")
    for unit in units:
        await dt.say(DT_ADMIN, f"/addunit {unit}", name="王主任")
    await dt.say(DT_ADMIN, "/bind 青石镇", name="王主任")


async def test_duty_morning_mention_stripped_acks_name_the_report_and_redelivery(dingtalk):
    dt = dingtalk
    assert dt.fake.opens[0]["subscriptions"] == [
        {"type": "CALLBACK", "topic": "/v1.0/im/bot/messages/get"},
        {"type": "CALLBACK", "topic": "/v1.0/card/instances/callback"}]
    await _town(dt, "白沙街道")
    await _bind(dt, OFFICER, "李明", "青石镇")

    report = "青石镇6月18日值班情况：今日无突发事件，零报告。"
    frame = await dt.say(OFFICER, report, name="李明", at="2026-06-18T09:12", msg_id="msgDUTY1")
    ack = dt.fake.acks[frame]
    assert ack["code"] == 200 and ack["headers"]["messageId"] == frame
    said = dt.fake.texts()[-1]
    # No quote-reply on DingTalk: the acknowledgement names the report it answers.
    assert said.startswith("回复 李明「青石镇6月18日值班情况：今日无突发事件，零报告。」：\n")
    assert said.endswith("✅ 已登记：青石镇 6月18日 值班零报告（09:12，按时）")
    assert dt.fake.named("group_send")[-1]["openConversationId"] == GROUP_CID

    # The same msgId again (an ack lost, a reconnect): nothing written, nothing said.
    before = len(dt.fake.texts())
    await dt.say(OFFICER, report, name="李明", msg_id="msgDUTY1")
    assert len(dt.fake.texts()) == before
    with dt.deps.session_factory() as session:
        assert len(session.exec(select(DutyReport)).all()) == 1
        assert session.exec(select(ProcessedUpdate).where(ProcessedUpdate.update_key == "dt:msgDUTY1")).one()
        officer = session.exec(select(Member).where(Member.user_id == user_number(OFFICER))).one()
        assert officer.name == "李明"
        kept = {(i.kind, i.external) for i in session.exec(select(PlatformIdentity))}
    assert ("chat", GROUP_CID) in kept and ("user", OFFICER) in kept

    await dt.say(DT_ADMIN, "/today", name="王主任", at="2026-06-18T12:30")
    # with its 🔍 明细 button, /today's answer is a card on DingTalk
    answer = dt.fake.card_with("今日看板是本群上方的看板消息").current
    today = answer["content"]
    assert [b["text"] for b in json.loads(answer["buttons"])] == ["🔍 明细"]
    assert "✅ 青石镇 按时（09:12）" in today and "❌ 白沙街道 漏报" in today and "已报 1 / 应报 2" in today

    # A scheduled push names only integers: the group and the member are found again.
    push = pusher(dt.sender)
    await push(Reply("⏰ 请尚未报送的单位尽快报送。", chat_id=group_number(GROUP_CID),
                     mention_user_ids=(user_number(OFFICER),)))
    assert dt.fake.texts()[-1] == "⏰ 请尚未报送的单位尽快报送。\n@李明"
    assert dt.fake.named("group_send")[-1]["openConversationId"] == GROUP_CID
    sends = len(dt.fake.calls)
    await push(Reply("不该发出", chat_id=group_number("cidNEVERSEEN==")))
    assert len(dt.fake.calls) == sends, "a chat whose DingTalk id was never kept gets nothing"


async def test_stranger_gets_the_hint_and_nothing_is_written(dingtalk):
    """In a DingTalk group the organisation never enrolled, as on Telegram: one line saying
    the group is not enabled, and nothing written, not even the ids of chat and sender."""
    dt = dingtalk
    await dt.say("staff-nobody", "青石镇今日零报告", name="路人", conversation="cidOTHER==", title="别的群")
    assert "本群尚未启用值守助手" in dt.fake.texts()[-1]
    assert dt.fake.named("group_send")[-1]["openConversationId"] == "cidOTHER=="
    with dt.deps.session_factory() as session:
        assert session.exec(select(PlatformIdentity)).all() == []
        assert session.exec(select(ProcessedUpdate)).all() == []


async def test_help_says_to_mention_the_robot(dingtalk):
    await dingtalk.say(DT_ADMIN, "/enable", name="王主任")
    await dingtalk.say(DT_ADMIN, "/help", name="王主任")
    assert "@值守助手" in dingtalk.fake.texts()[-1]


async def test_hazard_card_buttons_ownership_and_closing(dingtalk):
    dt = dingtalk
    await _town(dt)
    await _bind(dt, INSPECTOR, "赵强", "青石镇")
    await dt.say(INSPECTOR, "隐患：宏达化工有限公司仓库危化品混存，消防通道堵塞，责任人王建国，限期3天整改",
                 name="赵强", at="2026-06-18T09:30")
    card = dt.fake.card_with("YH-20260618-001")
    assert card.space == f"dtv1.card//IM_GROUP.{GROUP_CID}"
    assert "责任人：王建国" in card.params["content"]
    buttons = _buttons(card)
    assert list(buttons) == ["整改中", "已整改", "补充照片"]

    await dt.press(INSPECTOR, card.out_track_id, buttons["整改中"])
    await _shows(dt, card.out_track_id, "状态：整改中")
    await dt.press(INSPECTOR, card.out_track_id, _buttons(dt.fake.cards[card.out_track_id])["已整改"])
    await _shows(dt, card.out_track_id, "状态：已整改")
    close = _buttons(dt.fake.cards[card.out_track_id])["销号"]

    # 销号 needs a leader or admin: the inspector is refused, in the chat, by name.
    await dt.press(INSPECTOR, card.out_track_id, close)
    assert dt.fake.texts()[-1] == "赵强：抱歉，只有领导或管理员可以这样做。"
    with dt.deps.session_factory() as session:
        assert session.exec(select(Hazard)).one().status == "已整改"

    # A forged press: someone else's card id, or data on a card that is not ours.
    await dt.press(DT_ADMIN, "zs.-1.1", close)
    await dt.press(DT_ADMIN, "not-ours", close)
    with dt.deps.session_factory() as session:
        assert session.exec(select(Hazard)).one().status == "已整改"

    await dt.press(DT_ADMIN, card.out_track_id, close)
    closed = await _shows(dt, card.out_track_id, "状态：已销号")
    assert [b["text"] for b in json.loads(closed["buttons"])] == ["重新打开"]
    with dt.deps.session_factory() as session:
        assert session.exec(select(Hazard)).one().status == "已销号"

    await dt.say(DT_ADMIN, "/ledger", name="王主任", at="2026-06-20T16:00")
    [upload] = dt.fake.files
    assert upload["filename"] == "隐患台账_20260601-20260630.xlsx" and upload["type"] == "file"
    sheet = load_workbook(io.BytesIO(upload["content"])).active
    assert sheet["B3"].value == "YH-20260618-001" and sheet["J3"].value == "已销号"
    sent = json.loads(dt.fake.named("group_send")[-1]["msgParam"])
    assert sent == {"mediaId": upload["media_id"], "fileName": upload["filename"], "fileType": "xlsx"}


async def test_drill_sign_ins_update_the_card_in_place_and_a_unit_figure(dingtalk):
    dt = dingtalk
    await _town(dt, "白沙街道")
    officers = {f"staff-q{i}": f"队员{i}" for i in range(5)}
    for staff, name in officers.items():
        await _bind(dt, staff, name, "青石镇")
    await _bind(dt, LIAISON, "张芳", "白沙街道")
    await dt.say(DT_ADMIN, "/drill 防汛抢险应急演练 6月18日 9:00 青石镇水库", name="王主任", at="2026-06-18T08:50")
    card = dt.fake.card_with("应急演练：防汛抢险应急演练")
    assert list(_buttons(card)) == ["签到", "🔍 明细", "结束演练"]
    live_buttons = card.params["buttons"]
    updates_before = len(dt.fake.named("card_update"))
    # a burst: five people press 签到 at once
    frames = [await dt.fake.press(card.out_track_id, _buttons(card)["签到"], staff=staff) for staff in officers]
    for frame in frames:
        await dt.fake.wait_acked(frame)
    await dt.sender.settled()
    await _shows(dt, card.out_track_id, "已签到：5人")
    updates = len(dt.fake.named("card_update")) - updates_before
    assert 1 <= updates < len(officers), "sign-ins in a burst are coalesced into few card updates"

    await dt.say(LIAISON, "白沙街道 签到 8人", name="张芳", at="2026-06-18T09:10")
    assert "白沙街道 参演8人" in dt.fake.texts()[-1]
    await _shows(dt, card.out_track_id, "已签到：13人")
    # every update of the open card, coalesced or not, carries all its buttons (签到 first, the same 明细)
    assert card.updates and all(u["buttons"] == live_buttons for u in card.updates)
    await dt.press(LIAISON, card.out_track_id, _buttons(card)["🔍 明细"])
    shown = dt.fake.card_with("🔍 明细｜📣 应急演练：防汛抢险应急演练").current["content"]
    assert "参演13人" in shown and "白沙街道 8人（单位填报）" in shown and "签到：队员0（青石镇）" in shown
    await dt.say(DT_ADMIN, "/drill end", name="王主任", at="2026-06-18T11:00")
    final = await _shows(dt, card.out_track_id, "演练已结束")
    assert [b["text"] for b in json.loads(final["buttons"])] == ["🔍 明细"]     # 签到 and 结束 gone
    with dt.deps.session_factory() as session:
        assert session.exec(select(Drill)).one().status == "held"
        assert len(session.exec(select(Attendance)).all()) == 6
    assert len(dt.fake.cards) == 1 + 6 + 1, \
        "one drill card (bind requests and the 明细 page are the other cards), updated in place"


async def test_question_and_weekly_draft_files(dingtalk):
    dt = dingtalk
    await _town(dt, "白沙街道")
    await dt.say(DT_ADMIN, "隐患：青石村加油站消防器材过期，责任人刘洋，限期2天", name="王主任", at="2026-06-18T10:00")
    await dt.say(DT_ADMIN, "本周隐患整改情况", name="王主任", at="2026-06-18T15:00")
    answer = dt.fake.card_with("隐患整改情况")
    assert "新发现 1 处" in answer.params["content"] and list(_buttons(answer)) == ["📊 图表", "🔍 明细"]

    await dt.say(DT_ADMIN, "生成本周周报", name="王主任", at="2026-06-18T16:00")
    names = {f["filename"] for f in dt.fake.files}
    assert names == {"青石区应急值班值守工作周报（2026年6月15日—6月21日）.docx", "隐患台账_20260615-20260621.xlsx"}
    assert dt.fake.files[0]["content"][:2] == b"PK"
    assert "（草稿）" in dt.fake.card_with("（草稿）").current["content"]      # a card: it carries 🔍 明细
    sent_files = [json.loads(b["msgParam"]) for b in dt.fake.named("group_send") if b["msgKey"] == "sampleFile"]
    assert {f["fileType"] for f in sent_files} == {"docx", "xlsx"}


async def test_group_and_user_numbers_are_stable_and_distinct():
    assert group_number(GROUP_CID) == group_number(GROUP_CID) < 0
    assert user_number(OFFICER) > 0 and user_number(OFFICER) != user_number(INSPECTOR)


async def test_a_later_report_updates_the_board_card(dingtalk):
    """The day's board: posted as a card by the first report, then updated in place; the
    edit a report queues names the board, rendered by the adapter as it goes out."""
    dt = dingtalk
    await _town(dt, "白沙街道")
    await _bind(dt, OFFICER, "李明", "青石镇")
    await _bind(dt, "staff-bai", "张芳", "白沙街道")
    await dt.say(OFFICER, "青石镇今日无突发事件，零报告", name="李明", at="2026-06-18T09:12")
    board = dt.fake.card_with("📋 6月18日")
    assert "已报 1" in board.current["content"]
    await dt.say("staff-bai", "白沙街道今日无突发事件，零报告", name="张芳", at="2026-06-18T09:40")
    shown = await _shows(dt, board.out_track_id, "已报 2 / 应报 2")
    assert "✅ 白沙街道 按时（09:40）" in shown["content"]
    # its 🔍 明细 is sent with every card update (an update without it would drop the button)
    assert [b["text"] for b in json.loads(shown["buttons"])] == ["🔍 明细"] == list(_buttons(board))
    await dt.press("staff-bai", board.out_track_id, _buttons(board)["🔍 明细"])
    page = dt.fake.card_with("🔍 明细｜📋 6月18日").current["content"]
    assert "青石镇 ✅ 按时 09:12，零报告" in page and "白沙街道 ✅ 按时 09:40，零报告" in page


async def test_the_weekly_drafts_detail_opens_in_the_leaders_group(dingtalk):
    from datetime import date

    from bot.runtime.scheduler import Pusher
    dt = dingtalk
    await _town(dt)
    await dt.say(DT_ADMIN, "隐患：青石村加油站消防器材过期，责任人刘洋，限期2天", name="王主任", at="2026-06-18T10:00")
    await dt.say(DT_ADMIN, "/enable", name="王主任", conversation="cidLEAD==", title="领导群")
    await dt.say(DT_ADMIN, f"/remind 领导群 {group_number('cidLEAD==')}", name="王主任")
    dt.at("2026-06-19T16:00")
    assert await Pusher(dt.deps, pusher(dt.sender)).run_kind("weekly", group_number(GROUP_CID), date(2026, 6, 19))
    await dt.sender.settled()
    draft = dt.fake.card_with("📝 本周周报草稿")
    data = _buttons(draft)["🔍 明细"]
    await dt.press(DT_ADMIN, draft.out_track_id, data)       # the card names its chat: the leaders'
    assert "YH-20260618-001" in dt.fake.card_with("🔍 明细｜").current["content"]


async def test_detail_pages_update_one_card_in_place(dingtalk):
    """明细 on DingTalk: page 1 is a card of its own; 下一页 / 上一页 update that card (no new
    message), and a press by someone not in the organisation reveals nothing."""
    dt = dingtalk
    await _town(dt)
    for n in range(1, 16):          # 15 hazards and a heading: two pages of 12 lines
        await dt.say(DT_ADMIN, f"隐患：青石村{n}号仓库灭火器过期，责任人刘洋，限期3天", name="王主任",
                     at="2026-06-18T10:00")
    await dt.say(DT_ADMIN, "本周隐患整改情况", name="王主任", at="2026-06-18T15:00")
    answer = dt.fake.card_with("隐患整改情况")
    await dt.press(DT_ADMIN, answer.out_track_id, _buttons(answer)["🔍 明细"])
    page = dt.fake.card_with("🔍 明细")
    assert "第1/2页" in page.params["content"] and list(_buttons(page)) == ["下一页 ➡️"]
    cards = len(dt.fake.cards)
    await dt.press(DT_ADMIN, page.out_track_id, _buttons(page)["下一页 ➡️"])
    second = await _shows(dt, page.out_track_id, "第2/2页")
    assert [b["text"] for b in json.loads(second["buttons"])] == ["⬅️ 上一页"]
    await dt.press(DT_ADMIN, page.out_track_id, json.loads(second["buttons"])[0]["data"])
    await _shows(dt, page.out_track_id, "第1/2页")
    assert len(dt.fake.cards) == cards, "paging updates the one card"
    texts_before = len(dt.fake.texts())
    await dt.press("staff-nobody", page.out_track_id, json.loads(second["buttons"])[0]["data"])
    assert "YH-" not in "".join(dt.fake.texts()[texts_before:])
    assert "第1/2页" in dt.fake.cards[page.out_track_id].current["content"]
