"""What is due, when, and what it says: the reminders of one group, as plain data.

Nothing here sends or commits. The scheduler (APScheduler in production, a tick loop in
the console) decides *when* to ask; these functions answer *what*: a list of `Push`
(a unique key and a Reply with chat_id set). The key is what makes a push happen once.

Kinds of push and their keys:
  remind   催报 before the deadline: the board    board:<chat>:<day>:remind, remind:<chat>:<day>
           edited and the day's one short message mentioning the missing units' reporters
  tally    at the deadline the board marks 漏报   board:<chat>:<day>:tally; the leaders get the
           tally text                            tally:<leaders>:<chat>:<day>
  chief    the ladder's private message to each  chief:<chat>:<unit>:<day>:<user>
           missing unit's chiefs, a delay after the deadline
  escalate the ladder's line to the leaders      escalate:<leaders>:<chat>:<day>
  hazards  due tomorrow / overdue / the list     hazard-due:<id>:<deadline>,
                                                 hazard-overdue:<id>:<deadline>,
                                                 overdue-list:<leaders>:<chat>:<day>
  weekly   the weekly draft to the leaders       weekly:<leaders>:<chat>:<day>:<part>
  drill    an hour before a planned drill        drill:<id>:<planned time>   (urgent)
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from core.calendar import CnCalendar
from handlers import board, detail, duty
from handlers.calendar import working_calendar
from handlers.base import Button, Reply
from reports.facts import md
from handlers.texts import remind as T
from storage import boards
from storage import notices as notices_store
from storage import duty as duty_store
from storage import hazards
from storage import people, stats
from storage import pushes as store
from storage.due import deadline_passed
from storage.models import Group, Hazard

log = logging.getLogger(__name__)
OFF = "off"
ON = "on"

JOB_KINDS = ("remind", "tally", "chief", "escalate", "hazards", "weekly")
URGENT = frozenset({"drill"})          # sent even in quiet hours: holding it would be too late
DRILL_AHEAD = timedelta(hours=1)
OVERDUE_SHOWN = 20
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULTS = {"hazards_at": "09:00", "weekly": "fri 16:00", "quiet": "22:00-07:00",
            # the escalation ladder: minutes after the deadline, and whether days off escalate
            "chief_after": "60", "leaders_after": "180", "holidays": OFF,
            # minutes after a notice is sent, the one reminder to units not yet acknowledged
            "notice_after": "120"}

_HHMM = re.compile(r"^(\d{1,2})\s*[:：点时]\s*(\d{1,2})?\s*分?$")
_CN_DAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}


# ---- settings (Group.settings JSON) -----------------------------------------------------

def parse_hhmm(text: str) -> time | None:
    """"10:30", "10：30", "10点", "9点30" → time; anything else → None."""
    m = _HHMM.match(text.strip())
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_weekly(text: str) -> tuple[str, time] | None:
    """"fri 16:00", "周五 16:00", "星期五16点" → ("fri", 16:00)."""
    text = text.strip().lower()
    m = re.match(r"^(mon|tue|wed|thu|fri|sat|sun)\s+(.+)$", text)
    if m:
        day, rest = m.group(1), m.group(2)
    else:
        m = re.match(r"^(?:周|星期|礼拜)([一二三四五六日天七])\s*(.+)$", text)
        if not m:
            return None
        day, rest = WEEKDAYS[_CN_DAYS[m.group(1)]], m.group(2)
    at = parse_hhmm(rest)
    return (day, at) if at else None


def parse_quiet(text: str) -> tuple[time, time] | None:
    parts = re.split(r"\s*[-–—~～至到]\s*", text.strip())
    if len(parts) != 2:
        return None
    start, end = parse_hhmm(parts[0]), parse_hhmm(parts[1])
    return (start, end) if start and end and start != end else None


def after_deadline(deadline: time, minutes: int) -> time:
    """The time of day `minutes` after the deadline, kept within its day (23:59 at most)."""
    moment = datetime.combine(date(2000, 1, 1), deadline) + timedelta(minutes=minutes)
    return moment.time() if moment.date() == date(2000, 1, 1) else time(23, 59)


def hhmm(at: time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


@dataclass(frozen=True)
class RemindSettings:
    enabled: bool
    remind_at: time | None
    tally_at: time | None
    hazards_at: time | None
    weekly: tuple[str, time] | None
    quiet: tuple[time, time] | None
    leaders_chat_id: int | None
    explicit: frozenset[str]            # the keys an admin has set (the rest are defaults)
    chief_after: int | None = None      # minutes after the deadline; None: off
    leaders_after: int | None = None
    holidays: bool = False              # escalate (chief, leaders) on days off too
    deadline: time = time(12, 0)
    notice_after: int | None = 120      # minutes after a notice, its one reminder; None: off

    @classmethod
    def of(cls, group: Group) -> RemindSettings:
        raw = dict(group.settings or {})
        deadline = parse_hhmm(group.deadline) or time(12, 0)
        # 催报 defaults to an hour before the deadline (11:00 for 12:00), the tally to the deadline.
        before = (datetime.combine(date(2000, 1, 1), deadline) - timedelta(hours=1)).time()
        defaults = {**DEFAULTS, "remind_at": hhmm(before) if deadline >= time(1, 0) else OFF,
                    "tally_at": hhmm(deadline)}

        def value(key: str) -> str:
            got = raw.get(key)
            return str(got) if got not in (None, "") else defaults[key]

        def at(key: str) -> time | None:
            v = value(key)
            return None if v == OFF else parse_hhmm(v)

        def minutes(key: str) -> int | None:
            v = value(key)
            return int(v) if v.isdigit() else None

        leaders = raw.get("leaders_chat_id")
        return cls(chief_after=minutes("chief_after"), leaders_after=minutes("leaders_after"),
                   notice_after=minutes("notice_after"),
                   holidays=value("holidays") == ON, deadline=deadline,
                   enabled=raw.get("enabled", True) is not False,
                   remind_at=at("remind_at"), tally_at=at("tally_at"), hazards_at=at("hazards_at"),
                   weekly=None if value("weekly") == OFF else parse_weekly(value("weekly")),
                   quiet=None if value("quiet") == OFF else parse_quiet(value("quiet")),
                   leaders_chat_id=int(leaders) if leaders not in (None, "") else None,
                   explicit=frozenset(k for k, v in raw.items() if v not in (None, "")))

    def schedule(self, kind: str) -> tuple[str | None, time] | None:
        """(weekday or None for daily, time of day) of a job kind, or None when off."""
        if kind == "weekly":
            return self.weekly
        if kind in ("chief", "escalate"):
            delay = self.chief_after if kind == "chief" else self.leaders_after
            return None if delay is None else (None, after_deadline(self.deadline, delay))
        at = {"remind": self.remind_at, "tally": self.tally_at, "hazards": self.hazards_at}[kind]
        return (None, at) if at else None


# ---- when -------------------------------------------------------------------------------

def weekly_day(weekday: str, day: date, cal: CnCalendar | None) -> date:
    """The day of `day`'s week (Monday to Sunday) a weekly push goes out: the set weekday,
    unless that is a holiday by China's calendar (a festival, not an ordinary weekend an
    admin chose): then the week's last working day before it, else its first working day
    after it (a 调休 Saturday), else the set weekday still (a week with no working day at
    all keeps its draft). A set weekday that is worked stays: a 调休 Saturday after a
    working Friday does not take the push."""
    monday = day - timedelta(days=day.weekday())
    set_day = monday + timedelta(days=WEEKDAYS.index(weekday))
    if cal is None or cal.is_workday(set_day) or cal.holiday_name(set_day) is None:
        return set_day
    week = [monday + timedelta(days=i) for i in range(7)]
    before = [d for d in week if d < set_day and cal.is_workday(d)]
    after = [d for d in week if d > set_day and cal.is_workday(d)]
    return before[-1] if before else after[0] if after else set_day


def _matches(day: date, weekday: str | None, kind: str, cal: CnCalendar | None) -> bool:
    if weekday is None:
        return True
    if kind == "weekly":
        return day == weekly_day(weekday, day, cal)
    return WEEKDAYS[day.weekday()] == weekday


def cron_weekday(cfg: RemindSettings, kind: str) -> str | None:
    """The weekday a cron trigger for the job names; None: every day. The weekly push's
    day moves with the calendar, so its trigger fires daily and `occurrence_day` decides."""
    sched = cfg.schedule(kind)
    return None if sched is None or kind == "weekly" else sched[0]


def occurrence_day(cfg: RemindSettings, kind: str, now: datetime, tz: str,
                   cal: CnCalendar | None = None) -> date | None:
    """The day of the latest occurrence of a job at or before `now` (a run that fires
    late, after midnight, still belongs to the day it was due). `cal` moves the weekly
    push off a holiday (weekly_day); without it the set weekday is kept."""
    sched = cfg.schedule(kind)
    if sched is None:
        return None
    weekday, at = sched
    local = now.astimezone(ZoneInfo(tz))
    day = local.date()
    for _ in range(8):
        if _matches(day, weekday, kind, cal) and datetime.combine(day, at, tzinfo=ZoneInfo(tz)) <= local:
            return day
        day -= timedelta(days=1)
    return None


def occurrences_between(cfg: RemindSettings, kind: str, since: datetime, now: datetime,
                        tz: str, cal: CnCalendar | None = None) -> list[date]:
    """Days whose occurrence of the job falls in (since, now]: what a tick loop runs."""
    sched = cfg.schedule(kind)
    if sched is None or now <= since:
        return []
    weekday, at = sched
    zone = ZoneInfo(tz)
    day, last = since.astimezone(zone).date(), now.astimezone(zone).date()
    found = []
    while day <= last:
        when = datetime.combine(day, at, tzinfo=zone)
        if _matches(day, weekday, kind, cal) and since < when <= now:
            found.append(day)
        day += timedelta(days=1)
    return found


def quiet_until(cfg: RemindSettings, now: datetime, tz: str) -> datetime | None:
    """When `now` is in quiet hours, the moment they end; otherwise None."""
    if cfg.quiet is None:
        return None
    start, end = cfg.quiet
    local = now.astimezone(ZoneInfo(tz))
    t = local.time()
    inside = start <= t < end if start < end else (t >= start or t < end)
    if not inside:
        return None
    day = local.date() if t < end else local.date() + timedelta(days=1)
    return datetime.combine(day, end, tzinfo=ZoneInfo(tz))


# ---- what -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """A rung of the escalation ladder taken when its push is sent: unit id → who was told."""
    group_id: int
    day: date
    step: str                   # remind | overdue | chief | leaders
    told: dict[int, list[int]]


@dataclass(frozen=True)
class Push:
    key: str
    reply: Reply
    steps: tuple[Step, ...] = ()


def _push(key: str, chat_id: int, text: str, mentions: list[int] | tuple[int, ...] = (),
          steps: tuple[Step, ...] = ()) -> Push:
    unique = tuple(dict.fromkeys(uid for uid in mentions if uid))
    return Push(key, Reply(text, chat_id=chat_id, mention_user_ids=unique), steps)


def _board_push(session: Session, group: Group, day: date, now: datetime, kind: str,
                steps: tuple[Step, ...] = ()) -> list[Push]:
    """The board posted (the day's first push) or edited in place."""
    return [Push(f"board:{group.chat_id}:{day}:{kind}", reply, steps)
            for reply in board.refresh(session, group, day, now)]


def duty_reminder(session: Session, group: Group, day: date, now: datetime) -> list[Push]:
    """催报 (the ladder's first rung): the board brought up to date and one short message
    mentioning the bound reporters of the units still missing. Nothing when all have
    reported, and nothing once the deadline has passed."""
    if deadline_passed(group, now, day):
        return []
    status = board.day_status(session, group, day, now)
    if not status.missing:
        return []
    members = store.user_ids_by_unit(session=session, unit_ids=[u.id for u in status.missing])
    items = []
    for unit in status.missing:
        names = "、".join(name for _, name in members[unit.id])
        items.append(T.REMIND_WHO.format(unit=unit.name, names=names) if names else unit.name)
    text = T.REMIND.format(day=md(day), deadline=group.deadline, count=len(status.missing),
                           expected=status.expected, items="、".join(items))
    mentions = [uid for unit in status.missing for uid, _ in members[unit.id]]
    told = Step(group.id, day, boards.REMIND, {u.id: [uid for uid, _ in members[u.id]] for u in status.missing})
    return [*_board_push(session, group, day, now, "remind"),
            _push(f"remind:{group.chat_id}:{day}", group.chat_id, text, mentions, (told,))]


def _yesterday_final(session: Session, group: Group, day: date, now: datetime) -> duty_store.DayStatus | None:
    """Yesterday, when the tally says its final 漏报 / 迟报: only when someone reported that
    day (a roster set up today owed nothing yesterday) and something was missed or late."""
    before = board.day_status(session, group, day - timedelta(days=1), now)
    return before if before.reported and (before.missing or before.late) else None


def tally_text(group: Group, status: duty_store.DayStatus, yesterday: duty_store.DayStatus | None) -> str | None:
    """The day's tally in words, from the day's status (sent from the deadline on, when every
    unit on the roster owes the day: storage/due.py) and yesterday's final one, if it is said."""
    day = status.day
    if not status.expected:
        return None
    lines = [T.TALLY_HEADER.format(day=md(day), deadline=group.deadline),
             *duty.count_lines(group, reported=status.reported, expected=status.expected,
                               on_time=len(status.on_time), late=[(u.name, r.sent_at) for u, r in status.late],
                               missing=len(status.missing))]
    if status.missing:
        lines.append(T.TALLY_MISSING.format(items="、".join(u.name for u in status.missing)))
    else:
        lines.append(T.TALLY_ALL if not status.late else "")
    # Yesterday is over: its missing units are now 漏报, final.
    if yesterday is not None:
        names = "（" + "、".join(u.name for u in yesterday.missing) + "）" if yesterday.missing else ""
        lines.append(T.TALLY_YESTERDAY.format(day=md(yesterday.day), missed=len(yesterday.missing), names=names,
                                              late=len(yesterday.late)))
    return "\n".join(line for line in lines if line)


def duty_tally(session: Session, group: Group, day: date, now: datetime, cfg: RemindSettings) -> list[Push]:
    """At the deadline the board marks the missing 漏报 (the group gets no second message);
    the leaders' group gets the tally in words."""
    status = board.day_status(session, group, day, now)
    yesterday = _yesterday_final(session, group, day, now)
    text = tally_text(group, status, yesterday)
    if text is None:
        return []
    overdue = (Step(group.id, day, boards.OVERDUE, {u.id: [group.chat_id] for u in status.missing}),) \
        if status.missing and deadline_passed(group, now, day) else ()
    found = _board_push(session, group, day, now, "tally", overdue)
    if cfg.leaders_chat_id:
        push = _push(f"tally:{cfg.leaders_chat_id}:{group.chat_id}:{day}", cfg.leaders_chat_id,
                     text + "\n" + T.TALLY_FOR.format(title=group.title))
        # 明细: each unit's day (and yesterday's, when the tally states its final figures)
        start = day - timedelta(days=1) if yesterday is not None else day
        push.reply.buttons = _leaders_detail(session, now, "tally", group, cfg, start, day,
                                             T.TALLY_DETAIL.format(title=group.title, day=md(day)))
        found.append(push)
    return found


def _leaders_detail(session: Session, now: datetime, kind: str, group: Group, cfg: RemindSettings,
                    start: date, end: date, title: str) -> list[list[Button]]:
    """🔍 明细 under a push to the leaders' group: the group's records, for leaders pressing
    it there (detail.LEADER_KINDS; the token works in that chat only)."""
    row = detail.issue(session, now, kind, chat_id=cfg.leaders_chat_id, issued_to=0, start=start, end=end,
                       scope=stats.Scope.of_group(group), title=title)
    return detail.buttons(row.token)


def _hazard_people(session: Session, hazard: Hazard) -> list[int]:
    """The hazard's unit members and its reporter."""
    ids = []
    if hazard.unit_id is not None:
        ids += [uid for uid, _ in store.user_ids_by_unit(session=session, unit_ids=[hazard.unit_id])[hazard.unit_id]]
    reporter = store.user_id_of_member(session=session, member_id=hazard.reporter_id)
    return ids + ([reporter] if reporter else [])


def _hazard_fields(hazard: Hazard) -> dict:
    description = hazard.description[:60]
    return {"code": hazard.code, "place": f"{hazard.place}：" if hazard.place else "",
            "description": description, "status": hazard.status,
            "deadline": md(hazard.deadline) if hazard.deadline else ""}


def hazard_pushes(session: Session, group: Group, day: date, now: datetime, cfg: RemindSettings) -> list[Push]:
    found = []
    for hazard in hazards.hazards_due(session=session, on_day=day + timedelta(days=1), group_ids=[group.id]):
        found.append(_push(f"hazard-due:{hazard.id}:{hazard.deadline}", group.chat_id,
                           T.HAZARD_DUE.format(**_hazard_fields(hazard)), _hazard_people(session, hazard)))
    for hazard in hazards.hazards_due(session=session, on_day=day - timedelta(days=1), group_ids=[group.id]):
        found.append(_push(f"hazard-overdue:{hazard.id}:{hazard.deadline}", group.chat_id,
                           T.HAZARD_OVERDUE.format(**_hazard_fields(hazard)), _hazard_people(session, hazard)))
    if cfg.leaders_chat_id:
        overdue = [h for h, _ in hazards.overdue_hazards(session=session, today=day, group_ids=[group.id])]
        if overdue:
            push = _push(f"overdue-list:{cfg.leaders_chat_id}:{group.chat_id}:{day}", cfg.leaders_chat_id,
                         overdue_list_text(session, group, day, overdue))
            push.reply.buttons = _leaders_detail(session, now, "overdue", group, cfg, day, day,
                                                 T.OVERDUE_DETAIL.format(title=group.title, day=md(day)))
            found.append(push)
    return found


def overdue_list_text(session: Session, group: Group, day: date, overdue: list[Hazard]) -> str:
    names = people.unit_names(session=session, ids=[h.unit_id for h in overdue if h.unit_id])
    lines = [T.OVERDUE_LIST_HEADER.format(count=len(overdue), day=md(day), title=group.title)]
    for i, hazard in enumerate(overdue[:OVERDUE_SHOWN], 1):
        unit = names.get(hazard.unit_id, "")
        place = f"{unit and ' '}{hazard.place}" if hazard.place else ""
        lines.append(T.OVERDUE_LIST_LINE.format(i=i, code=hazard.code, unit=unit, place=place,
                                                days=(day - hazard.deadline).days,
                                                deadline=md(hazard.deadline), status=hazard.status))
    if len(overdue) > OVERDUE_SHOWN:
        lines.append(T.OVERDUE_LIST_MORE.format(count=len(overdue)))
    return "\n".join(lines)


def drill_pushes(session: Session, now: datetime) -> list[Push]:
    """Planned drills starting within the hour. A drill announced less than an hour before
    it starts needs no reminder: its card was just posted."""
    found = []
    for drill in store.drills_starting(session=session, after=now, until=now + DRILL_AHEAD):
        if drill.created_at > drill.planned_at - DRILL_AHEAD:
            continue
        group = store.group_by_id(session=session, group_id=drill.group_id)
        if not _pushable(group):
            continue
        start = drill.planned_at.astimezone(ZoneInfo(group.timezone))
        place = T.DRILL_PLACE.format(place=drill.place) if drill.place else ""
        text = T.DRILL_SOON.format(title=drill.title, time=f"{start:%H:%M}", place=place)
        found.append(_push(f"drill:{drill.id}:{drill.planned_at:%Y%m%d%H%M}", group.chat_id, text))
    return found


def weekly_pushes(session: Session, group: Group, day: date, now: datetime, cfg: RemindSettings) -> list[Push]:
    """The week's draft to the leaders' group, through the summary capability when present."""
    if not cfg.leaders_chat_id:
        log.info("weekly draft for chat %s skipped: no leaders' group set", group.chat_id)
        return []
    try:    # imported late: the summary capability may not be installed
        from reports.build import build_facts
        from reports.chat_split import split_message
        from reports.draft import draft
        from reports.facts import Period
    except ImportError as exc:
        log.info("weekly draft for chat %s skipped: summary capability missing (%s)", group.chat_id, exc)
        return []
    period = Period.week_of(day)
    facts = build_facts(session=session, period=period, group=group, today=day,
                        deadline_passed=deadline_passed(group, now, day))
    pieces = split_message(T.WEEKLY_HEADER + "\n" + draft(facts), html=False)
    found = [_push(f"weekly:{cfg.leaders_chat_id}:{group.chat_id}:{day}:{i}", cfg.leaders_chat_id, piece)
             for i, piece in enumerate(pieces, 1)]
    if found:       # 明细 under the draft's head: leaders whose scope, there and then, covers the group's
        title = T.WEEKLY_DETAIL.format(title=group.title, period=period.label)
        row = detail.issue(session, now, "summary", chat_id=cfg.leaders_chat_id, issued_to=0, start=period.start,
                           end=period.end, scope=stats.Scope.of_group(group), title=title)
        found[0].reply.buttons = detail.buttons(row.token)
    return found


# ---- the escalation ladder after the deadline ----------------------------------------------

def _escalates(session: Session, cfg: RemindSettings, day: date) -> bool:
    """Days off (holidays, weekends, by China's calendar) do not escalate unless set to."""
    return cfg.holidays or working_calendar(session).is_workday(day)


def _still_missing(session: Session, group: Group, day: date, now: datetime, step: str) -> list:
    """Units still missing (a late report stops the ladder) that have not had `step`."""
    if not deadline_passed(group, now, day):
        return []
    done = boards.steps_taken(session=session, group_id=group.id, day=day, step=step)
    return [u for u in board.day_status(session, group, day, now).missing if u.id not in done]


def chief_pushes(session: Session, group: Group, day: date, now: datetime, cfg: RemindSettings) -> list[Push]:
    """A private message to each chief of each unit still missing, once per unit and day."""
    if not _escalates(session, cfg, day):
        return []
    missing = _still_missing(session, group, day, now, boards.CHIEF)
    chiefs = store.user_ids_by_unit(session=session, unit_ids=[u.id for u in missing], role="chief")
    reminded = boards.steps_taken(session=session, group_id=group.id, day=day, step=boards.REMIND)
    found = []
    for unit in missing:
        for user_id, _ in chiefs[unit.id]:
            text = T.CHIEF.format(title=group.title, unit=unit.name, day=md(day), deadline=group.deadline,
                                  reminded=T.CHIEF_REMINDED if unit.id in reminded else "")
            found.append(_push(f"chief:{group.chat_id}:{unit.id}:{day}:{user_id}", user_id, text,
                               steps=(Step(group.id, day, boards.CHIEF, {unit.id: [user_id]}),)))
    return found


def escalate_pushes(session: Session, group: Group, day: date, now: datetime,
                    cfg: RemindSettings) -> list[Push]:
    """One line to the leaders' group naming the group's units still missing."""
    if not cfg.leaders_chat_id or not _escalates(session, cfg, day):
        return []
    missing = _still_missing(session, group, day, now, boards.LEADERS)
    if not missing:
        return []
    told = boards.steps_taken(session=session, group_id=group.id, day=day, step=boards.CHIEF)
    text = T.ESCALATE.format(title=group.title, day=md(day), deadline=group.deadline,
                             units="、".join(u.name for u in missing), count=len(missing),
                             chiefs=T.ESCALATE_CHIEFS if told & {u.id for u in missing} else "")
    step = Step(group.id, day, boards.LEADERS, {u.id: [cfg.leaders_chat_id] for u in missing})
    push = _push(f"escalate:{cfg.leaders_chat_id}:{group.chat_id}:{day}", cfg.leaders_chat_id, text, steps=(step,))
    # 明细: each unit's day and the ladder's steps so far (who was told when)
    push.reply.buttons = _leaders_detail(session, now, "escalate", group, cfg, day, day,
                                         T.ESCALATE_DETAIL.format(title=group.title, day=md(day)))
    return [push]


# ---- notices not yet acknowledged ---------------------------------------------------------

NOTICE_WINDOW = timedelta(days=1)      # a reminder later than this is stale: not sent


def notice_pushes(session: Session, now: datetime) -> list[Push]:
    """One reminder per notice and group with units not yet acknowledged, once the group's
    delay (/remind 通知催收) has passed since the notice; a group in its quiet hours is
    reminded after them, a group that switched it off never."""
    found = []
    for notice in notices_store.notices_since(session=session, since=now - NOTICE_WINDOW):
        for tally in notices_store.tally(session=session, notice_id=notice.id):
            group = people.get_group(session=session, chat_id=tally.chat_id)
            if not tally.waiting or not _pushable(group):
                continue
            cfg = RemindSettings.of(group)
            if cfg.notice_after is None or quiet_until(cfg, now, group.timezone) is not None:
                continue
            if notice.created_at + timedelta(minutes=cfg.notice_after) > now:
                continue
            members = store.user_ids_by_unit(session=session, unit_ids=tally.waiting_ids)
            text = T.NOTICE_REMIND.format(text=notice.text[:30] + ("…" if len(notice.text) > 30 else ""),
                                          units="、".join(tally.waiting[:30]))
            found.append(_push(f"notice-remind:{notice.id}:{tally.chat_id}", tally.chat_id, text,
                               [uid for unit_id in tally.waiting_ids for uid, _ in members[unit_id]]))
    return _to_enrolled(session, found)


def due(kind: str, session: Session, group: Group, day: date, now: datetime) -> list[Push]:
    """Every push of one job kind for one group and day, to enrolled groups only (a group
    no longer enrolled takes no part: nothing of it goes anywhere)."""
    if not _pushable(group):
        return []
    return _to_enrolled(session, _due(kind, session, group, day, now))


def _pushable(group: Group | None) -> bool:
    """Pushes go to a group only while it is enrolled and its reminders are on (/remind)."""
    return group is not None and group.enrolled_at is not None and RemindSettings.of(group).enabled


def _to_enrolled(session: Session, pushes: list[Push]) -> list[Push]:
    """Nothing of the organisation goes to a group that is not (or no longer) enrolled,
    a leaders' group set before enrolment existed included."""
    enrolled = {}
    for push in pushes:
        chat_id = push.reply.chat_id
        if chat_id not in enrolled:
            if chat_id > 0:     # a private chat: a member the ladder chose by role (a unit's chief)
                enrolled[chat_id] = True
                continue
            target = people.get_group(session=session, chat_id=chat_id)
            enrolled[chat_id] = target is not None and target.enrolled_at is not None
    return [push for push in pushes if enrolled[push.reply.chat_id]]


def _due(kind: str, session: Session, group: Group, day: date, now: datetime) -> list[Push]:
    cfg = RemindSettings.of(group)
    if kind == "remind":
        return duty_reminder(session, group, day, now)
    if kind == "tally":
        return duty_tally(session, group, day, now, cfg)
    if kind == "chief":
        return chief_pushes(session, group, day, now, cfg)
    if kind == "escalate":
        return escalate_pushes(session, group, day, now, cfg)
    if kind == "hazards":
        return hazard_pushes(session, group, day, now, cfg)
    if kind == "weekly":
        return weekly_pushes(session, group, day, now, cfg)
    raise ValueError(kind)
