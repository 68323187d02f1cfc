"""The escalation ladder: 催报 before the deadline, 漏报 on the board at it, a private
message to each missing unit's chief after a delay, one line to the leaders later. Each
step once per unit and day, recorded with who was told; a late report stops it; days off
do not escalate unless set to."""
from __future__ import annotations

from datetime import date, datetime, time

from bot.runtime import scheduler as S
from handlers import reminders as P
from storage import boards, people, stats
from storage.models import Escalation
from tests.conftest import CST
from tests.helpers import ADMIN, GROUP, LEADERS_GROUP, OFFICERS, texts

DAY = date(2026, 6, 18)          # a Thursday, a working day
HOLIDAY = date(2026, 6, 19)      # 端午节


def at(hhmm: str, day: date = DAY) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), tzinfo=CST)


async def appoint_chief(h, name: str, unit: str) -> None:
    await h.send(name, f"/bind {unit}")
    message_id, card = h.last_card()
    await h.press(ADMIN, card.buttons[0][0].data, message_id=message_id)
    assert "单位负责人" in texts(await h.send(ADMIN, f"/role {name} chief"))


async def report(h, unit: str, hhmm: str, day: str = "2026-06-18") -> None:
    h.at(hhmm, day)
    await h.send(OFFICERS[unit], f"{unit}今日无突发事件，零报告")


class Sent(list):
    async def __call__(self, reply) -> None:
        self.append(reply)


async def run(h, kind: str, hhmm: str, day: date = DAY) -> Sent:
    h.at(hhmm, day.isoformat())
    sent = Sent()
    await S.Pusher(h.deps, sent).run_kind(kind, GROUP, day)
    return sent


def steps(h, step: str) -> dict[str, list[int]]:
    with h.deps.session_factory() as session:
        names = {u.id: u.name for u in people.all_units(session=session)}
        return {names[e.unit_id]: e.told for e in session.exec(
            boards.select(Escalation).where(Escalation.step == step))}


async def test_the_whole_ladder_once_per_unit_recorded(town):
    await appoint_chief(town, "赵镇长", "双桥镇")
    await town.set_leaders_group()
    await report(town, "青石镇", "09:00")

    reminded = await run(town, "remind", "11:00")
    assert [r.text[:4] for r in reminded] == ["📋 6月", "⏰ 催报"]
    remind_steps = steps(town, "remind")
    assert set(remind_steps) == {"白沙街道", "双桥镇", "永安镇", "市住建局"}
    assert town.uid("陈刚") in remind_steps["双桥镇"] and town.uid("赵镇长") in remind_steps["双桥镇"]

    await run(town, "tally", "12:00:01")
    assert set(steps(town, "overdue")) == {"白沙街道", "双桥镇", "永安镇", "市住建局"}

    await report(town, "永安镇", "12:30")           # late: the ladder stops for 永安镇
    chiefs = await run(town, "chief", "13:00")
    assert [r.chat_id for r in chiefs] == [town.uid("赵镇长")]    # only 双桥镇 has a chief
    assert "双桥镇 6月18日 值班情况截止 12:00 仍未报送（群内已催报）。" in chiefs[0].text
    assert steps(town, "chief") == {"双桥镇": [town.uid("赵镇长")]}
    assert await run(town, "chief", "13:05") == []                  # once per unit and day

    leaders = await run(town, "escalate", "15:00")
    [line] = leaders
    assert line.chat_id == LEADERS_GROUP
    assert line.text == ("📌 群-100123 6月18日 截止 12:00 仍未报送 3 个单位：白沙街道、双桥镇、市住建局"
                         "（已私信单位负责人）")
    assert set(steps(town, "leaders")) == {"白沙街道", "双桥镇", "市住建局"}
    assert await run(town, "escalate", "15:10") == []
    with town.deps.session_factory() as session:
        group = people.get_group(session=session, chat_id=GROUP)
        chased = stats.reminded_by_unit(session=session, scope=stats.Scope.of_group(group), start=DAY, end=DAY)
    assert sorted(chased) == [("双桥镇", 1), ("市住建局", 1), ("永安镇", 1), ("白沙街道", 1)]


