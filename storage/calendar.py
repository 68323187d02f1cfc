"""The admin's calendar days (Holiday): statutory days off and 调休 working days entered in
chat with /holiday and /workday, read back by the working-day calendar. Functions flush,
never commit: the caller owns each transaction."""
from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from storage.models import Holiday


def calendar_days(*, session: Session) -> dict[date, tuple[str, bool]]:
    """Every entered day → (name, is_workday)."""
    rows = session.exec(select(Holiday).order_by(col(Holiday.day))).all()
    return {row.day: (row.name, bool(row.workday)) for row in rows}


def days_of_year(*, session: Session, year: int) -> list[Holiday]:
    return list(session.exec(select(Holiday).where(col(Holiday.day) >= date(year, 1, 1),
                                                   col(Holiday.day) <= date(year, 12, 31))
                             .order_by(col(Holiday.day))).all())


def set_calendar_day(*, session: Session, day: date, name: str, workday: bool) -> None:
    """Enter or correct one day (a day off, or with workday=True a 调休 working day)."""
    row = session.get(Holiday, day)
    if row is None:
        session.add(Holiday(day=day, name=name[:20], workday=workday))
    else:
        row.name, row.workday = name[:20], workday
    session.flush()


def remove_calendar_day(*, session: Session, day: date) -> bool:
    """Forget an entered day; False when there was none."""
    row = session.get(Holiday, day)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True
