"""Inspection records (检查记录): "今日检查企业5家，发现隐患8处" (the parser's `inspection`
intent: unit, count, hazards_found, date) or /inspection 5 8 stores one; /inspections and
a question about inspections ("本月检查情况", topic "inspection") answer from the records."""
from __future__ import annotations

import re
from datetime import date

from handlers.access import is_registered, named_or_own_unit, require_group, require_own_unit
from handlers import detail
from handlers.base import Context, Incoming, Reply
from handlers.duty import group_today, md
from handlers.feature import Feature, UserError
from handlers.texts import inspection as T
from nlu import dates
from nlu.intents import Intent
from nlu.numbers import parse_number
from reports.xlsx import InspectionRow
from storage import inspections as store
from storage import stats
from storage import people
from storage.models import Group, Unit

MAX_COUNT = 10_000
BACKFILL_DAYS = 31
SHOWN = 20
# A sign or a decimal point stays with its number, so "-1" or "2.5" is refused, not read as 1 or 2 and 5.
_NUMBER = re.compile(r"[-−－]?\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+")


def _unit(ctx: Context, group: Group, named: str | None) -> Unit:
    unit = named_or_own_unit(ctx, named, unknown=T.UNKNOWN_UNIT, no_unit=T.NO_UNIT)
    if group.role == "duty" and not people.on_roster(session=ctx.session, group=group, unit_id=unit.id):
        raise UserError(T.NOT_ON_ROSTER.format(unit=unit.name))
    require_own_unit(ctx, unit, refusal=T.OTHER_UNIT)
    return ctx.session.get(Unit, unit.id)


def _day(group: Group, named: date | None, today: date) -> date:
    day = named or today
    if day > today:
        raise UserError(T.FUTURE_DATE.format(day=md(day)))
    if (today - day).days > BACKFILL_DAYS:
        raise UserError(T.TOO_OLD.format(day=md(day), days=BACKFILL_DAYS))
    return day


def _record(incoming: Incoming, ctx: Context, *, unit_name: str | None, sites: int | None,
            found: int | None, named_day: date | None) -> list[Reply]:
    group = require_group(ctx)
    if sites is None:
        raise UserError(T.NO_COUNT)
    found = found or 0
    if not 0 < sites <= MAX_COUNT or not 0 <= found <= MAX_COUNT:
        raise UserError(T.BAD_COUNT.format(limit=MAX_COUNT))
    unit = _unit(ctx, group, unit_name)
    now = incoming.sent_at or ctx.clock.now()
    day = _day(group, named_day, group_today(group, now))
    member = ctx.member
    row, previous = store.record_inspection(
        session=ctx.session, group_id=group.id, unit_id=unit.id, inspector_id=member.id if member else None,
        sites=sites, hazards_found=found, day=day, chat_id=incoming.chat_id, message_id=incoming.message_id,
        at=ctx.clock.now())
    who = (member.name if member else "") or incoming.sender_name or "—"
    template = T.UPDATED if previous is not None else T.RECORDED
    text = template.format(unit=unit.name, day=md(day), sites=sites, found=found, who=who)
    linked = store.hazards_of_inspection(session=ctx.session, inspection=row)
    if linked:
        text += "\n" + T.LINKED.format(count=len(linked), codes="、".join(h.code for h in linked[:10]))
    return [Reply(text, reply_to=incoming.message_id)]


async def on_inspection(incoming: Incoming, ctx: Context, intent: Intent) -> list[Reply]:
    f = intent.fields
    return _record(incoming, ctx, unit_name=f.get("unit"), sites=f.get("count"),
                   found=f.get("hazards_found"), named_day=f.get("date"))


def _count(token: str) -> int | None:
    """A whole count; a signed or decimal figure is -1, which the range check refuses."""
    return -1 if not token.isdigit() and token[-1].isdigit() else parse_number(token)


