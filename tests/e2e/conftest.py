"""End-to-end: a real aiogram Bot and Dispatcher polling a fake Bot API on 127.0.0.1."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING
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

if TYPE_CHECKING:  # pragma: no cover
    from tests.fakes.dingtalk import FakeDingTalk

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


# ---- DingTalk: the real dingtalk-stream SDK against tests/fakes/dingtalk.py ---------------

@dataclass
class LiveDingTalk:
    fake: "FakeDingTalk"
    deps: Deps
    clock: FakeClock
    client: object
    sender: object

    def at(self, iso: str) -> datetime:
        when = datetime.fromisoformat(iso).replace(tzinfo=CST)
        self.clock.set(when)
        return when

    async def say(self, staff: str, text: str, *, name: str = "测试用户", at: str | None = None, **kw) -> str:
        """@-mention the robot with text and wait until the frame is acked (handled)."""
        when = self.at(at) if at else self.clock.now()
        frame = await self.fake.say(text, staff=staff, nick=name, at_ms=int(when.timestamp() * 1000), **kw)
        await self.fake.wait_acked(frame)
        await self.sender.settled()
        return frame

    async def press(self, staff: str, out_track_id: str, data: str) -> str:
        frame = await self.fake.press(out_track_id, data, staff=staff)
        await self.fake.wait_acked(frame)
        await self.sender.settled()
        return frame


DT_ADMIN = "manager01"


@pytest.fixture
async def dingtalk(db_url):
    from bot.dingtalk.identities import user_number
    from bot.dingtalk.pacing import dingtalk_pacer
    from bot.dingtalk.platform import DingTalkPlatform
    from bot.dingtalk.run import build
    from bot.dingtalk.watchdog import Watchdog
    from tests.fakes.dingtalk import CLIENT_ID, CLIENT_SECRET, ROBOT_CODE, FakeDingTalk

    fake = await FakeDingTalk().start()
    clock = FakeClock(datetime(2026, 6, 18, 8, 0, tzinfo=CST))
    settings = Settings(_env_file=None, database_url=db_url, bot_admins=str(user_number(DT_ADMIN)),
                        bot_platform="dingtalk", dingtalk_client_id=CLIENT_ID, dingtalk_client_secret=CLIENT_SECRET,
                        dingtalk_robot_code=ROBOT_CODE, dingtalk_api_base=fake.base_url,
                        dingtalk_oapi_base=fake.base_url, dingtalk_card_template="zhishou-card")
    engine = make_engine(db_url)
    migrate(engine)
    deps = Deps(session_factory=SessionFactory(engine), clock=clock, settings=settings, platform=DingTalkPlatform())
    client, sender, api = build(settings, deps, watchdog=Watchdog(silence=30, check_every=0.05),
                                  reconnect_first=0.05)
    sender.coalescer.window = 0.3
    sender.pacer = dingtalk_pacer(minute=1.0)       # DingTalk's 20 a minute, in a 1 s window here
    task = asyncio.create_task(client.run())
    try:
        await fake.wait_connected()
        yield LiveDingTalk(fake=fake, deps=deps, clock=clock, client=client, sender=sender)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await client.drain()
        await sender.coalescer.flush()
        await api.close()
        await fake.stop()
        engine.dispose()
