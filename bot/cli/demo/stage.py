"""The demo's stage: the group, its people and units, and `Demo`, which says and presses
as someone at a chosen hour of a chosen day. Every chapter plays on it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.console import ConsoleChat
from core.clock import FakeClock
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
        self.clock.set(datetime.combine(day, time.fromisoformat(hhmm), tzinfo=TZ))

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
