"""A group upgraded to a supergroup gets a new chat id: every row that names the old one
moves to the new one (the group itself, its leaders'-group setting in other groups, bind
requests, cards, conversations, pushes and their keys, drill cards, report sources,
unsent replies, the day's board, notices and their deliveries, inspections, the chats an
escalation told, a platform's id for the chat, the chat a 明细 button was issued in). The
enrolment lives on the group row and moves with it. Run twice, it finds nothing left to move."""
from __future__ import annotations

import logging

from sqlalchemy import and_, delete, exists, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage import boards
from storage.models import (BindRequest, BotMessage, Conversation, DayBoard, DetailIssue, Drill, DutyReport,
                            Escalation, Group, Hazard, Inspection, Notice, NoticeDelivery, OutboxMessage,
                            PlatformIdentity, PushRecord)

log = logging.getLogger(__name__)

# (table, chat id column) moved by a plain UPDATE; their rows carry no unique chat key.
_PLAIN = ((BindRequest, BindRequest.chat_id), (Drill, Drill.card_chat_id),
          (DutyReport, DutyReport.source_chat_id), (Hazard, Hazard.source_chat_id),
          (DayBoard, DayBoard.chat_id),
          (Notice, Notice.sender_chat_id), (NoticeDelivery, NoticeDelivery.chat_id),
          (Inspection, Inspection.source_chat_id), (DetailIssue, DetailIssue.chat_id))


def move_chat(*, session: Session, old: int, new: int) -> int:
    """Point everything at `new` instead of `old`; returns how many rows moved."""
    if old == new:
        return 0
    moved = _move_group(session, old, new) + _move_leaders_setting(session, old, new)
    conn = session.connection()
    for table, column in _PLAIN:
        moved += conn.execute(update(table).where(column == old).values({column.key: new})).rowcount
    moved += _move_unique(session, BotMessage, BotMessage.message_id, old, new)
    moved += _move_unique(session, Conversation, Conversation.user_id, old, new)
    moved += _move_pushes(session, old, new)
    moved += _move_outbox(session, old, new)
    moved += _move_told(session, old, new) + _move_identity(session, old, new)
    if moved:
        session.info["flushed"] = True
    return moved


def _move_group(session: Session, old: int, new: int) -> int:
    group = session.exec(select(Group).where(Group.chat_id == old)).first()
    if group is None:
        return 0
    if session.exec(select(Group.id).where(Group.chat_id == new)).first() is not None:
        # The new chat was set up on its own before the upgrade was seen: keep both, say so.
        log.warning("chat %s upgraded to %s, which already has its own group row: not merged", old, new)
        return 0
    group.chat_id = new
    session.add(group)
    session.flush()
    return 1


def _move_leaders_setting(session: Session, old: int, new: int) -> int:
    moved = 0
    for group in session.exec(select(Group)):
        if str((group.settings or {}).get("leaders_chat_id")) == str(old):
            group.settings = {**group.settings, "leaders_chat_id": new}
            session.add(group)
            moved += 1
    session.flush()
    return moved


def _move_unique(session: Session, table, other, old: int, new: int) -> int:
    """Rows unique on (chat, other): those whose twin already sits in the new chat are
    dropped (the newer one stands), the rest move."""
    twin = aliased(table)
    conn = session.connection()
    conn.execute(delete(table).where(table.chat_id == old, exists().where(
        and_(twin.chat_id == new, getattr(twin, other.key) == other))))
    return conn.execute(update(table).where(table.chat_id == old).values(chat_id=new)).rowcount


def _move_pushes(session: Session, old: int, new: int) -> int:
    """Push keys name their chats ("remind:<chat>:<day>"): today's reminder already sent to
    the old chat must not go again to the new one."""
    moved = 0
    for push in session.exec(select(PushRecord).where(
            (PushRecord.chat_id == old) | PushRecord.key.contains(f":{old}"))):
        parts = [str(new) if p == str(old) else p for p in push.key.split(":")]
        key = ":".join(parts)
        if key != push.key and session.exec(select(PushRecord.id).where(PushRecord.key == key)).first():
            continue            # the new chat has its own record of that push already
        push.key = key
        push.chat_id = new if push.chat_id == old else push.chat_id
        session.add(push)
        moved += 1
    session.flush()
    return moved


def _move_outbox(session: Session, old: int, new: int) -> int:
    """Stored replies: the row's chat, and the chat the reply itself names (a board's)."""
    moved = 0
    for row in session.exec(select(OutboxMessage).where(OutboxMessage.chat_id == old)):
        row.chat_id = new
        if (row.reply or {}).get("chat_id") == old:
            row.reply = {**row.reply, "chat_id": new}
        session.add(row)
        moved += 1
    session.flush()
    return moved


def _move_told(session: Session, old: int, new: int) -> int:
    """The 漏报 and leaders' steps record the chat they told (in a JSON list of ids)."""
    moved = 0
    for step in session.exec(select(Escalation).where(col(Escalation.step).in_((boards.OVERDUE, boards.LEADERS)))):
        if old in step.told:
            step.told = [new if v == old else v for v in step.told]
            session.add(step)
            moved += 1
    session.flush()
    return moved


def _move_identity(session: Session, old: int, new: int) -> int:
    """A platform's string id for the chat keeps naming it (unless the new id has its own)."""
    twin = aliased(PlatformIdentity)
    return session.connection().execute(update(PlatformIdentity).where(
        PlatformIdentity.kind == "chat", PlatformIdentity.number == old,
        ~exists().where(and_(twin.platform == PlatformIdentity.platform, twin.kind == "chat",
                             twin.number == new))).values(number=new)).rowcount
