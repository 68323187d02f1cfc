"""Drills from the chat: the card, sign-ins counted once, unit head counts superseded,
ending, after-the-fact reports, /drills, and bad input that changes nothing."""
from __future__ import annotations

import asyncio

from sqlmodel import col

from handlers.base import Incoming
from handlers.runner import process
from storage.models import Attendance, Drill
from tests.helpers import ADMIN, GROUP, texts

CREATE = "/drill 防汛抢险应急演练 6月18日 9:00 青石镇水库"


async def _card(h, text: str = CREATE, who: str = ADMIN) -> tuple[int, int]:
    replies = await h.send(who, text)
    assert replies and replies[0].tag and replies[0].tag[0] == "drill", texts(replies)
    message_id, _ = h.last_card()
    return replies[0].tag[1], message_id


def _edits(replies, message_id: int) -> list:
    return [r for r in replies if r.edit_message_id == message_id]


async def test_command_posts_a_card_with_type_time_place(town):
    h = town
    replies = await h.send(ADMIN, "/drill 防汛抢险应急演练 6月20日 9:00 青石镇水库")
    card = replies[0]
    assert "防汛抢险应急演练" in card.text and "类型：防汛" in card.text
    assert "时间：6月20日 09:00" in card.text and "地点：青石镇水库" in card.text
    assert "已签到：0人" in card.text
    assert [[b.text for b in row] for row in card.buttons] == [["签到", "🔍 明细"], ["结束演练"]]
    drill = h.rows(Drill)[0]
    assert (drill.status, drill.drill_type, str(drill.drill_date)) == ("planned", "防汛", "2026-06-20")
    assert drill.planned_at.hour == 1          # 09:00 CST stored as UTC
    assert card.buttons[0][0].data == f"dr:sign:{drill.id}"


async def test_plain_words_announce_a_drill(town):
    h = town
    replies = await h.send("李明", "定于6月20日上午9点在青石镇水库开展防汛抢险演练")
    assert replies[0].tag == ("drill", h.rows(Drill)[0].id)
    assert "地点：青石镇水库" in replies[0].text and "6月20日 09:00" in replies[0].text
    assert h.rows(Drill)[0].organiser_unit_id is not None


async def test_each_person_counted_once_and_card_edited_in_place(town):
    h = town
    drill_id, card_id = await _card(h)
    first = await h.press("李明", f"dr:sign:{drill_id}", message_id=card_id)
    assert first[0].alert == "已签到，当前1人"
    assert _edits(first, card_id) and "已签到：1人" in _edits(first, card_id)[0].text
    again = await h.press("李明", f"dr:sign:{drill_id}", message_id=card_id)
    assert "不重复计数" in again[0].alert and not _edits(again, card_id)
    await h.press("张芳", f"dr:sign:{drill_id}", message_id=card_id)
    assert len(h.rows(Attendance)) == 2
    # a typed "签到" is the same sign-in: the sender is already counted
    typed = await h.send("张芳", "签到")
    assert "不重复计数" in texts(typed)


async def test_two_presses_in_flight_count_two_same_person_counts_one(town):
    h = town
    drill_id, card_id = await _card(h)

    def press(who: str, key: str) -> Incoming:
        return Incoming(chat_id=GROUP, sender_id=h.uid(who), sent_at=h.deps.clock.now(), chat_type="supergroup",
                        sender_name=who, message_id=card_id, callback_data=f"dr:sign:{drill_id}",
                        callback_id=key, update_key=key)

    await asyncio.gather(process(press("李明", "c1"), h.deps), process(press("张芳", "c2"), h.deps))
    # truly concurrent: each process() in its own thread and event loop on the same file DB
    same = [press("陈刚", f"c{i}") for i in range(3, 9)]
    answers = await asyncio.gather(*(asyncio.to_thread(asyncio.run, process(i, h.deps)) for i in same))
    rows = h.rows(Attendance)
    assert sorted(r.member_id for r in rows) == sorted(set(r.member_id for r in rows)) and len(rows) == 3
    alerts = [a[0].alert for a in answers]
    assert sum("已签到，当前" in a for a in alerts) == 1 and sum("不重复计数" in a for a in alerts) == 5


