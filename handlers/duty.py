"""Daily duty reports: record, supersede on edit, withdraw, and who has not reported."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers import duty_confirm as confirm
from handlers.access import named_or_own_unit, require_group
from handlers.base import Context, Incoming, Reply
from handlers.feature import Feature, UserError
from handlers.gazetteer import known_units
from handlers.texts import common as C
from handlers import board, detail
from handlers.texts import board as BT
from handlers.texts import duty as T
from nlu.intents import Intent, understand
from reports.facts import md
from storage import duty as store
from storage.due import deadline_passed
from storage.due import local_day as group_today
from storage import people, stats, updates
from storage.models import Group, Unit

BACKFILL_DAYS = 31
WITHDRAW_WORDS = ("撤回", "撤销", "作废")


def is_late(group: Group, day: date, sent_at: datetime) -> bool:
    return deadline_passed(group, sent_at, day)


def _resolve_unit(ctx: Context, group: Group, intent: Intent) -> Unit:
    unit = named_or_own_unit(ctx, intent.fields.get("unit"), unknown=T.UNKNOWN_UNIT, no_unit=T.NO_UNIT)
    if not people.on_roster(session=ctx.session, group=group, unit_id=unit.id):
        raise UserError(T.NOT_ON_ROSTER.format(unit=unit.name))
    # A unit's report counts only from its bound members: no role reports for another unit.
    member = ctx.member
    if member is None or member.unit_id is None:
        raise UserError(T.NOT_BOUND.format(unit=unit.name))
    if member.unit_id != unit.id:
        own = ctx.session.get(Unit, member.unit_id)
        raise UserError(T.OTHER_UNIT.format(own=own.name, unit=unit.name))
    return unit


def _duty_day(group: Group, intent: Intent, sent_at: datetime) -> date:
    today = group_today(group, sent_at)
    day = intent.fields.get("date") or today
    if day > today:
        raise UserError(T.FUTURE_DATE.format(day=md(day)))
    if (today - day).days > BACKFILL_DAYS:
        raise UserError(T.TOO_OLD.format(day=md(day), days=BACKFILL_DAYS))
    return day


def _ack(group: Group, unit: Unit, report: store.Recorded, updated: bool, backfill: bool) -> str:
    when = report.sent_at.astimezone(ZoneInfo(group.timezone)).strftime("%H:%M")
    timeliness = T.BACKFILL if backfill else (T.LATE if report.late else T.ON_TIME)
    if backfill and report.late:
        timeliness = f"{T.BACKFILL}，{T.LATE}"
    template = T.RECORDED_UPDATED if updated else T.RECORDED
    text = template.format(unit=unit.name, day=md(report.duty_date), time=when, timeliness=timeliness,
                           kind=T.KIND_ZERO if report.zero else T.KIND_EVENTS)
    if not report.zero and report.events:
        text += "\n" + T.EVENTS_LINE.format(events=report.events[:200])
    return text


def _store(incoming: Incoming, ctx: Context, intent: Intent) -> tuple[Group, Unit, store.Recorded, bool, bool]:
    group = require_group(ctx)
    sent_at = incoming.sent_at or ctx.clock.now()
    unit = _resolve_unit(ctx, group, intent)
    day = _duty_day(group, intent, sent_at)
    zero = bool(intent.fields.get("zero", True))
    events = "" if zero else incoming.text.strip()      # the officer's own words, kept whole
    report = store.record_duty_report(
        session=ctx.session, unit_id=unit.id, group_id=group.id, duty_date=day,
        reporter_id=ctx.member.id if ctx.member else None, sent_at=sent_at, zero=zero, events=events,
        late=is_late(group, day, sent_at), chat_id=incoming.chat_id, message_id=incoming.message_id)
    return group, unit, report, report.superseded is not None, day < group_today(group, sent_at)


def _board(ctx: Context, group: Group, day: date, sent_at: datetime, *, post: bool = True) -> list[Reply]:
    """The day's board, posted or edited (a backfill only edits a board that exists); an
    edit is rendered when it goes out (lazy), once for a burst of reports."""
    now = max(ctx.clock.now(), sent_at)
    return board.refresh(ctx.session, group, day, now, post=post and day == group_today(group, now), lazy=True)


def _forwarded_elsewhere(incoming: Incoming, ctx: Context) -> str | None:
    """Why a forwarded message is not the sender's own report of today (None: it is)."""
    if not incoming.forwarded:
        return None
    if incoming.forward_sender_id != incoming.sender_id:
        return T.FORWARDED_OTHER
    group = require_group(ctx)
    sent = incoming.forward_date or incoming.sent_at or ctx.clock.now()
    if group_today(group, sent) != group_today(group, incoming.sent_at or ctx.clock.now()):
        return T.FORWARDED_EARLIER.format(day=md(group_today(group, sent)))
    return None


