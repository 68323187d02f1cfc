"""A test harness: speak into the real runner as named people, at chosen times."""
from __future__ import annotations

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import select

from handlers.base import Incoming, Reply
from handlers.runner import Deps, process, record_sent, render_view

CST = ZoneInfo("Asia/Shanghai")
GROUP = -100123
LEADERS_GROUP = -100999
UNITS = ["青石镇", "白沙街道", "双桥镇", "永安镇", "市住建局"]
OFFICERS = {"青石镇": "李明", "白沙街道": "张芳", "双桥镇": "陈刚", "永安镇": "刘洋", "市住建局": "周敏"}
ADMIN = "王主任"


class Harness:
    def __init__(self, deps: Deps, platform: str = "telegram"):
        self.deps = deps
        # `pytest --platform dingtalk` runs the same handler tests with DingTalk's Incoming
        # (platform "dingtalk", plain "group" chats, as bot/dingtalk/inbound.py makes them).
        self.platform = platform
        self.ids = {}
        self._msg = itertools.count(1000)
        self._upd = itertools.count(1)
        self.sent: list[tuple[int, int, Reply]] = []   # (chat, message id, reply)

    def uid(self, name: str) -> int:
        return self.ids.setdefault(name, 5000 + len(self.ids))

    def at(self, hhmm: str, day: str = "2026-06-18") -> None:
        self.deps.clock.set(datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=CST))

    async def send(self, who: str, text: str, *, chat: int = GROUP, reply_to: int | None = None,
                   photos: tuple[str, ...] = (), edited_id: int | None = None,
                   update_key: str | None = None, chat_type: str = "supergroup",
                   sent_at: datetime | None = None, anonymous: bool = False, message_id: int | None = None,
                   **extra) -> list[Reply]:
        """`message_id`: the same message again (a redelivery), `edited_id`: an edit of it."""
        message_id = edited_id or message_id or next(self._msg)
        if self.platform == "dingtalk" and chat_type == "supergroup":
            chat_type = "group"
        incoming = Incoming(chat_id=chat, sender_id=self.uid(who), text=text,
                            sent_at=sent_at or self.deps.clock.now(), chat_title=f"群{chat}",
                            chat_type=chat_type if chat < 0 else "private", sender_name=who,
                            message_id=message_id, update_key=update_key or f"t:{next(self._upd)}",
                            edited=edited_id is not None, reply_to_message_id=reply_to, photos=photos,
                            anonymous=anonymous, platform=self.platform, **extra)
        self.last_message_id = message_id
        return self._sent(chat, await process(incoming, self.deps))

    async def press(self, who: str, data: str, *, message_id: int, chat: int = GROUP,
                    anonymous: bool = False) -> list[Reply]:
        incoming = Incoming(chat_id=chat, sender_id=self.uid(who), sent_at=self.deps.clock.now(),
                            chat_type=("group" if self.platform == "dingtalk" else "supergroup") if chat < 0
                            else "private", sender_name=who, message_id=message_id,
                            callback_data=data, callback_id=str(next(self._upd)),
                            update_key=f"t:{next(self._upd)}", anonymous=anonymous, platform=self.platform)
        return self._sent(chat, await process(incoming, self.deps))

    def _sent(self, chat: int, replies: list[Reply]) -> list[Reply]:
        """Give every reply a message id, as a platform would, and remember cards. A live
        view's edit is rendered at once (as the console does), so tests read its text."""
        replies = [shown for shown in (render_view(self.deps, r) for r in replies) if shown is not None]
        for reply in replies:
            if reply.text or reply.file:
                message_id = reply.edit_message_id or next(self._msg)
                target = reply.chat_id or chat
                self.sent.append((target, message_id, reply))
                if reply.tag and reply.edit_message_id is None:
                    record_sent(self.deps, target, message_id, reply.tag)
        return replies

    def last_card(self, chat: int = GROUP) -> tuple[int, Reply]:
        for target, message_id, reply in reversed(self.sent):
            if target == chat and reply.buttons:
                return message_id, reply
        raise LookupError("no card")

    def rows(self, model, *where):
        with self.deps.session_factory() as session:
            return list(session.exec(select(model).where(*where)))

    def make_root(self, *names: str) -> None:
        """These people are root admins (BOT_ADMINS) from now on."""
        ids = [p for p in self.deps.settings.bot_admins.split(",") if p.strip()]
        self.deps.settings.bot_admins = ",".join(ids + [str(self.uid(n)) for n in names])

    async def setup_town(self) -> None:
        """The duty group enrolled by its root admin (ADMIN, also its Telegram admin), five
        units on its roster and one bound officer each; ADMIN bound to 青石镇."""
        self.make_root(ADMIN)
        self.deps.platform.admins = {GROUP: {self.uid(ADMIN)}, LEADERS_GROUP: {self.uid(ADMIN)}}
        self.at("08:00")
        for unit in UNITS:
            await self.send(ADMIN, f"/addunit {unit}")
        for unit, officer in OFFICERS.items():
            await self.send(officer, f"/bind {unit}")
            message_id, _ = self.last_card()
            await self.press(ADMIN, self.last_card()[1].buttons[0][0].data, message_id=message_id)
        await self.send(ADMIN, "/bind 青石镇")

    async def set_leaders_group(self) -> None:
        """ADMIN enrols LEADERS_GROUP and makes it GROUP's leaders' group."""
        await self.send(ADMIN, "/enable", chat=LEADERS_GROUP)
        await self.send(ADMIN, f"/remind 领导群 {LEADERS_GROUP}")


def texts(replies: list[Reply]) -> str:
    return "\n".join(r.text or r.alert or "" for r in replies)
