"""明细 behind every number (issue 20.3): pressed under an answer, the records behind each
figure, a page at a time, edited in place; every press re-checked for its presser and chat."""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from handlers import reminders as P
from handlers.base import Reply
from storage import people
from storage.models import BotMessage, DetailIssue, Drill, Group, Hazard, Member, ProcessedUpdate, RosterEntry, Unit
from tests import seed
from tests.helpers import ADMIN, GROUP, LEADERS_GROUP, texts

D = date
OTHER = -100777


@pytest.fixture
async def week(town):
    """The town's week of 15–21 June, asked on Thursday the 18th at 15:00 (as in test_ask)."""
    with town.deps.session_factory() as s:
        group = s.exec(select(Group).where(Group.chat_id == GROUP)).one()
        for day in (15, 16, 17):
            for unit in ("青石镇", "白沙街道", "双桥镇", "市住建局"):
                late = unit == "双桥镇" and day == 16
                seed.report(s, group, unit, D(2026, 6, day), "13:40" if late else "09:00")
        seed.report(s, group, "永安镇", D(2026, 6, 15), "09:00")      # missing the 16th and 17th
        for unit in ("青石镇", "白沙街道", "双桥镇"):
            seed.report(s, group, unit, D(2026, 6, 18), "10:00")
        seed.hazard(s, group, "青石镇", D(2026, 6, 15), level="重大", deadline=D(2026, 6, 16),
                    place="青石村加油站", code="YH-20260615-001")
        seed.hazard(s, group, "白沙街道", D(2026, 6, 16), status="已整改", rectified_on=D(2026, 6, 17),
                    place="白沙菜市场", code="YH-20260616-001")
        seed.hazard(s, group, "双桥镇", D(2026, 6, 17), status="整改中", deadline=D(2026, 6, 25),
                    place="双桥小学", code="YH-20260617-001")
        seed.hazard(s, group, "永安镇", D(2026, 6, 1), deadline=D(2026, 6, 5), place="永安河堤",
                    code="YH-20260601-001")
        s.commit()
    town.at("15:00")
    return town


def detail_data(replies: list[Reply]) -> str:
    [data] = [b.data for r in replies for row in r.buttons for b in row if b.data.startswith("dt:")]
    return data


async def open_detail(h, who: str, replies: list[Reply], chat: int = GROUP) -> tuple[int, list[Reply]]:
    """Press 明细 under the answer; (the detail message's id, the replies)."""
    pressed = await h.press(who, detail_data(replies), message_id=h.last_message_id + 1, chat=chat)
    [page] = [r for r in pressed if r.text]
    message_id = next(m for c, m, r in h.sent if r is page)
    return message_id, pressed


def nav(reply: Reply) -> dict[str, str]:
    return {b.text: b.data for row in reply.buttons for b in row}


async def every_page(h, who: str, replies: list[Reply], chat: int = GROUP) -> str:
    """明细 pressed, then 下一页 until the last page: every page's text."""
    message_id, pressed = await open_detail(h, who, replies, chat)
    [page] = [r for r in pressed if r.text]
    shown = [page.text]
    while "下一页 ➡️" in nav(page):
        [page] = await h.press(who, nav(page)["下一页 ➡️"], message_id=message_id, chat=chat)
        shown.append(page.text)
    return "\n".join(shown)


# ---- what the pages list -------------------------------------------------------------------

async def test_hazard_answer_lists_codes_with_place_status_and_deadline(week):
    answer = await week.send(ADMIN, "本周隐患整改情况")
    data = detail_data(answer)
    assert len(data.encode()) <= 64 and data.count(":") == 1      # a token, no query
    message_id, pressed = await open_detail(week, ADMIN, answer)
    [page] = [r for r in pressed if r.text]
    lines = page.text.splitlines()
    assert lines[0] == "🔍 明细｜⚠️ 本周（6月15日—6月21日，截至6月18日） 隐患整改情况"
    assert lines[1] == "【新发现隐患】3处"
    assert "YH-20260615-001 青石镇 青石村加油站 重大 待整改 限期6月16日" in lines
    assert "YH-20260616-001 白沙街道 白沙菜市场 一般 已整改 限期未定" in lines
    assert "YH-20260617-001 双桥镇 双桥小学 一般 整改中 限期6月25日" in lines
    # the answer's 整改完成 1 处, whenever found
    assert "【这段时间整改完成】1处（不论何时发现，按整改时间）" in lines
    assert "YH-20260616-001 白沙街道 白沙菜市场 一般 6月16日发现 6月17日整改" in lines
    assert "【截至6月18日逾期未整改】2处" in lines
    assert "YH-20260601-001 永安河堤 未整改 限期6月5日 逾期13天" in lines
    assert lines[-1] == "第1/1页" and not page.buttons
    assert page.tag == ("detail", week.rows(DetailIssue)[0].id) and page.edit_message_id is None


async def test_today_lists_each_units_time_and_timeliness(week):
    week.at("13:00")
    with week.deps.session_factory() as s:
        group = s.exec(select(Group).where(Group.chat_id == GROUP)).one()
        seed.report(s, group, "市住建局", D(2026, 6, 18), "12:30", zero=False, events="一起交通事故")
        s.commit()
    answer = await week.send("李明", "/missing")
    _, pressed = await open_detail(week, "李明", answer)
    lines = texts(pressed).splitlines()
    assert "青石镇 ✅ 按时 10:00，零报告" in lines
    assert "市住建局 ⚠️ 迟报 12:30，有情况" in lines
    assert "永安镇 ❌ 未报（已过截止 12:00）" in lines
    assert "【值班报送】5条（单位×天，最近的日子在前）" in lines


