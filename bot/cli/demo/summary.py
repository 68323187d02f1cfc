"""Demo chapter, the last: the leader asks for this week's report and gets the draft as
messages, a .docx and the week's 隐患台账."""
from __future__ import annotations

from bot.cli.demo.stage import ADMIN, Demo


async def chapter(d: Demo) -> None:
    d.heading("周报：领导一句话生成本周周报")
    await d.say(d.day, "17:30", "李明", "生成本周周报")
    await d.say(d.day, "17:31", ADMIN, "生成本周周报")
