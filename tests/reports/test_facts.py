from datetime import date
from decimal import Decimal

from reports.facts import DutyFacts, Facts, HazardFacts, Period, pct_text
from tests.reports.samples import SCOPE, empty_week, half_year_facts, week_facts


def test_json_round_trip_keeps_every_field():
    for facts in (week_facts(), half_year_facts(), empty_week()):
        again = Facts.from_json(facts.to_json())
        assert again == facts
        assert again.to_json() == facts.to_json()


def test_json_carries_derived_figures_for_readers():
    data = week_facts().to_dict()
    assert data["duty"]["reported"] == 82
    assert data["hazards"]["pending"] == 3


def test_expected_is_days_times_units_and_rate_display():
    d = DutyFacts(units=12, days=7, on_time=79, late=3, missing=2)
    assert d.expected == 84 and d.reported == 82
    assert d.rate_text() == "97.6%"
    assert 0 <= d.rate <= 1
    assert DutyFacts().rate == 0.0          # an empty period divides by nothing
    assert pct_text(1.0) == "100%" and pct_text(29 / 30) == "96.7%"


def test_periods():
    w = Period.week_of(date(2026, 6, 17))
    assert (w.start, w.end, w.label) == (date(2026, 6, 15), date(2026, 6, 21),
                                         "2026年6月15日—6月21日")
    assert w.previous().start == date(2026, 6, 8)
    assert Period.week_of(date(2026, 1, 1)).label == "2025年12月29日—2026年1月4日"
    h = Period.half_year(2026, 1)
    assert h.previous().label == "2025年下半年" and h.days == 181
    assert Period.month(2026, 3).previous().label == "2026年2月"


def test_numbers_hold_figures_percentages_dates_and_differences():
    f = week_facts()
    nums = f.numbers()
    for n in (12, 84, 82, 79, 3, 2, 75, 23, 22, 1, 15, 10, 5, 230, Decimal("97.6"),
              Decimal("65.2"), 2026, 6, 21):
        assert Decimal(n) in nums, n
    assert Decimal(3) in nums                     # 23 found against 20 last week
    assert f.diff("found") == 3
    allowed = f.allowed()
    assert (6, 25) in allowed.dates               # a planned drill next week
    assert (6, 22) not in allowed.dates


def test_previous_of_equal_length_figures_are_whitelisted():
    prev = Facts(Period.week_of(date(2026, 6, 10)), SCOPE, DutyFacts(),
                 HazardFacts(found=41))
    f = Facts(Period.week_of(date(2026, 6, 17)), SCOPE, hazards=HazardFacts(found=7),
              previous=prev)
    assert {Decimal(41), Decimal(34)} <= f.numbers()


def test_cutoff_is_the_reading_day_inside_a_running_period():
    from datetime import date

    from reports.facts import Facts, Period
    week = Period.week_of(date(2026, 6, 18))
    assert Facts(period=week, scope_label="x", as_of=date(2026, 6, 18)).cutoff == date(2026, 6, 18)
    assert Facts(period=week, scope_label="x", as_of=date(2026, 6, 30)).cutoff == week.end
    assert Facts(period=week, scope_label="x").cutoff == week.end
    again = Facts.from_json(Facts(period=week, scope_label="x", as_of=date(2026, 6, 18)).to_json())
    assert again.as_of == date(2026, 6, 18)
