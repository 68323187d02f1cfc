"""Lists and the 台账: /hazards (open ones), /ledger (the spreadsheet of a period)."""
from __future__ import annotations

import io
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from handlers.access import require_group
from handlers.base import Context, Incoming, OutFile, Reply
from handlers.duty import group_today
from handlers.feature import UserError
from handlers.hazard.card import deadline_state
from handlers.hazard.common import now
from handlers.texts import hazard as T
from nlu.dates import resolve_period
from handlers import detail, inspection
from reports.xlsx import InspectionRow, LedgerRow, write_ledger
from storage import hazards as store
from storage import stats
from storage.models import Group

LIST_LIMIT = 30


def _scope(group: Group) -> list[int] | None:
    return None if group.role == "leaders" else [group.id]


async def cmd_hazards(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    group = require_group(ctx)
    today = group_today(group, now(ctx))
    rows = store.open_hazards(session=ctx.session, group_ids=_scope(group))
    if not rows:
        return [Reply(T.LIST_EMPTY)]
    rows.sort(key=store.listing_order)
    overdue = sum(1 for h in rows if store.overdue_days(h, today))
    lines = [T.LIST_HEADER.format(count=len(rows), overdue=overdue)]
    for h in rows[:LIST_LIMIT]:
        if h.status == store.RECTIFIED:
            when = T.AWAITING_CLOSE
        else:
            when = deadline_state(h, today) if h.deadline else T.CARD_NO_DEADLINE
        lines.append(T.LIST_LINE.format(code=h.code, place=h.place[:20], status=h.status,
                                        when=when))
    if len(rows) > LIST_LIMIT:
        lines.append(T.LIST_MORE.format(count=len(rows) - LIST_LIMIT))
    # 明细: every hazard counted above (not only the first LIST_LIMIT), read afresh in the same
    # scope (Scope.of_group: the group's own, every group's for the leaders' group, as _scope)
    buttons = detail.button(incoming, ctx, "open", today, today, stats.Scope.of_group(group), T.LIST_DETAIL_TITLE)
    return [Reply("\n".join(lines), buttons=buttons)]


def build_ledger(session, *, scope: stats.Scope, start: date, end: date, asof: date, tz: str,
                 carry_open: bool) -> list[LedgerRow]:
    """The 台账 rows of a period (/ledger, the export, the weekly draft's attachment);
    overdue days are counted to `asof`, rectification days in the group's timezone."""
    zone = ZoneInfo(tz)
    return [LedgerRow(code=i.code, found_date=i.found_date, place=i.place or i.unit, description=i.description,
                      category=i.category, level=i.level, responsible=i.responsible, deadline=i.deadline,
                      status=i.status,
                      rectified_date=i.rectified_at.astimezone(zone).date() if i.rectified_at else None,
                      rectify_note=i.note, reporter=i.reporter, overdue_days=store.overdue_days(i, asof))
            for i in stats.hazard_ledger(session=session, scope=scope, start=start, end=end,
                                         carry_open=carry_open)]


def ledger_file(rows: list[LedgerRow], title: str, inspections: list[InspectionRow] | None = None) -> bytes:
    buffer = io.BytesIO()
    write_ledger(rows, title, buffer, inspections)
    return buffer.getvalue()


def month_of(today: date) -> tuple[date, date]:
    nxt = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    return today.replace(day=1), nxt - timedelta(days=1)


async def cmd_ledger(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    group = require_group(ctx)
    today = group_today(group, now(ctx))
    if args:
        period = resolve_period(args, today)
        if period is None:
            raise UserError(T.LEDGER_PERIOD_BAD.format(args=args[:30]))
        start, end, label = period
    else:
        (start, end), label = month_of(today), T.LEDGER_THIS_MONTH
    rows = build_ledger(ctx.session, scope=stats.Scope.of_group(group), start=start, end=end, asof=today,
                        tz=group.timezone, carry_open=True)
    title = T.LEDGER_TITLE.format(scope=group.title or "", label=f"{start:%Y.%m.%d}—{end:%Y.%m.%d}")
    found = sum(1 for r in rows if start <= r.found_date <= end)
    overdue = sum(1 for r in rows if r.overdue_days > 0)
    caption = T.LEDGER_CAPTION.format(label=label, found=found, rows=len(rows), overdue=overdue)
    name = f"隐患台账_{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    # The caption carries the tally: a text as well would say it twice in the chat.
    checked = inspection.ledger_rows(ctx.session, stats.Scope.of_group(group), start, end)
    return [Reply(file=OutFile(name, ledger_file(rows, title, checked), caption=caption[:1000]))]
