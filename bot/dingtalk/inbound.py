"""DingTalk in: a robot message or a card press (the Stream's callback frames) → the
neutral Incoming, handed to the same runner as Telegram's, whose replies go out through
outbound.py. No business rule lives here.

Group messages arrive only when they @-mention the robot, with the robot's mention
already removed from text.content (a leading space may remain: stripped here). Delivery
is at least once: the update key is the message's msgId ("dt:<msgId>"), so a frame
redelivered after a lost ack or a reconnect is a no-op in the runner."""
from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime, timezone

from bot.dingtalk import cards, identities
from bot.dingtalk.outbound import Origin, Sender
from handlers.base import Incoming
from handlers.runner import Deps, process
from storage import people, updates

log = logging.getLogger(__name__)
GROUP, PRIVATE = "2", "1"
KEY_LIMIT = 64                       # ProcessedUpdate.update_key


def update_key(prefix: str, value: str) -> str:
    key = f"{prefix}:{value}"
    if len(key) <= KEY_LIMIT:
        return key
    return f"{prefix}:h:{hashlib.blake2b(value.encode(), digest_size=16).hexdigest()}"


def _text(data: dict) -> str:
    kind = data.get("msgtype")
    if kind == "text":
        return str((data.get("text") or {}).get("content") or "").strip()
    if kind == "richText":
        parts = (data.get("content") or {}).get("richText") or []
        return "".join(str(p.get("text", "")) for p in parts if isinstance(p, dict)).strip()
    return ""


def _photos(data: dict) -> tuple[str, ...]:
    kind, content = data.get("msgtype"), data.get("content") or {}
    if kind == "picture" and content.get("downloadCode"):
        return (str(content["downloadCode"]),)
    if kind == "richText":
        return tuple(str(p["downloadCode"]) for p in content.get("richText") or []
                     if isinstance(p, dict) and p.get("downloadCode"))
    return ()


def _sent_at(ms) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(ms) / 1000, tz=timezone.utc)
    except (TypeError, ValueError):
        return None


def incoming_from_message(data: dict) -> tuple[Incoming, Origin] | None:
    """A robot message (topic /v1.0/im/bot/messages/get) as Incoming; None if unusable."""
    staff = str(data.get("senderStaffId") or data.get("senderId") or "")
    msg_id = str(data.get("msgId") or "")
    if not staff or not msg_id:
        return None
    group = str(data.get("conversationType")) == GROUP
    conversation = str(data.get("conversationId") or "") if group else None
    if group and not conversation:
        return None
    chat_id = identities.group_number(conversation) if group else identities.user_number(staff)
    text, name = _text(data), str(data.get("senderNick") or "")
    message_id = identities.message_number(msg_id)
    incoming = Incoming(
        chat_id=chat_id, sender_id=identities.user_number(staff), text=text,
        sent_at=_sent_at(data.get("createAt")), chat_title=data.get("conversationTitle"),
        chat_type="group" if group else "private", sender_name=name, message_id=message_id,
        update_key=update_key("dt", msg_id), photos=_photos(data), platform="dingtalk")
    origin = Origin(chat_id=chat_id, conversation_id=conversation, staff_id=staff, message_id=message_id,
                    sender_name=name, text=text)
    return incoming, origin


def incoming_from_card(data: dict, frame_id: str, now: datetime, conversation_of) -> tuple[Incoming, Origin] | None:
    """A card press (topic /v1.0/card/instances/callback) as Incoming; None for a press on
    a card that is not ours (a forged outTrackId) or that carries no button data."""
    where = cards.parse_out_track_id(str(data.get("outTrackId") or ""))
    staff = str(data.get("userId") or "")
    try:
        content = json.loads(data.get("content") or "{}")
    except (TypeError, ValueError):
        return None
    pressed = cards.pressed_data(content)
    if where is None or not staff or pressed is None:
        return None
    chat_id, message_id = where
    conversation = conversation_of(chat_id) if chat_id < 0 else None
    if chat_id < 0 and conversation is None:
        return None                  # a group the assistant never kept anything of
    incoming = Incoming(
        chat_id=chat_id, sender_id=identities.user_number(staff), sent_at=now,
        chat_type="group" if chat_id < 0 else "private", message_id=message_id,
        update_key=update_key("dtcb", frame_id), callback_data=pressed, callback_id=frame_id,
        platform="dingtalk")
    return incoming, Origin(chat_id=chat_id, conversation_id=conversation, staff_id=staff)


class Inbound:
    """What the stream client calls for each callback frame (after which it acks)."""

    def __init__(self, deps: Deps, sender: Sender):
        self.deps, self.sender = deps, sender

    async def on_message(self, data: dict) -> None:
        found = incoming_from_message(data)
        if found is None:
            log.info("robot message without sender or id ignored")
            return
        await self._handle(*found)

    async def on_card(self, data: dict, frame_id: str) -> None:
        found = incoming_from_card(data, frame_id, self.deps.clock.now(), self._conversation_of)
        if found is None:
            log.info("card press ignored: not one of our cards or no button data")
            return
        incoming, origin = found
        with self.deps.session_factory() as session:     # a press carries no name: the member's
            name = people.member_names(session=session, user_ids=[incoming.sender_id]).get(incoming.sender_id, "")
        await self._handle(incoming, Origin(origin.chat_id, origin.conversation_id, origin.staff_id,
                                            origin.message_id, name))

    def _conversation_of(self, chat_id: int) -> str | None:
        with self.deps.session_factory() as session:
            return identities.group_id(session, chat_id)

    async def _handle(self, incoming: Incoming, origin: Origin) -> None:
        replies = await process(incoming, self.deps)
        self._remember(incoming, origin)
        self.sender.deliver_later(incoming, replies, origin)

    def _remember(self, incoming: Incoming, origin: Origin) -> None:
        """Keep DingTalk's ids of a chat and person once the runner kept something of the
        message (its update key is recorded): never for a stranger."""
        with self.deps.session_factory() as session:
            if not incoming.update_key or not updates.already_processed(session=session,
                                                                        update_key=incoming.update_key):
                return
            chat = (origin.conversation_id, incoming.chat_id) if origin.conversation_id else None
            identities.remember(session, chat=chat, user=(origin.staff_id, incoming.sender_id))
            session.commit()
