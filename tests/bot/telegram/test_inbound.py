"""The Telegram adapter's one message handler: groups and private chats are served,
any other chat (a channel) gets nothing, and nothing is written for it."""
from __future__ import annotations

from datetime import datetime, timezone

from aiogram import Bot
from aiogram.types import Update

from bot.telegram.inbound import build_dispatcher
from storage.models import ProcessedUpdate
from tests.fakes.local_session import LocalSession
from tests.helpers import GROUP, OFFICERS

AT = datetime(2026, 6, 18, 1, 30, tzinfo=timezone.utc)


def _update(update_id: int, chat: dict, user_id: int, text: str) -> Update:
    return Update.model_validate({"update_id": update_id, "message": {
        "message_id": update_id, "date": int(AT.timestamp()), "chat": chat,
        "from": {"id": user_id, "is_bot": False, "first_name": "值班员"}, "text": text}})


async def test_a_channel_message_is_ignored_and_a_group_message_answered(town):
    town.deps.clock.set(AT)
    bot = Bot(token="42:LOCAL", session=LocalSession())
    dispatcher = build_dispatcher(town.deps)
    officer = town.uid(OFFICERS["青石镇"])
    report = "青石镇今日无突发事件，零报告"
    await dispatcher.feed_update(bot, _update(71, {"id": GROUP, "type": "channel", "title": "频道"}, officer, report))
    assert bot.session.calls == [] and town.rows(ProcessedUpdate, ProcessedUpdate.update_key == "tg:71") == []
    await dispatcher.feed_update(bot, _update(72, {"id": GROUP, "type": "supergroup", "title": "群"}, officer, report))
    sent = [p["text"] for name, p in bot.session.calls if name == "sendMessage"]
    assert any("已登记" in text for text in sent)
    assert town.rows(ProcessedUpdate, ProcessedUpdate.update_key == "tg:72")
    await bot.session.close()
