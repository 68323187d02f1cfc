"""Rows written straight into the store, for statistics, answers and drafts tests.

Small helpers (`report`, `hazard`, `drill`, `sign_in`) make hand-countable fixtures;
`half_year` fills a deterministic half year for the draft CLI test.
"""
from __future__ import annotations

import itertools
import random
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from storage.models import Attendance, Drill, DutyReport, Group, Hazard, Member, RosterEntry, Unit

CST = ZoneInfo("Asia/Shanghai")
_codes = itertools.count(1)


def at(day: date, hhmm: str) -> datetime:
    hh, mm = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(hh, mm), tzinfo=CST)


def unit_id(session: Session, name: str) -> int:
    return session.exec(select(Unit).where(Unit.name == name)).one().id


def ensure_town(session: Session, units: list[str], *, chat_id: int = -100123, title: str = "青石区应急值班群",
                role: str = "duty") -> Group:
    group = session.exec(select(Group).where(Group.chat_id == chat_id)).first()
    if group is None:
        # seeded groups took part already: enrolled (as migration 006 enrols existing ones)
        group = Group(chat_id=chat_id, title=title, role=role, enrolled_at=datetime.now(timezone.utc))
        session.add(group)
        session.flush()
    for name in units:
        unit = session.exec(select(Unit).where(Unit.name == name)).first()
        if unit is None:
            unit = Unit(name=name)
            session.add(unit)
            session.flush()
        if role != "leaders":
            session.add(RosterEntry(group_id=group.id, unit_id=unit.id))
    session.flush()
    return group


def report(session: Session, group: Group, unit: str, day: date, hhmm: str = "09:00", *,
           late: bool | None = None, zero: bool = True, events: str = "", superseded: bool = False,
           withdrawn: bool = False) -> DutyReport:
    row = DutyReport(unit_id=unit_id(session, unit), group_id=group.id, duty_date=day,
                     sent_at=at(day, hhmm), zero=zero, events=events,
                     late=(hhmm > group.deadline) if late is None else late,
                     source_chat_id=group.chat_id, withdrawn=withdrawn)
    session.add(row)
    session.flush()
    if superseded:
        row.superseded_by = row.id    # stands in for "a later report replaced it"
    return row


def hazard(session: Session, group: Group, unit: str | None, found: date, *, status: str = "待整改",
           level: str = "一般", category: str = "消防", deadline: date | None = None, place: str = "",
           rectified_on: date | None = None, responsible: str = "", code: str | None = None) -> Hazard:
    number = next(_codes)
    row = Hazard(code=code or f"YH-{found:%Y%m%d}-{number:03d}", group_id=group.id,
                 unit_id=unit_id(session, unit) if unit else None, place=place or f"{unit or ''}某处{number}",
                 description="测试隐患", category=category, level=level, responsible=responsible,
                 found_date=found, deadline=deadline, status=status, source_chat_id=group.chat_id,
                 created_at=at(found, "10:00"),
                 rectified_at=at(rectified_on, "16:00") if rectified_on else None,
                 closed_at=at(rectified_on, "17:00") if rectified_on and status == "已销号" else None)
    session.add(row)
    session.flush()
    return row


def drill(session: Session, group: Group, unit: str | None, day: date, *, status: str = "held",
          drill_type: str = "消防", declared: int | None = None, title: str = "") -> Drill:
    row = Drill(group_id=group.id, title=title or f"{drill_type}演练", drill_type=drill_type,
                organiser_unit_id=unit_id(session, unit) if unit else None, drill_date=day, status=status,
                declared_participants=declared, created_at=at(day, "08:00"))
    session.add(row)
    session.flush()
    return row


def sign_in(session: Session, drill_row: Drill, *, unit: str | None = None, member: Member | None = None,
            count: int = 1, superseded: bool = False) -> Attendance:
    row = Attendance(drill_id=drill_row.id, member_id=member.id if member else None,
                     unit_id=unit_id(session, unit) if unit and member is None else None,
                     head_count=count, signed_at=at(drill_row.drill_date, "10:00"))
    session.add(row)
    session.flush()
    if superseded:
        row.superseded_by = row.id
    return row


def member(session: Session, name: str, unit: str, user_id: int) -> Member:
    row = Member(user_id=user_id, name=name, unit_id=unit_id(session, unit))
    session.add(row)
    session.flush()
    return row


# ---------------------------------------------------------------- half a year

UNITS = ["青石镇", "白沙街道", "双桥镇", "永安镇", "市住建局"]
CATEGORIES = ["消防", "交通", "建筑施工", "危化品", "防汛"]
DRILL_TYPES = ["消防", "防汛", "地质灾害", "危化品"]


def half_year(session: Session, *, first: date = date(2026, 1, 1), last: date = date(2026, 6, 30),
              seed: int = 7) -> Group:
    """A deterministic half year: daily reports (some late, some missing, a few with
    events), two or three hazards a week in every state, two drills a month."""
    rng = random.Random(seed)
    group = ensure_town(session, UNITS)
    day = first
    while day <= last:
        for unit in UNITS:
            roll = rng.random()
            if roll < 0.03:
                continue                                   # missing
            hhmm = "13:20" if roll < 0.08 else f"0{8 + rng.randrange(2)}:{rng.randrange(60):02d}"
            events = "凌晨村道一处塌方，已设置警示并清理" if roll > 0.97 else ""
            report(session, group, unit, day, hhmm, zero=not events, events=events)
        if day.weekday() in (1, 3):
            status = rng.choice(["待整改", "整改中", "已整改", "已整改", "已销号"])
            done = day + timedelta(days=rng.randrange(1, 6)) if status in ("已整改", "已销号") else None
            hazard(session, group, rng.choice(UNITS), day, status=status,
                   level="重大" if rng.random() < 0.1 else "一般", category=rng.choice(CATEGORIES),
                   deadline=day + timedelta(days=7), rectified_on=done, responsible="负责人")
        if day.day in (10, 24):
            d = drill(session, group, rng.choice(UNITS), day, drill_type=rng.choice(DRILL_TYPES))
            sign_in(session, d, unit=rng.choice(UNITS), count=rng.randrange(10, 60))
        day += timedelta(days=1)
    session.flush()
    return group
