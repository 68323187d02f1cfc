"""The records behind an answer's figures (明细), read afresh within the answer's scope and
cut into pages. Each figure is a `Section`: a heading and its records, read a page at a
time where a period can hold many (a month of a roster's duty days), else read whole and
sliced. Storage does the reading (storage/stats, storage/duty, storage/drills,
storage/inspections); this module only words the records."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlmodel import Session

from handlers.texts import detail as T
from reports.facts import md
from storage import drills as drill_store
from storage import duty as duty_store
from storage import hazards as hazard_store
from storage import inspections as inspection_store
from storage import notices as notice_store
from storage import people
from storage import boards, stats

LINE_LIMIT = 120        # a hazard's place is the reporter's own words: one line stays one line


@dataclass(frozen=True)
class Asked:
    """What the pages cover: the answer's period and scope, seen at the moment of the press."""
    start: date
    end: date
    scope: stats.Scope
    today: date
    tz: str
    deadline: str               # today's reporting deadline, "HH:MM"
    deadline_passed: bool
    group_id: int | None        # the chat's group (a /drills answer lists its drills)
    drill_id: int | None = None  # one drill's card
    notice_id: int | None = None  # one notice's tally


@dataclass(frozen=True)
class Section:
    heading: str
    count: int
    lines: Callable[[int, int], list[str]]      # (offset, limit) -> that many records' lines
    optional: bool = False                      # left out when it has no records


def _optional(read: Callable[[Session, "Asked"], Section]) -> Callable[[Session, "Asked"], Section]:
    """A figure an answer states only when there is one (催报N次, 下发通知N期)."""
    return lambda session, a: replace(read(session, a), optional=True)


def _short(text: str) -> str:
    """One line of at most LINE_LIMIT characters (its indent kept, user text's breaks gone)."""
    indent = text[:len(text) - len(text.lstrip(" "))]
    text = indent + " ".join(text.split())
    return text if len(text) <= LINE_LIMIT else text[:LINE_LIMIT - 1] + "…"


def _sliced(lines: list[str]) -> Callable[[int, int], list[str]]:
    return lambda offset, limit: lines[offset:offset + limit]


# ---- duty: each unit's day, latest day first -------------------------------------------

class _Unit(NamedTuple):
    id: int
    name: str


