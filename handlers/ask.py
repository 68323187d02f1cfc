"""Leaders' questions answered on one screen: "本周隐患整改情况", "上周哪些单位迟报了",
"近7天演练情况", "本月通知签收情况", with a chart on request ("…图" or the 📊 button).

Today's duty question ("今天哪些单位还没报") is answered by the duty feature, which comes
first; every other period lands here. The figures come from storage/stats.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers import detail
from handlers.base import Button, Context, Incoming, OutFile, Reply
from handlers.feature import Feature, UserError
from handlers.gazetteer import known_units, unit_named
from handlers.scope import scope_for
from handlers.texts import ask as T
from nlu.dates import resolve_period
from nlu.intents import Intent
from nlu.units import match_unit
from reports import charts
from reports.facts import md, pct_text
from storage import due, notices, stats
from storage.models import Notice

SHOWN = 10                  # names, late reports, overdue hazards listed before "等N…"
MAX_DAYS = 366 * 5 + 1      # the longest period answered
CHART_UNITS = 20            # bars in the 报送率 chart
TREND_WEEKS = 8             # a short period's hazard chart shows this many weeks up to its end
CHART = "askc"              # the 📊 图表 button's prefix: "askc:<token>"
CHARTED = ("duty", "hazard", "all")     # the topics with a chart (a drill answer has none)
DEFAULT_LABEL = {"duty": "今天", "hazard": "本周", "drill": "本周", "all": "本周",
                 "notice": "近30天"}      # "通知收到了吗": the recent notices


@dataclass(frozen=True)
class Question:
    topic: str
    start: date
    end: date
    today: date
    tz: str
    period: str            # "本周（6月15日—6月21日，截至6月18日）"
    defaulted: bool        # no period was named; we chose one and say so
    scope: stats.Scope
    scope_text: str        # "" for the group's own roster, "（全部单位）", "（青石镇）"
    deadline_passed: bool  # today's reporting deadline has passed (what is 应报: storage/due.py)


# ---------------------------------------------------------------- understanding the question

def _tz(ctx: Context) -> str:
    return ctx.group.timezone if ctx.group is not None else ctx.settings.timezone


def local_today(ctx: Context, moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(_tz(ctx))).date()


def period_text(label: str | None, start: date, end: date, today: date) -> str:
    def one(d: date) -> str:
        return md(d) if d.year == today.year else f"{d.year}年{md(d)}"
    dates = one(start) if start == end else f"{one(start)}—{one(end)}"
    if end > today >= start:
        dates += T.UNTIL.format(day=md(today))
    if label and not re.search(r"\d+月\d+日|\d{4}-\d", label):
        return T.PERIOD.format(label=label, dates=dates)
    return dates


# A chart button's row holds dates only; a press names them again when they are one of these,
# seen from the day of the press, so the photo's caption reads like the answer it is under.
NAMED_PERIODS = ("今天", "昨天", "本周", "上周", "本月", "上月", "本季度", "上季度", "上半年", "下半年", "今年",
                 "去年")


def period_name(start: date, end: date, today: date) -> str | None:
    """"本周" for this week's Monday to Sunday, and so on; None for any other span."""
    for word in NAMED_PERIODS:
        found = resolve_period(word, today)
        if found is not None and found[:2] == (start, end):
            return word
    return None


def _default_period(topic: str, today: date) -> tuple[date, date, str]:
    if topic == "duty":
        return today, today, DEFAULT_LABEL[topic]
    if topic == "notice":
        return resolve_period(DEFAULT_LABEL[topic], today)
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6), DEFAULT_LABEL[topic]


def _scope(incoming: Incoming, ctx: Context) -> tuple[stats.Scope, str]:
    named = match_unit(incoming.text, known_units(ctx))
    unit = unit_named(ctx, named) if named else None        # the gazetteer nlu matched it in
    return scope_for(ctx, unit)


