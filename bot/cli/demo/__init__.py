"""`python -m bot demo`: a scripted working week in one duty group, printed as a chat
transcript. No token, no network. Runs on DATABASE_URL when set, otherwise on a fresh
SQLite file in a temporary directory (its path is printed so later commands can read it).

The chapters, in clock order: week.py (roster, earlier days, the last morning), then one
file per capability (ladder, hazard, drill, ask, remind, notice, summary); stage.py holds what they share."""
from __future__ import annotations

import os
import tempfile
from datetime import date, datetime, time

from bot.cli.demo import ask, drill, hazard, ladder, notice, remind, summary, week
from bot.cli.demo.stage import ADMIN, GROUP, TZ, Demo
from bot.console import ConsoleChat, ConsolePlatform, with_root_admins
from bot.runtime.settings import Settings
from core.clock import FakeClock
from handlers.runner import Deps


def chapters() -> list:
    return [week.setup_roster, week.earlier_days, week.last_morning, ladder.chapter,
            *(m.chapter for m in (hazard, drill, ask, remind, notice, summary))]


async def run_demo(settings: Settings, day: date, *, out=None) -> Deps:
    from bot.runtime.app import build_deps

    clock = FakeClock(datetime.combine(day, time(8, 0), tzinfo=TZ))
    platform = ConsolePlatform()
    # 王主任 is the office's root admin: the first command enrols the duty group
    deps = build_deps(with_root_admins(settings, ADMIN), platform, clock)
    chat = ConsoleChat(deps, GROUP, out=out)
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