async def test_unit_figure_replaced_change_kept_and_tally_by_unit(town):
    h = town
    drill_id, card_id = await _card(h)
    await h.press("李明", f"dr:sign:{drill_id}", message_id=card_id)      # 青石镇 officer
    await h.press("张芳", f"dr:sign:{drill_id}", message_id=card_id)      # 白沙街道 officer
    first = await h.send("李明", "青石镇参演12人")
    assert "青石镇 参演12人" in texts(first) and "当前合计13人" in texts(first)
    assert "已签到：13人" in _edits(first, card_id)[0].text   # 李明 is inside 青石镇's 12
    second = await h.send("李明", "青石镇参演14人")
    assert "12→14人" in texts(second) and "当前合计15人" in texts(second)
    figures = sorted(h.rows(Attendance, col(Attendance.member_id).is_(None)), key=lambda a: a.id)
    assert [(f.head_count, f.superseded_by is None) for f in figures] == [(12, False), (14, True)]
    await h.send("张芳", "白沙街道 签到 8人")
    ended = await h.send(ADMIN, "/drill end")
    assert "参演合计22人" in texts(ended)
    final = _edits(ended, card_id)[0]
    assert "演练已结束" in final.text and "分单位：青石镇 14人、白沙街道 8人" in final.text
    assert [b.text for row in final.buttons for b in row] == ["🔍 明细"]     # 签到 and 结束 gone


async def test_late_sign_in_after_end_is_refused_politely(town):
    h = town
    drill_id, card_id = await _card(h)
    await h.press("李明", f"dr:sign:{drill_id}", message_id=card_id)
    ended = await h.press(ADMIN, f"dr:end:{drill_id}", message_id=card_id)
    assert ended[0].alert == "已结束，参演合计1人"
    late = await h.press("张芳", f"dr:sign:{drill_id}", message_id=card_id)
    assert "已结束" in late[0].alert and not _edits(late, card_id)
    typed = await h.send("陈刚", "双桥镇参演6人")
    assert "已结束" in texts(typed)
    assert len(h.rows(Attendance)) == 1
    assert h.rows(Drill)[0].status == "held"


async def test_only_organiser_or_leader_may_end_or_cancel(town):
    h = town
    drill_id, card_id = await _card(h, who="李明")
    refused = await h.press("张芳", f"dr:end:{drill_id}", message_id=card_id)
    assert "只有演练的组织者" in refused[0].alert
    assert h.rows(Drill)[0].status == "planned"
    done = await h.send("李明", "/drill cancel")
    assert "已取消" in texts(done)
    assert "演练已取消" in _edits(done, card_id)[0].text
    signed = await h.press("张芳", f"dr:sign:{drill_id}", message_id=card_id)
    assert "已取消，不能签到" in signed[0].alert
    assert h.rows(Attendance) == []


async def test_after_the_fact_report_recorded_as_held(town):
    h = town
    replies = await h.send("刘洋", "今天上午开展了消防疏散演练，参演200余人")
    assert "已开展" in texts(replies) and "参演200人" in texts(replies)
    drill = h.rows(Drill)[0]
    assert (drill.status, drill.declared_participants, drill.drill_type) == ("held", 200, "消防")
    listed = await h.send(ADMIN, "/drills 本月")
    assert "消防疏散演练" in texts(listed) and "参演200人次" in texts(listed)


async def test_drills_this_month_shows_the_tally(town):
    h = town
    drill_id, card_id = await _card(h)
    await h.send("李明", "青石镇参演12人")
    await h.send("张芳", "白沙街道参演8人")
    await h.press(ADMIN, f"dr:end:{drill_id}", message_id=card_id)
    await h.send(ADMIN, "/drill 地震疏散演练 6月25日 15:00 永安镇中心小学")
    listed = texts(await h.send(ADMIN, "/drills 本月"))
    assert "1. 6月18日 防汛抢险应急演练（防汛）青石镇水库 — 已开展，参演20人" in listed
    assert "6月25日 地震疏散演练" in listed and "计划中" in listed
    assert "合计：已开展1次，参演20人次" in listed and "按类型：防汛1次" in listed
    assert "参与单位：青石镇、白沙街道" in listed
    assert "没看懂时间范围" in texts(await h.send(ADMIN, "/drills 随便"))


