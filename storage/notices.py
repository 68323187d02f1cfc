"""Notices (通知) and their 收到 receipts. Functions flush, never commit."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage import people
from storage.models import Group, Member, Notice, NoticeDelivery, NoticeReceipt


def create_notice(*, session: Session, sender_user_id: int, sender_chat_id: int, text: str, groups: list[Group],
                  at: datetime, remind_after: int) -> tuple[Notice, list[NoticeDelivery]]:
    notice = Notice(sender_user_id=sender_user_id, sender_chat_id=sender_chat_id, text=text, created_at=at,
                    remind_after=remind_after)
    session.add(notice)
    session.flush()
    deliveries = [NoticeDelivery(notice_id=notice.id, group_id=g.id, chat_id=g.chat_id) for g in groups]
    session.add_all(deliveries)
    session.flush()
    return notice, deliveries


def delivery(*, session: Session, notice_id: int, chat_id: int) -> NoticeDelivery | None:
    """The notice as sent to this chat; None for a notice never sent here (a forged button)."""
    return session.exec(select(NoticeDelivery).where(NoticeDelivery.notice_id == notice_id,
                                                     NoticeDelivery.chat_id == chat_id)).first()


def record_receipt(*, session: Session, notice_id: int, group_id: int, member_id: int, unit_id: int | None,
                   at: datetime) -> bool:
    """True for the member's first 收到; False when already recorded (two taps in flight:
    the unique key decides, in a savepoint)."""
    if session.exec(select(NoticeReceipt.id).where(NoticeReceipt.notice_id == notice_id,
                                                   NoticeReceipt.member_id == member_id)).first():
        return False
    try:
        with session.begin_nested():
            session.add(NoticeReceipt(notice_id=notice_id, group_id=group_id, member_id=member_id,
                                      unit_id=unit_id, at=at))
            session.flush()
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class GroupTally:
    title: str
    chat_id: int
    units: int                 # 应收到 (units on the roster)
    acknowledged: int          # units with at least one 收到
    waiting: list[str]         # units with nobody yet, roster order
    waiting_ids: list[int]
    group_id: int = 0
    roster_ids: tuple[int, ...] = ()   # the units 应收到, roster order


def tally(*, session: Session, notice_id: int) -> list[GroupTally]:
    """Per group the notice went to: its roster's units, those acknowledged, those not."""
    found = []
    groups = session.exec(select(Group).join(NoticeDelivery, NoticeDelivery.group_id == Group.id)
                          .where(NoticeDelivery.notice_id == notice_id).order_by(NoticeDelivery.id)).all()
    for group in groups:
        roster = [(u.id, u.name) for u in people.roster(session=session, group=group)]
        acked = set(session.exec(select(NoticeReceipt.unit_id).where(
            NoticeReceipt.notice_id == notice_id, NoticeReceipt.group_id == group.id)))
        waiting = [(uid, name) for uid, name in roster if uid not in acked]
        found.append(GroupTally(group.title, group.chat_id, len(roster), len(roster) - len(waiting),
                                [n for _, n in waiting], [u for u, _ in waiting], group.id,
                                tuple(uid for uid, _ in roster)))
    return found


def notices_between(*, session: Session, start: datetime, end: datetime,
                    group_ids: list[int] | None = None) -> list[Notice]:
    """Notices sent in [start, end), newest first; only those delivered to one of the
    groups when `group_ids` is given."""
    stmt = select(Notice).where(Notice.created_at >= start, Notice.created_at < end)
    if group_ids is not None:
        stmt = stmt.where(col(Notice.id).in_(select(NoticeDelivery.notice_id)
                                             .where(col(NoticeDelivery.group_id).in_(group_ids))))
    return list(session.exec(stmt.order_by(col(Notice.created_at).desc(), col(Notice.id).desc())))


@dataclass(frozen=True)
class ScopedNotice:
    """A notice as a scope counts it: its units 应收到 within the scope, and which have not."""
    notice: Notice
    acknowledged: int
    expected: int
    waiting: list[str]
    groups: list[GroupTally]           # the groups it went to that the scope counts


def notices_in_scope(*, session: Session, start: datetime, end: datetime, group_id: int | None,
                     unit_ids: set[int] | None) -> list[ScopedNotice]:
    """The notices sent in [start, end), newest first, counted within a scope: one group's
    delivery (`group_id`), those units in every group they are on (`unit_ids`), or every
    delivery (neither). A notice the scope owes nothing is left out."""
    found = []
    for notice in notices_between(session=session, start=start, end=end,
                                  group_ids=[group_id] if group_id is not None else None):
        acked = expected = 0
        waiting: list[str] = []
        groups = [g for g in tally(session=session, notice_id=notice.id) if group_id in (None, g.group_id)]
        for g in groups:
            if unit_ids is None:
                expected, acked, waiting = expected + g.units, acked + g.acknowledged, waiting + g.waiting
                continue
            mine = [u for u in g.roster_ids if u in unit_ids]
            late = [name for uid, name in zip(g.waiting_ids, g.waiting) if uid in unit_ids]
            expected, acked, waiting = expected + len(mine), acked + len(mine) - len(late), waiting + late
        if expected:
            found.append(ScopedNotice(notice, acked, expected, waiting, groups))
    return found


class Receipt(NamedTuple):
    name: str                           # the member who tapped 收到 first for the unit
    at: datetime


def first_receipts(*, session: Session, notice_ids: list[int]) -> dict[tuple[int, int, int], Receipt]:
    """(notice, group, unit) → the unit's first 收到 in that group: who, when."""
    stmt = (select(NoticeReceipt.notice_id, NoticeReceipt.group_id, NoticeReceipt.unit_id, Member.name,
                   NoticeReceipt.at)
            .join(Member, Member.id == NoticeReceipt.member_id)
            .where(col(NoticeReceipt.notice_id).in_(notice_ids), col(NoticeReceipt.unit_id).is_not(None))
            .order_by(NoticeReceipt.at, NoticeReceipt.id))
    found: dict[tuple[int, int, int], Receipt] = {}
    for notice_id, group_id, unit_id, name, at in session.exec(stmt):
        found.setdefault((notice_id, group_id, unit_id), Receipt(name, at))
    return found


def notices_since(*, session: Session, since: datetime) -> list[Notice]:
    """Notices sent at or after `since` (the reminders' window: a restart after days sends
    no stale reminders; each group's delay is its own setting)."""
    return list(session.exec(select(Notice).where(Notice.created_at >= since).order_by(Notice.id)))


@dataclass(frozen=True)
class NoticeTotals:
    issued: int = 0            # 下发通知N期
    expected: int = 0          # unit receipts owed
    acknowledged: int = 0      # units that tapped 收到


def notice_totals(*, session: Session, start: datetime, end: datetime,
                  group_ids: list[int] | None = None) -> NoticeTotals:
    """Notices sent in [start, end) to the groups (all when None) and their 签收 by unit,
    counted as each notice's tally counts them (应收到: the roster's active units)."""
    notices = select(Notice.id).where(Notice.created_at >= start, Notice.created_at < end).order_by(Notice.id)
    issued = expected = acknowledged = 0
    for notice_id in session.exec(notices):
        counted = [g for g in tally(session=session, notice_id=notice_id)
                   if group_ids is None or g.group_id in group_ids]
        issued += 1 if counted else 0
        expected += sum(g.units for g in counted)
        acknowledged += sum(g.acknowledged for g in counted)
    return NoticeTotals(issued, expected, acknowledged)


def notice_sent_at(*, session: Session, notice_id: int) -> datetime:
    return session.get(Notice, notice_id).created_at
