"""What handlers may ask of Telegram (handlers.base.Platform): is this user an
administrator of this chat? Answers are cached for a few minutes."""
from __future__ import annotations

import logging
import time

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError

log = logging.getLogger(__name__)
ADMIN_CACHE_SECONDS = 300


class TelegramPlatform:
    """What handlers may ask of Telegram: is this user an administrator of this chat?"""

    def __init__(self, bot: Bot):
        self.bot = bot
        self.can_read_all_group_messages: bool | None = None
        self._admins: dict[tuple[int, int], tuple[float, bool]] = {}

    async def is_chat_admin(self, chat_id: int, user_id: int) -> bool | None:
        key = (chat_id, user_id)
        cached = self._admins.get(key)
        if cached and time.monotonic() - cached[0] < ADMIN_CACHE_SECONDS:
            return cached[1]
        try:
            member = await self.bot.get_chat_member(chat_id=chat_id, user_id=user_id)
        except (TelegramAPIError, TelegramNetworkError) as exc:
            log.warning("getChatMember failed for chat %s: %s", chat_id, type(exc).__name__)
            return None
        verdict = member.status in ("creator", "administrator")
        self._admins[key] = (time.monotonic(), verdict)
        return verdict