async def on_report(incoming: Incoming, ctx: Context, intent: Intent) -> list[Reply]:
    why = _forwarded_elsewhere(incoming, ctx)
    if why is not None:
        return [Reply(T.FORWARDED.format(why=why), reply_to=incoming.message_id)]
    if not intent.extra.get("sure", True):
        return confirm.ask(incoming, ctx, _guessed_unit(ctx, intent))
    return _recorded(incoming, ctx, intent)


def _recorded(incoming: Incoming, ctx: Context, intent: Intent) -> list[Reply]:
    """Store the report: its acknowledgement, and the day's board posted or edited."""
    group, unit, report, updated, backfill = _store(incoming, ctx, intent)
    return [Reply(_ack(group, unit, report, updated, backfill), reply_to=incoming.message_id),
            *_board(ctx, group, report.duty_date, report.sent_at)]


def _guessed_unit(ctx: Context, intent: Intent) -> Unit:
    """The unit to ask about: the one named if it is known, else the sender's own (a place
    named in a weakly read message is more likely where something happened)."""
    group = require_group(ctx)
    try:
        return _resolve_unit(ctx, group, intent)
    except UserError:
        if not intent.fields.get("unit"):
            raise
        return _resolve_unit(ctx, group, _with_unit(intent, None))


def _with_unit(intent: Intent, unit: str | None) -> Intent:
    fields = {k: v for k, v in intent.fields.items() if k != "unit"}
    if unit:
        fields["unit"] = unit
    return Intent(intent.name, fields, intent.extra)


async def on_confirm_button(incoming: Incoming, ctx: Context, payload: str) -> list[Reply]:
    conv = confirm.pending(incoming, ctx)
    if conv is None or payload not in ("yes", "no"):
        return [Reply(alert=C.BUTTON_EXPIRED)]     # another member's button, or a stale one
    return await _confirmed(confirm.settle(incoming, ctx, conv, payload == "yes"), ctx)


async def on_confirm_answer(incoming: Incoming, ctx: Context, conv) -> list[Reply] | None:
    yes = confirm.answer_of(incoming.text)
    if yes is None:
        updates.end_conversation(session=ctx.session, conversation=conv)
        return None             # not an answer: the message is read as any other
    return await _confirmed(confirm.settle(incoming, ctx, conv, yes), ctx)


async def _confirmed(asked: tuple[Incoming, str] | None, ctx: Context) -> list[Reply]:
    """File the message the sender said 是 to, for the unit asked about; nothing on 不是."""
    if asked is None:
        return [Reply(T.CONFIRM_DROPPED)]
    incoming, unit = asked
    intent = _with_unit(understand(incoming.text, incoming.sent_at, known_units(ctx)), unit)
    if intent.name != "duty_report":
        return [Reply(T.EDIT_IGNORED, reply_to=incoming.message_id)]
    return _recorded(incoming, ctx, intent)


async def on_edit(incoming: Incoming, ctx: Context) -> list[Reply] | None:
    if incoming.message_id is None:
        return None
    original = store.report_for_message(session=ctx.session, chat_id=incoming.chat_id,
                                        message_id=incoming.message_id)
    if original is None:
        # A message not taken as a report (a typo) corrected into one: read as if sent so,
        # at the time it was sent.
        intent = understand(incoming.text, incoming.sent_at or ctx.clock.now(), known_units(ctx))
        return await on_report(incoming, ctx, intent) if intent.name == "duty_report" else None
    intent = understand(incoming.text, incoming.sent_at or original.sent_at, known_units(ctx))
    if intent.name != "duty_report":
        return [Reply(T.EDIT_IGNORED, reply_to=incoming.message_id)]
    # An edit keeps the original send time: editing does not make a punctual report late.
    edited = Incoming(**{**incoming.__dict__, "sent_at": original.sent_at})
    group, unit, report, _, backfill = _store(edited, ctx, intent)
    return [Reply(_ack(group, unit, report, True, backfill), reply_to=incoming.message_id),
            *_board(ctx, group, report.duty_date, report.sent_at, post=False)]


async def before_text(incoming: Incoming, ctx: Context) -> list[Reply] | None:
    """A reply "撤回" to one's own report withdraws it."""
    if incoming.reply_to_message_id is None or incoming.text.strip().rstrip("。!！") not in WITHDRAW_WORDS:
        return None
    report = store.report_for_message(session=ctx.session, chat_id=incoming.chat_id,
                                      message_id=incoming.reply_to_message_id)
    if report is None:
        return [Reply(T.WITHDRAW_NOT_FOUND, reply_to=incoming.message_id)]
    if ctx.member is None or report.reporter_id != ctx.member.id:
        raise UserError(T.WITHDRAW_NOT_YOURS)
    store.withdraw_report(report=report)
    ctx.session.flush()
    unit = ctx.session.get(Unit, report.unit_id)
    group = ctx.group
    again = _board(ctx, group, report.duty_date, ctx.clock.now(), post=False) if group else []
    return [Reply(T.WITHDRAWN.format(unit=unit.name, day=md(report.duty_date)), reply_to=incoming.message_id),
            *again]