def question_of(incoming: Incoming, ctx: Context, intent: Intent) -> Question:
    if intent.extra.get("error") == "invalid_date":
        raise UserError(T.INVALID_DATE)
    topic = intent.fields.get("topic") or "all"
    moment = incoming.sent_at or ctx.clock.now()
    today = local_today(ctx, moment)
    start, end = intent.fields.get("start"), intent.fields.get("end")
    label = intent.extra.get("period_label")
    defaulted = start is None or end is None
    if defaulted:
        start, end, label = _default_period(topic, today)
    if start > today:
        raise UserError(T.FUTURE.format(period=period_text(label, start, end, today)))
    if (end - start).days + 1 > MAX_DAYS:
        raise UserError(T.TOO_LONG_PERIOD.format(years=5))
    scope, scope_text = _scope(incoming, ctx)
    return Question(topic, start, end, today, _tz(ctx), period_text(label, start, end, today),
                    defaulted, scope, scope_text, due.deadline_passed(ctx.group, moment, today))


# ---------------------------------------------------------------- the answers

def _more(items: list[str], total: int, unit: str) -> str:
    text = "；".join(items[:SHOWN])
    if total > min(len(items), SHOWN):
        text += T.MORE.format(count=total, unit=unit)
    return text


def _duty_stats(ctx: Context, q: Question) -> stats.DutyStats:
    return stats.duty_stats(session=ctx.session, scope=q.scope, start=q.start, end=q.end, today=q.today,
                            deadline_passed=q.deadline_passed)


def duty_answer(ctx: Context, q: Question) -> str:
    s = _duty_stats(ctx, q)
    lines = [T.DUTY_HEADER.format(period=q.period, scope=q.scope_text)]
    if s.last is None or s.expected == 0:
        return "\n".join(lines + [_nothing_owed(ctx, s)] + _chased(ctx, q))
    lines.append(T.DUTY_COUNTS.format(expected=s.expected, sum=_duty_sum(s), on_time=s.on_time,
                                      late=s.late, missing=s.lapsed, rate=pct_text(s.reported / s.expected)))
    if s.not_due:
        lines.append(T.DUTY_NOT_DUE.format(count=s.not_due, deadline=_deadline(ctx)))
    if s.start > q.start:
        lines.append(T.DUTY_SINCE.format(day=md(s.start)))
    one_day = s.days == 1
    if s.late and not s.late_reports:         # a long period: per unit
        items = [f"{u}（{n}次）" for u, n in s.late_by_unit]
        lines.append(T.DUTY_LATE_UNITS.format(items=_more(items, len(items), "个单位")))
    elif s.late:
        tz = ZoneInfo(q.tz)
        items = [f"{r.unit}（{r.sent_at.astimezone(tz):%H:%M}）" if one_day
                 else f"{r.unit} {md(r.day)} {r.sent_at.astimezone(tz):%H:%M}" for r in s.late_reports]
        lines.append(T.DUTY_LATE.format(items=_more(items, s.late, "次")))
    if s.lapsed:
        past = [m for m in s.missed if m.day != q.today]
        if past:
            items = [m.unit if one_day else f"{m.unit} {md(m.day)}" for m in past]
            lines.append(T.DUTY_MISSING.format(items=_more(items, s.lapsed, "次")))
        else:
            items = [f"{u}（{n}次）" for u, n in s.lapsed_by_unit]
            lines.append(T.DUTY_MISSING_UNITS.format(items=_more(items, len(items), "个单位")))
    if s.open_today:
        lines.append(T.DUTY_TODAY_OPEN.format(count=len(s.open_today), items="、".join(s.open_today[:SHOWN])))
    if not s.late and not s.missing:
        lines.append(T.DUTY_ALL_GOOD)
    return "\n".join(lines + _chased(ctx, q))


def _nothing_owed(ctx: Context, s: stats.DutyStats) -> str:
    """Why nothing is counted, said as it is: no report at all, none until after the period,
    no unit on the roster, or today only and its deadline still ahead."""
    if s.first is None:
        return T.DUTY_NO_RECORDS
    if s.last is None:
        return T.DUTY_NOT_BEGUN
    if not s.units:
        return T.DUTY_NO_UNITS
    return T.DUTY_NONE_DUE.format(deadline=_deadline(ctx))


def _duty_sum(s: stats.DutyStats) -> str:
    """应报's arithmetic as done: every unit × every day, or, while today's deadline is
    ahead, the days before today plus today's reports already in (the rest are not due)."""
    if not s.not_due:
        return T.DUTY_SUM_DAYS.format(units=s.units, days=s.days)
    parts = [T.DUTY_SUM_DAYS.format(units=s.units, days=s.days - 1)] if s.days > 1 else []
    if s.units - s.not_due:
        parts.append(T.DUTY_SUM_TODAY.format(count=s.units - s.not_due))
    return " + ".join(parts)