async def test_a_periods_duty_lists_missed_days_and_pages_in_place(week):
    answer = await week.send(ADMIN, "本周报送情况")
    message_id, pressed = await open_detail(week, ADMIN, answer)
    [first] = [r for r in pressed if r.text]
    lines = first.text.splitlines()
    assert lines[-1] == "第1/2页"          # a heading and 4 days × 5 units, 12 lines a page
    assert lines[2:4] == ["6月18日 青石镇 ✅ 按时 10:00，零报告", "6月18日 白沙街道 ✅ 按时 10:00，零报告"]
    assert "6月18日 永安镇 ❌ 未报（已过截止 12:00）" in lines       # asked at 15:00
    assert len(lines) == 1 + 12 + 1 and set(nav(first)) == {"下一页 ➡️"}
    [edit] = await week.press(ADMIN, nav(first)["下一页 ➡️"], message_id=message_id)
    assert edit.edit_message_id == message_id and edit.chat_id == GROUP      # the same message, in place
    assert edit.text.splitlines()[-1] == "第2/2页" and set(nav(edit)) == {"⬅️ 上一页"}
    assert "6月16日 永安镇 ❌ 漏报" in edit.text.splitlines()
    assert "6月16日 双桥镇 ⚠️ 迟报 13:40，零报告" in edit.text.splitlines()
    assert "6月15日 永安镇 ✅ 按时 09:00，零报告" in edit.text.splitlines()
    [back] = await week.press(ADMIN, nav(edit)["⬅️ 上一页"], message_id=message_id)
    assert back.text == first.text and back.edit_message_id == message_id


async def test_drill_list_shows_sign_ins_and_unit_figures(week):
    with week.deps.session_factory() as s:
        group = s.exec(select(Group).where(Group.chat_id == GROUP)).one()
        drill = seed.drill(s, group, "青石镇", D(2026, 6, 16), drill_type="消防", title="消防疏散演练")
        seed.sign_in(s, drill, unit="双桥镇", count=12)
        li = s.exec(select(Member).where(Member.name == "李明")).one()
        seed.sign_in(s, drill, member=li)
        s.commit()
    answer = await week.send("李明", "/drills 本月")
    _, pressed = await open_detail(week, "李明", answer)
    text = texts(pressed)
    assert "6月16日 消防疏散演练（消防，已开展）参演13人" in text
    assert "  · 双桥镇 12人（单位填报）" in text
    assert "  · 青石镇 1人（签到）" in text
    assert "  · 签到：李明（青石镇）" in text


async def test_an_ended_drills_card_carries_its_sign_ins_and_unit_figures(week):
    await week.send("李明", "/drill 防汛抢险应急演练 6月18日 16:00 青石镇水库")
    card_id, _ = week.last_card()
    await week.press("李明", f"dr:sign:{week.rows(Drill)[0].id}", message_id=card_id)
    await week.press("张芳", f"dr:sign:{week.rows(Drill)[0].id}", message_id=card_id)
    await week.send("陈刚", "双桥镇参演12人")
    ended = await week.send(ADMIN, "/drill end")
    [card] = [r for r in ended if r.edit_message_id == card_id]
    assert "演练已结束" in card.text and [b.text for row in card.buttons for b in row] == ["🔍 明细"]
    pressed = await week.press("张芳", detail_data([card]), message_id=card_id)
    text = texts(pressed)
    assert "6月18日 防汛抢险应急演练（防汛，已开展）参演14人" in text
    assert "  · 双桥镇 12人（单位填报）" in text and "  · 青石镇 1人（签到）" in text
    assert "  · 签到：李明（青石镇） 15:00" in text and "  · 签到：张芳（白沙街道） 15:00" in text


# ---- /hazards: every open hazard its header counts, not only the 30 it lists --------------

def _many_open(h, extra: int = 32) -> None:
    """The week's four open hazards and `extra` more of 市住建局 in the group; one closed
    (销号, not open); 河东群 with an overdue hazard of its own and a member of its own."""
    with h.deps.session_factory() as s:
        group = s.exec(select(Group).where(Group.chat_id == GROUP)).one()
        for n in range(extra):
            seed.hazard(s, group, "市住建局", D(2026, 6, 10), deadline=D(2026, 6, 30), place=f"住建工地{n:02d}",
                        code=f"YH-20260610-{100 + n}")
        seed.hazard(s, group, "青石镇", D(2026, 6, 2), status="已销号", rectified_on=D(2026, 6, 3),
                    place="青石旧仓库", code="YH-20260602-001")
        other = seed.ensure_town(s, ["河东镇"], chat_id=OTHER, title="河东群")
        seed.hazard(s, other, "河东镇", D(2026, 6, 16), deadline=D(2026, 6, 17), place="河东码头",
                    code="YH-20260616-009")
        seed.member(s, "河东员", "河东镇", h.uid("河东员"))
        s.commit()


def _codes(text: str) -> list[str]:
    return [line.split()[0] for line in text.splitlines() if line.startswith("YH-")]


async def test_open_hazards_detail_pages_through_every_one_the_header_counts(week):
    _many_open(week)
    answer = await week.send("李明", "/hazards")
    lines = answer[0].text.splitlines()
    assert lines[0] == "📋 本群在办隐患 36 条（逾期 2 条）："
    assert lines[-1] == "……另有6条，点“🔍 明细”逐页查看全部，或用 /ledger 导出台账。"
    assert [b.text for row in answer[0].buttons for b in row] == ["🔍 明细"]
    [row] = week.rows(DetailIssue)
    assert row.kind == "open" and row.scope == {"roster": row.scope["group"], "units": None, "group": row.scope["group"]}
    text = await every_page(week, "李明", answer)
    pages = [line for line in text.splitlines() if line.startswith("第")]
    assert pages == ["第1/4页", "第2/4页", "第3/4页", "第4/4页"]           # a heading and 36 records, 12 a page
    assert text.splitlines()[0] == "🔍 明细｜📋 本群在办隐患（未销号）"
    assert "【在办隐患（未销号）】36条，其中逾期2条" in text.splitlines()          # the header's figures
    codes = _codes(text)
    assert len(codes) == len(set(codes)) == 36
    assert codes[:30] == _codes(answer[0].text)          # the list's order, and the six it left out
    assert {f"YH-20260610-{100 + n}" for n in range(32)} <= set(codes)
    listed = text.splitlines()
    assert "YH-20260601-001 永安镇 永安河堤 一般 待整改 限期6月5日 逾期13天" in listed
    assert "YH-20260615-001 青石镇 青石村加油站 重大 待整改 限期6月16日 逾期2天" in listed
    assert "YH-20260617-001 双桥镇 双桥小学 一般 整改中 限期6月25日" in listed
    assert "YH-20260616-001 白沙街道 白沙菜市场 一般 已整改 待销号" in listed       # rectified, not yet closed
    assert "YH-20260610-131 市住建局 住建工地31 一般 待整改 限期6月30日" in listed
    assert "YH-20260602-001" not in text and "YH-20260616-009" not in text and "河东" not in text
    # read afresh at the press: one closed since, the pages and a new /hazards agree again
    with week.deps.session_factory() as s:
        s.exec(select(Hazard).where(Hazard.code == "YH-20260610-100")).one().status = "已销号"
        s.commit()
    again = await every_page(week, "李明", answer)
    assert "【在办隐患（未销号）】35条，其中逾期2条" in again and "YH-20260610-100" not in again
    assert (await week.send("李明", "/hazards"))[0].text.startswith("📋 本群在办隐患 35 条（逾期 2 条）")


