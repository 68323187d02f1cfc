"""China's working days: statutory holidays and 调休 working weekends, in one place.

Every question about working days asks a :class:`CnCalendar`, and it never raises for
a date. Its sources, the first that knows a day winning:

1. the admin table (``extra``, filled from the ``Holiday`` table by /holiday and
   /workday), so a late State Council notice is entered without an upgrade;
2. the ``chinesecalendar`` package, for the years it ships (1.11.0: 2004–2026);
3. the year's file shipped in ``core/holidays`` (statutory days, and 调休 once published);
4. the statutory days computed by the current rules (``core.holidays``) plus weekends.

A year known only through 3 (unconfirmed) or 4 is *unconfirmed*: its 调休 days may be
missing. It is logged once per process and year, and :meth:`CnCalendar.unconfirmed`
lets the admins be told once (handlers/calendar.py). Entering any day of a year in the
admin table confirms it: the admin is the one who read the notice.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta

import chinese_calendar
from chinese_calendar.constants import Holiday

from core import holidays as statutory

__all__ = ["CnCalendar", "FESTIVALS", "default_calendar"]

FESTIVALS = statutory.FESTIVALS
log = logging.getLogger(__name__)

# Years already warned about in this process (shared by every CnCalendar, so a
# calendar built per request does not repeat the warning).
_warned_years: set[int] = set()
_warned_lock = threading.Lock()

# English value → Chinese name, e.g. "National Day" → "国庆节".
_CHINESE_NAMES: dict[str, str] = {h.value: h.chinese for h in Holiday}
_LONGEST_BREAK = 16   # no run of days off is longer (春节 with 调休 is 9)


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
    table (read from storage) and takes precedence over every other source.
    """

    def __init__(self, extra: Mapping[date, tuple[str, bool]] | None = None, *,
                 load: Callable[[], Mapping[date, tuple[str, bool]]] | None = None):
        """``load`` reads the admin table when the calendar is first asked about a day
        (most messages never ask, so most never read it)."""
        self._extra: dict[date, tuple[str, bool]] = {}
        self._years = _package_years()
        self._computed: dict[int, dict[str, dict[date, str]]] = {}
        self._load = load
        self.unconfirmed_asked: set[int] = set()     # years asked about without 调休 data
        for d, (name, is_workday) in (extra or {}).items():
            self.add_holiday(d, name, workday=is_workday)

    # -- the admin table -------------------------------------------------

    def add_holiday(self, d: date, name: str, workday: bool = False) -> None:
        """Enter a day in the admin table: a day off named ``name``, or with
        ``workday=True`` a 调休 working day (e.g. a Saturday)."""
        self._extra[_as_date(d)] = (name, bool(workday))

    # -- questions about one day ------------------------------------------

    def is_holiday(self, d: date) -> bool:
        """True on a day off: a statutory holiday or an ordinary weekend."""
        return not self.is_workday(d)

    def is_workday(self, d: date) -> bool:
        """True on a working day, 调休 working weekends included."""
        d = _as_date(d)
        self._loaded()
        if d in self._extra:
            return self._extra[d][1]
        if self._package_knows(d):
            try:
                return bool(chinese_calendar.is_workday(d))
            except NotImplementedError:  # a year inside the range yet absent
                pass
        table = self._year_table(d.year)
        if d in table["workdays"]:
            return True
        if d in table["holidays"]:
            return False
        return d.weekday() < 5

    def holiday_name(self, d: date) -> str | None:
        """The festival a day off belongs to (春节, 国庆节 …), or None for a
        working day (调休 included) and for an ordinary weekend."""
        d = _as_date(d)
        self._loaded()
        if d in self._extra:
            name, is_workday = self._extra[d]
            return None if is_workday else name
        if self._package_knows(d):
            try:
                on_holiday, name = chinese_calendar.get_holiday_detail(d)
            except NotImplementedError:
                return None
            return _chinese(name) if on_holiday else None
        table = self._year_table(d.year)
        return None if d in table["workdays"] else table["holidays"].get(d)

    def is_makeup_workday(self, d: date) -> bool:
        """True on a weekend day that is worked because of a holiday (调休上班)."""
        d = _as_date(d)
        return d.weekday() >= 5 and self.is_workday(d)

    # -- what is known -----------------------------------------------------

    def knows_year(self, year: int) -> bool:
        """True when the installed package has the official data for ``year``."""
        return year in self._years

    def confirmed(self, year: int) -> bool:
        """True when the year's 调休 days are known: the package has the year (or the
        year is older than its data), its shipped file says so, or an admin has entered
        days of it."""
        self._loaded()
        if self.knows_year(year) or (self._years and year < self._years.start) \
                or any(d.year == year for d in self._extra):
            return True
        shipped = statutory.shipped(year)
        return bool(shipped and shipped["confirmed"])

    # -- counting and naming -------------------------------------------------

    def add_workdays(self, d: date, n: int) -> date:
        """The n-th working day after ``d`` ("限期3个工作日"); ``d`` itself for n ≤ 0."""
        day = _as_date(d)
        try:
            for _ in range(max(0, min(n, 3660))):
                day += timedelta(days=1)
                while not self.is_workday(day):
                    day += timedelta(days=1)
        except OverflowError:   # past 9999-12-31: the last day there is
            return date.max
        return day

    def next_workday(self, d: date) -> date:
        """The first working day after ``d``."""
        return self.add_workdays(d, 1)

    def festival_day(self, name: str, year: int) -> date | None:
        """The day a festival name means in a year (春节 and 国庆节: the first day)."""
        if name not in FESTIVALS:
            return None
        try:
            return statutory.festival_day(name, year)
        except (ValueError, KeyError, IndexError):  # a year the lunar tables do not cover
            return None

    def after_break(self, d: date) -> date:
        """节后: the first working day after the run of days off that contains ``d``
        (or, on a working day, after ``d``)."""
        day = _as_date(d)
        try:
            for _ in range(_LONGEST_BREAK):
                day += timedelta(days=1)
                if self.is_workday(day):
                    return day
        except OverflowError:
            return date.max
        return self.next_workday(day)

    # -- internals -------------------------------------------------------

    def _loaded(self) -> None:
        if self._load is not None:
            load, self._load = self._load, None
            for d, (name, is_workday) in load().items():
                self._extra.setdefault(d, (name, bool(is_workday)))

    def _package_knows(self, d: date) -> bool:
        if d.year in self._years:
            return True
        if not self.confirmed(d.year):
            self.unconfirmed_asked.add(d.year)
        if not self._years or d.year > self._years.stop - 1:   # years gone by need no notice
            _warn_once(d.year, self._years)
        return False

    def _year_table(self, year: int) -> dict[str, dict[date, str]]:
        table = self._computed.get(year)
        if table is None:
            table = statutory.shipped(year) or {"holidays": _statutory_or_none(year), "workdays": {}}
            self._computed[year] = table
        return table


def _statutory_or_none(year: int) -> dict[date, str]:
    try:
        return statutory.statutory_days(year)
    except (ValueError, KeyError, IndexError):  # far outside the lunar tables: weekends only
        return {}


def _warn_once(year: int, known: range) -> None:
    with _warned_lock:
        if year in _warned_years:
            return
        _warned_years.add(year)
    span = f"{known.start}–{known.stop - 1}" if known else "无"
    log.warning(
        "chinesecalendar has no data for %d (it knows %s); using the statutory holidays "
        "of core/holidays plus weekends and the admin holiday table. Enter %d's 调休 days "
        "with /holiday and /workday once the State Council publishes them.",
        year, span, year,
    )


_default: CnCalendar | None = None


def default_calendar() -> CnCalendar:
    """A calendar without admin entries: the default of callers that have no storage."""
    global _default
    if _default is None:
        _default = CnCalendar()
    return _default