def duty(session: Session, a: Asked) -> Section:
    """Every unit-day the answer's 应报 counts: from the first report in scope (the
    statistics count no earlier day) to min(end, today), latest day first, roster order."""
    units = [_Unit(i, n) for i, n in stats.scope_units(session=session, scope=a.scope)]
    last = stats.cutoff_day(a.end, a.today)
    one_day = a.start == a.end
    if one_day:             # one day (/today, 谁没报): every unit of the roster, as the answer lists them
        start = a.start
    else:
        first = stats.first_duty_day(session=session, scope=a.scope)
        start = max(a.start, first) if first is not None else last + timedelta(days=1)
    days = max((last - start).days + 1, 0)

    def lines(offset: int, limit: int) -> list[str]:
        out: list[str] = []
        index = offset
        while len(out) < limit and index < days * len(units):
            day = last - timedelta(days=index // len(units))
            first_unit = index % len(units)
            wanted = units[first_unit:first_unit + limit - len(out)]
            status = duty_store.day_status(session=session, units=wanted, day=day)
            out += [_duty_line(a, day, unit, status, one_day) for unit in wanted]
            index += len(wanted)
        return out
    return Section(T.DUTY.format(count=days * len(units)), days * len(units), lines)


def _duty_line(a: Asked, day: date, unit: _Unit, status: duty_store.DayStatus, one_day: bool) -> str:
    reports = status.by_unit()
    tz = ZoneInfo(a.tz)
    kind = ""
    if unit.id in reports:
        report, late = reports[unit.id]
        said = (T.DUTY_LATE if late else T.DUTY_ON_TIME).format(time=f"{report.sent_at.astimezone(tz):%H:%M}")
        kind = "，" + (T.DUTY_ZERO if report.zero else T.DUTY_EVENTS)
    elif day < a.today:
        said = T.DUTY_MISSED
    else:
        said = (T.DUTY_OPEN_PAST if a.deadline_passed else T.DUTY_OPEN).format(deadline=a.deadline)
    return T.DUTY_LINE.format(day="" if one_day else f"{md(day)} ", unit=unit.name, status=said, kind=kind)


# ---- hazards: found in the period; rectified in it; overdue at its cut-off ---------------

def hazards_found(session: Session, a: Asked) -> Section:
    items = stats.hazard_ledger(session=session, scope=a.scope, start=a.start, end=a.end)
    lines = [_short(T.HAZARD_LINE.format(code=h.code, where=_where(h.unit, h.place), level=h.level,
                                         status=h.status,
                                         deadline=md(h.deadline) if h.deadline else T.NO_DEADLINE))
             for h in items]
    return Section(T.HAZARD_FOUND.format(count=len(lines)), len(lines), _sliced(lines))


def hazards_rectified(session: Session, a: Asked) -> Section:
    """The answer's 整改完成: rectified in the period, whenever found (the same storage call)."""
    items = stats.rectified_in_period(session=session, scope=a.scope, start=a.start, end=a.end, today=a.today,
                                      tz=a.tz)
    tz = ZoneInfo(a.tz)
    lines = [_short(T.RECTIFIED_LINE.format(code=h.code, where=_where(h.unit, h.place), level=h.level,
                                            found=md(h.found_date), done=md(h.rectified_at.astimezone(tz).date())))
             for h in items]
    return Section(T.HAZARD_RECTIFIED.format(count=len(lines)), len(lines), _sliced(lines))


def hazards_overdue(session: Session, a: Asked) -> Section:
    s = stats.hazard_stats(session=session, scope=a.scope, start=a.start, end=a.end, today=a.today, tz=a.tz,
                           overdue_limit=None)
    lines = [_short(T.OVERDUE_LINE.format(code=o.code, where=o.place, deadline=md(o.deadline),
                                          days=o.days_overdue)) for o in s.overdue]
    return Section(T.HAZARD_OVERDUE.format(day=md(s.asof), count=len(lines)), len(lines), _sliced(lines))


def hazards_open(session: Session, a: Asked) -> Section:
    """/hazards: every hazard not yet closed (销号) that its header counts, in its order,
    read by the same storage call: those registered in the answer's group, or all of them
    for the leaders' group (its scope is every unit); overdue days counted to today."""
    if a.scope.all_units:
        group_ids = None
    else:       # a group's own; a scope without a group (never issued for /hazards) lists none
        group_ids = [a.scope.group_id] if a.scope.group_id is not None else []
    items = sorted(hazard_store.open_hazards(session=session, group_ids=group_ids), key=hazard_store.listing_order)
    names = people.unit_names(session=session, ids=list({h.unit_id for h in items if h.unit_id}))
    lines, overdue = [], 0
    for h in items:
        late = hazard_store.overdue_days(h, a.today)
        overdue += bool(late)
        deadline = md(h.deadline) if h.deadline else T.NO_DEADLINE
        if h.status == hazard_store.RECTIFIED:
            when = T.OPEN_AWAITING_CLOSE
        elif late:
            when = T.OPEN_OVERDUE.format(deadline=deadline, days=late)
        else:
            when = T.OPEN_DUE.format(deadline=deadline)
        lines.append(_short(T.OPEN_LINE.format(code=h.code, where=_where(names.get(h.unit_id, ""), h.place),
                                               level=h.level, status=h.status, when=when)))
    return Section(T.HAZARD_OPEN.format(count=len(lines), overdue=overdue), len(lines), _sliced(lines))


def _where(unit: str, place: str) -> str:
    if place and unit and unit not in place:
        return f"{unit} {place}"
    return place or unit or "—"


# ---- drills: each drill, its unit figures and sign-ins ----------------------------------

def drills(session: Session, a: Asked) -> Section:
    """The drills the answer's 组织演练 counted (held in the period, in scope)."""
    found = stats.held_drills(session=session, scope=a.scope, start=a.start, end=a.end, today=a.today)
    return _drill_section(session, a, found)


def group_drills(session: Session, a: Asked) -> Section:
    """/drills: every drill of the chat's group dated in the period, as it lists them."""
    found = drill_store.drills_between(session=session, group_id=a.group_id, start=a.start, end=a.end) \
        if a.group_id is not None else []
    return _drill_section(session, a, found)


def one_drill(session: Session, a: Asked) -> Section:
    """A drill's card, open (the sign-ins so far) or final: that drill, when it is the chat's
    group's own."""
    drill = drill_store.get_drill(session=session, drill_id=a.drill_id) if a.drill_id is not None else None
    return _drill_section(session, a, [drill] if drill is not None and drill.group_id == a.group_id else [])


def _drill_section(session: Session, a: Asked, found) -> Section:
    counted = drill_store.tallies(session=session, drills=found)
    signed: dict[int, list[drill_store.SignIn]] = {}
    for s in drill_store.sign_ins(session=session, drill_ids=[d.id for d in found]):
        signed.setdefault(s.drill_id, []).append(s)
    tz = ZoneInfo(a.tz)
    lines: list[str] = []
    for d in found:
        tally = counted[d.id]
        lines.append(_short(T.DRILL_LINE.format(day=md(d.drill_date), title=d.title, type=d.drill_type,
                                                state=_state(d), count=tally.total)))
        if not tally.live and tally.declared:
            lines.append(T.DRILL_DECLARED.format(count=tally.declared))
        signs_by_unit: dict[str, int] = {}
        for s in signed.get(d.id, []):
            signs_by_unit[s.unit] = signs_by_unit.get(s.unit, 0) + 1
        for unit_id, n in tally.by_unit.items():
            name = tally.names.get(unit_id, T.NO_UNIT) if unit_id else T.NO_UNIT
            by_signs = signs_by_unit.get(name if unit_id else "", 0) == n
            lines.append(T.DRILL_UNIT.format(unit=name, count=n, how=T.DRILL_BY_SIGNS if by_signs
                                             else T.DRILL_BY_FIGURE))
        lines += [T.DRILL_SIGN.format(name=s.name, unit=f"（{s.unit}）" if s.unit else "",
                                      time=f"{s.signed_at.astimezone(tz):%H:%M}") for s in signed.get(d.id, [])]
    return Section(T.DRILLS.format(count=len(found)), len(lines), _sliced(lines))


def _state(drill) -> str:
    return {drill_store.HELD: T.STATE_HELD, drill_store.CANCELLED: T.STATE_CANCELLED}.get(
        drill.status, T.STATE_PLANNED)


# ---- inspections: each record and the hazards linked to it ------------------------------

def inspections(session: Session, a: Asked) -> Section:
    scope = a.scope
    rows = inspection_store.inspections_between(
        session=session, start=a.start, end=a.end, roster_group_id=scope.roster_group_id,
        unit_ids=list(scope.unit_ids) if scope.unit_ids is not None else None)

    def lines(offset: int, limit: int) -> list[str]:
        out = []
        shown = rows[offset:offset + limit]
        codes = inspection_store.hazard_codes_of(session=session, inspection_ids=[r.id for r in shown])  # one query
        for r in shown:
            out.append(_short(T.INSPECTION_LINE.format(day=md(r.day), unit=r.unit or T.NO_UNIT, who=r.inspector,
                                                       sites=r.sites, found=r.hazards_found)))
            linked = codes.get(r.id, [])
            if linked:
                out.append(_short(T.INSPECTION_HAZARDS.format(codes="、".join(linked))))
        return out
    return Section(T.INSPECTIONS.format(count=len(rows)), len(rows), lines)


# ---- 催报: every step of the ladder, who was told when ------------------------------------

_STEPS = {boards.REMIND: T.LADDER_REMIND, boards.OVERDUE: T.LADDER_OVERDUE, boards.CHIEF: T.LADDER_CHIEF,
          boards.LEADERS: T.LADDER_LEADERS}


def chased(session: Session, a: Asked) -> Section:
    """The ladder's records behind 催报N次 (its group reminders), with the later steps of
    the same unit-days: the private messages to chiefs and the line to the leaders."""
    steps = stats.ladder_steps(session=session, scope=a.scope, start=a.start, end=stats.cutoff_day(a.end, a.today))
    people_told = {uid for s in steps if s.step in (boards.REMIND, boards.CHIEF) for uid in s.told}
    names = people.member_names(session=session, user_ids=list(people_told)) if people_told else {}
    tz = ZoneInfo(a.tz)
    lines = []
    for s in steps:
        told = [names.get(uid, T.SOMEONE) for uid in s.told] if s.step in (boards.REMIND, boards.CHIEF) else []
        lines.append(_short(T.LADDER_LINE.format(day=md(s.day), unit=s.unit, time=f"{s.at.astimezone(tz):%H:%M}",
                                                 step=_STEPS.get(s.step, s.step),
                                                 who=T.LADDER_WHO.format(names="、".join(told)) if told else "")))
    reminded = sum(1 for s in steps if s.step == boards.REMIND)
    return Section(T.CHASED.format(count=reminded), len(lines), _sliced(lines))


# ---- notices: each unit's first 收到, or none yet --------------------------------------

def notices(session: Session, a: Asked) -> Section:
    """The notices the answer counted (sent in the period, within its scope): per notice,
    each unit it was owed by, with the first member to tap 收到 and when, or 未签收."""
    start, end = stats.period_bounds(a.start, a.end, a.tz)
    units = set(a.scope.unit_ids) if a.scope.unit_ids is not None else None
    found = notice_store.notices_in_scope(session=session, start=start, end=end, group_id=a.scope.roster_group_id,
                                          unit_ids=units)
    if a.notice_id is not None:         # one notice's tally: that notice only
        found = [n for n in found if n.notice.id == a.notice_id]
    receipts = notice_store.first_receipts(session=session, notice_ids=[n.notice.id for n in found])
    names = people.unit_names(session=session, ids=list({u for n in found for g in n.groups for u in g.roster_ids}))
    tz = ZoneInfo(a.tz)
    lines = []
    for n in found:
        sent = n.notice.created_at.astimezone(tz)
        lines.append(_short(T.NOTICE_LINE.format(when=f"{md(sent.date())} {sent:%H:%M}", text=n.notice.text,
                                                 acked=n.acknowledged, expected=n.expected)))
        for g in n.groups:
            group = T.NOTICE_GROUP.format(title=g.title) if len(n.groups) > 1 else ""
            for unit_id in g.roster_ids:
                if units is not None and unit_id not in units:
                    continue
                first = receipts.get((n.notice.id, g.group_id, unit_id))
                said = T.NOTICE_ACK.format(name=first.name, time=f"{md(first.at.astimezone(tz).date())} "
                                                                 f"{first.at.astimezone(tz):%H:%M}") \
                    if first is not None else T.NOTICE_WAITING
                lines.append(_short(T.NOTICE_UNIT.format(group=group, unit=names.get(unit_id, T.NO_UNIT),
                                                         status=said)))
    return Section(T.NOTICES.format(count=len(found)), len(lines), _sliced(lines))


# ---- which figures each kind of answer states ------------------------------------------

SECTIONS: dict[str, tuple[Callable[[Session, Asked], Section], ...]] = {
    "duty": (duty, _optional(chased)),
    "hazard": (hazards_found, hazards_rectified, hazards_overdue),
    "open": (hazards_open,),           # /hazards: every hazard not yet 销号
    "drill": (drills,),
    "drill_list": (group_drills,),
    "drill_one": (one_drill,),         # a drill's card: beside 签到 while open, alone once ended
    "inspection": (inspections,),
    "notice": (notices,),
    "all": (duty, _optional(chased), hazards_found, hazards_rectified, hazards_overdue, drills, _optional(notices)),
    "summary": (duty, _optional(chased), hazards_found, hazards_overdue, drills, inspections, _optional(notices)),
    # the scheduler's lines to the leaders' group (handlers/reminders.py): a group's day at
    # its deadline, the units still missing later (with the ladder's steps), its overdue hazards
    "tally": (duty,),
    "escalate": (duty, chased),
    "overdue": (hazards_overdue,),
    "notice_one": (notices,),          # the tally a notice's sender gets (handlers/notice.py)
}


def page(session: Session, kind: str, a: Asked, number: int, size: int) -> tuple[list[str], int] | None:
    """(the lines of page `number`, counted from 1; how many pages), None when there is no
    such page. A section's heading takes a line of its own, and its records follow it; an
    inspection record's linked hazards ride on its line's page (a page may run a line over)."""
    sections = [s for s in (read(session, a) for read in SECTIONS[kind]) if s.count or not s.optional]
    total = sum(1 + max(s.count, 1) for s in sections)
    pages = max((total + size - 1) // size, 1)
    if not 1 <= number <= pages:
        return None
    lo, hi = (number - 1) * size, number * size
    out: list[str] = []
    at = 0
    for s in sections:
        length = 1 + max(s.count, 1)
        if at + length > lo and at < hi:
            first, last = max(lo - at, 0), min(hi - at, length)
            if first == 0:
                out.append(s.heading)
                first = 1
            if last > first:
                out += s.lines(first - 1, last - first) if s.count else [T.NONE]
        at += length
    return out, pages
