"""Demo chapter: the escalation ladder. 永安镇 has not reported by the deadline: its chief,
appointed by the admin, gets a private message an hour later (the push the scheduler
would send at 13:00, run here by hand). On a day off (a weekend, a holiday) the ladder
escalates only when the group says so: the admin switches 节假日 on first, so the step is
seen whatever day the demo is run."""
from __future__ import annotations

from bot.cli.demo.stage import ADMIN, Demo
from bot.runtime.scheduler import Pusher
from handlers.reminders import working_calendar

CHIEF = "赵镇长"


async def chapter(d: Demo) -> None:
    d.heading("逐级催报：截止后仍未报送，私信单位负责人")
    await d.say(d.day, "12:50", CHIEF, "/bind 永安镇")
    await d.press(d.day, "12:51", ADMIN, "同意")
    await d.say(d.day, "12:52", ADMIN, f"/role {CHIEF} chief")
    with d.deps.session_factory() as session:
        day_off = not working_calendar(session).is_workday(d.day)
    if day_off:
        await d.say(d.day, "12:53", ADMIN, "/remind 节假日 开启")
    else:
        await d.say(d.day, "12:53", ADMIN, "/remind")
    d.at(d.day, "13:00")
    await Pusher(d.deps, d.chat.push).run_kind("chief", d.chat.chat_id, d.day)
