"""Demo chapter: on the last afternoon the leader asks in plain words and gets one screen
each: this week's hazards (and their chart), last week's late reports, this week's
duty, the last five days' (and, under 明细, each unit's day, a page at a time edited in
place), the drills."""
from __future__ import annotations

from bot.cli.demo.stage import ADMIN, Demo


async def chapter(d: Demo) -> None:
    d.heading("提问：领导直接用一句话问，一屏答复")
    await d.say(d.day, "17:00", ADMIN, "本周隐患整改情况")
    await d.press(d.day, "17:01", ADMIN, "📊 图表")
    await d.say(d.day, "17:02", ADMIN, "上周哪些单位迟报了")
    await d.say(d.day, "17:03", ADMIN, "本周值班报送情况怎么样，出个图")
    # The records behind the figures, over the demo's five days (this week alone may hold
    # one day: run on a Monday its 明细 has a single page), then the next page in place.
    await d.say(d.day, "17:03", ADMIN, "近5天值班报送情况")
    await d.press(d.day, "17:03", ADMIN, "🔍 明细")
    await d.press(d.day, "17:03", ADMIN, "下一页 ➡️")
    await d.say(d.day, "17:04", ADMIN, "近7天演练情况")
    await d.say(d.day, "17:05", ADMIN, "下周隐患情况怎么样")
