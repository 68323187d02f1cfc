"""The console adapter: chat with the assistant in a terminal as a chosen member of a
chosen group. The same runner and handlers as Telegram; only the transport differs."""
from __future__ import annotations

import asyncio
import hashlib
import itertools
import sys
import time
from pathlib import Path

from core.clock import local
from handlers.base import Button, Incoming, NullPlatform, Reply
from handlers import delivery
from handlers.runner import Deps, process, record_sent, render_view

OUT_DIR = Path("out")


def synthetic_id(name: str, *, negative: bool = False) -> int:
    """A stable id for a console person or group (Telegram groups are negative)."""
    value = int(hashlib.sha256(name.encode()).hexdigest()[:12], 16) % 10**10 + 10**9
    return -(10**12 + value) if negative else value


class ConsolePlatform(NullPlatform):
    """The console's chats have no platform administrators unless a test or demo lists some."""


def with_root_admins(settings, *names: str):
    """Settings whose BOT_ADMINS also hold these console people (their synthetic ids)."""
    ids = [p for p in settings.bot_admins.split(",") if p.strip()] + [str(synthetic_id(n)) for n in names]
    return settings.model_copy(update={"bot_admins": ",".join(ids)})


class ConsoleChat:
    """One group as seen from the terminal. Message ids start from the wall clock so ids
    from earlier console runs (cards in the database) are never reused."""

    def __init__(self, deps: Deps, group_title: str, *, out=None):
        self.deps = deps
        self.title = group_title
        self.chat_id = synthetic_id(group_title, negative=True)
        self._ids = itertools.count(int(time.time() * 1000) % 2_000_000_000)
        self._updates = itertools.count(1)
        self.buttons: dict[int, tuple[int, Button]] = {}     # number shown -> (message id, button)
        self.messages: dict[int, str] = {}                  # message id -> text shown
        self.out = out or sys.stdout

    def _print(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    async def say(self, who: str, text: str, *, reply_to: int | None = None,
                  photos: tuple[str, ...] = (), user_id: int | None = None) -> list[Reply]:
        message_id = next(self._ids)
        now = self.deps.clock.now()
        stamp = local(now, self.deps.settings.timezone).strftime("%m-%d %H:%M")
        suffix = f" ↩#{reply_to}" if reply_to else ""
        photo = " [照片]" if photos else ""
        self._print(f"[{stamp}] {who} #{message_id}{suffix}: {text}{photo}")
        incoming = Incoming(chat_id=self.chat_id, sender_id=user_id or synthetic_id(who), text=text,
                            sent_at=now, chat_title=self.title, sender_name=who, message_id=message_id,
                            update_key=f"console:{self.chat_id}:{message_id}", reply_to_message_id=reply_to,
                            photos=photos, platform="console")
        return await self._deliver(incoming)

    async def press(self, who: str, number: int, *, user_id: int | None = None) -> list[Reply]:
        if number not in self.buttons:
            self._print(f"（没有按钮 {number}）")
            return []
        message_id, button = self.buttons[number]
        self._print(f"        {who} 按下 [{button.text}]")
        incoming = Incoming(chat_id=self.chat_id, sender_id=user_id or synthetic_id(who),
                            sent_at=self.deps.clock.now(), chat_title=self.title, sender_name=who,
                            message_id=message_id, callback_data=button.data,
                            callback_id=str(next(self._updates)), platform="console",
                            update_key=f"console-cb:{self.chat_id}:{next(self._ids)}")
        return await self._deliver(incoming)

    async def _deliver(self, incoming: Incoming) -> list[Reply]:
        replies = await process(incoming, self.deps)
        shown = []
        for reply in replies:
            rendered = render_view(self.deps, reply)        # a live view: its text now
            if rendered is not None:
                self.show(rendered)
                shown.append(rendered)
            delivery.mark_sent(self.deps, reply)    # shown: no sweep may send it elsewhere
        return shown

    async def push(self, reply: Reply) -> None:
        """A scheduled push (a reminder): stamped with the clock, then shown like a reply."""
        stamp = local(self.deps.clock.now(), self.deps.settings.timezone).strftime("%m-%d %H:%M")
        self._print(f"[{stamp}] （定时提醒）")
        rendered = render_view(self.deps, reply)
        if rendered is not None:
            self.show(rendered)

    def show(self, reply: Reply) -> None:
        if reply.alert and not reply.text:
            self._print(f"        （提示）{reply.alert}")
            return
        if reply.edit_message_id is not None:
            message_id = reply.edit_message_id
            self._print(f"助手 ✎#{message_id}（已更新）:\n{_indent(reply.text)}")
        else:
            message_id = next(self._ids)
            target = "" if reply.chat_id in (None, self.chat_id) else \
                (f" → 私信{reply.chat_id}" if reply.chat_id > 0 else f" → 群{reply.chat_id}")
            target += "（📌置顶）" if reply.pin else ""
            self._print(f"助手 #{message_id}{target}:\n{_indent(reply.text)}" if reply.text else f"助手 #{message_id}:")
        self.messages[message_id] = reply.text
        if reply.tag and reply.edit_message_id is None:
            record_sent(self.deps, reply.chat_id or self.chat_id, message_id, reply.tag)
        if reply.buttons:
            shown = []
            for row in reply.buttons:
                for button in row:
                    number = len(self.buttons) + 1
                    self.buttons[number] = (message_id, button)
                    shown.append(f"[{number}] {button.text}")
            self._print("        " + "  ".join(shown))
        if reply.file is not None:
            OUT_DIR.mkdir(exist_ok=True)
            path = OUT_DIR / reply.file.filename
            path.write_bytes(reply.file.content)
            self._print(f"        📎 {reply.file.filename} 已保存到 {path}")


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


HELP = """输入消息回车发送。特殊输入：
  !N            按下编号为 N 的按钮
  >ID 文本      回复编号为 ID 的消息（如 >123 已整改）
  +照片 文本    带一张照片发送
  :as 姓名      切换发言人
  :quit         退出"""


async def interactive(deps: Deps, group: str, who: str) -> None:
    from bot.runtime.scheduler import TickLoop

    chat = ConsoleChat(deps, group)
    print(HELP)
    # Reminders appear as the (possibly fast) clock passes their time.
    ticks = asyncio.create_task(TickLoop(deps, chat.push).forever())
    try:
        await _read_lines(chat, who)
    finally:
        ticks.cancel()


async def _read_lines(chat: ConsoleChat, who: str) -> None:
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            return
        line = line.rstrip("\n")
        if line in (":quit", ":q"):
            return
        if line.startswith(":as "):
            who = line[4:].strip() or who
            print(f"（现在以 {who} 的身份发言）")
            continue
        if line.startswith("!") and line[1:].isdigit():
            await chat.press(who, int(line[1:]))
            continue
        reply_to, photos = None, ()
        if line.startswith(">"):
            head, _, line = line[1:].partition(" ")
            reply_to = int(head) if head.isdigit() else None
        if line.startswith("+照片"):
            photos, line = (f"console-photo-{time.time_ns()}",), line[3:].strip()
        await chat.say(who, line, reply_to=reply_to, photos=photos)
