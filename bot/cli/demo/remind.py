"""Demo chapter: the reminder settings, and a leaders' group to receive tallies and drafts.
Nothing is pushed here: run the console with --clock to watch 11:00 and 12:00 pass."""
from __future__ import annotations

from bot.console import ConsoleChat
from bot.cli.demo.stage import ADMIN, LEADERS, Demo


async def chapter(d: Demo) -> None:
    d.heading("定时提醒：催报、截止汇总、隐患提醒、周报草稿")
    leaders = ConsoleChat(d.deps, LEADERS, out=d.chat.out)
    d.at(d.day, "17:10")
    await leaders.say(ADMIN, "/enable")                # a root admin enrols the leaders' group
    await d.say(d.day, "17:11", ADMIN, f"/remind 领导群 {LEADERS}")
    await d.say(d.day, "17:12", "李明", "/remind 催报 10:00")      # not an admin: refused
