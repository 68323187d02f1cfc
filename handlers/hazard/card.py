"""The hazard card: its text (with the history on request), its buttons by status, and the
Reply that tags it so replies and buttons under it find the hazard."""
from __future__ import annotations

from datetime import date

from handlers.base import Button, Context, Reply
from handlers.duty import group_today, md
from handlers.hazard.common import KIND, local, name_of, now
from handlers.texts import hazard as T
from storage import hazards as store
from storage.models import Group, Hazard


def deadline_state(hazard: Hazard, today: date) -> str:
    if hazard.status == store.RECTIFIED:
        return T.DONE_STATE
    if hazard.status == store.CLOSED:
        return T.CLOSED_STATE
    late = store.overdue_days(hazard, today)
    if late:
        return T.OVERDUE.format(days=late)
    if hazard.deadline == today:
        return T.DUE_TODAY
    return T.LEFT_DAYS.format(days=(hazard.deadline - today).days)


def card_text(ctx: Context, group: Group, hazard: Hazard, *, history: bool = False) -> str:
    today = group_today(group, now(ctx))
    lines = [T.CARD_TITLE.format(code=hazard.code), T.CARD_PLACE.format(place=hazard.place),
             T.CARD_DESCRIPTION.format(description=hazard.description),
             T.CARD_CATEGORY.format(category="、".join(hazard.categories or [hazard.category])),
             T.CARD_LEVEL.format(level=hazard.level),
             T.CARD_RESPONSIBLE.format(responsible=hazard.responsible or T.UNSET)]
    if hazard.deadline is None:
        lines.append(T.CARD_NO_DEADLINE)
    else:
        lines.append(T.CARD_DEADLINE.format(deadline=md(hazard.deadline), left=deadline_state(hazard, today)))
    lines.append(T.CARD_STATUS.format(status=hazard.status))
    when = local(group, hazard.created_at).strftime("%m-%d %H:%M")
    lines.append(T.CARD_REPORTER.format(reporter=name_of(ctx, hazard.reporter_id), when=when))
    if hazard.photos:
        lines.append(T.CARD_PHOTOS.format(count=len(hazard.photos)))
    if history:
        lines += ["", T.HISTORY] + [_history_line(ctx, group, e)
                                    for e in store.events_of(session=ctx.session, hazard_id=hazard.id)]
    elif hazard.status in store.PENDING:
        lines.append(T.CARD_HINT)
    return "\n".join(lines)


def _history_line(ctx: Context, group: Group, event) -> str:
    if not event.from_status:
        change = T.HISTORY_REPORTED
    elif event.from_status == event.to_status:
        change = T.HISTORY_PHOTO
    else:
        change = f"{event.from_status}→{event.to_status}"
    note = f"：{event.note}" if event.note and event.note not in (T.HISTORY_REPORTED, T.HISTORY_PHOTO) else ""
    return T.HISTORY_LINE.format(when=local(group, event.at).strftime("%m-%d %H:%M"),
                                 who=name_of(ctx, event.actor_id), change=change, note=note,
                                 photo=T.HISTORY_WITH_PHOTO if event.photo else "")


def card_buttons(hazard: Hazard) -> list[list[Button]]:
    def b(label: str, action: str) -> Button:
        return Button(label, f"hz:{action}:{hazard.id}")
    if hazard.status == store.TO_RECTIFY:
        return [[b(T.BTN_PROGRESS, "prog"), b(T.BTN_DONE, "done"), b(T.BTN_PHOTO, "photo")]]
    if hazard.status == store.IN_PROGRESS:
        return [[b(T.BTN_DONE, "done"), b(T.BTN_PHOTO, "photo")]]
    if hazard.status == store.RECTIFIED:
        return [[b(T.BTN_CLOSE, "close"), b(T.BTN_REOPEN, "reopen"), b(T.BTN_PHOTO, "photo")]]
    return [[b(T.BTN_REOPEN_CLOSED, "reopen")]]


def card(ctx: Context, group: Group, hazard: Hazard, *, reply_to: int | None = None,
         edit: int | None = None, history: bool = False) -> Reply:
    return Reply(card_text(ctx, group, hazard, history=history), buttons=card_buttons(hazard),
                 reply_to=reply_to, edit_message_id=edit, tag=None if edit else (KIND, hazard.id))