async def test_open_hazards_detail_in_the_leaders_group_lists_every_group(week):
    _many_open(week, extra=0)
    await week.set_leaders_group()
    answer = await week.send(ADMIN, "/hazards", chat=LEADERS_GROUP)
    assert answer[0].text.startswith("📋 本群在办隐患 5 条（逾期 3 条）")
    text = await every_page(week, ADMIN, answer, chat=LEADERS_GROUP)
    assert "【在办隐患（未销号）】5条，其中逾期3条" in text
    assert "YH-20260616-009 河东镇 河东码头 一般 待整改 限期6月17日 逾期1天" in text.splitlines()
    assert sorted(_codes(text)) == sorted(_codes(answer[0].text))
    # the group's own answer, pressed in the leaders' group: not here
    data = detail_data(await week.send("李明", "/hazards"))
    assert texts(await week.press(ADMIN, data, message_id=1, chat=LEADERS_GROUP)) == \
        "这个明细按钮无效或不属于本聊天，请在这里重新提问。"


async def test_open_hazards_detail_refused_to_another_groups_member_and_any_other_chat(week):
    _many_open(week, extra=0)
    await week.send(ADMIN, "/enable", chat=OTHER)
    ours = await week.send("李明", "/hazards")
    theirs = await week.send("河东员", "/hazards", chat=OTHER)
    assert _codes(theirs[0].text) == ["YH-20260616-009"]
    assert _codes(await every_page(week, "河东员", theirs, chat=OTHER)) == ["YH-20260616-009"]
    details = week.rows(DetailIssue)
    # 河东群's member pressing (or replaying) our button in their group, and ours in theirs
    for who, data, chat in (("河东员", detail_data(ours), OTHER), ("李明", detail_data(theirs), GROUP),
                            (ADMIN, detail_data(ours), OTHER), ("李明", detail_data(ours), week.uid("李明"))):
        replies = await week.press(who, data, message_id=1, chat=chat)
        assert texts(replies) == "这个明细按钮无效或不属于本聊天，请在这里重新提问。", (who, chat)
        assert not [r for r in replies if r.text or r.edit_message_id]
    # a page forged onto the answer itself (not its 明细 message): nothing edited
    token = detail_data(ours).split(":")[1]
    replies = await week.press("李明", f"dt:{token}:1", message_id=week.last_message_id)
    assert texts(replies) == "这个明细按钮无效或不属于本聊天，请在这里重新提问。"
    assert not [r for r in replies if r.text or r.edit_message_id]
    # a stranger in the group: nothing said of the hazards, nothing written
    updates = len(week.rows(ProcessedUpdate))
    replies = await week.press("路人", detail_data(ours), message_id=1)
    assert "YH-" not in texts(replies) and not [r for r in replies if r.text]
    assert len(week.rows(ProcessedUpdate)) == updates and week.rows(DetailIssue) == details
    week.deps.clock.advance(days=8)
    assert texts(await week.press("李明", detail_data(ours), message_id=1)) == "这个明细按钮已过期，请重新提问后再查看。"


def _card_buttons(reply: Reply) -> list[list[str]]:
    return [[b.text for b in row] for row in reply.buttons]


async def test_a_live_drill_card_keeps_its_detail_through_every_edit(week):
    announced = await week.send("李明", "/drill 防汛抢险应急演练 6月18日 16:00 青石镇水库")
    [card] = [r for r in announced if r.tag and r.tag[0] == "drill"]
    drill_id = week.rows(Drill)[0].id
    assert _card_buttons(card) == [["签到", "🔍 明细"], ["结束演练"]]
    assert card.buttons[0][0].data == f"dr:sign:{drill_id}"
    data = detail_data([card])
    [row] = week.rows(DetailIssue)
    assert (row.kind, row.scope["drill"], row.chat_id) == ("drill_one", drill_id, GROUP)
    card_id, _ = week.last_card()
    # before anyone signs in: the drill, nobody yet
    empty = texts(await week.press("张芳", data, message_id=card_id))
    assert "6月18日 防汛抢险应急演练（防汛，计划中）参演0人" in empty and "签到：" not in empty
    [detail_id] = [m for c, m, r in week.sent if r.tag and r.tag[0] == "detail"]
    # every edit of the card (a press, a typed sign-in, a unit figure) keeps 签到 first and the same 明细
    edits = []
    for step in (week.press("李明", f"dr:sign:{drill_id}", message_id=card_id), week.send("张芳", "签到"),
                 week.send("陈刚", "双桥镇参演12人")):
        [edit] = [r for r in await step if r.edit_message_id == card_id]
        edits.append(edit)
    assert [_card_buttons(e) for e in edits] == [[["签到", "🔍 明细"], ["结束演练"]]] * 3
    assert [e.buttons[0][0].data for e in edits] == [f"dr:sign:{drill_id}"] * 3
    assert [detail_data([e]) for e in edits] == [data] * 3
    assert "已签到：14人" in edits[-1].text and len(week.rows(DetailIssue)) == 1     # no row an edit
    # pressed again under the card: the same 明细 message, now with the sign-ins so far
    again = await week.press("张芳", data, message_id=card_id)
    [page] = [r for r in again if r.text]
    assert page.edit_message_id == detail_id and "明细已在下方显示。" in texts(again)
    lines = page.text.splitlines()
    assert lines[0] == "🔍 明细｜📣 应急演练：防汛抢险应急演练"
    assert "6月18日 防汛抢险应急演练（防汛，计划中）参演14人" in lines
    assert "  · 双桥镇 12人（单位填报）" in lines and "  · 青石镇 1人（签到）" in lines
    assert "  · 签到：李明（青石镇） 15:00" in lines and "  · 签到：张芳（白沙街道） 15:00" in lines
    # ended: the final card has its own 明细, 签到 is gone
    ended = await week.send("李明", "/drill end")
    [final] = [r for r in ended if r.edit_message_id == card_id]
    assert _card_buttons(final) == [["🔍 明细"]] and detail_data([final]) != data