def _chased(ctx: Context, q: Question) -> list[str]:
    """催报N次: the ladder's group reminders in the period, by unit (none: no line)."""
    chased = stats.reminded_by_unit(session=ctx.session, scope=q.scope, start=q.start, end=min(q.end, q.today))
    if not chased:
        return []
    if q.start == min(q.end, q.today):
        return [T.DUTY_CHASED_TODAY.format(count=len(chased), items="、".join(u for u, _ in chased))]
    more = T.MORE.format(count=len(chased), unit="个单位") if len(chased) > SHOWN else ""
    return [T.DUTY_CHASED.format(count=sum(n for _, n in chased),
                                 items="、".join(f"{u}（{n}次）" for u, n in chased[:SHOWN]) + more)]


def _deadline(ctx: Context) -> str:
    return ctx.group.deadline if ctx.group is not None else due.DEFAULT_DEADLINE


def _rectified(ctx: Context, q: Question) -> list[stats.RectifiedItem]:
    return stats.rectified_in_period(session=ctx.session, scope=q.scope, start=q.start, end=q.end,
                                     today=q.today, tz=q.tz)


def hazard_answer(ctx: Context, q: Question) -> str:
    """Found in the period, rectified in it (whenever found), open and overdue at its
    cut-off: a week's rectification counts the hazards found before the week too."""
    s = stats.hazard_stats(session=ctx.session, scope=q.scope, start=q.start, end=q.end, today=q.today,
                           tz=q.tz, overdue_limit=SHOWN)
    done = _rectified(ctx, q)
    earlier = sum(1 for h in done if h.found_date < q.start)
    lines = [T.HAZARD_HEADER.format(period=q.period, scope=q.scope_text),
             T.HAZARD_FOUND.format(found=s.found, major=s.by_level.get(stats.MAJOR, 0)) if s.found
             else T.HAZARD_NONE_FOUND,
             T.HAZARD_RECTIFIED.format(count=len(done))
             + (T.HAZARD_RECTIFIED_EARLIER.format(count=earlier) if earlier else "")]
    if s.open:
        lines.append(T.HAZARD_OPEN.format(day=md(s.asof), count=s.open, overdue=s.overdue_count)
                     + ("：" if s.overdue else ""))
        lines += [T.HAZARD_OVERDUE_ITEM.format(code=o.code, place=o.place, days=o.days_overdue,
                                               who=f"（{o.responsible}）" if o.responsible else "")
                  for o in s.overdue]
        if s.overdue_count > len(s.overdue):
            lines.append(T.MORE.format(count=s.overdue_count, unit="处"))
    else:
        lines.append(T.HAZARD_OPEN_NONE.format(day=md(s.asof)))
    if s.major_open:
        lines.append(T.HAZARD_MAJOR_OPEN.format(count=s.major_open))
    return "\n".join(lines)


def drill_answer(ctx: Context, q: Question) -> str:
    s = stats.drill_stats(session=ctx.session, scope=q.scope, start=q.start, end=q.end, today=q.today)
    lines = [T.DRILL_HEADER.format(period=q.period, scope=q.scope_text)]
    if s.held:
        lines.append(T.DRILL_COUNTS.format(held=s.held, participants=s.participants))
        kinds = sorted(s.by_type.items(), key=lambda kv: (-kv[1], kv[0]))
        lines.append(T.DRILL_BY_TYPE.format(items="、".join(f"{k} {n} 次" for k, n in kinds)))
        if s.units_taking_part:
            names = s.units_taking_part
            more = T.MORE.format(count=len(names), unit="个") if len(names) > SHOWN else ""
            lines.append(T.DRILL_UNITS.format(items="、".join(names[:SHOWN]) + more))
    else:
        lines.append(T.DRILL_NONE)
    if s.upcoming:
        lines.append(T.DRILL_UPCOMING.format(items="；".join(f"{md(d)} {t}" for t, d, _ in s.upcoming)))
    return "\n".join(lines)


