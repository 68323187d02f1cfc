"""Which unit-days are due (应报): the one rule behind every duty count, whoever asks (the
tally, the answers, the pushes, the drafts). The README's glossary states it for users.

- A day before today (from the first report in scope on: the assistant's start): every
  unit in scope owes it. Not reported: 漏报.
- Today, before the group's deadline: a unit owes today once it has reported. One that has
  not yet reported owes nothing yet (neither 应报 nor 漏报; the answers list it apart).
- Today, once the deadline has passed (strictly after it: a report sent at the deadline is
  on time, as handlers/duty.is_late has it): every unit in scope owes it. One not yet reported is 未报
  (its report will count as 迟报) and becomes 漏报 when the day is over.
- A future day owes nothing.
"""
from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from storage.models import Group

DEFAULT_DEADLINE = "12:00"
DEFAULT_TIMEZONE = "Asia/Shanghai"


def local_day(group: Group | None, now: datetime) -> date:
    return now.astimezone(ZoneInfo(group.timezone if group else DEFAULT_TIMEZONE)).date()


def deadline_of(group: Group | None, day: date) -> datetime:
    """The moment the day's report falls due in the group (without a group, the default)."""
    hh, mm = (int(x) for x in (group.deadline if group else DEFAULT_DEADLINE).split(":"))
    return datetime.combine(day, time(hh, mm), tzinfo=ZoneInfo(group.timezone if group else DEFAULT_TIMEZONE))


def deadline_passed(group: Group | None, now: datetime, day: date | None = None) -> bool:
    """Whether `day`'s (today's unless given) deadline has passed at `now`: from then on
    every unit owes that day (see the module's rule)."""
    return now > deadline_of(group, day or local_day(group, now))


def not_yet_due(*, unreported_today: int, deadline_passed: bool) -> int:
    """Unit-days of today not counted as 应报: the units not yet reported, before the deadline."""
    return 0 if deadline_passed else unreported_today