async def test_a_live_drill_cards_detail_refused_elsewhere_and_renewed_before_it_expires(week):
    with week.deps.session_factory() as s:
        seed.ensure_town(s, ["河东镇"], chat_id=OTHER, title="河东群")
        seed.member(s, "河东员", "河东镇", week.uid("河东员"))
        s.commit()
    await week.send(ADMIN, "/enable", chat=OTHER)
    await week.set_leaders_group()
    announced = await week.send("李明", "/drill 防汛抢险演练 7月6日 9:00 永安镇水库")   # weeks ahead
    [card] = [r for r in announced if r.tag and r.tag[0] == "drill"]
    card_id, _ = week.last_card()
    drill_id = week.rows(Drill)[0].id
    data = detail_data([card])
    await week.press("李明", f"dr:sign:{drill_id}", message_id=card_id)
    theirs = await week.send("河东员", "/drill 河东演练 6月20日 9:00 河东码头", chat=OTHER)
    their_data = detail_data([r for r in theirs if r.tag and r.tag[0] == "drill"])
    before = week.rows(DetailIssue)
    # another group's member in their own group, our member in theirs, a private chat: not here
    for who, pressed, chat in (("河东员", data, OTHER), ("李明", their_data, GROUP), ("李明", data, week.uid("李明")),
                               (ADMIN, data, LEADERS_GROUP)):
        replies = await week.press(who, pressed, message_id=card_id, chat=chat)
        assert texts(replies) == "这个明细按钮无效或不属于本聊天，请在这里重新提问。", (who, chat)
        assert not [r for r in replies if r.text or r.edit_message_id]
    # a page forged onto the card itself: nothing edited; a stranger: nothing said or written
    token = data.split(":")[1]
    replies = await week.press("李明", f"dt:{token}:1", message_id=card_id)
    assert texts(replies) == "这个明细按钮无效或不属于本聊天，请在这里重新提问。"
    assert not [r for r in replies if r.text or r.edit_message_id]
    replies = await week.press("路人", data, message_id=card_id)
    assert "李明" not in texts(replies) and not [r for r in replies if r.text]
    assert week.rows(DetailIssue) == before and len(week.rows(BotMessage, BotMessage.kind == "detail")) == 0
    # eight days on, the card's button has expired; the next sign-in's edit carries a fresh one
    week.deps.clock.advance(days=8)
    assert texts(await week.press("张芳", data, message_id=card_id)) == "这个明细按钮已过期，请重新提问后再查看。"
    [edit] = [r for r in await week.press("张芳", f"dr:sign:{drill_id}", message_id=card_id)
              if r.edit_message_id == card_id]
    assert _card_buttons(edit) == [["签到", "🔍 明细"], ["结束演练"]] and detail_data([edit]) != data
    shown = texts(await week.press("张芳", detail_data([edit]), message_id=card_id))
    assert "7月6日 防汛抢险演练（防汛，计划中）参演2人" in shown and "  · 签到：李明（青石镇）" in shown


async def test_inspections_list_unit_count_and_linked_hazards(week):
    await week.send("李明", "隐患：青石镇农贸市场灭火器过期，责任人李明，限期5天")
    await week.send("李明", "/inspection 5 8")
    answer = await week.send("李明", "/inspections")
    _, pressed = await open_detail(week, "李明", answer)
    text = texts(pressed)
    assert "6月18日 青石镇 李明 检查5家，发现隐患8处" in text
    assert "  · 关联隐患：YH-20260618-001" in text


async def test_summary_detail_is_for_leaders_now(week):
    await week.send(ADMIN, "/role 陈刚 leader")
    answer = await week.send("陈刚", "/summary weekly")
    data = detail_data(answer)
    assert answer[0].buttons and "草稿" in answer[0].text
    text = await every_page(week, "陈刚", answer)
    for heading in ("【值班报送】", "【新发现隐患】3处", "【演练】0次", "【检查记录】0条"):
        assert heading in text
    await week.send(ADMIN, "/role 陈刚 duty")             # demoted since the draft
    refused = await week.press("陈刚", data, message_id=week.last_message_id + 1)
    assert texts(refused) == "这份明细仅限领导和管理员查看。"
    assert not [r for r in refused if r.text]
    # a member who is no leader pressing the leader's button in the group: refused too
    assert texts(await week.press("李明", data, message_id=1)) == "这份明细仅限领导和管理员查看。"


# ---- the button cannot be forged, moved or widened ------------------------------------

async def test_forged_garbage_and_out_of_range_presses_are_polite(week):
    answer = await week.send(ADMIN, "本周隐患整改情况")
    message_id, _ = await open_detail(week, ADMIN, answer)
    token = detail_data(answer).split(":")[1]
    before = week.rows(DetailIssue)
    for data in ("dt:AAAAAAAAAAAA", "dt:", "dt:" + "x" * 200, f"dt:{token}:0", f"dt:{token}:99",
                 f"dt:{token}:-1", f"dt:{token}:1:2", f"dt:{token}:99999999999999999999", "dt:💥💥💥"):
        replies = await week.press(ADMIN, data, message_id=message_id)
        assert [r for r in replies if r.text] == [], data
        assert texts(replies) in ("这个明细按钮无效或不属于本聊天，请在这里重新提问。",
                                  "没有这一页了，请用上一页 / 下一页翻看。"), data
    assert week.rows(DetailIssue) == before


