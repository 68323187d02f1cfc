"""The question asked when a duty report rests on weak evidence ("凌晨…起火，已扑灭" with
no report words): "这是XX的值班报告吗？" with 是 / 不是. Nothing is filed until the sender
says 是; the message waits in a Conversation (it survives a restart) and only its sender
can answer, by button or by typing 是 / 不是. Anything else typed meanwhile is read as usual."""
from __future__ import annotations

from datetime import datetime, timedelta

from handlers.base import Button, Context, Incoming, Reply
from handlers.texts import duty as T
from storage import updates
from storage.models import Conversation

KIND = "duty.confirm"
PREFIX = "dq"
MINUTES = 30


def ask(incoming: Incoming, ctx: Context, unit) -> list[Reply]:
    sent_at = incoming.sent_at or ctx.clock.now()
    updates.start_conversation(
        session=ctx.session, chat_id=incoming.chat_id, user_id=incoming.sender_id, kind=KIND,
        partial={"text": incoming.text, "sent_at": sent_at.isoformat(), "message_id": incoming.message_id,
                 "unit": unit.name},
        expires_at=ctx.clock.now() + timedelta(minutes=MINUTES))
    buttons = [[Button(T.CONFIRM_YES, f"{PREFIX}:yes"), Button(T.CONFIRM_NO, f"{PREFIX}:no")]]
    return [Reply(T.CONFIRM_QUESTION.format(unit=unit.name), buttons=buttons, reply_to=incoming.message_id)]


def pending(incoming: Incoming, ctx: Context) -> Conversation | None:
    """The sender's open question, if this is one (another member's button finds none)."""
    conv = updates.open_conversation(session=ctx.session, chat_id=incoming.chat_id, user_id=incoming.sender_id)
    if conv is None or conv.kind != KIND or conv.expires_at <= ctx.clock.now():
        return None
    return conv


def answer_of(text: str) -> bool | None:
    """True for 是, False for 不是, None for anything else."""
    text = text.strip().rstrip("。!！")
    if text in T.CONFIRM_YES_WORDS:
        return True
    return False if text in T.CONFIRM_NO_WORDS else None


def settle(incoming: Incoming, ctx: Context, conv: Conversation, yes: bool) -> tuple[Incoming, str] | None:
    """Close the question; on 是, the message it asked about (to be filed as sent) and the
    unit the question named."""
    updates.end_conversation(session=ctx.session, conversation=conv)
    if not yes:
        return None
    partial = conv.partial
    asked = Incoming(**{**incoming.__dict__, "text": partial["text"],
                        "sent_at": datetime.fromisoformat(partial["sent_at"]),
                        "message_id": partial.get("message_id"), "callback_data": None})
    return asked, partial.get("unit")
