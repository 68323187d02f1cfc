"""`python -m bot demo`: a scripted working week in one duty group, printed as a chat
transcript. No token, no network. Runs on DATABASE_URL when set, otherwise on a fresh
SQLite file in a temporary directory (its path is printed so later commands can read it)."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.clock import FakeClock
from bot.config import Settings
from bot.console import ConsoleChat, ConsolePlatform, synthetic_id
from handlers.runner import Deps

GROUP = "青石区应急值班群"
LEADERS = "青石区应急管理局领导群"
ADMIN = "王主任"
UNITS = [  # unit, aliases, duty officer
    ("青石镇", ["青石"], "李明"),
    ("白沙街道", ["白沙"], "张芳"),
    ("双桥镇", ["双桥"], "陈刚"),
    ("永安镇", ["永安"], "刘洋"),
    ("市住建局", ["住建局"], "周敏"),
]
TZ = ZoneInfo("Asia/Shanghai")


@dataclass
class Demo:
    deps: Deps
    clock: FakeClock
    chat: ConsoleChat
    day: date

    def at(self, day: date, hhmm: str) -> None:
        hh, mm = (int(x) for x in hhmm.split(":"))
        self.clock.set(datetime.combine(day, time(hh, mm), tzinfo=TZ))

    async def say(self, day: date, hhmm: str, who: str, text: str, **kw):
        self.at(day, hhmm)
        return await self.chat.say(who, text, **kw)

    async def press(self, day: date, hhmm: str, who: str, label: str):
        """Press the newest button with this label."""
        self.at(day, hhmm)
        for number in sorted(self.chat.buttons, reverse=True):
            if self.chat.buttons[number][1].text == label:
                return await self.chat.press(who, number)
        raise LookupError(label)

    def heading(self, text: str) -> None:
        self.chat._print(f"\n——— {text} ———")


async def setup_roster(d: Demo) -> None:
    d.heading("准备：管理员建立值班名单，值班员绑定单位")
    first = d.day - timedelta(days=4)
    await d.say(first, "08:00", ADMIN, "/start")
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
        for i, (officer, words) in enumerate(DAILY.items()):
            hhmm = f"0{8 + i // 3}:{10 + 7 * i:02d}"
            if back == 3 and officer == "陈刚":
                hhmm = "13:40"          # late once
            if back == 2 and officer == "刘洋":
                continue                # missing once
            await d.say(day, hhmm, officer, words.format(md=f"{day.month}月{day.day}日"))


async def last_morning(d: Demo) -> None:
    day = d.day
    d.heading(f"{day.month}月{day.day}日（今天）上午")
    await d.say(day, "08:42", "李明", f"青石镇{day.month}月{day.day}日值班情况：值班人员在岗在位，今日无突发事件，零报告。")
    await d.say(day, "09:15", "张芳", "白沙街道今日值班值守情况正常，无突发事件，零报告。")
    await d.say(day, "10:03", "周敏", "市住建局值班情况：带班领导陈志刚，值班员周敏，今日无突发事件。")
    await d.say(day, "10:20", "路人甲", "请问这个群是做什么的？")
    await d.say(day, "11:00", ADMIN, "/missing")
    await d.say(day, "12:40", "陈刚", "双桥镇今日值班情况：凌晨双桥村一民房厨房起火，村应急分队及时扑灭，无人员伤亡。其余情况正常。")
    await d.say(day, "12:45", ADMIN, "今天哪些单位还没报")
    await d.say(day, "12:46", ADMIN, "/today")


def chapters() -> list:
    """The duty week, then each capability's chapter (bot/demo_<name>.py), in clock order.
    Imported here, not at the top: each chapter module imports Demo from this one."""
    from bot import demo_ask, demo_drill, demo_hazard, demo_remind, demo_summary

    return [setup_roster, earlier_days, last_morning,
            *(m.chapter for m in (demo_hazard, demo_drill, demo_ask, demo_remind, demo_summary))]


async def run_demo(settings: Settings, day: date, *, out=None) -> Deps:
    from bot.app import build_deps

    clock = FakeClock(datetime.combine(day, time(8, 0), tzinfo=TZ))
    platform = ConsolePlatform()
    deps = build_deps(settings, platform, clock)
    chat = ConsoleChat(deps, GROUP, out=out)
    platform.admins = {chat.chat_id: {synthetic_id(ADMIN)}}
    demo = Demo(deps=deps, clock=clock, chat=chat, day=day)
    for chapter in chapters():
        await chapter(demo)
    return deps


def demo_settings() -> tuple[Settings, str | None]:
    """DATABASE_URL when set; otherwise a fresh file in a temporary directory."""
    if os.environ.get("DATABASE_URL"):
        return Settings(), None
    path = os.path.join(tempfile.mkdtemp(prefix="zhishou-demo-"), "demo.db")
    return Settings(database_url=f"sqlite:///{path}"), path