def all_answer(ctx: Context, q: Question) -> str:
    d = _duty_stats(ctx, q)
    h = stats.hazard_stats(session=ctx.session, scope=q.scope, start=q.start, end=q.end, today=q.today,
                           tz=q.tz, overdue_limit=0)
    r = stats.drill_stats(session=ctx.session, scope=q.scope, start=q.start, end=q.end, today=q.today)
    chased = sum(n for _, n in stats.reminded_by_unit(session=ctx.session, scope=q.scope, start=q.start,
                                                      end=min(q.end, q.today)))
    n = _notices(ctx, q)
    issued, acked, expected = len(n), sum(a for _, a, _, _ in n), sum(e for _, _, e, _ in n)
    notice_line = [T.ALL_NOTICE.format(issued=issued, rate=pct_text(acked / expected) if expected else "—")
                   ] if issued else []
    return "\n".join([
        T.ALL_HEADER.format(period=q.period, scope=q.scope_text),
        T.ALL_DUTY.format(expected=d.expected, on_time=d.on_time, late=d.late, missing=d.lapsed,
                          rate=pct_text(d.reported / d.expected) if d.expected else "—")
        + (T.ALL_DUTY_TODAY.format(count=d.unreported_today) if d.unreported_today else "")
        + (T.ALL_DUTY_CHASED.format(count=chased) if chased else ""),
        T.ALL_HAZARD.format(found=h.found, major=h.by_level.get(stats.MAJOR, 0), rectified=len(_rectified(ctx, q)),
                            open=h.open, overdue=h.overdue_count),
        T.ALL_DRILL.format(held=r.held, participants=r.participants)] + notice_line)


def _notices(ctx: Context, q: Question) -> list[tuple[Notice, int, int, list[str]]]:
    """The period's notices within the scope, newest first: (notice, units acknowledged,
    units 应收到, units waiting). A duty group counts its own delivery; a question naming a
    unit counts that unit in the groups it is on; a leaders' group counts every delivery."""
    start, end = stats.period_bounds(q.start, q.end, q.tz)
    found = notices.notices_in_scope(session=ctx.session, start=start, end=end, group_id=q.scope.roster_group_id,
                                     unit_ids=set(q.scope.unit_ids) if q.scope.unit_ids is not None else None)
    return [(n.notice, n.acknowledged, n.expected, n.waiting) for n in found]


def notice_answer(ctx: Context, q: Question) -> str:
    found = _notices(ctx, q)
    lines = [T.NOTICE_HEADER.format(period=q.period, scope=q.scope_text)]
    if not found:
        return "\n".join(lines + [T.NOTICE_NONE])
    acked, expected = sum(a for _, a, _, _ in found), sum(e for _, _, e, _ in found)
    lines.append(T.NOTICE_COUNTS.format(issued=len(found), acked=acked, expected=expected,
                                        rate=pct_text(acked / expected)))
    tz = ZoneInfo(q.tz)
    for notice, a, e, waiting in found[:SHOWN]:
        text = notice.text.replace("\n", " ")
        line = T.NOTICE_ITEM.format(when=f"{md(notice.created_at.astimezone(tz).date())} "
                                         f"{notice.created_at.astimezone(tz):%H:%M}",
                                    text=text[:20] + ("…" if len(text) > 20 else ""), acked=a, expected=e)
        if waiting:
            more = T.MORE.format(count=len(waiting), unit="个单位") if len(waiting) > SHOWN else ""
            line += T.NOTICE_WAITING.format(units="、".join(waiting[:SHOWN]) + more)
        else:
            line += T.NOTICE_ALL
        lines.append(line)
    if len(found) > SHOWN:
        lines.append(T.NOTICE_MORE.format(count=len(found) - SHOWN))
    return "\n".join(lines)


# The answers whose figures 🔍 明细 lists record by record (a notice answer: each unit's 收到).
DETAILED = ("duty", "hazard", "drill", "all", "notice")
ANSWERS = {"duty": duty_answer, "hazard": hazard_answer, "drill": drill_answer, "all": all_answer,
           "notice": notice_answer}


