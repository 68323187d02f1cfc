"""检查记录: an inspector's day of inspections (sites or enterprises checked, hazards found).
A later record of the same inspector, unit and day supersedes the earlier (a correction),
never deletes. The inspector's hazards of that day belong to it: read by reporter and day,
so a hazard needs no column for it. Functions flush, never commit."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func
from sqlmodel import Session, col, select

from storage.models import Hazard, Inspection, Member, RosterEntry, Unit

_LIVE = col(Inspection.superseded_by).is_(None)


def record_inspection(*, session: Session, group_id: int, unit_id: int | None, inspector_id: int | None,
                      sites: int, hazards_found: int, day: date, chat_id: int, message_id: int | None,
                      at: datetime) -> tuple[Inspection, Inspection | None]:
    """Store a record; returns it and the record it superseded, if any."""
    previous = session.exec(select(Inspection).where(
        _LIVE, Inspection.inspector_id == inspector_id, Inspection.unit_id == unit_id,
        Inspection.day == day, Inspection.group_id == group_id)).first() if inspector_id else None
    row = Inspection(group_id=group_id, unit_id=unit_id, inspector_id=inspector_id, sites=sites,
                     hazards_found=hazards_found, day=day, source_chat_id=chat_id,
                     source_message_id=message_id, created_at=at)
    session.add(row)
    session.flush()
    if previous is not None:
        previous.superseded_by = row.id
        session.flush()
    return row, previous


@dataclass(frozen=True)
class InspectionRow:
    id: int
    day: date
    unit: str
    inspector: str
    sites: int
    hazards_found: int


def _scoped(stmt, *, unit_ids: list[int] | None, roster_group_id: int | None):
    if unit_ids is not None:
        stmt = stmt.where(col(Inspection.unit_id).in_(unit_ids))
    elif roster_group_id is not None:
        on_roster = select(RosterEntry.unit_id).where(RosterEntry.group_id == roster_group_id)
        stmt = stmt.where(col(Inspection.unit_id).in_(on_roster) | (Inspection.group_id == roster_group_id))
    return stmt


def inspections_between(*, session: Session, start: date, end: date, roster_group_id: int | None = None,
                        unit_ids: list[int] | None = None, limit: int | None = None) -> list[InspectionRow]:
    """Live records of a period, newest day first: every unit's (roster_group_id None and
    unit_ids None), a duty group's roster's, or named units'."""
    stmt = (select(Inspection.id, Inspection.day, Unit.name, Member.name, Inspection.sites,
                   Inspection.hazards_found)
            .select_from(Inspection).outerjoin(Unit, Unit.id == Inspection.unit_id)
            .outerjoin(Member, Member.id == Inspection.inspector_id)
            .where(_LIVE, Inspection.day >= start, Inspection.day <= end))
    stmt = _scoped(stmt, unit_ids=unit_ids, roster_group_id=roster_group_id)
    stmt = stmt.order_by(Inspection.day.desc(), Inspection.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    return [InspectionRow(i, d, u or "", m or "", s, h) for i, d, u, m, s, h in session.exec(stmt)]


@dataclass(frozen=True)
class InspectionTotals:
    records: int = 0
    sites: int = 0            # 检查单位X家次
    hazards_found: int = 0    # 发现隐患Y处
    units: int = 0            # inspecting units


def inspection_totals(*, session: Session, start: date, end: date, roster_group_id: int | None = None,
                      unit_ids: list[int] | None = None) -> InspectionTotals:
    stmt = select(func.count(), func.coalesce(func.sum(Inspection.sites), 0),
                  func.coalesce(func.sum(Inspection.hazards_found), 0),
                  func.count(func.distinct(Inspection.unit_id))).where(
        _LIVE, Inspection.day >= start, Inspection.day <= end)
    stmt = _scoped(stmt, unit_ids=unit_ids, roster_group_id=roster_group_id)
    records, sites, found, units = session.exec(stmt).one()
    return InspectionTotals(int(records), int(sites), int(found), int(units))


def hazard_codes_of(*, session: Session, inspection_ids: list[int]) -> dict[int, list[str]]:
    """inspection id → the codes of its hazards (as hazards_of_inspection links them), for
    many records in one query (a page of 明细)."""
    if not inspection_ids:
        return {}
    stmt = (select(Inspection.id, Hazard.code).join(Hazard, and_(
                Hazard.reporter_id == Inspection.inspector_id, Hazard.found_date == Inspection.day,
                Hazard.group_id == Inspection.group_id))
            .where(col(Inspection.id).in_(inspection_ids)).order_by(Inspection.id, Hazard.id))
    found: dict[int, list[str]] = {}
    for inspection_id, code in session.exec(stmt):
        found.setdefault(inspection_id, []).append(code)
    return found


def hazards_of_inspection(*, session: Session, inspection: Inspection) -> list[Hazard]:
    """The inspector's hazards registered on the inspection's day, in its group."""
    if inspection.inspector_id is None:
        return []
    return list(session.exec(select(Hazard).where(
        Hazard.reporter_id == inspection.inspector_id, Hazard.found_date == inspection.day,
        Hazard.group_id == inspection.group_id).order_by(Hazard.id)))