def parse_args(args: str) -> tuple[int | None, int | None]:
    """"/inspection 5 8", "/inspection 检查5家 隐患8处": the first number is the sites,
    the second the hazards found."""
    numbers = [_count(token) for token in _NUMBER.findall(args)]
    numbers = [n for n in numbers if n is not None]
    return (numbers[0] if numbers else None), (numbers[1] if len(numbers) > 1 else None)


async def inspection_command(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    if not args.strip():
        raise UserError(T.USAGE)
    sites, found = parse_args(args)
    return _record(incoming, ctx, unit_name=None, sites=sites, found=found, named_day=None)


# ---- answers -----------------------------------------------------------------------------

def _period(word: str, today: date) -> tuple[str, date, date]:
    """(label, first day, last day) of a period word (本月 when none), as /drills reads it."""
    found = dates.resolve_period(word.strip() or "本月", today)
    if found is None:
        raise UserError(T.LIST_USAGE)
    start, end, label = found
    return label, start, end


def answer(ctx: Context, group: Group, label: str, start: date, end: date) -> str | None:
    """The records of the period in the group's scope; None when there are none."""
    scope = {"roster_group_id": stats.Scope.of_group(group).roster_group_id}
    totals = store.inspection_totals(session=ctx.session, start=start, end=end, **scope)
    if not totals.records:
        return None
    rows = store.inspections_between(session=ctx.session, start=start, end=end, limit=SHOWN, **scope)
    lines = [T.LIST_HEADER.format(label=label, start=md(start), end=md(end))]
    lines += [T.LIST_LINE.format(day=md(r.day), unit=r.unit, who=r.inspector, sites=r.sites, found=r.hazards_found)
              for r in rows]
    if totals.records > len(rows):
        lines.append(T.LIST_MORE.format(count=totals.records, shown=len(rows)))
    lines.append(T.LIST_TOTAL.format(sites=totals.sites, found=totals.hazards_found, records=totals.records,
                                     units=totals.units))
    return "\n".join(lines)


def _answered(incoming: Incoming, ctx: Context, group: Group, label: str, start: date, end: date) -> list[Reply]:
    """The answer, with its 明细 (each record, its unit, count and linked hazards) when it has records."""
    text = answer(ctx, group, label, start, end)
    if text is None:
        return [Reply(T.LIST_NONE.format(label=label, start=md(start), end=md(end)))]
    return [Reply(text, buttons=detail.button(incoming, ctx, "inspection", start, end, stats.Scope.of_group(group),
                                              text))]


async def inspections_command(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    group = require_group(ctx)
    label, start, end = _period(args, group_today(group, ctx.clock.now()))
    return _answered(incoming, ctx, group, label, start, end)


async def on_query(incoming: Incoming, ctx: Context, intent: Intent) -> list[Reply] | None:
    """A question about inspections ("本月检查情况"): the parser's topic "inspection"."""
    if intent.fields.get("topic") != "inspection" or ctx.group is None or not is_registered(ctx):
        return None
    today = group_today(ctx.group, incoming.sent_at or ctx.clock.now())
    start, end = intent.fields.get("start"), intent.fields.get("end")
    if start is None or end is None:
        label, start, end = _period("", today)
    else:
        label = intent.extra.get("period_label") or ""
    return _answered(incoming, ctx, ctx.group, label, start, end)


def ledger_rows(session, scope: stats.Scope, start: date, end: date) -> list[InspectionRow]:
    """The 台账's 检查记录 sheet: the period's records in the scope, oldest first."""
    rows = store.inspections_between(
        session=session, start=start, end=end, roster_group_id=scope.roster_group_id,
        unit_ids=list(scope.unit_ids) if scope.unit_ids is not None else None)
    return [InspectionRow(r.day, r.unit, r.inspector, r.sites, r.hazards_found) for r in reversed(rows)]


feature = Feature(
    name="inspection",
    commands={"/inspection": inspection_command, "/inspections": inspections_command},
    intents={"inspection": on_inspection, "query": on_query},
    menu=[("inspection", "登记检查：/inspection 检查家数 隐患数"), ("inspections", "本月检查情况（附明细）")],
)
