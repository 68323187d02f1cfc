"""Facts from storage: the hand-counted week of tests/storage/test_stats.py, with the week
before it, and the choice of period."""
from __future__ import annotations

from datetime import date

from reports.build import build_facts, current_period, period_for, scope_label
from reports.draft import draft
from reports.facts import Period
from reports.polish import guard
from storage.models import Group
from tests.storage.test_stats import TODAY, world  # noqa: F401  (the fixture)


def test_facts_of_the_week_and_the_one_before(world):  # noqa: F811
    s, group = world
    f = build_facts(s, Period.week_of(TODAY), group, TODAY, deadline_passed=False)
    d, h, dr = f.duty, f.hazards, f.drills
    # 白沙街道 has not reported yet today: neither owed nor 漏报 before the day is over
    assert (d.units, d.days, d.expected, d.on_time, d.late, d.missing, d.zero_reports) == (3, 4, 11, 8, 1, 2, 8)
    assert [(e.unit, e.day, e.text) for e in d.event_reports] == [("双桥镇", date(2026, 6, 16), "双桥村民房起火，已扑灭")]
    assert d.most_late == [("青石镇", 1)] and d.most_missing == [("白沙街道", 2)]
    assert (h.found, h.rectified, h.closed, h.in_progress, h.major_open) == (5, 2, 1, 1, 1)
    assert [(o.code, o.days_overdue) for o in h.overdue] == [("YH-H5", 6), ("YH-H1", 1)]
    assert (dr.held, dr.participants, dr.by_type) == (3, 51, {"消防": 1, "防汛": 2})
    assert [p.title for p in dr.planned_upcoming] == ["防汛桌面推演"]
    prev = f.previous
    assert prev.period == Period.week_of(date(2026, 6, 8)) and prev.previous is None
    # the week before: the first report in scope came on the 14th (双桥镇): one day owed
    assert (prev.duty.days, prev.duty.expected, prev.duty.reported) == (1, 3, 1)
    assert prev.hazards.found == 2


def test_every_number_of_the_draft_is_in_the_facts(world):  # noqa: F811
    s, group = world
    for period in (Period.week_of(TODAY), Period.half_year(2026, 1), Period.custom(date(2026, 6, 1), TODAY)):
        f = build_facts(s, period, group, TODAY, deadline_passed=False)
        checked = guard(draft(f), f)
        assert checked.ok, checked.rejected
        assert checked.checked > 10


def test_scope_label():
    assert scope_label(None) == "各单位"
    assert scope_label(Group(chat_id=1, title="青石区应急管理局领导群")) == "青石区应急管理局"
    assert scope_label(Group(chat_id=1, title="值班群", settings={"org_name": "青石区应急管理局"})) == "青石区应急管理局"


def test_period_choice():
    today = date(2026, 6, 18)
    assert current_period("half_year", today) == Period.half_year(2026, 1)
    assert current_period("monthly", today) == Period.month(2026, 6)
    assert period_for("weekly", date(2026, 6, 8), date(2026, 6, 14), today) == Period.week_of(date(2026, 6, 8))
    assert period_for(None, date(2026, 1, 1), date(2026, 6, 30), today) == Period.half_year(2026, 1)
    assert period_for("weekly", date(2026, 6, 9), date(2026, 6, 14), today).kind == "custom"
    assert period_for(None, None, None, today) == Period.week_of(today)


def test_no_comparison_with_a_period_before_any_record(world):  # noqa: F811
    s, group = world
    f = build_facts(s, Period.month(2026, 6), group, TODAY, deadline_passed=False)
    assert f.previous is None                      # May has no report, hazard or drill
    assert "较上月" not in draft(f)
