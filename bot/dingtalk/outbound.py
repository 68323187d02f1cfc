"""DingTalk out: neutral Reply → OpenAPI calls, every one through the pacer.

Text goes as the robot's group message (sampleText), buttons as an interactive card
(cards.py), an edit as a card update (coalesced like Telegram's), a file as media upload
then a file message (files.py). DingTalk has no quote-reply: an answer to the message
just handled starts by naming it ("回复 王五「青石镇今日零报告」："). No business rule here."""
from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from dataclasses import dataclass

from bot.coalesce import EditCoalescer
from bot.dingtalk import cards, identities
from bot.dingtalk.api import OpenApi
from bot.dingtalk.files import send_file
from bot.pacing import Pacer
from handlers import delivery
from handlers.base import Incoming, Reply
from handlers.runner import Deps, record_sent, render_view
from handlers.texts import common as T
from reports.chat_split import split_message
from storage import people

log = logging.getLogger(__name__)
TEXT_LIMIT = 4000
EDIT_WINDOW = 3.0


@dataclass(frozen=True)
class Origin:
    """Where the message being answered came from, in DingTalk's own ids."""
    chat_id: int
    conversation_id: str | None      # a group's openConversationId; None in a private chat
    staff_id: str
    message_id: int | None = None
    sender_name: str = ""
    text: str = ""


@dataclass(frozen=True)
class Target:
    conversation_id: str | None
    staff_id: str | None


