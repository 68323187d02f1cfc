"""Demo chapters of the duty week: the roster set up, four earlier days (one report late,
one missing) and the last morning (a report about a handled incident, the questions)."""
from __future__ import annotations

from datetime import timedelta

from bot.cli.demo.stage import ADMIN, UNITS, Demo
from bot.runtime.scheduler import Pusher

async def setup_roster(d: Demo) -> None:
    d.heading("准备：管理员建立值班名单，值班员绑定单位")
    first = d.day - timedelta(days=4)
    await d.say(first, "08:00", ADMIN, "/enable")
    for unit, aliases, _ in UNITS:
        await d.say(first, "08:01", ADMIN, f"/addunit {unit} {' '.join(aliases)}")
    for unit, _, officer in UNITS:
        await d.say(first, "08:05", officer, f"/bind {unit}")
        await d.press(first, "08:06", ADMIN, "同意")
    await d.say(first, "08:10", ADMIN, "/bind 青石镇")
    await d.say(first, "08:11", ADMIN, "/role 王主任 leader")


DAILY = {  # officer -> the words they use; the last day is scripted apart
    "李明": "青石镇{md}值班情况：值班人员在岗在位，今日无突发事件，零报告。",
    "张芳": "白沙街道今日值班值守情况正常，无突发事件，零报告。",
    "陈刚": "双桥镇值班情况：今日无突发事件。",
    "刘洋": "永安镇{md}值班正常，零报告",
    "周敏": "市住建局值班情况：带班领导陈志刚，值班员周敏，今日无突发事件。",
}


async def earlier_days(d: Demo) -> None:
    for back in (4, 3, 2, 1):
        day = d.day - timedelta(days=back)
        d.heading(f"{day.month}月{day.day}日")
        said = []
        for i, (officer, words) in enumerate(DAILY.items()):
            hhmm = f"0{8 + i // 3}:{10 + 7 * i:02d}"
            if back == 3 and officer == "陈刚":
                hhmm = "13:40"          # late once
            if back == 2 and officer == "刘洋":
                continue                # missing once
            said.append((hhmm, officer, words.format(md=f"{day.month}月{day.day}日")))
        for hhmm, officer, words in sorted(said):       # in time order: the clock never runs back
            await d.say(day, hhmm, officer, words)


async def last_morning(d: Demo) -> None:
    day = d.day
    d.heading(f"{day.month}月{day.day}日（今天）上午")
    await d.say(day, "08:42", "李明", f"青石镇{day.month}月{day.day}日值班情况：值班人员在岗在位，今日无突发事件，零报告。")
    await d.say(day, "09:15", "张芳", "白沙街道今日值班值守情况正常，无突发事件，零报告。")
    await d.say(day, "10:03", "周敏", "市住建局值班情况：带班领导陈志刚，值班员周敏，今日无突发事件。")
    await d.say(day, "10:20", "路人甲", "请问这个群是做什么的？")
    pusher = Pusher(d.deps, d.chat.push)        # what the scheduler sends at 11:00 and 12:00
    d.at(day, "11:00")
    await pusher.run_kind("remind", d.chat.chat_id, day)
    await d.say(day, "11:01", ADMIN, "/missing")
    d.at(day, "12:00:01")                     # a scheduler fires just after the deadline instant
    await pusher.run_kind("tally", d.chat.chat_id, day)
    await d.say(day, "12:40", "陈刚", "双桥镇今日值班情况：凌晨双桥村一民房厨房起火，村应急分队及时扑灭，无人员伤亡。其余情况正常。")
    await d.say(day, "12:45", ADMIN, "今天哪些单位还没报")
    await d.say(day, "12:46", ADMIN, "/today")
