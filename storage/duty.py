"""Duty reports: record, supersede, withdraw, and who has (not) reported."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import Integer, and_, bindparam, case, func, insert, or_, update
from sqlmodel import Session, col, select

from storage.models import DutyReport, Group, RosterEntry, Unit
from storage.types import UTCDateTime


# What makes a report live (counted): neither superseded by a later one nor withdrawn.
LIVE = and_(col(DutyReport.superseded_by).is_(None), DutyReport.withdrawn == False)  # noqa: E712


def live_on(day):
    """Who reported on a given day: the live reports of `day` (a date or a bound parameter).
    Every "who reported on that day" query (the tally, 谁没报, the statistics) filters by it."""
    return and_(LIVE, DutyReport.duty_date == day)


def reported_on(day):
    """True for a unit (Unit.id, correlated) with a live report of `day`."""
    return select(DutyReport.id).where(live_on(day), DutyReport.unit_id == Unit.id).correlate(Unit).exists()


def live_reports_stmt():
    return select(DutyReport).where(LIVE)


class Recorded(NamedTuple):
    """A report just stored, as the acknowledgement needs it."""
    id: int
    duty_date: date
    sent_at: datetime
    zero: bool
    events: str
    late: bool
    superseded: int | None      # the id of the live report it replaced


# Every report runs these: built once (building a statement costs more than running it),
# and run as plain statements on the session's connection: the ORM's unit of work added
# more than the insert itself, and nothing here needs an object back.
_PREVIOUS = select(DutyReport.id, DutyReport.late).where(
    LIVE, DutyReport.unit_id == bindparam("unit_id"), DutyReport.duty_date == bindparam("duty_date"))
_INSERT = insert(DutyReport).values(
    unit_id=bindparam("unit_id"), group_id=bindparam("group_id"), duty_date=bindparam("duty_date"),
    reporter_id=bindparam("reporter_id"), sent_at=bindparam("sent_at", type_=UTCDateTime()),
    zero=bindparam("zero"), events=bindparam("events"), late=bindparam("late"),
    source_chat_id=bindparam("chat_id"), source_message_id=bindparam("message_id"),
    withdrawn=False).returning(DutyReport.id)
# Every other live report of the unit and day (normally the one read above; two only if
# two raced) now points at the new one.
_SUPERSEDE = update(DutyReport).where(
    LIVE, DutyReport.unit_id == bindparam("of_unit"), DutyReport.duty_date == bindparam("of_day"),
    DutyReport.id != bindparam("new")).values(superseded_by=bindparam("new"))


def report_for_message(*, session: Session, chat_id: int, message_id: int) -> DutyReport | None:
    """The live report a chat message created (for edits and 撤回)."""
    stmt = live_reports_stmt().where(DutyReport.source_chat_id == chat_id,
                                     DutyReport.source_message_id == message_id)
    return session.exec(stmt).first()


# PostgreSQL: a transaction-scoped advisory lock per unit and day (two int4 keys: a space of
# our own, "DR", and the unit-day folded into int4; a collision only makes two wait), released
# at commit.
_REPORT_LOCK = select(func.pg_advisory_xact_lock(bindparam("space", type_=Integer),
                                                 bindparam("key", type_=Integer)))
_REPORT_LOCK_SPACE = 0x4452


def record_duty_report(*, session: Session, unit_id: int, group_id: int, duty_date: date,
                       reporter_id: int | None, sent_at: datetime, zero: bool, events: str,
                       late: bool, chat_id: int, message_id: int | None) -> Recorded:
    """Store a report; an earlier live one for the same unit and day is superseded, kept."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # Two reports of one unit and day in flight at once (concurrent edits, a re-report)
        # would each find the same earlier report, or none, and both stay live: one at a
        # time per unit and day (SQLite lets one writer in at a time anyway).
        conn.execute(_REPORT_LOCK, {"space": _REPORT_LOCK_SPACE,
                                    "key": (unit_id * 100_003 + duty_date.toordinal()) % 2**31})
    previous = conn.execute(_PREVIOUS, {"unit_id": unit_id, "duty_date": duty_date}).first()
    # A re-report keeps the first report's timeliness: correcting a punctual report after
    # the deadline does not make the unit late.
    late = late and (previous is None or previous.late)
    new_id = conn.execute(_INSERT, {"unit_id": unit_id, "group_id": group_id, "duty_date": duty_date,
                                    "reporter_id": reporter_id, "sent_at": sent_at, "zero": zero,
                                    "events": events, "late": late, "chat_id": chat_id,
                                    "message_id": message_id}).scalar_one()
    if previous is not None:
        conn.execute(_SUPERSEDE, {"of_unit": unit_id, "of_day": duty_date, "new": new_id})
    return Recorded(new_id, duty_date, sent_at, zero, events, late, previous.id if previous else None)