class Sender:
    def __init__(self, api: OpenApi, deps: Deps, pacer: Pacer, *, card_template: str,
                 coalescer: EditCoalescer | None = None):
        self.api, self.deps, self.pacer, self.card_template = api, deps, pacer, card_template
        self.coalescer = coalescer or EditCoalescer(window=EDIT_WINDOW)
        self._order: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._pending: set[asyncio.Task] = set()

    # ---- where a chat number goes -------------------------------------------------------
    def target(self, chat_id: int, origin: Origin | None) -> Target | None:
        if origin is not None and chat_id == origin.chat_id:
            return Target(origin.conversation_id, None if origin.conversation_id else origin.staff_id)
        with self.deps.session_factory() as session:
            if chat_id < 0:
                conversation = identities.group_id(session, chat_id)
                return Target(conversation, None) if conversation else None
            staff = identities.staff_id(session, chat_id)
            return Target(None, staff) if staff else None

    # ---- text ---------------------------------------------------------------------------
    def render(self, reply: Reply, origin: Origin | None, chat_id: int) -> str:
        text = reply.text
        if reply.mention_user_ids:
            with self.deps.session_factory() as session:
                names = people.member_names(session=session, user_ids=list(reply.mention_user_ids))
            text += "\n" + " ".join(f"@{names.get(uid, '成员')}" for uid in reply.mention_user_ids)
        if (origin is not None and reply.reply_to is not None and reply.reply_to == origin.message_id
                and chat_id == origin.chat_id and origin.text.strip()):
            snippet = origin.text.strip().replace("\n", " ")
            if len(snippet) > T.QUOTE_SNIPPET:
                snippet = snippet[:T.QUOTE_SNIPPET] + "…"
            text = T.QUOTE_LINE.format(name=origin.sender_name or "您", text=snippet) + "\n" + text
        return text

    async def _message(self, chat_id: int, where: Target, key: str, msg_key: str, param: dict) -> None:
        async def send() -> None:
            if where.conversation_id is not None:
                await self.api.send_group(where.conversation_id, msg_key, param)
            else:
                await self.api.send_private(where.staff_id or "", msg_key, param)
        await self.pacer.call(chat_id, send, key=key)

    # ---- one reply ----------------------------------------------------------------------
    async def send_reply(self, chat_id: int, reply: Reply, origin: Origin | None = None) -> int | None:
        """Send one reply; returns the card's message number when a card was sent."""
        if reply.view is not None:      # a live view: rendered here, its edit coalesced below
            reply = render_view(self.deps, reply)
            if reply is None:
                return None
        target_chat = reply.chat_id or chat_id
        where = self.target(target_chat, origin)
        if where is None:
            log.warning("no DingTalk id recorded for chat %s: reply not sent", target_chat)
            return None
        text = self.render(reply, origin, target_chat)
        if reply.edit_message_id is not None:
            await self._edit(target_chat, reply.edit_message_id, reply, text)
            return None
        if reply.file is not None:
            async def say(key: str, msg_key: str, param: dict) -> None:
                await self._message(target_chat, where, key, msg_key, param)
            await send_file(self.api, say, reply.file)
            if not text and not reply.buttons:
                return None
        if reply.buttons or reply.tag:
            return await self._card(target_chat, where, reply, text)
        for chunk in split_message(text, TEXT_LIMIT, html=False):
            await self._message(target_chat, where, "text", "sampleText", {"content": chunk})
        return None

    async def _card(self, chat_id: int, where: Target, reply: Reply, text: str) -> int:
        number = cards.new_message_number()
        track = cards.out_track_id(chat_id, number)
        params = cards.card_params(reply, text)

        async def create() -> None:
            await self.api.create_card(template=self.card_template, out_track_id=track, params=params,
                                       conversation_id=where.conversation_id, staff_id=where.staff_id)
        await self.pacer.call(chat_id, create, key="card")
        if reply.tag:
            record_sent(self.deps, chat_id, number, reply.tag)
        return number

    async def _edit(self, chat_id: int, message_id: int, reply: Reply, text: str) -> None:
        track = cards.out_track_id(chat_id, message_id)
        params = cards.card_params(reply, text)

        async def update() -> None:
            await self.pacer.call(chat_id, lambda: self.api.update_card(out_track_id=track, params=params),
                                  key="card-update")
        # A burst of sign-ins becomes a few updates that always show the newest card. Not
        # awaited here: the chat's next replies need not wait for the card (the newest
        # update always wins in the coalescer), and a burst can only merge if they do not.
        self._track(asyncio.create_task(self.coalescer.submit((chat_id, message_id), update)))

    def _track(self, task: asyncio.Task) -> None:
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    # ---- all replies to one incoming ----------------------------------------------------
    def deliver_later(self, incoming: Incoming, replies: list[Reply], origin: Origin) -> None:
        """Send in the background, after the frame is acked: a group's 20 a minute may hold
        replies back longer than DingTalk waits for an ack. One chat's replies keep their
        order (its lock is FIFO); what the runner committed is safe meanwhile."""
        if not replies:
            return

        async def in_order() -> None:
            async with self._order[incoming.chat_id]:
                await self.deliver(incoming, replies, origin)
        self._track(asyncio.create_task(in_order()))

    async def settled(self, timeout: float = 30.0) -> None:
        """Wait until every reply handed over so far was sent (tests, shutdown)."""
        while self._pending:
            await asyncio.wait(set(self._pending), timeout=timeout)

    async def deliver(self, incoming: Incoming, replies: list[Reply], origin: Origin) -> None:
        # DingTalk has no popup for a press. When the press changed something, the card or a
        # message shows it and the popup's words are dropped (a sign-in each would flood the
        # group's 20 a minute); when nothing else answers (a refusal), they are said in the
        # chat, naming the presser.
        answered = any(r.shows_something for r in replies)
        for reply in replies:
            if reply.alert and incoming.callback_data is not None and not answered:
                line = T.ALERT_LINE.format(name=origin.sender_name or "您", alert=reply.alert)
                await self.send_reply(incoming.chat_id, Reply(line), origin)
                answered = True
            if reply.shows_something:
                # The runner stored the reply (the outbox): marked sent at once, so a
                # redelivered frame does not send it again; a failure is kept, scrubbed.
                try:
                    await self.send_reply(incoming.chat_id, reply, origin)
                except Exception as exc:
                    log.exception("reply to chat %s not sent", incoming.chat_id)
                    delivery.mark_failed(self.deps, reply, exc, for_good=False)
                else:
                    delivery.mark_sent(self.deps, reply)
                finally:
                    if reply.outbox_id is not None:
                        self.deps.in_flight.discard(reply.outbox_id)
