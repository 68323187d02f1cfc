"""China's calendar: statutory holidays and 调休 working weekends, in one place.

The ``chinesecalendar`` package knows only the years it ships (1.11.0 covers
2004–2026 and raises ``NotImplementedError`` for 2027). Everything else in the
assistant asks this module instead, and this module never raises for a date:

* inside the package's years, the package decides (春节, 国庆节, 调休上班 …);
* past them, a day is a holiday when it is a Saturday or Sunday, unless the
  admin-filled table says otherwise; a warning is logged once per process and
  per year so the admin knows to fill the table in;
* the admin table (``extra``, or :meth:`CnCalendar.add_holiday`) wins over both,
  so a late-published State Council notice can be entered without an upgrade.

Duty reports are due every day, holidays included; this calendar only labels
days (节假日值班) and feeds the summaries.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from datetime import date, datetime

import chinese_calendar
from chinese_calendar.constants import Holiday

__all__ = ["CnCalendar"]

log = logging.getLogger(__name__)

# Years already warned about in this process (shared by every CnCalendar, so a
# calendar built per request does not repeat the warning).
_warned_years: set[int] = set()
_warned_lock = threading.Lock()

# English value → Chinese name, e.g. "National Day" → "国庆节".
_CHINESE_NAMES: dict[str, str] = {h.value: h.chinese for h in Holiday}


def _package_years() -> range:
    """The years the installed chinesecalendar has data for."""
    known = chinese_calendar.constants.holidays.keys()
    if not known:
        return range(0)
    return range(min(known).year, max(known).year + 1)


def _as_date(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


def _chinese(name: str | None) -> str | None:
    if name is None:
        return None
    return _CHINESE_NAMES.get(name, name)


class CnCalendar:
    """Holidays and working days in mainland China.

    ``extra`` maps a date to ``(name, is_workday)``: ``("春节", False)`` marks a
    day off, ``("春节调休", True)`` a working weekend. It is the admin-filled
    table (later read from storage) and takes precedence over the package.
    """

    def __init__(self, extra: Mapping[date, tuple[str, bool]] | None = None):
        self._extra: dict[date, tuple[str, bool]] = {}
        self._years = _package_years()
        for d, (name, is_workday) in (extra or {}).items():
            self.add_holiday(d, name, workday=is_workday)

    # -- the admin table -------------------------------------------------

    def add_holiday(self, d: date, name: str, workday: bool = False) -> None:
        """Enter a day in the admin table: a day off named ``name``, or with
        ``workday=True`` a 调休 working day (e.g. a Saturday)."""
        self._extra[_as_date(d)] = (name, bool(workday))

    # -- questions -------------------------------------------------------

    def is_holiday(self, d: date) -> bool:
        """True on a day off: a statutory holiday or an ordinary weekend."""
        return not self.is_workday(d)

    def is_workday(self, d: date) -> bool:
        """True on a working day, 调休 working weekends included."""
        d = _as_date(d)
        if d in self._extra:
            return self._extra[d][1]
        if self._package_knows(d):
            try:
                return bool(chinese_calendar.is_workday(d))
            except NotImplementedError:  # a year inside the range yet absent
                pass
        return d.weekday() < 5

    def holiday_name(self, d: date) -> str | None:
        """The festival a day off belongs to (春节, 国庆节 …), or None for a
        working day (调休 included) and for an ordinary weekend."""
        d = _as_date(d)
        if d in self._extra:
            name, is_workday = self._extra[d]
            return None if is_workday else name
        if self._package_knows(d):
            try:
                on_holiday, name = chinese_calendar.get_holiday_detail(d)
            except NotImplementedError:
                return None
            return _chinese(name) if on_holiday else None
        return None

    def is_makeup_workday(self, d: date) -> bool:
        """True on a weekend day that is worked because of a holiday (调休上班)."""
        d = _as_date(d)
        return d.weekday() >= 5 and self.is_workday(d)

    def knows_year(self, year: int) -> bool:
        """True when the installed package has the official data for ``year``
        (otherwise only weekends plus the admin table are known)."""
        return year in self._years

    # -- internals -------------------------------------------------------

    def _package_knows(self, d: date) -> bool:
        if d.year in self._years:
            return True
        _warn_once(d.year, self._years)
        return False


def _warn_once(year: int, known: range) -> None:
    with _warned_lock:
        if year in _warned_years:
            return
        _warned_years.add(year)
    span = f"{known.start}–{known.stop - 1}" if known else "无"
    log.warning(
        "chinesecalendar has no data for %d (it knows %s); treating weekends as "
        "holidays plus the admin holiday table. Upgrade chinesecalendar or fill "
        "in the table once the State Council publishes %d's holidays.",
        year, span, year,
    )
