"""Daily duty reports: record, supersede on edit, withdraw, and who has not reported."""
from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from handlers.access import LEADERS, named_or_own_unit, require_group
from handlers.base import Context, Incoming, Reply
from handlers.feature import Feature, UserError
from handlers.gazetteer import known_units
from handlers.texts import duty as T
from nlu.intents import Intent, understand
from storage import duty as store
from storage import people
from storage.models import Group, Unit

BACKFILL_DAYS = 31
WITHDRAW_WORDS = ("撤回", "撤销", "作废")


def md(day: date) -> str:
    return f"{day.month}月{day.day}日"


def group_today(group: Group, now: datetime) -> date:
    return now.astimezone(ZoneInfo(group.timezone)).date()


def deadline_of(group: Group, day: date) -> datetime:
    hh, mm = (int(x) for x in group.deadline.split(":"))
    return datetime.combine(day, time(hh, mm), tzinfo=ZoneInfo(group.timezone))


def is_late(group: Group, day: date, sent_at: datetime) -> bool:
    return sent_at > deadline_of(group, day)


def _resolve_unit(ctx: Context, group: Group, intent: Intent) -> Unit:
    unit = named_or_own_unit(ctx, intent.fields.get("unit"), unknown=T.UNKNOWN_UNIT, no_unit=T.NO_UNIT)
    if not people.on_roster(session=ctx.session, group=group, unit_id=unit.id):
        raise UserError(T.NOT_ON_ROSTER.format(unit=unit.name))
    member = ctx.member
    if member is not None and member.unit_id not in (None, unit.id) and member.role not in LEADERS \
            and not ctx.is_bot_admin:
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
    group, unit, report, updated, backfill = _store(incoming, ctx, intent)
    return [Reply(_ack(group, unit, report, updated, backfill), reply_to=incoming.message_id)]


async def on_edit(incoming: Incoming, ctx: Context) -> list[Reply] | None:
    if incoming.message_id is None:
        return None
    original = store.report_for_message(session=ctx.session, chat_id=incoming.chat_id,
                                        message_id=incoming.message_id)
    if original is None:
        return None
    intent = understand(incoming.text, incoming.sent_at or original.sent_at, known_units(ctx))
    if intent.name != "duty_report":
        return [Reply(T.EDIT_IGNORED, reply_to=incoming.message_id)]
    # An edit keeps the original send time: editing does not make a punctual report late.
    edited = Incoming(**{**incoming.__dict__, "sent_at": original.sent_at})
    group, unit, report, _, backfill = _store(edited, ctx, intent)
    return [Reply(_ack(group, unit, report, True, backfill), reply_to=incoming.message_id)]


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
    unit = ctx.session.get(Unit, report.unit_id)
    return [Reply(T.WITHDRAWN.format(unit=unit.name, day=md(report.duty_date)), reply_to=incoming.message_id)]


def _late_items(group: Group, late: list[tuple[str, datetime]]) -> str:
    tz = ZoneInfo(group.timezone)
    return "、".join(f"{name}（{at.astimezone(tz):%H:%M}）" for name, at in late)


def status_now(ctx: Context, group: Group) -> tuple[store.RosterDay, bool]:
    now = ctx.clock.now()
    day = group_today(group, now)
    return store.group_day_status(session=ctx.session, group=group, day=day), now > deadline_of(group, day)


def today_text(status: store.RosterDay, group: Group, past_deadline: bool) -> str:
    lines = [T.TODAY_HEADER.format(day=md(status.day), deadline=group.deadline),
             T.TODAY_COUNTS.format(reported=status.reported, expected=status.expected,
                                   on_time=status.on_time, late=len(status.late),
                                   missing=len(status.missing))]
    if status.late:
        lines.append(T.TODAY_LATE.format(items=_late_items(group, status.late)))
    if status.missing:
        template = T.TODAY_MISSING_PAST if past_deadline else T.TODAY_MISSING
        lines.append(template.format(items="、".join(status.missing)))
    if status.with_events:
        lines.append(T.TODAY_EVENTS.format(items="、".join(status.with_events)))
    return "\n".join(lines)


def missing_text(status: store.RosterDay, group: Group) -> str:
    if status.expected == 0:
        return T.EMPTY_ROSTER
    if not status.missing:
        text = T.MISSING_NONE.format(day=md(status.day), expected=status.expected)
    else:
        text = T.MISSING_HEADER.format(day=md(status.day), count=len(status.missing),
                                       expected=status.expected, items="、".join(status.missing))
    if status.late:
        text += "\n" + T.MISSING_LATE.format(items=_late_items(group, status.late))
    return text


async def today(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    group = require_group(ctx)
    status, past = status_now(ctx, group)
    if status.expected == 0:
        return [Reply(T.EMPTY_ROSTER)]
    return [Reply(today_text(status, group, past))]


async def missing(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    group = require_group(ctx)
    status, _ = status_now(ctx, group)
    return [Reply(missing_text(status, group))]


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
    intents={"duty_report": on_report, "_before": before_text, "query": on_query},
    edits=[on_edit],
    menu=[("today", "今日报送情况"), ("missing", "今天谁还没报")],
)