async def test_a_page_press_on_another_message_is_refused(week):
    answer = await week.send(ADMIN, "本周隐患整改情况")
    await open_detail(week, ADMIN, answer)
    token = detail_data(answer).split(":")[1]
    # forged onto the answer itself (not the 明细 message): nothing is edited
    replies = await week.press(ADMIN, f"dt:{token}:1", message_id=week.last_message_id)
    assert texts(replies) == "这个明细按钮无效或不属于本聊天，请在这里重新提问。"
    assert not [r for r in replies if r.edit_message_id]


async def test_double_press_shows_the_same_message_again(week):
    answer = await week.send(ADMIN, "本周隐患整改情况")
    message_id, _ = await open_detail(week, ADMIN, answer)
    again = await week.press("李明", detail_data(answer), message_id=week.last_message_id)
    [edit] = [r for r in again if r.text]
    assert edit.edit_message_id == message_id and "明细已在下方显示。" in texts(again)
    assert len(week.rows(BotMessage, BotMessage.kind == "detail")) == 1


async def test_another_chat_or_an_expired_button_reveals_nothing(week):
    with week.deps.session_factory() as s:
        seed.ensure_town(s, ["河东镇"], chat_id=OTHER, title="河东群")
        s.commit()
    await week.send(ADMIN, "/enable", chat=OTHER)
    await week.send(ADMIN, "/role 陈刚 leader")
    answer = await week.send(ADMIN, "本周隐患整改情况")
    data = detail_data(answer)
    await week.set_leaders_group()
    for chat, who in ((OTHER, ADMIN), (LEADERS_GROUP, ADMIN), (week.uid("陈刚"), "陈刚")):
        replies = await week.press(who, data, message_id=1, chat=chat)
        assert texts(replies) == "这个明细按钮无效或不属于本聊天，请在这里重新提问。"
        assert not [r for r in replies if r.text]
    week.deps.clock.advance(days=8)
    assert texts(await week.press(ADMIN, data, message_id=1)) == "这个明细按钮已过期，请重新提问后再查看。"


async def test_a_groups_answer_never_lists_another_groups_units(week):
    with week.deps.session_factory() as s:
        other = seed.ensure_town(s, ["河东镇"], chat_id=OTHER, title="河东群")
        seed.report(s, other, "河东镇", D(2026, 6, 18), "09:00")
        seed.hazard(s, other, "河东镇", D(2026, 6, 16), place="河东码头", code="YH-20260616-009")
        s.commit()
    answer = await week.send(ADMIN, "本周综合情况")
    text = await every_page(week, ADMIN, answer)
    assert "河东" not in text and "YH-20260616-009" not in text
    assert "青石镇" in text and "YH-20260615-001" in text


async def test_private_leader_answer_refused_once_demoted(week):
    await week.send(ADMIN, "/role 陈刚 leader")
    me = week.uid("陈刚")
    answer = await week.send("陈刚", "本周隐患整改情况", chat=me)
    assert "全部单位" in answer[0].text
    data = detail_data(answer)
    assert "YH-20260601-001" in texts(await week.press("陈刚", data, message_id=1, chat=me))
    await week.send(ADMIN, "/role 陈刚 duty")
    refused = texts(await week.press("陈刚", data, message_id=1, chat=me))
    assert refused == "您现在的权限与提问时不同，无法查看这份明细。请重新提问。"


async def test_named_unit_off_the_roster_since_is_refused(week):
    answer = await week.send("李明", "本周青石镇隐患整改情况")
    data = detail_data(answer)
    assert "YH-20260615-001" in texts(await week.press("李明", data, message_id=1))
    assert "YH-20260616-001" not in texts(await week.press("李明", data, message_id=1))
    with week.deps.session_factory() as s:
        unit = s.exec(select(Unit).where(Unit.name == "青石镇")).one()
        s.delete(s.exec(select(RosterEntry).where(RosterEntry.unit_id == unit.id)).one())
        s.commit()
    refused = texts(await week.press("李明", data, message_id=1))
    assert "不在本群的值班名单上" in refused and "YH-" not in refused


async def test_strangers_and_anonymous_admins_get_nothing_and_write_nothing(week):
    answer = await week.send(ADMIN, "本周隐患整改情况")
    data = detail_data(answer)
    updates = len(week.rows(ProcessedUpdate))
    for who, anonymous in (("路人", False), ("匿名", True)):
        replies = await week.press(who, data, message_id=1, anonymous=anonymous)
        assert "YH-" not in texts(replies) and not [r for r in replies if r.text]
    assert len(week.rows(ProcessedUpdate)) == updates


# ---- the weekly draft the scheduler pushes to the leaders' group --------------------------

def weekly_push(h) -> list[Reply]:
    """The week's draft as the scheduler pushes it to the leaders' group (as sent there)."""
    with h.deps.session_factory() as s:
        group = people.get_group(session=s, chat_id=GROUP)
        found = P.due("weekly", s, group, D(2026, 6, 18), h.deps.clock.now())
        s.commit()
    return h._sent(LEADERS_GROUP, [p.reply for p in found])


