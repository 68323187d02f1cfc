"""The answers state what the ladder and the notices did: 催报N次 where the ladder
reminded, and the notices of a period (下发N期, 已收到 N / 应收到 M, units not yet
acknowledged), within the asker's scope."""
from __future__ import annotations

from datetime import date

from bot.runtime import scheduler as S
from storage.models import Group
from tests.helpers import ADMIN, GROUP, LEADERS_GROUP, texts

DAY = date(2026, 6, 18)


async def _nothing(reply):
    pass


async def _remind(town, day: date = DAY) -> None:
    """The 11:00 催报 of `day`: the ladder records one reminder per unit still missing."""
    town.at("11:00", day.isoformat())
    await S.Pusher(town.deps, _nothing).run_kind("remind", GROUP, day)


async def test_the_week_and_today_say_whom_the_ladder_reminded(town):
    town.at("09:00", "2026-06-17")
    await town.send("李明", "青石镇今日无突发事件，零报告")
    await _remind(town, date(2026, 6, 17))              # 4 units reminded on the 17th
    town.at("09:00")
    for officer, unit in (("李明", "青石镇"), ("张芳", "白沙街道"), ("陈刚", "双桥镇")):
        await town.send(officer, f"{unit}今日无突发事件，零报告")
    await _remind(town)                                  # 永安镇 and 市住建局 on the 18th
    town.at("11:30")
    week = texts(await town.send(ADMIN, "本周值班报送情况"))
    assert "催报 6 次：永安镇（2次）、市住建局（2次）、白沙街道（1次）、双桥镇（1次）" in week
    today = texts(await town.send(ADMIN, "今天哪些单位没报"))
    assert "还没报送的单位（2/5）：永安镇、市住建局" in today
    assert "今日已催报 2 个单位：永安镇、市住建局" in today
    overall = texts(await town.send(ADMIN, "本周整体情况怎么样"))
    assert "，催报 6 次" in overall


async def test_no_reminder_no_chased_line(town):
    town.at("11:30")
    assert "催报" not in texts(await town.send(ADMIN, "本周值班报送情况"))
    assert "催报" not in texts(await town.send(ADMIN, "今天哪些单位没报"))


async def test_a_unit_named_sees_its_own_reminders(town):
    await _remind(town)
    answer = texts(await town.send(ADMIN, "本周永安镇值班报送情况"))
    assert "（永安镇）" in answer and "催报 1 次：永安镇（1次）" in answer


async def _notices(town) -> None:
    """Two notices on the 18th: the first acknowledged by 青石镇 and 白沙街道, the second by none."""
    await town.send(ADMIN, "/role 王主任 leader")
    town.at("09:00")
    replies = await town.send(ADMIN, "/notice 请各单位上报防汛物资储备情况")
    data = next(r for r in replies if r.buttons).buttons[0][0].data
    for officer in ("李明", "张芳", "张芳"):             # a second tap counts once
        await town.press(officer, data, message_id=1)
    town.at("10:00")
    await town.send(ADMIN, "/notice 明天上午九点召开视频会")


async def test_notice_questions_answer_from_the_notices(town):
    await _notices(town)
    town.at("15:00")
    answer = texts(await town.send("李明", "本月通知签收情况"))
    lines = answer.splitlines()
    assert lines[0] == "📨 本月（6月1日—6月30日，截至6月18日） 通知签收情况"
    assert lines[1] == "下发通知 2 期，已收到 2 / 应收到 10（按单位），签收率 20%"
    assert lines[2] == "• 6月18日 10:00 “明天上午九点召开视频会”：已收到 0 / 应收到 5，未签收：青石镇、白沙街道、双桥镇、永安镇、市住建局"
    assert lines[3] == ("• 6月18日 09:00 “请各单位上报防汛物资储备情况”：已收到 2 / 应收到 5，"
                        "未签收：双桥镇、永安镇、市住建局")
    buttons = [b.text for r in await town.send("李明", "本月通知签收情况") for row in r.buttons for b in row]
    assert buttons == ["🔍 明细"]          # no chart for notices; its 明细: tests/handlers/test_detail.py
    recent = texts(await town.send("李明", "通知收到了吗"))
    assert recent.startswith("📨 近30天（5月20日—6月18日） 通知签收情况")
    assert "下发通知 2 期" in recent and recent.endswith("（未指明时间，按近30天统计）")
    assert "下发通知 2 期" in texts(await town.send("李明", "哪些单位还没签收通知？"))


async def test_notice_answers_keep_to_the_askers_scope(town):
    await _notices(town)
    town.at("15:00")
    unit = texts(await town.send("李明", "本月白沙街道通知签收情况"))
    assert "（白沙街道）" in unit and "已收到 1 / 应收到 2" in unit and "未签收：白沙街道" in unit
    with town.deps.session_factory() as s:                # a second duty group, its own notice
        s.add(Group(chat_id=-100777, title="河东群", role="duty", enrolled_at=town.deps.clock.now()))
        s.commit()
    await town.send(ADMIN, "/addunit 河东镇", chat=-100777)
    town.deps.platform.admins[-100777] = {town.uid(ADMIN)}
    await town.send(ADMIN, "/addunit 河东镇", chat=-100777)
    await town.send(ADMIN, "/notice @河东群 河东镇防汛检查", chat=-100777)
    own = texts(await town.send("李明", "本月通知签收情况"))
    assert "下发通知 2 期" in own and "河东镇防汛检查" not in own
    await town.set_leaders_group()
    every = texts(await town.send(ADMIN, "本月通知签收情况", chat=LEADERS_GROUP))
    assert "（全部单位）" in every and "下发通知 3 期，已收到 2 / 应收到 11" in every


async def test_no_notices_and_the_weekly_overview(town):
    town.at("15:00")
    assert texts(await town.send("李明", "本周通知签收情况")).endswith("这段时间没有下发通知。")
    assert "通知" not in texts(await town.send(ADMIN, "本周整体情况怎么样"))
    await _notices(town)
    assert "通知：下发 2 期，签收率 20%" in texts(await town.send(ADMIN, "本周整体情况怎么样"))


async def test_a_notice_itself_and_chatter_are_no_questions(town):
    await town.send(ADMIN, "/role 王主任 leader")
    town.at("09:00")
    assert texts(await town.send("李明", "收到，通知已转发")) == ""
    assert "已下发到" in texts(await town.send(ADMIN, "发通知：明天开会，收到请回复"))
