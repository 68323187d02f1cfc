"""Notices with 收到: sent by an admin or leader to every duty group with a 收到 button,
each member's first tap recorded, the sender's tally edited in place by unit, a forged
or foreign button refused, one reminder later to groups with units not yet acknowledged."""
from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.runtime import scheduler as S
from storage.models import NoticeReceipt
from tests.helpers import ADMIN, GROUP, texts


async def _leader(town) -> None:
    await town.send(ADMIN, "/role 王主任 leader")


def _notice(replies):
    return next(r for r in replies if r.buttons)


def _has_ack(reply) -> bool:
    """A notice itself (its 收到 button), not the sender's tally (its 🔍 明细)."""
    return any(b.data.startswith("nt:") for row in reply.buttons for b in row)


async def test_notice_reaches_the_group_and_receipts_edit_the_tally(town):
    await _leader(town)
    town.at("09:00")
    replies = await town.send(ADMIN, "/notice 明日起进入主汛期，各单位严格落实24小时值班。", chat=town.uid(ADMIN))
    notice = _notice(replies)
    assert notice.chat_id == GROUP and "明日起进入主汛期" in notice.text
    assert [b.text for b in notice.buttons[0]] == ["收到"]
    tally = replies[-1]
    assert tally.tag[0] == "notice_tally" and "已收到 0 / 应收到 5（按单位）" in tally.text
    tally_id = next(m for c, m, r in town.sent if r is tally)
    data = notice.buttons[0][0].data
    notice_message = next(m for c, m, r in town.sent if r is notice)

    pressed = await town.press("李明", data, message_id=notice_message)
    assert pressed[0].alert == "已签收，谢谢。"
    edit = pressed[1]
    assert edit.edit_message_id == tally_id and "已收到 1 / 应收到 5" in edit.text
    assert "未签收：白沙街道、双桥镇、永安镇、市住建局" in edit.text
    again = await town.press("李明", data, message_id=notice_message)
    assert again[0].alert == "您已签收过了。" and len(again) == 1
    assert len(town.rows(NoticeReceipt)) == 1


async def test_free_text_trigger_and_who_may_send(town):
    town.at("09:00")
    assert "只有管理员或领导" in texts(await town.send("李明", "/notice 测试"))
    assert "只有管理员或领导" in texts(await town.send("李明", "发通知：测试"))
    await _leader(town)
    replies = await town.send(ADMIN, "发通知：今晚8点视频调度会")
    assert _notice(replies).text.splitlines()[1] == "今晚8点视频调度会"
    assert "用法" in texts(await town.send(ADMIN, "/notice"))


async def test_forged_and_foreign_buttons_and_strangers_write_nothing(town):
    await _leader(town)
    town.at("09:00")
    replies = await town.send(ADMIN, "/notice 测试通知")
    data = _notice(replies).buttons[0][0].data
    other_chat = -100888
    # a group never enrolled: the press is refused before any handler (the trust boundary)
    [refused] = await town.press("李明", data, message_id=1, chat=other_chat)
    assert "本群尚未启用值守助手" in (refused.alert or refused.text)
    assert (await town.press("李明", "nt:999", message_id=1))[0].alert == "这个按钮已失效。"
    for forged in ("nt:abc", "nt:9223372036854775808", "nt:²", "nt:-1", "nt:"):
        assert (await town.press("李明", forged, message_id=1))[0].alert == "这个按钮已失效。"
    assert "绑定" in (await town.press("路人", data, message_id=1))[0].alert
    assert town.rows(NoticeReceipt) == []


async def test_one_reminder_to_groups_not_all_acknowledged(town):
    await _leader(town)
    town.at("09:00")
    replies = await town.send(ADMIN, "/notice 请各单位上报防汛物资储备情况")
    data = _notice(replies).buttons[0][0].data
    for officer in ("李明", "张芳", "陈刚", "刘洋"):
        await town.press(officer, data, message_id=1)
    sent = []

    async def send(reply):
        sent.append(reply)

    pusher = S.Pusher(town.deps, send)
    town.at("10:59")
    assert await pusher.notices() == 0                      # not yet: two hours after sending
    town.at("11:00")
    assert await pusher.notices() == 1
    assert sent[0].chat_id == GROUP and "尚未签收通知“请各单位上报防汛物资储备情况”：市住建局" in sent[0].text
    assert sent[0].mention_user_ids == (town.uid("周敏"),)
    town.at("11:05")
    assert await pusher.notices() == 0                      # once