async def test_weekly_draft_in_the_leaders_group_opens_for_leaders_within_its_group(week):
    with week.deps.session_factory() as s:
        other = seed.ensure_town(s, ["河东镇"], chat_id=OTHER, title="河东群")
        seed.hazard(s, other, "河东镇", D(2026, 6, 16), place="河东码头", code="YH-20260616-009")
        s.commit()
    await week.set_leaders_group()
    await week.send(ADMIN, "/role 陈刚 leader")
    pushed = weekly_push(week)
    assert pushed[0].text.startswith("📝 本周周报草稿") and pushed[0].chat_id == LEADERS_GROUP
    assert [b.text for row in pushed[0].buttons for b in row] == ["🔍 明细"]
    assert not [r for r in pushed[1:] if r.buttons]             # one button, under the head
    text = await every_page(week, "陈刚", pushed, chat=LEADERS_GROUP)
    assert text.startswith(f"🔍 明细｜群{GROUP} 周报草稿（2026年6月15日—6月21日）")
    for heading in ("【值班报送】", "【新发现隐患】3处", "【演练】0次", "【检查记录】0条"):
        assert heading in text
    assert "YH-20260615-001" in text and "青石镇" in text
    assert "河东" not in text and "YH-20260616-009" not in text    # the draft's group only
    [row] = [r for r in week.rows(DetailIssue) if r.chat_id == LEADERS_GROUP]
    assert row.kind == "summary" and row.issued_to == 0 and row.scope["roster"] is not None


async def test_weekly_draft_refused_to_members_elsewhere_and_the_demoted(week):
    with week.deps.session_factory() as s:
        seed.ensure_town(s, ["河东镇"], chat_id=OTHER, title="河东群")
        s.commit()
    await week.send(ADMIN, "/enable", chat=OTHER)
    await week.set_leaders_group()
    await week.send(ADMIN, "/role 陈刚 leader")
    data = detail_data(weekly_push(week))
    # a unit member in the leaders' group: the draft is a leader's
    refused = await week.press("李明", data, message_id=1, chat=LEADERS_GROUP)
    assert texts(refused) == "这份明细仅限领导和管理员查看。" and not [r for r in refused if r.text]
    # forwarded (or its data replayed) into a duty group, another group, a private chat: not here
    for chat, who in ((GROUP, "陈刚"), (OTHER, ADMIN), (week.uid("陈刚"), "陈刚")):
        replies = await week.press(who, data, message_id=1, chat=chat)
        assert texts(replies) == "这个明细按钮无效或不属于本聊天，请在这里重新提问。", chat
        assert not [r for r in replies if r.text]
    assert "【值班报送】" in texts(await week.press("陈刚", data, message_id=1, chat=LEADERS_GROUP))
    await week.send(ADMIN, "/role 陈刚 duty")             # demoted since the push
    refused = await week.press("陈刚", data, message_id=1, chat=LEADERS_GROUP)
    assert texts(refused) == "这份明细仅限领导和管理员查看。"
    week.deps.clock.advance(days=8)
    assert texts(await week.press(ADMIN, data, message_id=1, chat=LEADERS_GROUP)) == \
        "这个明细按钮已过期，请重新提问后再查看。"



# ---- notices: each unit's first 收到; 催报: who was told when ----------------------------

async def test_notice_answers_list_each_units_first_receipt_or_none(week):
    await week.send(ADMIN, "/role 陈刚 leader")
    week.at("09:00")
    replies = await week.send("陈刚", "/notice 明日起进入主汛期，各单位严格落实24小时值班。")
    [notice] = [r for r in replies if r.buttons and r.chat_id == GROUP and r.tag is None]     # not the tally
    message_id = next(m for c, m, r in week.sent if r is notice)
    for who, hhmm in (("李明", "09:05"), (ADMIN, "09:06"), ("张芳", "09:20")):     # 李明 first for 青石镇
        week.at(hhmm)
        await week.press(who, notice.buttons[0][0].data, message_id=message_id)
    week.at("15:00")
    for question in ("本月通知签收情况", "哪些单位还没签收通知"):
        answer = await week.send("李明", question)
        assert "已收到 2 / 应收到 5" in answer[0].text
        lines = (await every_page(week, "李明", answer)).splitlines()
        assert "【通知签收】1期（各单位首个“收到”的人和时间，或未签收）" in lines
        assert "6月18日 09:00 “明日起进入主汛期，各单位严格落实24小时值班。” 已收到 2/5" in lines
        assert "  · 青石镇 收到：李明 6月18日 09:05" in lines
        assert "  · 白沙街道 收到：张芳 6月18日 09:20" in lines
        assert "  · 双桥镇 未签收" in lines and "  · 市住建局 未签收" in lines
    overview = await week.send("李明", "本周综合情况")
    assert "通知：下发 1 期" in overview[0].text
    assert "  · 青石镇 收到：李明 6月18日 09:05" in await every_page(week, "李明", overview)
    # a question naming a unit lists that unit only
    mine = await every_page(week, "李明", await week.send("李明", "本月青石镇通知签收情况"))
    assert "  · 青石镇 收到：李明 6月18日 09:05" in mine and "白沙街道" not in mine


async def test_the_ladders_records_behind_chased_who_was_told_when(week):
    from datetime import datetime
    from storage import boards
    from tests.conftest import CST
    with week.deps.session_factory() as s:
        group = s.exec(select(Group).where(Group.chat_id == GROUP)).one()
        yongan = s.exec(select(Unit).where(Unit.name == "永安镇")).one()
        liu, zhou = week.uid("刘洋"), week.uid("周敏")
        for day, step, told, hhmm in ((17, boards.REMIND, [liu], "11:00"), (17, boards.OVERDUE, [GROUP], "12:00"),
                                      (17, boards.CHIEF, [zhou], "13:00"), (17, boards.LEADERS, [LEADERS_GROUP], "15:00"),
                                      (18, boards.REMIND, [liu], "11:00")):
            boards.record_steps(session=s, group_id=group.id, day=D(2026, 6, day), step=step,
                                told={yongan.id: told}, at=datetime(2026, 6, day, *map(int, hhmm.split(":")), tzinfo=CST))
        s.commit()
    answer = await week.send(ADMIN, "本周报送情况")
    assert "催报 2 次：永安镇（2次）" in answer[0].text
    lines = [line for line in (await every_page(week, ADMIN, answer)).splitlines()
             if not line.startswith(("🔍 明细｜", "第"))]          # the pages run together
    at = lines.index("【催报】群内催报2次（及其后各级提醒：单位、时间、提醒了谁）")
    assert lines[at + 1:at + 6] == ["6月18日 永安镇 11:00 群内催报：刘洋", "6月17日 永安镇 11:00 群内催报：刘洋",
                                    "6月17日 永安镇 12:00 看板标记漏报", "6月17日 永安镇 13:00 私信单位负责人：周敏",
                                    "6月17日 永安镇 15:00 报领导群"]
    # /missing says today's 催报 and its 明细 lists it; an answer without any shows no such section
    week.at("13:00")
    today = await week.send("李明", "/missing")
    assert "今日已催报 1 个单位：永安镇" in today[0].text
    assert "6月18日 永安镇 11:00 群内催报：刘洋" in await every_page(week, "李明", today)
    assert "【催报】" not in await every_page(week, ADMIN, await week.send(ADMIN, "本周白沙街道报送情况"))