def withdraw_report(*, report: DutyReport) -> None:
    report.withdrawn = True


@dataclass(frozen=True)
class DayStatus:
    day: date
    on_time: list[tuple[Unit, DutyReport]]
    late: list[tuple[Unit, DutyReport]]
    missing: list[Unit]

    @property
    def expected(self) -> int:
        return len(self.on_time) + len(self.late) + len(self.missing)

    @property
    def reported(self) -> int:
        return len(self.on_time) + len(self.late)

    def by_unit(self) -> dict[int, tuple[DutyReport, bool]]:
        """unit id → (its report, late or not), for the units that reported: the board's
        lines and 明细's read it."""
        return {u.id: (r, False) for u, r in self.on_time} | {u.id: (r, True) for u, r in self.late}


def day_status(*, session: Session, units: list[Unit], day: date, as_of: datetime | None = None) -> DayStatus:
    """Who of `units` reported on `day`, late or not, and who did not. With `as_of`, a
    report sent later does not count yet (the console's clock can be set back into a day
    the database already holds). The reports paired with units are read-only rows (id,
    unit_id, reporter_id, sent_at, zero, late, events), not ORM objects."""
    ids = [u.id for u in units]
    reports = {}
    if ids:
        stmt = (select(DutyReport.id, DutyReport.unit_id, DutyReport.reporter_id, DutyReport.sent_at,
                       DutyReport.zero, DutyReport.late, DutyReport.events)
                .where(live_on(day), col(DutyReport.unit_id).in_(ids)))
        if as_of is not None:
            stmt = stmt.where(DutyReport.sent_at <= as_of)
        reports = {r.unit_id: r for r in session.exec(stmt)}
    on_time, late, missing = [], [], []
    for unit in units:
        report = reports.get(unit.id)
        if report is None:
            missing.append(unit)
        elif report.late:
            late.append((unit, report))
        else:
            on_time.append((unit, report))
    late.sort(key=lambda pair: pair[1].sent_at)
    return DayStatus(day=day, on_time=on_time, late=late, missing=missing)


@dataclass(frozen=True)
class RosterDay:
    """A roster's day as the answers tell it ("今天谁没报", /today): plain names and counts."""
    day: date
    missing: list[str]                   # roster order
    late: list[tuple[str, datetime]]     # (unit, sent at), earliest first
    on_time: int
    with_events: list[str]               # reports telling of events: on time (roster order), then late

    @property
    def expected(self) -> int:
        return self.on_time + len(self.late) + len(self.missing)

    @property
    def reported(self) -> int:
        return self.on_time + len(self.late)


def _day_rows_stmt(roster: bool):
    """Each unit (of a roster, or every active unit) with its live report of a day, if any."""
    named = case((or_(col(DutyReport.late).is_(None), DutyReport.late == True,  # noqa: E712
                      DutyReport.zero == False), Unit.name))  # noqa: E712
    # A name only where an answer shows it: the unit not reported, the late report, the
    # report telling of events; an on-time 零报告 is only counted.
    stmt = (select(Unit.id, named, DutyReport.late, DutyReport.zero, DutyReport.sent_at)
            .select_from(Unit)
            .outerjoin(DutyReport, and_(live_on(bindparam("day")), DutyReport.unit_id == Unit.id))
            .where(Unit.active == True))  # noqa: E712
    if not roster:
        return stmt.order_by(Unit.id)
    return (stmt.join(RosterEntry, RosterEntry.unit_id == Unit.id)
            .where(RosterEntry.group_id == bindparam("group_id")).order_by(RosterEntry.id))


_ROSTER_DAY = _day_rows_stmt(roster=True)
_ALL_UNITS_DAY = _day_rows_stmt(roster=False)


def group_day_status(*, session: Session, group: Group, day: date) -> RosterDay:
    """Who of a group's roster (every unit for a leaders' group) reported on `day`, late
    or not, and who did not, in one LEFT JOIN (no list of thousands of unit ids sent)."""
    stmt = _ALL_UNITS_DAY if group.role == "leaders" else _ROSTER_DAY
    missing, late, events = [], [], []
    on_time = 0
    previous = None
    for unit_id, name, is_late, zero, sent_at in session.connection().execute(
            stmt, {"day": day, "group_id": group.id}):
        if unit_id == previous:     # two live reports of one unit (a race) still count once
            continue                # (a unit's rows are adjacent: ordered by roster entry)
        previous = unit_id
        if is_late is None:
            missing.append(name)
        elif is_late:
            late.append((name, sent_at, not zero))
        else:
            on_time += 1
            if not zero:
                events.append(name)
    late.sort(key=lambda row: row[1])
    events += [name for name, _, told in late if told]
    return RosterDay(day, missing, [(name, at) for name, at, _ in late], on_time, events)
