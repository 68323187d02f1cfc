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


def test_past_the_package_data_the_statutory_days_hold():
    cal = CnCalendar()
    assert not cal.knows_year(2027)
    assert not cal.confirmed(2027)
    d = date(2027, 10, 1)  # a Friday; the 2027 notice is not in the package
    assert cal.is_holiday(d)  # statutory: 国庆 1–3 October
    assert cal.holiday_name(d) == "国庆节"
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


def test_2027_spring_festival_is_four_days_from_the_eve():
    cal = CnCalendar()
    assert cal.festival_day("除夕", 2027) == date(2027, 2, 5)
    assert cal.festival_day("春节", 2027) == date(2027, 2, 6)
    days_off = [date(2027, 2, d) for d in range(5, 9)]
    assert [cal.holiday_name(d) for d in days_off] == ["春节"] * 4
    assert cal.is_workday(date(2027, 2, 9))  # a Tuesday after the four days


def test_2027_lunar_and_solar_term_festivals():
    cal = CnCalendar()
    assert cal.festival_day("清明", 2027) == date(2027, 4, 5)
    assert cal.festival_day("端午", 2027) == date(2027, 6, 9)
    assert cal.festival_day("中秋", 2027) == date(2027, 9, 15)
    assert cal.holiday_name(date(2027, 6, 9)) == "端午"
    assert cal.holiday_name(date(2027, 5, 2)) == "劳动节"
    assert cal.festival_day("不是节日", 2027) is None


def test_shipped_2027_file_matches_the_rules():
    from core import holidays

    assert holidays.shipped(2027)["holidays"] == holidays.statutory_days(2027)
    assert holidays.shipped(2099) is None  # no file: computed on the fly
    assert CnCalendar().holiday_name(date(2099, 10, 2)) == "国庆节"


def test_working_days_count_past_holidays_and_makeup_days():
    cal = CnCalendar()
    # 2026-09-30 (Wed) + 1 working day: 国庆 1–7 Oct off, the 8th is worked
    assert cal.add_workdays(date(2026, 9, 30), 1) == date(2026, 10, 8)
    # 2026-10-09 (Fri) + 1: Saturday the 10th is a 调休 working day
    assert cal.add_workdays(date(2026, 10, 9), 1) == date(2026, 10, 10)
    # 2027-02-04 (Thu) + 3: Fri 5th–Mon 8th are 春节, then Tue, Wed, Thu
    assert cal.add_workdays(date(2027, 2, 4), 3) == date(2027, 2, 11)
    assert cal.add_workdays(date(2027, 2, 4), 0) == date(2027, 2, 4)


def test_admin_workday_counts_and_confirms_the_year():
    cal = CnCalendar()
    assert not cal.confirmed(2027)
    cal.add_holiday(date(2027, 2, 20), "春节调休", workday=True)  # a Saturday
    assert cal.confirmed(2027)
    assert cal.add_workdays(date(2027, 2, 19), 1) == date(2027, 2, 20)


def test_after_break_is_the_first_working_day_after_the_days_off():
    cal = CnCalendar()
    assert cal.after_break(date(2027, 2, 6)) == date(2027, 2, 9)
    assert cal.after_break(date(2026, 10, 3)) == date(2026, 10, 8)
    assert cal.after_break(date(2026, 6, 3)) == date(2026, 6, 4)  # a Wednesday


@pytest.mark.parametrize("year", [1, 1900, 2027, 2028, 2100, 9999])
def test_no_year_raises(year):
    cal = CnCalendar()
    for name in ("元旦", "除夕", "春节", "清明", "劳动节", "端午", "中秋", "国庆节"):
        cal.festival_day(name, year)
    cal.is_workday(date(year, 12, 31))
    cal.after_break(date(year, 12, 31))
    cal.add_workdays(date(year, 12, 20), 30)