async def test_bad_input_gets_a_clear_reply_and_changes_nothing(town):
    h = town
    assert "请写明演练日期" in texts(await h.send(ADMIN, "/drill 防汛演练 青石镇水库"))
    assert "超过30天" in texts(await h.send(ADMIN, "/drill 防汛演练 2025年6月1日 9:00"))
    assert "没有这一天" in texts(await h.send(ADMIN, "/drill 防汛演练 2月30日 9:00"))
    assert "用法" in texts(await h.send(ADMIN, "/drill"))
    assert h.rows(Drill) == []
    assert "没有进行中的演练" in texts(await h.send("李明", "青石镇参演12人"))
    await _card(h)
    assert "正整数" in texts(await h.send("李明", "青石镇参演-5人"))
    assert "不能代“白沙街道”" in texts(await h.send("李明", "白沙街道参演5人"))
    assert h.rows(Attendance) == []


async def test_a_huge_figure_asks_to_confirm(town):
    h = town
    h.deps.settings.attendance_ceiling = 100
    drill_id, card_id = await _card(h)
    ask = await h.send("李明", "青石镇参演一万人")
    assert "超过了常见规模（100人）" in texts(ask) and h.rows(Attendance) == []
    ask_id, question = h.last_card()
    assert [b.text for b in question.buttons[0]] == ["确认", "取消"]
    dropped = await h.press("李明", question.buttons[0][1].data, message_id=ask_id)
    assert "未登记" in dropped[0].alert and h.rows(Attendance) == []
    await h.send("李明", "青石镇参演一万人")
    ask_id, question = h.last_card()
    ok = await h.press("李明", question.buttons[0][0].data, message_id=ask_id)
    assert "参演10000人" in ok[0].alert
    assert "已签到：10000人" in _edits(ok, card_id)[0].text


async def test_several_open_drills_ask_which(town):
    h = town
    await _card(h)
    await _card(h, "/drill 消防疏散演练 6月18日 15:00 白沙街道")
    ask = await h.send("李明", "青石镇参演12人")
    assert "2个演练未结束" in texts(ask)
    ask_id, question = h.last_card()
    chosen = await h.press("李明", question.buttons[1][0].data, message_id=ask_id)
    assert "青石镇 参演12人" in chosen[0].alert
    assert len(h.rows(Attendance)) == 1


async def test_strangers_press_and_write_nothing(town):
    h = town
    drill_id, card_id = await _card(h)
    replies = await h.press("路人", f"dr:sign:{drill_id}", message_id=card_id)
    assert "绑定" in replies[0].alert and h.rows(Attendance) == []


async def test_corrections_by_words_or_by_editing_the_message(town):
    h = town
    drill_id, card_id = await _card(h)
    await h.send("李明", "青石镇参演12人")
    message_id = h.last_message_id
    edited = await h.send("李明", "青石镇参演15人", edited_id=message_id)
    assert "12→15人" in texts(edited) and "已签到：15人" in _edits(edited, card_id)[0].text
    worded = await h.send("李明", "青石镇参演人数改为14人")
    assert "15→14人" in texts(worded)
    live = h.rows(Attendance, col(Attendance.superseded_by).is_(None))
    assert [(a.unit_id is not None, a.head_count) for a in live] == [(True, 14)]
    assert len(h.rows(Attendance)) == 3


async def test_a_unit_named_without_a_number_signs_the_sender_in(town):
    h = town
    await _card(h)
    replies = await h.send("张芳", "白沙街道已到场")
    assert "张芳 已签到" in texts(replies)
    (row,) = h.rows(Attendance)
    assert row.member_id is not None and row.unit_id is None


async def test_a_cancelled_drill_is_listed_without_a_count(town):
    h = town
    await _card(h, "/drill 地震疏散演练 6月25日 15:00 永安镇中心小学")
    await h.send(ADMIN, "/drill cancel")
    listed = texts(await h.send(ADMIN, "/drills 本月"))
    assert "6月25日 地震疏散演练（其他）永安镇中心小学 — 已取消\n" in listed


