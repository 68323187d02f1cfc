"""Bookkeeping around delivery: processed update ids, the assistant's own cards, and
conversations waiting for an answer."""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from storage.models import BotMessage, Conversation, ProcessedUpdate


def already_processed(*, session: Session, update_key: str) -> bool:
    return session.exec(select(ProcessedUpdate.id).where(ProcessedUpdate.update_key == update_key)).first() is not None


def mark_processed(*, session: Session, update_key: str, at: datetime) -> None:
    session.add(ProcessedUpdate(update_key=update_key, processed_at=at))


def remember_bot_message(*, session: Session, chat_id: int, message_id: int, kind: str, ref_id: int) -> None:
    exists = session.exec(select(BotMessage).where(
        BotMessage.chat_id == chat_id, BotMessage.message_id == message_id)).first()
    if exists is None:
        session.add(BotMessage(chat_id=chat_id, message_id=message_id, kind=kind, ref_id=ref_id))
        session.flush()


def bot_message(*, session: Session, chat_id: int, message_id: int) -> BotMessage | None:
    return session.exec(select(BotMessage).where(
        BotMessage.chat_id == chat_id, BotMessage.message_id == message_id)).first()


def bot_messages_for(*, session: Session, kind: str, ref_id: int) -> list[BotMessage]:
    return list(session.exec(select(BotMessage).where(BotMessage.kind == kind, BotMessage.ref_id == ref_id)))


def open_conversation(*, session: Session, chat_id: int, user_id: int) -> Conversation | None:
    return session.exec(select(Conversation).where(
        Conversation.chat_id == chat_id, Conversation.user_id == user_id)).first()


def start_conversation(*, session: Session, chat_id: int, user_id: int, kind: str,
                       partial: dict, expires_at: datetime) -> Conversation:
    conv = open_conversation(session=session, chat_id=chat_id, user_id=user_id)
    if conv is None:
        conv = Conversation(chat_id=chat_id, user_id=user_id, kind=kind, partial=partial, expires_at=expires_at)
        session.add(conv)
    else:
        conv.kind, conv.partial, conv.expires_at = kind, dict(partial), expires_at
    session.flush()
    return conv


def end_conversation(*, session: Session, conversation: Conversation) -> None:
    session.delete(conversation)
    session.flush()