async def on_query(incoming: Incoming, ctx: Context, intent: Intent) -> list[Reply]:
    q = question_of(incoming, ctx, intent)
    text = ANSWERS.get(q.topic, all_answer)(ctx, q)
    if q.defaulted:
        text += "\n" + T.DEFAULT_PERIOD.format(label=DEFAULT_LABEL[q.topic])
    want_chart = bool(intent.extra.get("chart"))
    kind = q.topic if q.topic in ANSWERS else "all"
    buttons: list[list[Button]] = []
    if kind in DETAILED:
        # One stored row behind both buttons: what the answer covered, re-checked on every press.
        row = detail.issue(ctx.session, ctx.clock.now(), kind, chat_id=incoming.chat_id,
                           issued_to=incoming.sender_id, start=q.start, end=q.end, scope=q.scope, title=text)
        if kind in CHARTED and not want_chart:
            buttons.append([Button(T.CHART_BUTTON, f"{CHART}:{row.token}")])
        buttons += detail.buttons(row.token)
    replies = [Reply(text, buttons=buttons, reply_to=incoming.message_id)]
    if want_chart:
        replies += chart_replies(ctx, q)
    return replies


# ---------------------------------------------------------------- charts

def chart_replies(ctx: Context, q: Question) -> list[Reply]:
    if q.topic == "drill":
        return [Reply(T.CHART_DRILL_NONE)]
    try:
        out = []
        if q.topic in ("duty", "all"):
            out.append(_duty_chart(ctx, q))
        if q.topic in ("hazard", "all"):
            out.append(_hazard_chart(ctx, q))
        return out
    except charts.NoCJKFont as exc:
        return [Reply(T.CHART_NO_FONT.format(reason=exc))]


def _duty_chart(ctx: Context, q: Question) -> Reply:
    s = _duty_stats(ctx, q)
    rows = s.rate_by_unit
    caption = T.CHART_DUTY_CAPTION.format(period=q.period)
    if len(rows) > CHART_UNITS:             # many units: the ones that need attention
        rows = sorted(rows, key=lambda r: (r[1], r[0]))[:CHART_UNITS]
        caption = T.CHART_DUTY_CAPTION_CUT.format(period=q.period, shown=CHART_UNITS, total=len(s.rate_by_unit))
    png = charts.report_rate_chart(T.CHART_DUTY_TITLE.format(period=q.period), rows)
    return Reply(file=OutFile(f"报送率_{q.start:%Y%m%d}-{q.end:%Y%m%d}.png", png, "photo", caption))


def _hazard_chart(ctx: Context, q: Question) -> Reply:
    end_monday = q.end - timedelta(days=q.end.weekday())
    start = q.start
    if (q.end - q.start).days < 14 or (end_monday - q.start).days > 7 * 26:
        start = end_monday - timedelta(days=7 * (TREND_WEEKS - 1))
    weeks = stats.hazards_by_week(session=ctx.session, scope=q.scope, start=start, end=q.end,
                                  today=q.today, tz=q.tz)
    while len(weeks) > 1 and weeks[0][1] == 0:     # no empty weeks before the first hazard
        weeks = weeks[1:]
    bars = [(f"{m.month}/{m.day}", f, r) for m, f, r in weeks]
    shown = period_text(None, max(start, weeks[0][0]), q.end, q.today)
    png = charts.hazard_trend_chart(T.CHART_HAZARD_TITLE.format(period=shown), bars)
    return Reply(file=OutFile(f"隐患趋势_{q.start:%Y%m%d}-{q.end:%Y%m%d}.png", png, "photo",
                              T.CHART_HAZARD_CAPTION.format(period=q.period)))


async def on_chart_button(incoming: Incoming, ctx: Context, payload: str) -> list[Reply]:
    """The chart of the answer the button is under. Its data is the answer's stored row
    (the 明细 button's token, handlers/detail.py), never the query: a press is refused
    unless the row is this chat's, unexpired, and the presser may see its scope here now."""
    row = detail.pressed(ctx, incoming, payload if detail.TOKEN.fullmatch(payload) else None)
    if isinstance(row, str) or row.kind not in CHARTED:
        return [Reply(alert=T.CHART_REFUSED)]      # the same words whatever the reason: nothing revealed
    moment = incoming.sent_at or ctx.clock.now()
    today = local_today(ctx, moment)
    period = period_text(period_name(row.start, row.end, today), row.start, row.end, today)
    q = Question(row.kind, row.start, row.end, today, _tz(ctx), period, False, detail.scope_of(row.scope), "",
                 due.deadline_passed(ctx.group, moment, today))
    return chart_replies(ctx, q)


feature = Feature(
    name="ask",
    intents={"query": on_query},
    callbacks={CHART: on_chart_button},
)
