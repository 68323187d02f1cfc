"""Period arithmetic over random send times: weeks Monday–Sunday, months, quarters, halves."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from nlu.dates import local_date, resolve_period

days = st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31))
moments = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2099, 12, 30), timezones=st.just(timezone.utc))


@given(days)
def test_this_week_contains_today_and_starts_monday(today):
    start, end, label = resolve_period("本周", today)
    assert label == "本周"
    assert start.weekday() == 0 and end.weekday() == 6
    assert start <= today <= end
    assert (end - start).days == 6


@given(days)
def test_last_week_ends_the_day_before_this_week(today):
    this_start, _, _ = resolve_period("本周", today)
    start, end, _ = resolve_period("上周", today)
    assert end == this_start - timedelta(days=1)
    assert start == end - timedelta(days=6)
    assert start.weekday() == 0


@given(days)
def test_months_are_contiguous(today):
    start, end, _ = resolve_period("本月", today)
    pstart, pend, _ = resolve_period("上月", today)
    assert start.day == 1 and start <= today <= end
    assert (end + timedelta(days=1)).day == 1
    assert pend == start - timedelta(days=1)
    assert pstart.day == 1 and pstart.month == pend.month and pstart.year == pend.year


@given(days, st.integers(min_value=1, max_value=365))
def test_last_n_days(today, n):
    start, end, label = resolve_period(f"近{n}天", today)
    assert end == today
    assert (end - start).days + 1 == n
    assert label == f"近{n}天"
    assert resolve_period(f"最近{n}天", today)[:2] == (start, end)


@given(days, st.integers(min_value=1, max_value=4))
def test_quarters_tile_the_year(today, q):
    start, end, _ = resolve_period(f"第{q}季度", today)
    assert start == date(today.year, 3 * q - 2, 1)
    assert (end + timedelta(days=1)) == (date(today.year + 1, 1, 1) if q == 4 else date(today.year, 3 * q + 1, 1))


@given(days)
def test_halves_and_year(today):
    h1 = resolve_period("上半年", today)
    h2 = resolve_period("下半年", today)
    year = resolve_period("今年", today)
    assert h1[0] == year[0] == date(today.year, 1, 1)
    assert h1[1] + timedelta(days=1) == h2[0] == date(today.year, 7, 1)
    assert h2[1] == year[1] == date(today.year, 12, 31)


@given(moments)
@settings(max_examples=200)
def test_sent_time_is_taken_in_china(moment):
    today = local_date(moment)
    china = moment + timedelta(hours=8)
    assert today == china.date()
    start, end, _ = resolve_period("今天", today)
    assert start == end == today


@given(st.integers(min_value=2001, max_value=2099))
def test_leap_days(year):
    feb_end = date(year, 3, 1) - timedelta(days=1)
    start, end, _ = resolve_period("本月", date(year, 2, 10))
    assert end == feb_end
    start, end, _ = resolve_period("上月", date(year, 3, 1))
    assert (start, end) == (date(year, 2, 1), feb_end)
    start, end, _ = resolve_period("近2天", date(year, 3, 1))
    assert start == feb_end
