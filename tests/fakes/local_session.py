"""An aiogram session that answers every Bot API call in-process, without a network:
for benchmarks and fuzzing, where the HTTP round trip would only add noise. Answers go
through aiogram's own response parsing (check_response), as a real reply would."""
from __future__ import annotations

import functools
import itertools
import json
import time
from collections.abc import AsyncGenerator
from typing import Any

from aiogram import Bot
from pydantic import TypeAdapter
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod


class LocalSession(BaseSession):
    def __init__(self, *, admins: dict[int, set[int]] | None = None, bot_id: int = 42):
        super().__init__()
        self.admins = admins or {}
        self.bot_id = bot_id
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.record = True
        self._ids = itertools.count(1)

    async def close(self) -> None:
        return None

    async def stream_content(self, url, headers=None, timeout=30, chunk_size=65536,
                             raise_for_status=True) -> AsyncGenerator[bytes, None]:
        yield b""

    async def make_request(self, bot: Bot, method: TelegramMethod, timeout: int | None = None):
        name = method.__api_method__
        params = method.model_dump(exclude_none=True)
        if self.record:
            self.calls.append((name, params))
        result = json.loads(json.dumps(self._result(name, params)))   # as if it came over the wire
        return self._adapter(method.__returning__).validate_python(result, context={"bot": bot})

    @staticmethod
    @functools.cache
    def _adapter(returning):
        # aiogram's check_response builds Response[T] per call; a cached adapter parses the
        # same result without re-creating the generic model every time.
        return TypeAdapter(returning)

    def _message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = params.get("chat_id", 0)
        message = {"message_id": next(self._ids), "date": int(time.time()),
                   "chat": {"id": chat_id, "type": "supergroup" if int(chat_id) < 0 else "private"},
                   "from": {"id": self.bot_id, "is_bot": True, "first_name": "bot"}}
        if "text" in params:
            message["text"] = params["text"]
        return message

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        if name in ("sendMessage", "sendDocument", "sendPhoto", "editMessageText"):
            return self._message(params)
        if name == "getMe":
            return {"id": self.bot_id, "is_bot": True, "first_name": "bot", "username": "local_bot",
                    "can_read_all_group_messages": True}
        if name == "getChatMember":
            is_admin = params["user_id"] in self.admins.get(params["chat_id"], set())
            user = {"id": params["user_id"], "is_bot": False, "first_name": "u"}
            if is_admin:
                return {"status": "administrator", "user": user, "can_be_edited": False,
                        "is_anonymous": False, "can_manage_chat": True, "can_delete_messages": True,
                        "can_manage_video_chats": True, "can_restrict_members": True,
                        "can_promote_members": False, "can_change_info": True,
                        "can_invite_users": True, "can_post_stories": False, "can_edit_stories": False,
                        "can_delete_stories": False}
            return {"status": "member", "user": user}
        return True
