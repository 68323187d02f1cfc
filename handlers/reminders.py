"""What is due, when, and what it says: the reminders of one group, as plain data.

Nothing here sends or commits. The scheduler (APScheduler in production, a tick loop in
the console) decides *when* to ask; these functions answer *what*: a list of `Push`
(a unique key and a Reply with chat_id set). The key is what makes a push happen once.

Kinds of push and their keys:
  remind   催报 before the deadline             remind:<chat>:<day>
  tally    the day's tally at the deadline       tally:<chat>:<day>, tally:<leaders>:<chat>:<day>
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

from handlers.base import Reply
from reports.facts import md
from handlers.texts import remind as T
from storage import duty as duty_store
from storage import hazards
from storage import people
from storage import pushes as store
from storage.due import deadline_of, deadline_passed
from storage.models import Group, Hazard

log = logging.getLogger(__name__)

JOB_KINDS = ("remind", "tally", "hazards", "weekly")
URGENT = frozenset({"drill"})          # sent even in quiet hours: holding it would be too late
DRILL_AHEAD = timedelta(hours=1)
OVERDUE_SHOWN = 20
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULTS = {"hazards_at": "09:00", "weekly": "fri 16:00", "quiet": "22:00-07:00"}
OFF = "off"

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

        leaders = raw.get("leaders_chat_id")
        return cls(enabled=raw.get("enabled", True) is not False,
                   remind_at=at("remind_at"), tally_at=at("tally_at"), hazards_at=at("hazards_at"),
                   weekly=None if value("weekly") == OFF else parse_weekly(value("weekly")),
                   quiet=None if value("quiet") == OFF else parse_quiet(value("quiet")),
                   leaders_chat_id=int(leaders) if leaders not in (None, "") else None,
                   explicit=frozenset(k for k, v in raw.items() if v not in (None, "")))

    def schedule(self, kind: str) -> tuple[str | None, time] | None:
        """(weekday or None for daily, time of day) of a job kind, or None when off."""
        if kind == "weekly":
            return self.weekly
        at = {"remind": self.remind_at, "tally": self.tally_at, "hazards": self.hazards_at}[kind]
        return (None, at) if at else None


# ---- when -------------------------------------------------------------------------------

def _matches(day: date, weekday: str | None) -> bool:
    return weekday is None or WEEKDAYS[day.weekday()] == weekday


def occurrence_day(cfg: RemindSettings, kind: str, now: datetime, tz: str) -> date | None:
    """The day of the latest occurrence of a job at or before `now` (a run that fires
    late, after midnight, still belongs to the day it was due)."""
    sched = cfg.schedule(kind)
    if sched is None:
        return None
    weekday, at = sched
    local = now.astimezone(ZoneInfo(tz))
    day = local.date()
    for _ in range(8):
        if _matches(day, weekday) and datetime.combine(day, at, tzinfo=ZoneInfo(tz)) <= local:
            return day
        day -= timedelta(days=1)
    return None


def occurrences_between(cfg: RemindSettings, kind: str, since: datetime, now: datetime,
                        tz: str) -> list[date]:
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
        if _matches(day, weekday) and since < when <= now:
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
class Push:
    key: str
    reply: Reply


def _push(key: str, chat_id: int, text: str, mentions: list[int] | tuple[int, ...] = ()) -> Push:
    unique = tuple(dict.fromkeys(uid for uid in mentions if uid))
    return Push(key, Reply(text, chat_id=chat_id, mention_user_ids=unique))


def day_status(session: Session, group: Group, day: date, now: datetime) -> duty_store.DayStatus:
    """The day's status as known at `now` (the tally is sent from the deadline on, when
    every unit on the roster owes the day: storage/due.py)."""
    return duty_store.day_status(session=session, units=people.roster(session=session, group=group), day=day,
                                 as_of=now)


def duty_reminder(session: Session, group: Group, day: date, now: datetime) -> list[Push]:
    """催报: one message naming only the units not yet reported, mentioning their members.
    Nothing when all have reported, and nothing once the deadline has passed."""
    if now > deadline_of(group, day):
        return []
    status = day_status(session, group, day, now)
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
    return [_push(f"remind:{group.chat_id}:{day}", group.chat_id, text, mentions)]


def _late_items(group: Group, pairs) -> str:
    tz = ZoneInfo(group.timezone)
    return "、".join(f"{u.name}（{r.sent_at.astimezone(tz):%H:%M}）" for u, r in pairs)


def tally_text(session: Session, group: Group, day: date, now: datetime) -> str | None:
    status = day_status(session, group, day, now)
    if not status.expected:
        return None
    lines = [T.TALLY_HEADER.format(day=md(day), deadline=group.deadline),
             T.TALLY_COUNTS.format(reported=status.reported, expected=status.expected,
                                   on_time=len(status.on_time), late=len(status.late),
                                   missing=len(status.missing))]
    if status.late:
        lines.append(T.TALLY_LATE.format(items=_late_items(group, status.late)))
    if status.missing:
        lines.append(T.TALLY_MISSING.format(items="、".join(u.name for u in status.missing)))
    else:
        lines.append(T.TALLY_ALL if not status.late else "")
    # Yesterday is over: its missing units are now 漏报, final. Said only when someone
    # reported yesterday (a roster set up today owed nothing yesterday).
    before = day_status(session, group, day - timedelta(days=1), now)
    if before.reported and (before.missing or before.late):
        names = "（" + "、".join(u.name for u in before.missing) + "）" if before.missing else ""
        lines.append(T.TALLY_YESTERDAY.format(day=md(before.day), missed=len(before.missing), names=names,
                                              late=len(before.late)))
    return "\n".join(line for line in lines if line)


def duty_tally(session: Session, group: Group, day: date, now: datetime, cfg: RemindSettings) -> list[Push]:
    text = tally_text(session, group, day, now)
    if text is None:
        return []
    found = [_push(f"tally:{group.chat_id}:{day}", group.chat_id, text)]
    if cfg.leaders_chat_id:
        found.append(_push(f"tally:{cfg.leaders_chat_id}:{group.chat_id}:{day}", cfg.leaders_chat_id,
                           text + "\n" + T.TALLY_FOR.format(title=group.title)))
    return found


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


def hazard_pushes(session: Session, group: Group, day: date, cfg: RemindSettings) -> list[Push]:
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
            found.append(_push(f"overdue-list:{cfg.leaders_chat_id}:{group.chat_id}:{day}", cfg.leaders_chat_id,
                               overdue_list_text(session, group, day, overdue)))
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
        if group is None or group.enrolled_at is None or RemindSettings.of(group).enabled is False:
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
    facts = build_facts(session=session, period=Period.week_of(day), group=group, today=day,
                        deadline_passed=deadline_passed(group, now, day))
    pieces = split_message(T.WEEKLY_HEADER + "\n" + draft(facts), html=False)
    return [_push(f"weekly:{cfg.leaders_chat_id}:{group.chat_id}:{day}:{i}", cfg.leaders_chat_id, piece)
            for i, piece in enumerate(pieces, 1)]


def due(kind: str, session: Session, group: Group, day: date, now: datetime) -> list[Push]:
    """Every push of one job kind for one group and day, to enrolled groups only."""
    return _to_enrolled(session, _due(kind, session, group, day, now))


def _to_enrolled(session: Session, pushes: list[Push]) -> list[Push]:
    """Nothing of the organisation goes to a group that is not (or no longer) enrolled,
    a leaders' group set before enrolment existed included."""
    enrolled = {}
    for push in pushes:
        chat_id = push.reply.chat_id
        if chat_id not in enrolled:
            target = people.get_group(session=session, chat_id=chat_id)
            enrolled[chat_id] = target is not None and target.enrolled_at is not None
    return [push for push in pushes if enrolled[push.reply.chat_id]]


def _due(kind: str, session: Session, group: Group, day: date, now: datetime) -> list[Push]:
    cfg = RemindSettings.of(group)
    if kind == "remind":
        return duty_reminder(session, group, day, now)
    if kind == "tally":
        return duty_tally(session, group, day, now, cfg)
    if kind == "hazards":
        return hazard_pushes(session, group, day, cfg)
    if kind == "weekly":
        return weekly_pushes(session, group, day, now, cfg)
    raise ValueError(kind)