async def test_a_page_of_inspections_reads_their_hazards_in_one_query(week):
    """Each inspection's linked hazards are read for the whole page at once, not per row."""
    from sqlalchemy import event
    from storage import inspections
    with week.deps.session_factory() as s:
        group = s.exec(select(Group).where(Group.chat_id == GROUP)).one()
        li = s.exec(select(Member).where(Member.name == "李明")).one()
        for day in range(8, 18):                    # ten records, each with a hazard of its day
            inspections.record_inspection(session=s, group_id=group.id, unit_id=li.unit_id, inspector_id=li.id,
                                          sites=3, hazards_found=1, day=D(2026, 6, day), chat_id=GROUP,
                                          message_id=None, at=seed.at(D(2026, 6, day), "16:00"))
            seed.hazard(s, group, "青石镇", D(2026, 6, day), code=f"YH-202606{day:02d}-101").reporter_id = li.id
        s.commit()
    answer = await week.send("李明", "/inspections 本月")
    statements: list[str] = []
    listen = lambda conn, cursor, sql, *rest: statements.append(sql)     # noqa: E731
    event.listen(week.deps.session_factory.engine, "before_cursor_execute", listen)
    try:
        text = await every_page(week, "李明", answer)
    finally:
        event.remove(week.deps.session_factory.engine, "before_cursor_execute", listen)
    assert "6月17日 青石镇 李明 检查3家，发现隐患1处" in text and "  · 关联隐患：YH-20260608-101" in text
    hazard_reads = [q for q in statements if "FROM inspection JOIN hazard" in q or "FROM hazard" in q]
    pages = text.count("第")
    assert 1 <= len(hazard_reads) <= pages, hazard_reads      # one a page (two pages), never one a record


async def test_hazard_detail_lists_this_weeks_rectifications_whenever_found(week):
    """The 明细 of 整改完成 lists what the answer counted: a hazard found last week and
    rectified this week is in it; one rectified last week is not."""
    with week.deps.session_factory() as s:
        group = s.exec(select(Group).where(Group.chat_id == GROUP)).one()
        seed.hazard(s, group, "青石镇", D(2026, 6, 9), status="已整改", rectified_on=D(2026, 6, 15),
                    code="YH-20260609-001", place="青石老街")
        seed.hazard(s, group, "永安镇", D(2026, 6, 10), status="已整改", rectified_on=D(2026, 6, 14),
                    code="YH-20260610-001")
        s.commit()
    answer = await week.send(ADMIN, "本周隐患整改情况")
    assert "整改完成 2 处：这段时间完成整改的，不论何时发现（其中此前发现 1 处）" in texts(answer)
    _, pressed = await open_detail(week, ADMIN, answer)
    lines = "\n".join(r.text for r in pressed if r.text).splitlines()
    assert "【这段时间整改完成】2处（不论何时发现，按整改时间）" in lines
    assert "YH-20260609-001 青石镇 青石老街 一般 6月9日发现 6月15日整改" in lines
    assert not any("YH-20260610-001" in line for line in lines)


# ---- the scheduler's other lines to the leaders' group: the tally, the ladder, overdue ------

def leaders_push(h, kind: str) -> list[Reply]:
    """What the scheduler pushes for `kind` today, as sent: the leaders' group's replies."""
    with h.deps.session_factory() as s:
        group = people.get_group(session=s, chat_id=GROUP)
        found = P.due(kind, s, group, D(2026, 6, 18), h.deps.clock.now())
        s.commit()
    return h._sent(LEADERS_GROUP, [p.reply for p in found if p.reply.chat_id == LEADERS_GROUP])


async def leaders_ready(h) -> None:
    await h.set_leaders_group()
    await h.send(ADMIN, "/role 陈刚 leader")


async def test_noon_tally_in_the_leaders_group_lists_the_groups_units_today_and_yesterday(week):
    with week.deps.session_factory() as s:       # the duty group's deadline, not the leaders' group's
        s.exec(select(Group).where(Group.chat_id == GROUP)).one().deadline = "11:00"
        s.commit()
    await leaders_ready(week)
    week.at("11:30")
    [tally] = leaders_push(week, "tally")
    assert "截止时未报：永安镇、市住建局" in tally.text and "6月17日最终：漏报 1（永安镇）" in tally.text
    assert [b.text for row in tally.buttons for b in row] == ["🔍 明细"]
    lines = (await every_page(week, "陈刚", [tally], chat=LEADERS_GROUP)).splitlines()
    assert lines[0] == f"🔍 明细｜群{GROUP} 6月18日 值班报送汇总"
    assert "6月18日 永安镇 ❌ 未报（已过截止 11:00）" in lines          # the group's own deadline
    assert "6月18日 青石镇 ✅ 按时 10:00，零报告" in lines
    assert "6月17日 永安镇 ❌ 漏报" in lines and "6月16日 双桥镇" not in "\n".join(lines)


