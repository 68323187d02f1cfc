"""One live status board per duty group and day: posted by the first report or push of
the day, pinned where the bot may pin, then edited in place (the Telegram adapter
coalesces a burst of edits, as for a drill's card). A day's board never becomes a stream.

`day_status` is the one reading of a group's day for the board and the pushes
(handlers/reminders.py)."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from handlers.base import Reply
from handlers.texts import board as T
from reports.facts import md
from storage import boards as store
from storage import duty as duty_store
from storage import people
from storage.due import deadline_passed
from storage.models import DayBoard, Group

SHOWN = 60          # units named on the board; beyond, on-time units are only counted


def day_status(session: Session, group: Group, day: date, now: datetime,
               roster: list | None = None) -> duty_store.DayStatus:
    """The day as known at `now` (a report sent later does not count yet)."""
    roster = roster if roster is not None else people.roster(session=session, group=group)
    return duty_store.day_status(session=session, units=roster, day=day, as_of=now)


def board_text(group: Group, status: duty_store.DayStatus, now: datetime,
               roster: list | None = None) -> str:
    """Each unit in roster order (`roster`, else as `status` lists them); over SHOWN units
    the missing and the late come first and the rest of the on-time are only counted."""
    tz = ZoneInfo(group.timezone)
    past = deadline_passed(group, now, status.day)
    done = {u.id: (T.ON_TIME, r) for u, r in status.on_time} | {u.id: (T.LATE, r) for u, r in status.late}
    order = roster if roster is not None else [u for u, _ in status.on_time + status.late] + status.missing
    if len(order) > SHOWN:
        order = status.missing + [u for u, _ in status.late] + [u for u, _ in status.on_time]
    lines = [T.HEADER.format(day=md(status.day), deadline=group.deadline)]
    for unit in order[:SHOWN]:
        if unit.id in done:
            template, report = done[unit.id]
            lines.append(template.format(unit=unit.name, time=f"{report.sent_at.astimezone(tz):%H:%M}"))
        else:
            lines.append((T.MISSED if past else T.WAITING).format(unit=unit.name))
    hidden = order[SHOWN:]
    if hidden:
        waiting = sum(1 for u in hidden if u.id not in done)
        late = sum(1 for u in hidden if u.id in done and done[u.id][0] == T.LATE)
        parts = [(T.MORE_MISSED if past else T.MORE_WAITING).format(count=waiting) if waiting else "",
                 T.MORE_LATE.format(count=late) if late else "",
                 T.MORE_ON_TIME.format(count=len(hidden) - waiting - late) if len(hidden) - waiting - late else ""]
        lines.append(T.MORE.format(count=len(hidden), parts="、".join(p for p in parts if p)))
    counts = T.COUNTS_PAST if past and status.missing else T.COUNTS
    lines.append(counts.format(reported=status.reported, expected=status.expected))
    if not status.missing:
        lines.append(T.ALL_DONE)
    return "\n".join(lines)


VIEW = "board"      # Reply.view's kind: a lazy edit of the board, rendered as it goes out


def refresh(session: Session, group: Group, day: date, now: datetime, *, post: bool = True,
            lazy: bool = False) -> list[Reply]:
    """The board as a Reply: a new post (tagged, pinned) when the day has none and `post`,
    an edit in place when it has one, nothing while its first post is on its way. `lazy`:
    the edit carries no text but the board to render when it is sent (a report only says
    the board changed; a burst of reports renders it once)."""
    if group.role != "duty":
        return []
    board = store.get_board(session=session, group_id=group.id, day=day)
    where = store.board_location(session=session, board=board) if board is not None else None
    if where is not None and lazy:
        return [Reply(chat_id=where[0], edit_message_id=where[1], view=(VIEW, board.id))]
    if board is None and not post:
        return []
    text = _text(session, group, day, now)
    if text is None:
        return []
    if board is None:
        board = store.claim_board(session=session, group_id=group.id, day=day, at=now)
        return [] if board is None else [_post(group, board.id, text)]
    if where is None:
        if post and store.renew_lost_board(session=session, board=board, at=now):
            return [_post(group, board.id, text)]
        return []
    return [Reply(text, chat_id=where[0], edit_message_id=where[1])]


def _text(session: Session, group: Group, day: date, now: datetime) -> str | None:
    """The board's text at `now`; None for an empty roster (no board to show)."""
    roster = people.roster(session=session, group=group)
    status = day_status(session, group, day, now, roster)
    return board_text(group, status, now, roster) if status.expected else None


def view_text(session: Session, board_id: int, now: datetime) -> str | None:
    """A lazy edit's text: the board as it is at `now` (None: it shows nothing any more)."""
    board = session.get(DayBoard, board_id)
    group = session.get(Group, board.group_id) if board is not None else None
    if group is None or group.role != "duty":
        return None
    return _text(session, group, board.day, now)


def current_text(session: Session, group: Group, day: date, now: datetime) -> str:
    roster = people.roster(session=session, group=group)
    return board_text(group, day_status(session, group, day, now, roster), now, roster)


def _post(group: Group, board_id: int, text: str) -> Reply:
    return Reply(text, chat_id=group.chat_id, tag=("board", board_id), pin=True)


def link(platform: str, chat_id: int, message_id: int) -> str | None:
    """t.me link to a message of a Telegram supergroup (-100…); other chats have none (a
    DingTalk group's number may start with -100 too: it is no Telegram chat)."""
    if platform != "telegram":
        return None
    text = str(chat_id)
    if not text.startswith("-100"):
        return None
    return f"https://t.me/c/{text[4:]}/{message_id}"


def where_today(session: Session, group: Group, day: date) -> tuple[int, int] | None:
    board = store.get_board(session=session, group_id=group.id, day=day)
    return store.board_location(session=session, board=board) if board else None

