"""The weekly push keeps to working days (issue 18 item 2): set for "fri 16:00", it goes
out on the week's last working day before a holiday Friday, never on a 调休 Saturday
after a working Friday, and an admin's /holiday and /workday entries move it too."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest

from core.calendar import CnCalendar
from handlers import reminders as P
from storage.models import Group
from tests.conftest import CST

D = date


def at(iso: str) -> datetime:
    return datetime.fromisoformat(iso).replace(tzinfo=CST)


def weekly(value: str = "fri 16:00") -> P.RemindSettings:
    return P.RemindSettings.of(Group(chat_id=-1, deadline="12:00", settings={"weekly": value}))


@pytest.mark.parametrize("any_day, pushed", [
    (D(2026, 6, 17), D(2026, 6, 18)),      # 端午 Fri 19 June 2026: Thursday
    (D(2026, 10, 2), D(2026, 9, 30)),      # 国庆 from Thu 1 Oct 2026: Wednesday
    (D(2026, 12, 28), D(2026, 12, 31)),    # 元旦 Fri 1 Jan 2027: Thursday 31 Dec, the week's own
    (D(2027, 2, 1), D(2027, 2, 4)),        # 春节 2027 from 除夕 Fri 5 Feb (statutory, no 调休 data yet)
    (D(2027, 9, 27), D(2027, 9, 30)),      # 国庆 Fri 1 Oct 2027
    (D(2026, 6, 10), D(2026, 6, 12)),      # an ordinary week: Friday
    (D(2026, 2, 9), D(2026, 2, 13)),       # Fri 13 Feb 2026 worked, Sat 14 a 调休 workday: Friday still
    (D(2026, 10, 5), D(2026, 10, 9)),      # after 国庆: Fri 9 Oct worked, Sat 10 调休: Friday still
    (D(2026, 2, 16), D(2026, 2, 20)),      # all of 16–22 Feb 2026 off (春节): no working day, Friday kept
])
def test_the_weekly_day_by_china_calendar(any_day, pushed):
    assert P.weekly_day("fri", any_day, CnCalendar()) == pushed


def test_a_weekend_an_admin_chose_stays_and_so_does_a_worked_set_day():
    cal = CnCalendar()
    assert P.weekly_day("sat", D(2026, 6, 24), cal) == D(2026, 6, 27)     # an ordinary Saturday
    assert P.weekly_day("sat", D(2026, 6, 17), cal) == D(2026, 6, 18)     # 端午's Saturday: Thursday
    assert P.weekly_day("sat", D(2026, 5, 6), cal) == D(2026, 5, 9)       # a 调休 Saturday is worked


def test_admin_entries_move_it():
    cal = CnCalendar({D(2027, 3, 5): ("临时假日", False)})              # /holiday on a Friday of 2027
    assert P.weekly_day("fri", D(2027, 3, 1), cal) == D(2027, 3, 4)
    cal = CnCalendar({D(2027, 2, 12): ("春节", False), D(2027, 2, 13): ("春节调休", True)})
    assert P.weekly_day("fri", D(2027, 2, 8), cal) == D(2027, 2, 11)     # the holiday Friday: Thursday


def test_occurrences_follow_the_calendar():
    cal, c = CnCalendar(), weekly()
    week = P.occurrences_between(c, "weekly", at("2026-06-14T23:00"), at("2026-06-21T23:00"), "Asia/Shanghai", cal)
    assert week == [D(2026, 6, 18)]                         # once, on the Thursday
    assert P.occurrence_day(c, "weekly", at("2026-06-18T16:00"), "Asia/Shanghai", cal) == D(2026, 6, 18)
    assert P.occurrence_day(c, "weekly", at("2026-06-18T15:59"), "Asia/Shanghai", cal) == D(2026, 6, 12)
    turn = P.occurrences_between(c, "weekly", at("2026-12-27T00:00"), at("2027-01-10T00:00"), "Asia/Shanghai", cal)
    assert turn == [D(2026, 12, 31), D(2027, 1, 8)]
    assert P.cron_weekday(c, "weekly") is None and c.schedule("weekly") == ("fri", time(16, 0))
    assert P.cron_weekday(c, "remind") is None and P.cron_weekday(weekly("off"), "weekly") is None