async def test_forged_or_stale_buttons_are_refused_politely(town):
    h = town
    drill_id, card_id = await _card(h)
    for data in ("dr:sign:abc", "dr:fig:1:2", f"dr:ok:{drill_id}:999:5", "dr:zzz", "dr:end:999",
                 "dr:sign:999", f"dr:fig:{drill_id}:1:-3", "dr:sign:99999999999999999999", "dr:end:3000000000", "dr:", f"dr:sign:{drill_id}:1"):
        replies = await h.press("李明", data, message_id=card_id)
        assert replies and replies[0].alert and "出了点问题" not in replies[0].alert, (data, replies)
    assert h.rows(Attendance) == []
    assert "正整数" in texts(await h.send("李明", "青石镇参演" + "9" * 30 + "人"))
    for text in ("/drill 演练 6月18日 9:00 " + "很长的地点" * 100, "/drill " + "长标题演练" * 60 + " 6月19日", "/drill end now", "/drill 9:00", "签到 0人",
                 "/drills 2026年13月", "参演" + "9" * 30 + "人"):
        replies = await h.send(ADMIN, text)
        assert "出了点问题" not in texts(replies), text


def test_card_names_thirty_units_then_counts_the_rest():
    from handlers.drill import CARD_UNITS, _by_unit
    from storage.drills import Tally

    names = {i: f"第{i}镇应急管理办公室" for i in range(1, 401)}
    tally = Tally(by_unit={**{i: 12 for i in names}, None: 3}, names=names)
    text = _by_unit(tally)
    assert text.startswith("第1镇应急管理办公室 12人、第2镇")
    assert f"第{CARD_UNITS}镇应急管理办公室 12人等401个单位" in text and f"第{CARD_UNITS + 1}镇" not in text
    assert len(text) < 1000
    small = Tally(by_unit={1: 14, 2: 0}, names={1: "青石镇", 2: "白沙街道"})
    assert _by_unit(small) == "青石镇 14人"


async def _bind(h, who: str, unit: str) -> None:
    await h.send(who, f"/bind {unit}")
    message_id, request = h.last_card()
    await h.press(ADMIN, request.buttons[0][0].data, message_id=message_id)


async def test_a_liaisons_figure_for_tomorrows_drill_is_recorded_replaced_and_counted(town):
    """The day before, minutes after the card: the unit's liaison gives its figure; an hour
    before the start a new one replaces it. The card, the end, /drills and the statistics
    all count the unit's 15."""
    h = town
    await h.send(ADMIN, "/addunit 云溪镇")
    await _bind(h, "孙丽", "云溪镇")
    h.at("16:00", day="2026-06-17")
    drill_id, card_id = await _card(h, "/drill 防汛抢险应急演练 6月18日 9:00 青石镇水库")
    assert "签到" in (await h.press("孙丽", f"dr:sign:{drill_id}", message_id=card_id))[0].alert
    await h.press("李明", f"dr:sign:{drill_id}", message_id=card_id)          # 青石镇

    h.at("16:05", day="2026-06-17")
    first = await h.send("孙丽", "云溪镇参演12人")
    assert "云溪镇 参演12人" in texts(first) and "当前合计13人" in texts(first)
    assert "分单位：青石镇 1人、云溪镇 12人" in _edits(first, card_id)[0].text   # 孙丽 is inside the 12
    assert "不能代“白沙街道”" in texts(await h.send("孙丽", "白沙街道参演5人"))
    h.at("08:00", day="2026-06-18")                                           # an hour before the start
    later = await h.send("孙丽", "云溪镇 签到 15人")
    assert "12→15人" in texts(later) and "当前合计16人" in texts(later)
    assert "已签到：16人" in _edits(later, card_id)[0].text
    figures = h.rows(Attendance, col(Attendance.member_id).is_(None))
    assert sorted((f.head_count, f.superseded_by is None) for f in figures) == [(12, False), (15, True)]

    h.at("11:00", day="2026-06-18")
    ended = await h.send(ADMIN, "/drill end")
    assert "参演合计16人" in texts(ended)
    assert "分单位：青石镇 1人、云溪镇 15人" in _edits(ended, card_id)[0].text
    listed = texts(await h.send(ADMIN, "/drills 本月"))
    assert "防汛抢险应急演练（防汛）青石镇水库 — 已开展，参演16人" in listed and "参演16人次" in listed
    asked = texts(await h.send(ADMIN, "本月演练情况"))
    assert "组织演练 1 次，参演 16 人次" in asked