async def test_escalation_line_lists_the_units_and_who_the_ladder_told(week):
    from storage import boards
    await leaders_ready(week)
    week.at("15:00")
    with week.deps.session_factory() as s:
        group = s.exec(select(Group).where(Group.chat_id == GROUP)).one()
        yongan = s.exec(select(Unit).where(Unit.name == "永安镇")).one()
        boards.record_steps(session=s, group_id=group.id, day=D(2026, 6, 18), step=boards.CHIEF,
                            told={yongan.id: [week.uid("周敏")]}, at=seed.at(D(2026, 6, 18), "13:00"))
        s.commit()
    [line] = leaders_push(week, "escalate")
    assert "仍未报送 2 个单位：永安镇、市住建局" in line.text
    text = await every_page(week, "陈刚", [line], chat=LEADERS_GROUP)
    assert "永安镇 ❌ 未报（已过截止 12:00）" in text and "市住建局 ❌ 未报（已过截止 12:00）" in text
    assert "6月18日 永安镇 13:00 私信单位负责人：周敏" in text


async def test_overdue_list_in_the_leaders_group_lists_the_groups_overdue_hazards(week):
    with week.deps.session_factory() as s:
        other = seed.ensure_town(s, ["河东镇"], chat_id=OTHER, title="河东群")
        seed.hazard(s, other, "河东镇", D(2026, 6, 1), deadline=D(2026, 6, 5), place="河东码头",
                    code="YH-20260601-009")
        s.commit()
    await leaders_ready(week)
    week.at("09:30")
    [pushed] = leaders_push(week, "hazards")
    assert pushed.text.startswith("🔴 逾期未整改隐患 2 处")
    text = await every_page(week, "陈刚", [pushed], chat=LEADERS_GROUP)
    assert "【截至6月18日逾期未整改】2处" in text
    assert "YH-20260601-001 永安河堤 未整改 限期6月5日 逾期13天" in text and "YH-20260615-001" in text
    assert "YH-20260601-009" not in text                    # another group's


@pytest.mark.parametrize("kind, hhmm", [("tally", "12:30"), ("escalate", "15:00"), ("hazards", "09:30")])
async def test_leaders_pushes_detail_is_refused_to_members_elsewhere_and_the_demoted(week, kind, hhmm):
    await leaders_ready(week)
    week.at(hhmm)
    data = detail_data(leaders_push(week, kind))
    for who in ("李明", "路人"):     # a unit's member sitting in the leaders' group; a stranger
        refused = await week.press(who, data, message_id=1, chat=LEADERS_GROUP)
        assert not [r for r in refused if r.text] and "YH-" not in texts(refused) and "镇" not in texts(refused)
    assert texts(await week.press("李明", data, message_id=1, chat=LEADERS_GROUP)) == "这份明细仅限领导和管理员查看。"
    for chat, who in ((GROUP, "陈刚"), (GROUP, ADMIN), (week.uid("陈刚"), "陈刚")):    # forwarded, replayed
        replies = await week.press(who, data, message_id=1, chat=chat)
        assert texts(replies) == "这个明细按钮无效或不属于本聊天，请在这里重新提问。", chat
    assert "🔍 明细｜" in texts(await week.press("陈刚", data, message_id=1, chat=LEADERS_GROUP))
    await week.send(ADMIN, "/role 陈刚 duty")             # demoted since the push
    assert texts(await week.press("陈刚", data, message_id=1, chat=LEADERS_GROUP)) == "这份明细仅限领导和管理员查看。"


# ---- the tally a notice's sender gets ------------------------------------------------------

async def test_notice_tally_keeps_its_detail_through_edits_and_lists_that_notice_only(week):
    await week.send(ADMIN, "/role 陈刚 leader")
    me = week.uid("陈刚")
    week.at("09:00")
    first = await week.send("陈刚", "/notice 明日起进入主汛期，各单位严格落实24小时值班。", chat=me)
    second = await week.send("陈刚", "/notice 今晚8点视频调度会", chat=me)      # the same instant
    [tally] = [r for r in first if r.chat_id == me]
    [other] = [r for r in second if r.chat_id == me]
    assert [b.text for row in tally.buttons for b in row] == ["🔍 明细"] and detail_data([other]) != detail_data([tally])
    [notice] = [r for r in first if r.chat_id == GROUP]
    notice_id = next(m for c, m, r in week.sent if r is notice)
    week.at("09:05")
    acked = await week.press("李明", notice.buttons[0][0].data, message_id=notice_id)
    [edit] = [r for r in acked if r.edit_message_id]
    assert "已收到 1 / 应收到 5" in edit.text and detail_data([edit]) == detail_data([tally])   # the button stays
    lines = (await every_page(week, "陈刚", [tally], chat=me)).splitlines()
    assert lines[0] == "🔍 明细｜通知“明日起进入主汛期，各单位严格落实24小时…”签收情况"
    assert "  · 青石镇 收到：李明 6月18日 09:05" in lines and "  · 永安镇 未签收" in lines
    assert not [line for line in lines if "视频调度会" in line]
    assert "  · 青石镇 未签收" in (await every_page(week, "陈刚", [other], chat=me)).splitlines()
    data = detail_data([tally])
    for chat, who in ((GROUP, "李明"), (GROUP, "陈刚")):        # forwarded or replayed: not here
        assert texts(await week.press(who, data, message_id=1, chat=chat)) == \
            "这个明细按钮无效或不属于本聊天，请在这里重新提问。"
    await week.send(ADMIN, "/role 陈刚 duty")
    assert texts(await week.press("陈刚", data, message_id=1, chat=me)) == "这份明细仅限领导和管理员查看。"


async def test_notice_tally_in_a_duty_group_is_for_leaders_and_lists_that_group(week):
    with week.deps.session_factory() as s:
        seed.ensure_town(s, ["河东镇"], chat_id=OTHER, title="河东群")
        s.commit()
    await week.send(ADMIN, "/enable", chat=OTHER)
    await week.send(ADMIN, "/role 陈刚 leader")
    replies = await week.send("陈刚", "/notice 今晚8点视频调度会")
    [tally] = [r for r in replies if r.tag and r.tag[0] == "notice_tally"]
    assert tally.chat_id == GROUP and "河东群" in tally.text
    assert texts(await week.press("李明", detail_data([tally]), message_id=1)) == "这份明细仅限领导和管理员查看。"
    text = await every_page(week, "陈刚", [tally])
    assert "  · 青石镇 未签收" in text and "河东镇" not in text      # what the sender may see here
