"""Weekly reports and summaries on request: "生成本周周报", "/summary half_year",
"/summary 2026-03-01 2026-05-31". The draft comes as chat messages and a .docx (a weekly
one with the week's 隐患台账 .xlsx beside it); a model may polish it, the number guard
decides, and the user is told which. Every draft is kept in the Summary table.
"""
from __future__ import annotations

import io
import logging
from datetime import date
from zoneinfo import ZoneInfo

from handlers.access import require_leader
from handlers.base import Context, Incoming, OutFile, Reply
from handlers.feature import Feature, UserError
from handlers import detail, inspection
from handlers.hazard.ledger import build_ledger
from handlers.texts import summary as T
from nlu.intents import Intent
from nlu import dates
from reports import build, draft as drafting, polish as polishing
from reports.chat_split import split_message
from reports.docx import write_docx
from reports.facts import Period
from reports.xlsx import write_ledger
from storage import due, stats
from storage.db import release_connection
from storage.models import Summary

log = logging.getLogger(__name__)

KINDS = ("weekly", "monthly", "half_year", "yearly")
# A kind in a leader's words ("/summary 半年总结", "/summary 周报"): its current period.
KIND_WORDS = (("半年", "half_year"), ("周", "weekly"), ("月", "monthly"), ("年", "yearly"))
CHAT_LIMIT = 3500       # under Telegram's 4096 even after HTML escaping
MAX_DAYS = 366 * 5 + 1


def _today(ctx: Context, incoming: Incoming) -> date:
    tz = ctx.group.timezone if ctx.group is not None else ctx.settings.timezone
    return (incoming.sent_at or ctx.clock.now()).astimezone(ZoneInfo(tz)).date()


def _period_from_args(args: str, today: date) -> Period:
    words = args.split()
    if not words:
        return build.current_period("weekly", today)
    if len(words) == 1 and words[0] in KINDS:
        return build.current_period(words[0], today)
    if len(words) == 2:
        try:
            start, end = (date.fromisoformat(w) for w in words)
        except ValueError:
            raise UserError(T.INVALID_DATE) from None
        if end < start:
            raise UserError(T.BAD_RANGE)
        return build.period_for(None, start, end, today)
    return _period_in_words(args.strip(), today)


def _period_in_words(text: str, today: date) -> Period:
    """"上周", "上半年", "5月" as the parser reads them, else a kind named ("半年总结")."""
    found = dates.resolve_period(text, today)
    if found is not None:
        return build.period_for(None, found[0], found[1], today)
    for word, kind in KIND_WORDS:
        if word in text:
            return build.current_period(kind, today)
    raise UserError(T.BAD_ARGS)


def _check(period: Period, today: date) -> None:
    if period.start > today:
        raise UserError(T.FUTURE.format(period=period.label))
    if period.days > MAX_DAYS:
        raise UserError(T.TOO_LONG.format(years=5))


async def on_command(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    await require_leader(ctx, incoming)
    today = _today(ctx, incoming)
    period = _period_from_args(args, today)
    _check(period, today)
    return await answer(incoming, ctx, period, today)


async def on_request(incoming: Incoming, ctx: Context, intent: Intent) -> list[Reply]:
    await require_leader(ctx, incoming)
    if intent.extra.get("error") == "invalid_date":
        raise UserError(T.INVALID_DATE)
    today = _today(ctx, incoming)
    period = build.period_for(intent.fields.get("kind"), intent.fields.get("start"),
                              intent.fields.get("end"), today)
    _check(period, today)
    return await answer(incoming, ctx, period, today)


async def make_draft(ctx: Context, period: Period, today: date):
    """(facts, polish outcome) for a period in this chat's scope. The facts are read
    first; the model is called with no transaction open and no connection held."""
    passed = due.deadline_passed(ctx.group, ctx.clock.now(), today)
    facts = build.build_facts(ctx.session, period, ctx.group, today, deadline_passed=passed)
    llm = ctx.open_model()
    if llm is not None:
        release_connection(ctx.session)
    return facts, await polishing.draft_and_polish(facts, llm)


async def answer(incoming: Incoming, ctx: Context, period: Period, today: date) -> list[Reply]:
    facts, outcome = await make_draft(ctx, period, today)
    title = drafting.title(facts)
    ctx.session.add(Summary(kind=period.kind, start=period.start, end=period.end, scope=facts.scope_label,
                            facts=facts.to_dict(), text=outcome.text, source=outcome.source,
                            asked_by=incoming.sender_id, created_at=ctx.clock.now()))
    ctx.session.flush()
    if outcome.source.startswith("model:"):
        note = T.SOURCE_MODEL.format(name=outcome.source.removeprefix("model:"), checked=outcome.guard.checked)
    else:
        note = T.SOURCE_TEMPLATE.format(checked=outcome.guard.checked, reason=outcome.reason or "")
    if polishing.TODO_MARK in outcome.text:
        note += T.TODO_HINT
    # 明细: the records behind the draft's figures, in the scope its facts were read for
    buttons = detail.button(incoming, ctx, "summary", period.start, period.end, stats.Scope.of_group(ctx.group),
                            title)
    replies = [Reply(T.HEADER.format(title=title) + "\n" + note, buttons=buttons, reply_to=incoming.message_id)]
    replies += [Reply(piece) for piece in split_message(outcome.text, CHAT_LIMIT, html=False)]
    buf = io.BytesIO()
    write_docx(title, outcome.text, buf)
    replies.append(Reply(file=OutFile(f"{title}.docx", buf.getvalue(), "document",
                                      T.DOCX_CAPTION)))
    if period.kind == "weekly":
        ledger = ledger_reply(ctx, period, today)
        if ledger is not None:
            replies.append(ledger)
    return replies


def ledger_reply(ctx: Context, period: Period, today: date) -> Reply | None:
    """The week's 隐患台账 beside the weekly draft; None for a week without hazards."""
    tz = ctx.group.timezone if ctx.group is not None else ctx.settings.timezone
    scope = stats.Scope.of_group(ctx.group)
    rows = build_ledger(ctx.session, scope=scope, start=period.start, end=period.end,
                        asof=stats.cutoff_day(period.end, today), tz=tz, carry_open=False)
    checked = inspection.ledger_rows(ctx.session, scope, period.start, period.end)
    if not rows and not checked:
        return None
    buf = io.BytesIO()
    write_ledger(rows, T.LEDGER_TITLE.format(period=period.label), buf, checked)
    return Reply(file=OutFile(f"隐患台账_{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx", buf.getvalue(),
                              "document", T.LEDGER_CAPTION.format(count=len(rows))))


feature = Feature(
    name="summary",
    commands={"/summary": on_command},
    intents={"summary_request": on_request},
    menu=[("summary", "生成周报或总结（weekly / half_year / 起止日期），附明细")],
)
