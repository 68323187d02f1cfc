"""The live status board of a group's day (one message, edited in place) and the
escalation ladder's record of who was told when. Functions flush, never commit."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import DayBoard, Escalation
from storage.updates import first_sent

# A board row whose message was never recorded this long after it was made was lost
# (a crash between commit and send): the next report or push posts it again.
LOST_AFTER = timedelta(minutes=10)

# The ladder's steps (Escalation.step), in the order they are taken.
REMIND = "remind"       # 催报 in the group, before the deadline
OVERDUE = "overdue"     # the board marks 漏报 at the deadline
CHIEF = "chief"         # a private message to each chief of a unit still missing
LEADERS = "leaders"     # one line to the leaders' group


# Asked by every duty report: built once (building it cost more than running it).
_BOARD = select(DayBoard).where(DayBoard.group_id == bindparam("group_id"), DayBoard.day == bindparam("day"))


def get_board(*, session: Session, group_id: int, day: date) -> DayBoard | None:
    return session.exec(_BOARD, params={"group_id": group_id, "day": day}).first()


def board_location(*, session: Session, board: DayBoard) -> tuple[int, int] | None:
    """(chat, message id) of the board, once the adapter has recorded it."""
    if board.message_id is None:
        sent = first_sent(session=session, kind="board", ref_id=board.id)
        if sent is None:
            return None
        board.chat_id, board.message_id = sent.chat_id, sent.message_id
    return board.chat_id, board.message_id


def claim_board(*, session: Session, group_id: int, day: date, at: datetime) -> DayBoard | None:
    """A new board row for the day, or None when another message claimed it first (two
    reports at the same moment: the unique key decides, in a savepoint)."""
    board = DayBoard(group_id=group_id, day=day, created_at=at)
    try:
        with session.begin_nested():
            session.add(board)
            session.flush()
    except IntegrityError:
        return None
    return board


def renew_lost_board(*, session: Session, board: DayBoard, at: datetime) -> bool:
    """True (and the board's clock restarted) when its message never arrived."""
    if board.message_id is not None or at - board.created_at < LOST_AFTER:
        return False
    board.created_at = at
    session.flush()
    return True


# ---- the ladder ----------------------------------------------------------------------

def steps_taken(*, session: Session, group_id: int, day: date, step: str) -> set[int]:
    """Unit ids that already had `step` on that day."""
    stmt = select(Escalation.unit_id).where(Escalation.group_id == group_id, Escalation.day == day,
                                            Escalation.step == step)
    return set(session.exec(stmt))


def record_steps(*, session: Session, group_id: int, day: date, step: str, told: dict[int, list[int]],
                 at: datetime) -> int:
    """Record `step` for each unit (unit id → who was told). A unit already recorded keeps
    its first time and gains the newly told (two chiefs of one unit are two pushes)."""
    rows = {row.unit_id: row for row in session.exec(select(Escalation).where(
        Escalation.group_id == group_id, Escalation.day == day, Escalation.step == step,
        col(Escalation.unit_id).in_(list(told))))}
    fresh = 0
    for unit_id, who in told.items():
        row = rows.get(unit_id)
        if row is None:
            session.add(Escalation(group_id=group_id, unit_id=unit_id, day=day, step=step, told=list(who), at=at))
            fresh += 1
        elif set(who) - set(row.told):
            row.told = row.told + [w for w in who if w not in row.told]
    session.flush()
    return fresh
