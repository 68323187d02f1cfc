"""End-to-end: a real aiogram Bot and Dispatcher polling a fake Bot API on 127.0.0.1."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

import pytest
from aiogram import Bot, Dispatcher

from core.clock import FakeClock
from bot.runtime.settings import Settings
from bot.telegram.client import build_bot, prepare
from bot.telegram.inbound import build_dispatcher
from bot.telegram.platform import TelegramPlatform
from handlers.runner import Deps
from storage.db import SessionFactory, make_engine, migrate
from tests.conftest import CST
from tests.fakes.botapi import FakeBotAPI

GROUP = -1001234567890
ADMIN_ID = 900001


@dataclass
class Live:
    server: FakeBotAPI
    bot: Bot
    dispatcher: Dispatcher
    deps: Deps
    clock: FakeClock

    def at(self, iso: str) -> datetime:
        when = datetime.fromisoformat(iso).replace(tzinfo=CST)
        self.clock.set(when)
        return when

    async def say(self, user_id: int, text: str, *, name: str = "测试用户", at: str | None = None,
                  **kw) -> int:
        """Push a message and wait until the bot has confirmed (processed) it."""
        when = self.at(at) if at else self.clock.now()
        update_id = self.server.push_message(GROUP, user_id, text, first_name=name, date=when,
                                             chat_title="青石区应急值班群", **kw)
        await self.server.wait_confirmed(update_id, timeout=10)
        return update_id

    async def press(self, user_id: int, message_id: int, data: str, *, name: str = "测试用户") -> int:
        update_id = self.server.push_callback(GROUP, user_id, message_id, data, first_name=name)
        await self.server.wait_confirmed(update_id, timeout=10)
        return update_id


@pytest.fixture
async def live(tmp_path, db_url):
    server = FakeBotAPI()
    await server.start()
    clock = FakeClock(datetime(2026, 6, 18, 8, 0, tzinfo=CST))
    settings = Settings(_env_file=None, database_url=db_url, bot_admins=str(ADMIN_ID),
                        telegram_bot_token=server.token, telegram_api_server=server.base_url)
    bot = build_bot(settings)           # the production path: token and API server from settings
    platform = TelegramPlatform(bot)
    engine = make_engine(db_url)
    migrate(engine)
    deps = Deps(session_factory=SessionFactory(engine), clock=clock, settings=settings, platform=platform)
    dispatcher = build_dispatcher(deps)
    await prepare(bot, platform)
    task = asyncio.create_task(dispatcher.start_polling(bot, polling_timeout=1, handle_signals=False, handle_as_tasks=False,
                                                        close_bot_session=False))
    try:
        yield Live(server=server, bot=bot, dispatcher=dispatcher, deps=deps, clock=clock)
    finally:
        await dispatcher.stop_polling()
        await asyncio.wait_for(task, timeout=10)
        await bot.session.close()
        await server.stop()
        engine.dispose()