async def test_a_report_before_the_chiefs_step_spares_its_unit(town):
    await appoint_chief(town, "赵镇长", "双桥镇")
    await report(town, "双桥镇", "12:45")
    assert await run(town, "chief", "13:00") == []


async def test_days_off_do_not_escalate_unless_set_to(town):
    await appoint_chief(town, "赵镇长", "双桥镇")
    town.at("09:00", HOLIDAY.isoformat())
    assert await run(town, "chief", "13:00", HOLIDAY) == []
    answer = texts(await town.send(ADMIN, "/remind 节假日 开启"))
    assert "节假日：照常升级" in answer
    assert len(await run(town, "chief", "13:00", HOLIDAY)) == 1


async def test_quiet_hours_hold_a_step(town):
    await appoint_chief(town, "赵镇长", "双桥镇")
    await town.send(ADMIN, "/remind 负责人 660")      # 23:00, inside the default quiet hours
    assert await run(town, "chief", "23:00") == []
    assert steps(town, "chief") == {}


async def test_ladder_settings(town):
    answer = texts(await town.send(ADMIN, "/remind"))
    assert "• 逐级催报：截止后 60分钟（默认） 私信单位负责人，180分钟（默认） 报领导群；节假日：不升级（仅群内催报）" in answer
    assert "已保存" in texts(await town.send(ADMIN, "/remind 负责人 30"))
    assert "不是有效的时长" in texts(await town.send(ADMIN, "/remind 报领导 abc"))
    assert "应晚于" in texts(await town.send(ADMIN, "/remind 报领导 20"))
    refused = texts(await town.send("李明", "/remind 负责人 10"))      # not an admin
    assert "已保存" not in refused and refused
    with town.deps.session_factory() as session:
        group = people.get_group(session=session, chat_id=GROUP)
        cfg = P.RemindSettings.of(group)
        assert cfg.schedule("chief") == (None, time(12, 30))
        assert cfg.schedule("escalate") == (None, time(15, 0))
    jobs = S.desired_jobs(town.deps)
    assert f"chief:{GROUP}" in jobs and f"escalate:{GROUP}" in jobs
    assert "已保存" in texts(await town.send(ADMIN, "/remind 负责人 关闭"))
    assert f"chief:{GROUP}" not in S.desired_jobs(town.deps)


async def test_ladder_delays_read_like_the_notice_delay(town):
    """负责人 / 报领导 take 1小时, 1.5小时 and 90分钟 as 通知催收 does, up to the same 12 hours."""
    assert "已保存" in texts(await town.send(ADMIN, "/remind 负责人 1小时"))
    assert "已保存" in texts(await town.send(ADMIN, "/remind 报领导 1.5小时"))
    with town.deps.session_factory() as session:
        cfg = P.RemindSettings.of(people.get_group(session=session, chat_id=GROUP))
        assert (cfg.chief_after, cfg.leaders_after) == (60, 90)
    assert "已保存" in texts(await town.send(ADMIN, "/remind 报领导 12小时"))
    assert "已保存" not in texts(await town.send(ADMIN, "/remind 报领导 13小时"))
    assert "已保存" not in texts(await town.send(ADMIN, "/remind 负责人 0"))


def test_delay_stays_within_the_day():
    assert P.after_deadline(time(12, 0), 180) == time(15, 0)
    assert P.after_deadline(time(22, 0), 180) == time(23, 59)


async def test_chief_is_an_ordinary_member_otherwise(town):
    await appoint_chief(town, "赵镇长", "双桥镇")
    town.at("09:00")
    replies = await town.send("赵镇长", "双桥镇今日无突发事件，零报告")
    assert "已登记：双桥镇" in texts(replies)