def late_items(group: Group, late: list[tuple[str, datetime]]) -> str:
    """Late units with the time each reported, in the group's timezone."""
    tz = ZoneInfo(group.timezone)
    return "、".join(T.LATE_ITEM.format(unit=name, time=f"{at.astimezone(tz):%H:%M}") for name, at in late)


def count_lines(group: Group, *, reported: int, expected: int, on_time: int, late: list[tuple[str, datetime]],
                missing: int) -> list[str]:
    """The day in counts and its late units: /today's lines, and the deadline tally's."""
    lines = [T.TODAY_COUNTS.format(reported=reported, expected=expected, on_time=on_time, late=len(late),
                                   missing=missing)]
    if late:
        lines.append(T.TODAY_LATE.format(items=late_items(group, late)))
    return lines


def status_now(ctx: Context, group: Group) -> tuple[store.RosterDay, bool]:
    now = ctx.clock.now()
    day = group_today(group, now)
    return store.group_day_status(session=ctx.session, group=group, day=day), deadline_passed(group, now, day)


def today_text(status: store.RosterDay, group: Group, past_deadline: bool) -> str:
    lines = [T.TODAY_HEADER.format(day=md(status.day), deadline=group.deadline),
             *count_lines(group, reported=status.reported, expected=status.expected, on_time=status.on_time,
                          late=status.late, missing=len(status.missing))]
    if status.missing:
        template = T.TODAY_MISSING_PAST if past_deadline else T.TODAY_MISSING
        lines.append(template.format(items="、".join(status.missing)))
    if status.with_events:
        lines.append(T.TODAY_EVENTS.format(items="、".join(status.with_events)))
    return "\n".join(lines)


def missing_text(status: store.RosterDay, group: Group, chased: list[tuple[str, int]] = ()) -> str:
    """Who has not reported today, who was late, and whom the ladder reminded (催报)."""
    if status.expected == 0:
        return T.EMPTY_ROSTER
    if not status.missing:
        text = T.MISSING_NONE.format(day=md(status.day), expected=status.expected)
    else:
        text = T.MISSING_HEADER.format(day=md(status.day), count=len(status.missing),
                                       expected=status.expected, items="、".join(status.missing))
    if status.late:
        text += "\n" + T.MISSING_LATE.format(items=late_items(group, status.late))
    if chased:
        text += "\n" + T.MISSING_CHASED.format(count=len(chased), items="、".join(name for name, _ in chased))
    return text


async def today(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    """A duty group: the link to today's board and its text (the board itself when the
    day has none yet). A leaders' group: every unit's day in counts."""
    group = require_group(ctx)
    if group.role == "duty":
        now = ctx.clock.now()
        day = group_today(group, now)
        where = board.where_today(ctx.session, group, day)
        if where is None:
            posted = board.refresh(ctx.session, group, day, now)
            return posted or [Reply(T.EMPTY_ROSTER)]
        text = board.current_text(ctx.session, group, day, now)
        link = board.link(incoming.platform, *where)
        head = BT.LINK.format(link=link) if link else BT.LINK_ABOVE
        return [Reply(head + "\n\n" + text, buttons=_detail(incoming, ctx, group, day, text),
                      reply_to=incoming.message_id)]
    status, past = status_now(ctx, group)
    if status.expected == 0:
        return [Reply(T.EMPTY_ROSTER)]
    text = today_text(status, group, past)
    return [Reply(text, buttons=_detail(incoming, ctx, group, status.day, text))]


async def missing(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    group = require_group(ctx)
    status, _ = status_now(ctx, group)
    chased = stats.reminded_by_unit(session=ctx.session, scope=stats.Scope.of_group(group),
                                    start=status.day, end=status.day)
    text = missing_text(status, group, chased)
    return [Reply(text, buttons=_detail(incoming, ctx, group, status.day, text) if status.expected else [])]


def _detail(incoming: Incoming, ctx: Context, group: Group, day: date, text: str):
    """The day's 明细 (each unit's report time, 按时 / 迟报 / 未报) for the group's roster
    (every unit in a leaders' group), as the answer counted them."""
    return detail.button(incoming, ctx, "duty", day, day, stats.Scope.of_group(group), text)


async def on_query(incoming: Incoming, ctx: Context, intent: Intent) -> list[Reply] | None:
    """"今天哪些单位还没报": today's duty status. Other questions belong to the ask feature."""
    if intent.fields.get("topic") != "duty" or ctx.group is None:
        return None
    day = group_today(ctx.group, incoming.sent_at or ctx.clock.now())
    if intent.fields.get("start", day) != day or intent.fields.get("end", day) != day:
        return None
    return await missing(incoming, ctx, "")


feature = Feature(
    name="duty",
    commands={"/today": today, "/missing": missing},
    intents={"duty_report": on_report, "query": on_query},
    before_text=before_text,
    callbacks={confirm.PREFIX: on_confirm_button},
    conversations={confirm.KIND: on_confirm_answer},
    edits=[on_edit],
    views={board.VIEW: board.view_text},
    menu=[("today", "今日报送情况（附明细）"), ("missing", "今天谁还没报（附明细）")],
)
