"""Hazards through the real runner with a fake clock: report, ask, rectify, close, list,
export, permissions and bad input."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from handlers.runner import Deps
from storage.db import SessionFactory, make_engine
from storage.models import Conversation, Hazard, HazardEvent, Member, Unit
from tests.helpers import ADMIN, Harness, texts

REPORT = "隐患：宏达化工有限公司仓库危化品混存，消防通道堵塞，责任人王建国，限期3天整改"


def _card(replies):
    [card] = [r for r in replies if r.tag and r.tag[0] == "hazard"]
    return card


def _button(card, label):
    return next(b.data for row in card.buttons for b in row if b.text == label)


async def _report(town, who="李明", text=REPORT, **kw):
    town.at("09:00")
    replies = await town.send(who, text, **kw)
    card_id, card = town.last_card()
    return card_id, card, replies


async def _make_leader(town, name="赵局长"):
    await town.send(name, "/bind 青石镇")          # a request; the admin approves
    message_id, card = town.last_card()
    await town.press(ADMIN, card.buttons[0][0].data, message_id=message_id)
    await town.send(ADMIN, f"/role {name} leader")


async def test_one_message_makes_a_full_card(town):
    card_id, card, replies = await _report(town)
    text = card.text
    for part in ("YH-20260618-001", "地点：宏达化工有限公司仓库", "问题：危化品混存，消防通道堵塞",
                 "类别：危险化学品、消防", "等级：一般", "责任人：王建国", "整改期限：6月21日（还剩3天）",
                 "状态：待整改", "上报：李明"):
        assert part in text, part
    assert [b.text for row in card.buttons for b in row] == ["整改中", "已整改", "补充照片"]
    assert card.reply_to == town.last_message_id
    [row] = town.rows(Hazard)
    assert (row.code, row.status, row.responsible, row.deadline.isoformat(), row.level) == \
        ("YH-20260618-001", "待整改", "王建国", "2026-06-21", "一般")
    assert row.unit_id is None and row.place == "宏达化工有限公司仓库"
    [event] = town.rows(HazardEvent)
    assert (event.from_status, event.to_status) == ("", "待整改")


async def test_codes_count_per_day_and_photos_are_kept(town):
    await _report(town, photos=("photo-a",))
    await _report(town, who="张芳", text="隐患：白沙街道菜市场电线私拉乱接，责任人张三，限期5天")
    rows = sorted(town.rows(Hazard), key=lambda h: h.id)
    assert [h.code for h in rows] == ["YH-20260618-001", "YH-20260618-002"]
    assert rows[0].photos == ["photo-a"]
    assert rows[1].unit_id is not None           # the place names a known unit: 白沙街道
    town.at("09:00", day="2026-06-19")
    await town.send("李明", "隐患：青石镇中心小学围墙开裂，限期2天整改")
    assert "YH-20260619-001" in town.last_card()[1].text


async def test_whole_lifecycle_with_reply_photo_and_buttons(town):
    card_id, card, _ = await _report(town)
    town.at("10:00")
    replies = await town.press("李明", _button(card, "整改中"), message_id=card_id)
    edit = next(r for r in replies if r.edit_message_id == card_id)
    assert "状态：整改中" in edit.text
    assert [b.text for row in edit.buttons for b in row] == ["已整改", "补充照片"]
    assert "待整改 → 整改中" in next(r.alert for r in replies if r.alert)

    town.at("16:00", day="2026-06-20")
    replies = await town.send("李明", "已整改，已清理通道", reply_to=card_id, photos=("photo-fix",))
    assert "已登记为已整改，照片已附" in texts(replies)
    assert any(r.edit_message_id == card_id and "状态：已整改" in r.text for r in replies)
    [hazard] = town.rows(Hazard)
    assert hazard.status == "已整改" and hazard.photos == ["photo-fix"]
    done = town.rows(HazardEvent, HazardEvent.to_status == "已整改")[0]
    assert (done.note, done.photo, done.from_status) == ("已整改，已清理通道", "photo-fix", "整改中")
    [li] = town.rows(Member, Member.name == "李明")
    assert done.actor_id == li.id and done.at.isoformat().startswith("2026-06-20T08:00")

    town.at("17:00", day="2026-06-20")
    replies = await town.press(ADMIN, "hz:close:%d" % hazard.id, message_id=card_id)
    assert "已整改 → 已销号" in texts(replies)
    assert town.rows(Hazard)[0].status == "已销号" and town.rows(Hazard)[0].closed_at is not None
    # A second 销号 changes nothing.
    events = len(town.rows(HazardEvent))
    replies = await town.press(ADMIN, "hz:close:%d" % hazard.id, message_id=card_id)
    assert "已是“已销号”" in texts(replies)
    assert len(town.rows(HazardEvent)) == events

    replies = await town.send(ADMIN, "/hazard YH-20260618-001")
    history = replies[0].text
    assert "处理记录" in history and "李明 待整改→整改中" in history
    assert "李明 整改中→已整改：已整改，已清理通道（附照片）" in history and "王主任 已整改→已销号" in history


async def test_missing_place_is_asked_and_survives_a_restart(town, engine, clock, settings, platform):
    town.at("09:00")
    replies = await town.send("李明", "隐患：消防通道堵塞，责任人王建国，限期3天", photos=("p1",))
    assert "请补充隐患所在的单位或地点" in texts(replies)
    assert town.rows(Hazard) == []
    [conv] = town.rows(Conversation)
    assert conv.kind == "hazard.place"

    # A restart: a new engine, session factory and harness on the same database.
    restarted = make_engine(engine.url.render_as_string(hide_password=False))
    fresh = Harness(Deps(session_factory=SessionFactory(restarted), clock=clock,
                         settings=settings, platform=platform))
    fresh.ids, fresh._msg, fresh._upd = town.ids, town._msg, town._upd
    fresh.at("09:05")
    replies = await fresh.send("李明", "宏达化工有限公司仓库")
    card = _card(replies)
    assert "地点：宏达化工有限公司仓库" in card.text and "问题：消防通道堵塞" in card.text
    assert "类别：消防" in card.text and "6月21日" in card.text
    [hazard] = fresh.rows(Hazard)
    assert hazard.photos == ["p1"] and fresh.rows(Conversation) == []
    restarted.dispose()


async def test_missing_description_is_asked(town):
    town.at("09:00")
    replies = await town.send("李明", "隐患：宏达化工有限公司仓库")
    assert "请补充隐患的具体问题" in texts(replies)
    replies = await town.send("李明", "危化品混存，限期2天整改")
    card = _card(replies)
    assert "问题：危化品混存" in card.text and "危险化学品" in card.text and "6月20日" in card.text


async def test_question_expires_with_a_note_and_the_message_is_read_normally(town):
    town.at("09:00")
    await town.send("李明", "隐患：消防通道堵塞")
    town.at("10:00")
    replies = await town.send("李明", "青石镇今日无突发事件，零报告")
    said = texts(replies)
    assert "超过30分钟未补充完整，已取消" in said and "已登记：青石镇" in said
    assert town.rows(Hazard) == [] and town.rows(Conversation) == []


async def test_other_business_while_asked_drops_the_question(town):
    town.at("09:00")
    await town.send("李明", "隐患：消防通道堵塞")
    replies = await town.send("李明", "青石镇今日无突发事件，零报告")
    assert "已取消" in texts(replies) and "已登记：青石镇" in texts(replies)
    assert town.rows(Conversation) == [] and town.rows(Hazard) == []


async def test_step_by_step_command(town):
    town.at("09:00")
    assert "地点" in texts(await town.send("李明", "/hazard"))
    assert "具体问题" in texts(await town.send("李明", "永安镇敬老院"))
    assert "责任人和整改期限" in texts(await town.send("李明", "厨房燃气软管老化"))
    card = _card(await town.send("李明", "责任人刘院长，限期5天"))
    assert "类别：燃气" in card.text and "责任人：刘院长" in card.text and "6月23日" in card.text
    assert town.rows(Hazard)[0].unit_id is not None


async def test_chatter_that_looks_like_a_hazard_gets_no_question(town):
    town.at("09:00")
    assert await town.send("李明", "今天路上存在积水，大家出行注意安全") == []
    assert town.rows(Conversation) == [] and town.rows(Hazard) == []


async def test_rectified_ones_await_closing_in_the_list(town):
    card_id, card, _ = await _report(town)
    await town.press("李明", _button(card, "已整改"), message_id=card_id)
    assert "YH-20260618-001 宏达化工有限公司仓库 已整改 待销号" in texts(await town.send("李明", "/hazards"))


async def test_hazard_command_with_text(town):
    town.at("09:00")
    card = _card(await town.send("李明", "/hazard 青石镇中心小学围墙开裂，限期3天"))
    assert "地点：青石镇中心小学" in card.text and "问题：围墙开裂" in card.text
    assert "请补充隐患所在的单位或地点" in texts(await town.send("李明", "/hazard 0"))


async def test_step_by_step_cancel(town):
    town.at("09:00")
    await town.send("李明", "/hazard")
    assert "已取消" in texts(await town.send("李明", "取消"))
    assert town.rows(Conversation) == [] and town.rows(Hazard) == []


async def test_overdue_on_card_and_list(town):
    await _report(town)
    town.at("09:00", day="2026-06-21")
    replies = await town.send("李明", "/hazards")
    assert "YH-20260618-001 宏达化工有限公司仓库 待整改 今天到期" in texts(replies)
    town.at("09:00", day="2026-06-23")
    replies = await town.send("李明", "/hazards")
    assert "逾期 1 条" in texts(replies) and "⚠️已逾期2天" in texts(replies)
    assert "⚠️已逾期2天" in (await town.send("李明", "/hazard YH-20260618-001"))[0].text


async def test_permissions(town):
    card_id, card, _ = await _report(town)
    hazard_id = town.rows(Hazard)[0].id
    events = len(town.rows(HazardEvent))
    # 张芳 (白沙街道) neither reported it nor belongs to its unit.
    replies = await town.press("张芳", _button(card, "已整改"), message_id=card_id)
    assert "只有上报人" in texts(replies)
    replies = await town.send("张芳", "已整改", reply_to=card_id)
    assert "只有上报人" in texts(replies)
    # The reporter may rectify but not close.
    await town.press("李明", _button(card, "已整改"), message_id=card_id)
    replies = await town.press("李明", f"hz:close:{hazard_id}", message_id=card_id)
    assert "只有领导或管理员" in texts(replies)
    assert town.rows(Hazard)[0].status == "已整改"
    assert len(town.rows(HazardEvent)) == events + 1
    # A leader may reopen and close.
    await _make_leader(town)
    replies = await town.press("赵局长", f"hz:reopen:{hazard_id}", message_id=card_id)
    assert town.rows(Hazard)[0].status == "待整改"
    # A stranger gets nothing written.
    before = len(town.rows(HazardEvent))
    await town.press("路人", f"hz:done:{hazard_id}", message_id=card_id)
    assert len(town.rows(HazardEvent)) == before and town.rows(Member, Member.name == "路人") == []


async def test_unit_members_may_update_hazards_of_their_unit(town):
    card_id, card, _ = await _report(town, who="王主任", text="隐患：白沙街道菜市场电线私拉乱接，限期5天")
    await town.press("张芳", _button(card, "整改中"), message_id=card_id)
    assert town.rows(Hazard)[0].status == "整改中"


async def test_free_text_rectified_finds_the_hazard(town):
    await _report(town)
    town.at("11:00", day="2026-06-19")
    replies = await town.send("李明", "宏达化工有限公司仓库危化品已分区存放，通道已清理，整改到位，申请销号")
    assert "已登记为已整改" in texts(replies) and "销号申请已记下" in texts(replies)
    assert town.rows(Hazard)[0].status == "已整改"          # 申请销号 does not close


async def test_free_text_rectified_none_several_and_by_code(town):
    await _report(town)
    await _report(town, text="隐患：宏达化工有限公司办公楼灭火器过期，限期3天")
    town.at("11:00")
    replies = await town.send("李明", "宏达化工有限公司已整改")
    assert "找到2条" in texts(replies)
    pick, list_id = replies[0].buttons[1][0].data, town.sent[-1][1]
    assert "已登记" in texts(await town.send("李明", "青石镇今日无突发事件，零报告"))   # read as usual meanwhile
    replies = await town.press("李明", pick, message_id=list_id)
    assert "状态：已整改" in _card(replies).text
    picked = [e for e in town.rows(HazardEvent) if e.to_status == "已整改"]
    assert [e.note for e in picked] == ["宏达化工有限公司已整改"]     # the typed words go with the choice
    assert town.rows(Conversation) == []
    assert "没有找到与“永安镇敬老院”对应" in texts(await town.send("李明", "永安镇敬老院隐患已整改"))
    assert "没有找到隐患 YH-20260618-009" in texts(await town.send("李明", "YH-20260618-009已整改"))
    await town.send("李明", "YH-20260618-001已整改完毕")
    assert all(h.status == "已整改" for h in town.rows(Hazard))


async def test_a_pick_from_an_older_list_does_not_take_the_newer_lists_words(town):
    await _report(town)
    await _report(town, text="隐患：宏达化工有限公司办公楼灭火器过期，限期3天")
    await _report(town, text="隐患：白沙街道菜市场电线私拉乱接，限期3天")
    await _report(town, text="隐患：白沙街道菜市场消防通道堵塞，限期3天")
    town.at("11:00")
    first = await town.send("李明", "宏达化工有限公司已整改")
    first_pick, first_list = first[0].buttons[0][0].data, town.sent[-1][1]
    second = await town.send("李明", "白沙街道菜市场已整改", photos=("PHOTO-B",))
    assert "找到2条" in texts(second)
    await town.press("李明", first_pick, message_id=first_list)
    [moved] = [e for e in town.rows(HazardEvent) if e.to_status == "已整改"]
    picked = next(h for h in town.rows(Hazard) if h.id == moved.hazard_id)
    assert picked.place.startswith("宏达化工") and moved.note != "白沙街道菜市场已整改" and not moved.photo
    # the second list still carries its own words to its own pick
    second_pick, second_list = second[0].buttons[0][0].data, town.sent[-1][1]
    await town.press("李明", second_pick, message_id=second_list)
    assert [e.note for e in town.rows(HazardEvent) if e.to_status == "已整改"][1] == "白沙街道菜市场已整改"


async def test_a_bare_photo_while_a_pick_list_waits_is_told_where_photos_go(town):
    await _report(town)
    await _report(town, text="隐患：宏达化工有限公司办公楼灭火器过期，限期3天")
    town.at("11:00")
    assert "找到2条" in texts(await town.send("李明", "宏达化工有限公司已整改"))
    replies = await town.send("李明", "", photos=("PHOTO-X",))
    assert "不知道它属于哪条隐患" in texts(replies)


async def test_bad_input(town):
    town.at("09:00")
    assert "早于上报日期" in texts(await town.send("李明", "隐患：青石镇中心小学围墙开裂，6月1日前整改"))
    assert "至少限期1天" in texts(await town.send("李明", "隐患：青石镇中心小学围墙开裂，限期0天整改"))
    assert "不知道它属于哪条隐患" in texts(await town.send("李明", "", photos=("lonely",)))
    town.at("09:10")
    ack = await town.send("李明", "青石镇今日无突发事件，零报告")
    assert "请写明是哪条隐患" in texts(await town.send("李明", "已整改", reply_to=town.last_message_id))
    assert ack
    assert "已失效" in texts(await town.press("李明", "hz:done:999", message_id=1))
    assert "已失效" in texts(await town.press("李明", "hz:nonsense", message_id=1))
    assert "已失效" in texts(await town.press("李明", "hz:done:99999999999999999999", message_id=1))
    assert town.rows(Hazard) == [] and town.rows(HazardEvent) == []


async def test_photo_button_then_photo(town):
    card_id, card, _ = await _report(town)
    replies = await town.press("李明", _button(card, "补充照片"), message_id=card_id)
    assert "请发送 YH-20260618-001 的照片" in texts(replies)
    assert "没有收到照片" in texts(await town.send("李明", "稍等"))
    assert "补充照片1张" in texts(await town.send("李明", "", photos=("later",)))
    assert town.rows(Hazard)[0].photos == ["later"] and town.rows(Conversation) == []
    # A photo as a reply under the card is attached too.
    assert "补充照片1张" in texts(await town.send("李明", "现场", reply_to=card_id, photos=("more",)))
    assert town.rows(Hazard)[0].photos == ["later", "more"]


async def test_ledger_export(town):
    await _report(town)
    await _report(town, who="张芳", text="隐患：白沙街道菜市场电线私拉乱接，责任人张三，限期1天")
    card_id, card = town.last_card()
    town.at("10:00", day="2026-06-19")
    await town.send("张芳", "已整改，已重新布线", reply_to=card_id)
    town.at("09:00", day="2026-06-25")
    replies = await town.send(ADMIN, "/ledger")
    [reply] = replies
    assert reply.file.filename == "隐患台账_20260601-20260630.xlsx"
    assert "本期发现 2 条" in reply.file.caption and "逾期 1 条" in reply.file.caption
    ws = load_workbook(io.BytesIO(reply.file.content)).active
    assert "隐患排查整改台账" in ws["A1"].value
    assert [c.value for c in ws[2]][:4] == ["序号", "隐患编号", "发现日期", "单位/地点"]
    first = [c.value for c in ws[3]]
    assert first[1] == "YH-20260618-001" and first[2].date().isoformat() == "2026-06-18"
    assert first[5] == "危险化学品、消防" and first[7] == "王建国" and first[9] == "待整改" and first[13] == 4
    second = [c.value for c in ws[4]]
    assert second[9] == "已整改" and second[10].date().isoformat() == "2026-06-19"
    assert second[11] == "已整改，已重新布线" and second[12] == "张芳" and second[13] == 0
    assert "逾期未整改1条" in ws["A5"].value


async def test_ledger_period_and_bad_period(town):
    await _report(town)
    town.at("09:00", day="2026-07-02")
    replies = await town.send(ADMIN, "/ledger 上月")
    assert replies[0].file.filename == "隐患台账_20260601-20260630.xlsx"
    assert "没看懂时间范围" in texts(await town.send(ADMIN, "/ledger 乱七八糟"))


async def test_a_hazard_command_while_a_question_waits_files_it_and_ends_the_question(town):
    town.at("09:00")
    await town.send("李明", "隐患：消防通道堵塞")                 # no place: a question waits
    [conv] = town.rows(Conversation)
    assert conv.kind == "hazard.place"
    replies = await town.send("李明", "/hazard 白沙街道菜市场电线私拉乱接，责任人张三，限期5天")
    assert "YH-20260618-001" in _card(replies).text
    assert town.rows(Conversation) == []
    [hazard] = town.rows(Hazard)
    [unit] = town.rows(Unit, Unit.name == "白沙街道")
    assert (hazard.place, hazard.unit_id) == ("白沙街道菜市场", unit.id)


async def test_a_report_sent_again_in_full_answers_the_place_question(town):
    """Asked for the place, the reporter sends the whole report again, place included: that
    message is the report (its place is not the whole text, nothing is lost or doubled)."""
    town.at("09:00")
    await town.send("李明", "隐患：消防通道堵塞，限期3天整改", photos=("p1",))
    town.at("09:02")
    replies = await town.send("李明", "隐患：宏达化工有限公司仓库消防通道堵塞，责任人王建国，限期3天整改")
    card = _card(replies)
    assert "地点：宏达化工有限公司仓库\n" in card.text and "问题：消防通道堵塞\n" in card.text
    assert "责任人：王建国" in card.text
    [hazard] = town.rows(Hazard)
    assert (hazard.place, hazard.description, hazard.photos) == ("宏达化工有限公司仓库", "消防通道堵塞", ["p1"])
    assert town.rows(Conversation) == []