async def test_a_disabled_group_gets_no_notice_reminder(town):
    """/disable after the notice: two hours later nothing reaches the group."""
    await _leader(town)
    town.at("09:00")
    await town.send(ADMIN, "/notice 请各单位上报防汛物资储备情况")
    await town.send(ADMIN, "/disable")
    sent = []

    async def send(reply):
        sent.append(reply)

    town.at("11:00")
    assert await S.Pusher(town.deps, send).notices() == 0
    assert sent == []


async def test_each_group_sets_its_own_reminder_delay_or_none(town):
    """/remind 通知催收 30分钟 brings the reminder forward; 关闭 means no reminder at all."""
    await _leader(town)
    await town.send("王主任", "/remind 通知催收 30分钟")
    town.at("09:00")
    await town.send(ADMIN, "/notice 请各单位上报防汛物资储备情况")
    sent = []

    async def send(reply):
        sent.append(reply)

    pusher = S.Pusher(town.deps, send)
    town.at("09:29")
    assert await pusher.notices() == 0
    town.at("09:30")
    assert await pusher.notices() == 1 and sent[0].chat_id == GROUP
    await town.send("王主任", "/remind 通知催收 关闭")
    town.at("10:00")
    await town.send(ADMIN, "/notice 第二份通知")
    for hhmm in ("12:00", "15:00", "23:30"):
        town.at(hhmm)
        assert await pusher.notices() == 0                  # switched off: never reminded
    assert len(sent) == 1


async def test_weekly_draft_counts_notices_receipts_and_reminders(town):
    from datetime import date

    from reports.build import build_facts
    from reports.draft import draft
    from reports.facts import Period
    from storage import people

    await _leader(town)
    town.at("09:00")
    data = _notice(await town.send(ADMIN, "/notice 通知一")).buttons[0][0].data
    for officer in ("李明", "张芳"):
        await town.press(officer, data, message_id=1)
    await town.send(ADMIN, "/notice 通知二")

    async def send(reply):
        pass

    town.at("11:00")
    await S.Pusher(town.deps, send).run_kind("remind", GROUP, date(2026, 6, 18))     # 催报: 5 units (none reported)
    with town.deps.session_factory() as session:
        group = people.get_group(session=session, chat_id=GROUP)
        facts = build_facts(session, Period.week_of(date(2026, 6, 18)), group, date(2026, 6, 18),
                            deadline_passed=False)
    assert (facts.notices.issued, facts.notices.expected, facts.notices.acknowledged) == (2, 10, 2)
    text = draft(facts)
    assert "本周下发通知2期，签收率20%。" in text
    assert "本周对未及时报送单位催报5次。" in text


async def test_a_deactivated_unit_is_not_owed_a_receipt_in_any_count(town):
    """应收到 is the roster's active units: the notice's tally and the period's totals agree."""
    from datetime import date

    from reports.build import build_facts
    from reports.facts import Period
    from storage import notices, people
    from storage.models import Unit

    await _leader(town)
    town.at("09:00")
    await town.send(ADMIN, "/notice 通知一")
    with town.deps.session_factory() as session:
        session.exec(select(Unit).where(Unit.name == "市住建局")).one().active = False
        session.commit()
        group = people.get_group(session=session, chat_id=GROUP)
        [notice] = notices.notices_since(session=session, since=town.deps.clock.now() - timedelta(hours=1))
        [tally] = notices.tally(session=session, notice_id=notice.id)
        facts = build_facts(session, Period.week_of(date(2026, 6, 18)), group, date(2026, 6, 18),
                            deadline_passed=False)
    assert tally.units == facts.notices.expected == 4


async def test_the_sender_chooses_the_groups(town):
    await _leader(town)
    other = -100444
    town.deps.platform.admins[other] = {town.uid(ADMIN)}
    await town.send(ADMIN, "/addunit 外区镇", chat=other)
    town.at("09:00")
    everywhere = await town.send(ADMIN, "/notice 通知甲")
    assert {r.chat_id for r in everywhere if _has_ack(r)} == {GROUP, other}
    chosen = await town.send(ADMIN, f"/notice @群{other} 通知乙")
    assert [r.chat_id for r in chosen if _has_ack(r)] == [other]
    assert "应收到 1" in chosen[-1].text
    assert "没找到值班群：某某群" in texts(await town.send(ADMIN, "/notice @某某群 通知丙"))
    assert "用法" in texts(await town.send(ADMIN, f"/notice @群{other}"))