async def test_a_figure_replying_to_a_card_goes_to_that_drill(town):
    h = town
    first_id, _ = await _card(h)
    second_id, second_card = await _card(h, "/drill 消防疏散演练 6月25日 15:00 白沙街道")
    replies = await h.send("李明", "青石镇参演12人", reply_to=second_card)
    assert "青石镇 参演12人（消防疏散演练）" in texts(replies)
    assert "分单位：青石镇 12人" in _edits(replies, second_card)[0].text
    assert [(a.drill_id, a.head_count) for a in h.rows(Attendance)] == [(second_id, 12)]
    signed = await h.send("张芳", "签到", reply_to=second_card)
    assert "张芳 已签到“消防疏散演练”" in texts(signed)
    chat = await h.send("张芳", "收到，准时参加", reply_to=second_card)     # not attendance: read as usual
    assert "签到" not in texts(chat) and len(h.rows(Attendance)) == 2
    await h.press(ADMIN, f"dr:end:{second_id}", message_id=second_card)
    late = await h.send("李明", "青石镇参演14人", reply_to=second_card)
    assert "已结束" in texts(late) and len(h.rows(Attendance)) == 2
    assert first_id != second_id


async def test_which_drill_buttons_record_only_what_their_sender_typed(town):
    """With several drills open the figure waits for its sender's press: another member's
    press, a forged or repeated one, or one after the sender lost the unit, writes nothing."""
    h = town
    first_id, _ = await _card(h)
    second_id, _ = await _card(h, "/drill 消防疏散演练 6月19日 15:00 白沙街道")
    await h.send("李明", "青石镇参演12人")
    ask_id, question = h.last_card()
    offered = [row[0].data for row in question.buttons]
    assert offered == [f"dr:fig:{second_id}", f"dr:fig:{first_id}"]         # latest date first
    for who, data in (("张芳", offered[0]), (ADMIN, offered[0]), ("李明", f"dr:ok:{second_id}"),
                      ("李明", f"dr:fig:{second_id}:1:9999"), ("李明", "dr:fig:99999")):
        refused = await h.press(who, data, message_id=ask_id)
        assert refused[0].alert and "出了点问题" not in refused[0].alert, (who, data, refused)
    assert h.rows(Attendance) == []
    chosen = await h.press("李明", offered[0], message_id=ask_id)
    assert "青石镇 参演12人（消防疏散演练）" in chosen[0].alert
    again = await h.press("李明", offered[1], message_id=ask_id)
    assert "失效" in again[0].alert
    assert [(a.drill_id, a.head_count) for a in h.rows(Attendance)] == [(second_id, 12)]

    # the presser's permission is checked again at the press
    await h.send("李明", "青石镇参演20人")
    ask_id, question = h.last_card()
    await _bind(h, "李明", "白沙街道")
    refused = await h.press("李明", question.buttons[0][0].data, message_id=ask_id)
    assert "不能代“青石镇”" in refused[0].alert
    assert [a.head_count for a in h.rows(Attendance)] == [12]


async def test_a_big_figure_picked_from_several_drills_still_asks_to_confirm(town):
    h = town
    h.deps.settings.attendance_ceiling = 100
    await _card(h)
    second_id, second_card = await _card(h, "/drill 消防疏散演练 6月19日 15:00 白沙街道")
    await h.send("李明", "青石镇参演500人")
    ask_id, question = h.last_card()
    asked = await h.press("李明", question.buttons[0][0].data, message_id=ask_id)
    assert "超过了常见规模（100人）" in texts(asked) and h.rows(Attendance) == []
    confirm_id, confirm = h.last_card()
    assert [b.data for b in confirm.buttons[0]] == [f"dr:ok:{second_id}", f"dr:no:{second_id}"]
    assert "失效" in (await h.press("张芳", f"dr:ok:{second_id}", message_id=confirm_id))[0].alert
    ok = await h.press("李明", f"dr:ok:{second_id}", message_id=confirm_id)
    assert "参演500人" in ok[0].alert and "已签到：500人" in _edits(ok, second_card)[0].text
