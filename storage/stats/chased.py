"""催报N次: the escalation ladder's group reminders (step "remind", recorded once per unit
and day, storage/boards.record_steps) counted by unit for a scope and period, and every
step of the ladder behind them (明细: who was told when)."""
from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import case, func, select
from sqlmodel import Session

from storage.boards import CHIEF, LEADERS, OVERDUE, REMIND
from storage.models import Escalation, Unit
from storage.stats.scope import Scope, _unit_filter


def reminded_by_unit(*, session: Session, scope: Scope, start: date, end: date) -> list[tuple[str, int]]:
    """(unit name, days it was reminded) for the units in scope, most reminded first."""
    n = func.count(Escalation.id)
    stmt = (select(Unit.name, n).join(Unit, Unit.id == Escalation.unit_id)
            .where(Escalation.step == REMIND, Escalation.day >= start, Escalation.day <= end,
                   _unit_filter(Escalation.unit_id, scope))
            .group_by(Unit.id, Unit.name).order_by(n.desc(), Unit.id))
    return [(name, count) for name, count in session.connection().execute(stmt)]


class LadderStep(NamedTuple):
    day: date
    unit: str
    step: str                   # storage/boards: REMIND | OVERDUE | CHIEF | LEADERS
    told: list[int]             # platform user ids (remind, chief) or the chat told (overdue, leaders)
    at: datetime


_ORDER = case({REMIND: 0, OVERDUE: 1, CHIEF: 2, LEADERS: 3}, value=Escalation.step, else_=4)


def ladder_steps(*, session: Session, scope: Scope, start: date, end: date) -> list[LadderStep]:
    """Every step of the ladder taken for the units in scope from start to end: the latest
    day first, then unit, then the steps in the order they are taken."""
    stmt = (select(Escalation.day, Unit.name, Escalation.step, Escalation.told, Escalation.at)
            .join(Unit, Unit.id == Escalation.unit_id)
            .where(Escalation.day >= start, Escalation.day <= end, _unit_filter(Escalation.unit_id, scope))
            .order_by(Escalation.day.desc(), Unit.id, _ORDER))
    return [LadderStep(*row) for row in session.execute(stmt)]
