"""/holiday and /workday: the admin's entries in the working-day calendar (Holiday table),
and the calendar every handler reads them through. Anyone registered may look; admins
change. A year whose 调休 days nobody has confirmed is announced once per group."""
from __future__ import annotations

import re
from datetime import date, timedelta

from sqlmodel import Session

from core.calendar import CnCalendar
from handlers.access import require_admin
from handlers.base import Context, Incoming, Reply
from handlers.feature import Feature, UserError
from handlers.texts import calendar as T
from nlu import dates
from storage import calendar as store
from storage import pushes

MAX_SPAN = 31
YEARS = (2000, 2100)
REMOVE_WORDS = ("删除", "取消", "撤销")


def working_calendar(session: Session) -> CnCalendar:
    """China's calendar with the admins' /holiday and /workday entries, read only if a day
    is asked about (the session must still be open then)."""
    return CnCalendar(load=lambda: store.calendar_days(session=session))


def unconfirmed_notices(ctx: Context, cal: CnCalendar, chat_id: int) -> list[Reply]:
    """One notice per group and year when a message was read with a year nobody confirmed."""
    out = []
    for year in sorted(cal.unconfirmed_asked):
        key = f"calendar:unconfirmed:{year}:{chat_id}"
        if pushes.claim_push(session=ctx.session, key=key, chat_id=chat_id, at=ctx.clock.now()):
            pushes.mark_push(session=ctx.session, key=key, status=pushes.SENT, at=ctx.clock.now())
            out.append(Reply(T.UNCONFIRMED_NOTICE.format(year=year)))
    return out


def _today(ctx: Context) -> date:
    return dates.local_date(ctx.clock.now())


def _md(day: date) -> str:
    return day.isoformat()


def _span_text(first: date, last: date) -> str:
    return _md(first) if first == last else f"{_md(first)}至{_md(last)}"


def _parse(args: str, today: date) -> tuple[date, date, str]:
    """"2027-02-05至2027-02-11 春节" → (first, last, name); a lone day is its own span."""
    mentions = [m for m in dates.find_days(args, today) if m.kind in ("iso", "md")]
    if not mentions:
        raise UserError(T.BAD_DAY.format(words=args.strip()[:20]))
    if any(m.day is None for m in mentions):
        raise UserError(T.BAD_DAY.format(words=next(m.words for m in mentions if m.day is None)))
    first = mentions[0].day
    last = mentions[1].day if len(mentions) > 1 else first
    if last < first:
        first, last = last, first
    if (last - first).days >= MAX_SPAN:
        raise UserError(T.TOO_LONG.format(days=MAX_SPAN))
    if not (YEARS[0] <= first.year and last.year <= YEARS[1]):
        raise UserError(T.OUT_OF_RANGE.format(start=YEARS[0], end=YEARS[1]))
    name = args
    for m in mentions:
        name = name.replace(m.words, " ")
    name = re.sub(r"[至到~～—\-－,，、\s]+", " ", name).strip()
    return first, last, name


async def _show(ctx: Context) -> list[Reply]:
    cal = working_calendar(ctx.session)
    today = _today(ctx)
    lines = [T.HEADER]
    for year in (today.year, today.year + 1):
        if cal.knows_year(year):
            lines.append(T.YEAR_OFFICIAL.format(year=year))
        else:
            lines.append((T.YEAR_CONFIRMED if cal.confirmed(year) else T.YEAR_UNCONFIRMED).format(year=year))
        rows = store.days_of_year(session=ctx.session, year=year)
        if rows:
            items = "、".join((T.ITEM_WORK if r.workday else T.ITEM_OFF).format(day=_md(r.day), name=r.name)
                             for r in rows)
            lines.append(T.ENTERED.format(items=items))
    lines.append(T.HELP)
    return [Reply("\n".join(lines))]


async def _change(incoming: Incoming, ctx: Context, args: str, *, workday: bool) -> list[Reply]:
    await require_admin(ctx, incoming)
    words = args.split()
    if words and words[0] in REMOVE_WORDS:
        first, last, _ = _parse(" ".join(words[1:]), _today(ctx))
        removed = [d for d in _days(first, last) if store.remove_calendar_day(session=ctx.session, day=d)]
        if not removed:
            return [Reply(T.NOT_ENTERED.format(day=_span_text(first, last)), reply_to=incoming.message_id)]
        return [Reply(T.REMOVED.format(day=_span_text(first, last)), reply_to=incoming.message_id)]
    first, last, given = _parse(args, _today(ctx))
    name = given or (T.DEFAULT_WORK if workday else T.DEFAULT_OFF)
    for d in _days(first, last):
        store.set_calendar_day(session=ctx.session, day=d, name=name, workday=workday)
    saved = T.SAVED_WORK if workday else T.SAVED_OFF
    # No name given: the answer says the day alone ("2027-02-21 调休上班，调休上班" said it twice).
    named = T.NAMED.format(name=given) if given else ""
    return [Reply(saved.format(span=_span_text(first, last), name=named), reply_to=incoming.message_id)]


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


async def cmd_holiday(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    if not args.strip():
        return await _show(ctx)
    return await _change(incoming, ctx, args, workday=False)


async def cmd_workday(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    if not args.strip():
        raise UserError(T.USAGE_WORKDAY)
    return await _change(incoming, ctx, args, workday=True)


feature = Feature(
    name="calendar",
    commands={"/holiday": cmd_holiday, "/workday": cmd_workday},
    menu=[("holiday", "节假日与调休：/holiday 查看或录入"), ("workday", "录入调休上班日：/workday 日期")],
)
