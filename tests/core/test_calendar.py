from __future__ import annotations

import logging
from datetime import date, datetime

import pytest

from core import calendar as cncalendar
from core.calendar import CnCalendar


@pytest.fixture(autouse=True)
def fresh_warnings(monkeypatch):
    monkeypatch.setattr(cncalendar, "_warned_years", set())


def test_national_day_2026_is_a_holiday():
    cal = CnCalendar()
    assert cal.is_holiday(date(2026, 10, 1))
    assert not cal.is_workday(date(2026, 10, 1))
    assert cal.holiday_name(date(2026, 10, 1)) == "国庆节"
    assert cal.holiday_name(date(2026, 2, 17)) == "春节"


def test_2026_makeup_working_weekend_is_a_workday():
    cal = CnCalendar()
    saturday = date(2026, 10, 10)  # 国庆节调休上班
    assert saturday.weekday() == 5
    assert cal.is_workday(saturday)
    assert not cal.is_holiday(saturday)
    assert cal.is_makeup_workday(saturday)
    assert cal.holiday_name(saturday) is None


def test_ordinary_days():
    cal = CnCalendar()
    assert cal.is_workday(date(2026, 6, 3))  # a Wednesday
    assert cal.is_holiday(date(2026, 6, 6))  # a Saturday
    assert cal.holiday_name(date(2026, 6, 6)) is None
    assert cal.is_holiday(datetime(2026, 10, 2, 9, 30))  # datetimes are accepted


def test_past_the_package_data_nothing_raises():
    cal = CnCalendar()
    assert not cal.knows_year(2027)
    d = date(2027, 10, 1)  # a Friday; the 2027 notice is not in the package
    assert cal.is_workday(d)  # weekends only: a Friday counts as a workday
    assert cal.holiday_name(d) is None
    assert cal.is_holiday(date(2027, 10, 2))  # a Saturday
    assert cal.is_workday(date(2027, 10, 4))  # a Monday, as far as anyone knows


def test_admin_table_fills_the_gap():
    cal = CnCalendar(extra={date(2027, 10, 1): ("国庆节", False)})
    cal.add_holiday(date(2027, 9, 26), "国庆节调休", workday=True)  # a Sunday worked
    assert cal.is_holiday(date(2027, 10, 1))
    assert cal.holiday_name(date(2027, 10, 1)) == "国庆节"
    assert cal.is_workday(date(2027, 9, 26))
    assert cal.holiday_name(date(2027, 9, 26)) is None


def test_admin_table_wins_inside_the_package_years_too():
    cal = CnCalendar()
    cal.add_holiday(date(2026, 6, 3), "防汛停课")
    assert cal.holiday_name(date(2026, 6, 3)) == "防汛停课"


def test_the_gap_is_logged_once_per_year(caplog):
    caplog.set_level(logging.WARNING, logger="core.calendar")
    cal, other = CnCalendar(), CnCalendar()
    for day in range(1, 31):
        cal.is_holiday(date(2027, 9, day))
        other.holiday_name(date(2027, 9, day))
    cal.is_workday(date(2026, 9, 1))  # a known year: no warning
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "2027" in warnings[0].getMessage()

    cal.is_holiday(date(2028, 1, 3))
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 2
