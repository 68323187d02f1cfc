"""Duty reports: record, supersede, withdraw, and who has (not) reported."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import and_, bindparam, case, type_coerce
from sqlmodel import Session, col, select

from storage.models import DutyReport, Group, RosterEntry, Unit
from storage.types import UTCDateTime


def live_reports_stmt():
    return select(DutyReport).where(col(DutyReport.superseded_by).is_(None),
                                    DutyReport.withdrawn == False)  # noqa: E712


# Asked on every report: built once (building a statement costs more than running it).
_CURRENT = live_reports_stmt().where(DutyReport.unit_id == bindparam("unit_id"),
                                     DutyReport.duty_date == bindparam("duty_date"))


def current_report(*, session: Session, unit_id: int, duty_date: date) -> DutyReport | None:
    return session.exec(_CURRENT, params={"unit_id": unit_id, "duty_date": duty_date}).first()


def report_for_message(*, session: Session, chat_id: int, message_id: int) -> DutyReport | None:
    """The live report a chat message created (for edits and 撤回)."""
    stmt = live_reports_stmt().where(DutyReport.source_chat_id == chat_id,
                                     DutyReport.source_message_id == message_id)
    return session.exec(stmt).first()


def record_duty_report(*, session: Session, unit: Unit, group: Group, duty_date: date,
                       reporter_id: int | None, sent_at: datetime, zero: bool, events: str,
                       late: bool, chat_id: int, message_id: int | None) -> tuple[DutyReport, DutyReport | None]:
    """Store a report; an earlier live one for the same unit and day is superseded, kept.
    Returns (new, superseded or None)."""
    previous = current_report(session=session, unit_id=unit.id, duty_date=duty_date)
    report = DutyReport(unit_id=unit.id, group_id=group.id, duty_date=duty_date, reporter_id=reporter_id,
                        sent_at=sent_at, zero=zero, events=events, late=late,
                        source_chat_id=chat_id, source_message_id=message_id)
    session.add(report)
    session.flush()
    if previous is not None:
        # A re-report keeps the first report's timeliness: correcting a punctual report
        # after the deadline does not make the unit late.
        report.late = previous.late and late
        previous.superseded_by = report.id
    return report, previous


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


def day_status(*, session: Session, units: list[Unit], day: date) -> DayStatus:
    """Who reported on `day`, late or not, and who did not. The reports paired with units
    are read-only rows (id, unit_id, reporter_id, sent_at, zero, late, events), not ORM
    objects: "谁还没报" reads a whole roster's day and the objects cost more than the query."""
    ids = [u.id for u in units]
    reports = {}
    if ids:
        stmt = (select(DutyReport.id, DutyReport.unit_id, DutyReport.reporter_id, DutyReport.sent_at,
                       DutyReport.zero, DutyReport.late, DutyReport.events)
                .where(col(DutyReport.superseded_by).is_(None), DutyReport.withdrawn == False,  # noqa: E712
                       DutyReport.duty_date == day, col(DutyReport.unit_id).in_(ids)))
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


class UnitDay(NamedTuple):
    """A unit and its report of the day, as one row (unit and report in one)."""
    id: int
    name: str
    report_id: int | None
    sent_at: datetime | None
    zero: bool | None
    late: bool | None


def group_day_status(*, session: Session, group: Group, day: date) -> DayStatus:
    """day_status() of a group's roster in one LEFT JOIN: no list of thousands of unit ids
    sent back to the database, and only the columns an answer names."""
    live = and_(DutyReport.unit_id == Unit.id, DutyReport.duty_date == day,
                col(DutyReport.superseded_by).is_(None), DutyReport.withdrawn == False)  # noqa: E712
    # sent_at only where an answer shows it (the late ones): converting thousands of
    # timestamps nobody reads was most of the cost of "谁还没报" over a big roster.
    late_at = type_coerce(case((DutyReport.late == True, DutyReport.sent_at)), UTCDateTime())  # noqa: E712
    stmt = (select(Unit.id, Unit.name, DutyReport.id.label("report_id"), late_at.label("sent_at"),
                   DutyReport.zero, DutyReport.late)
            .select_from(Unit).outerjoin(DutyReport, live).where(Unit.active == True))  # noqa: E712
    if group.role != "leaders":
        stmt = (stmt.join(RosterEntry, RosterEntry.unit_id == Unit.id)
                .where(RosterEntry.group_id == group.id).order_by(RosterEntry.id))
    else:
        stmt = stmt.order_by(Unit.id)
    on_time, late, missing, seen = [], [], [], set()
    for values in session.connection().execute(stmt).all():     # plain rows: no ORM loading
        row = UnitDay._make(values)
        if row.id in seen:          # two live reports of one unit (a race) still count once
            continue
        seen.add(row.id)
        if row.report_id is None:
            missing.append(row)
        else:
            (late if row.late else on_time).append((row, row))
    late.sort(key=lambda pair: pair[1].sent_at)
    return DayStatus(day=day, on_time=on_time, late=late, missing=missing)
