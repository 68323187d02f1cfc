"""催报N次: the escalation ladder's group reminders (step "remind", recorded once per unit
and day, storage/boards.record_steps) counted by unit for a scope and period."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session

from storage.boards import REMIND
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
