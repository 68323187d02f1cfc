"""Period statistics over a hand-counted fixture (the week of 15–21 June 2026, asked on
Thursday the 18th)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from storage import people, stats
from tests import seed

TODAY = date(2026, 6, 18)
WEEK = dict(start=date(2026, 6, 15), end=date(2026, 6, 21), today=TODAY)
ROSTER = ["青石镇", "白沙街道", "双桥镇"]


@pytest.fixture
def world(engine):
    with Session(engine) as s:
        group = seed.ensure_town(s, ROSTER)
        other = seed.ensure_town(s, ["永安镇"], chat_id=-100555, title="永安群")
        d = date
        # duty: 青石镇 4 days, one late, one superseded duplicate; 白沙街道 1 day (one
        # withdrawn); 双桥镇 4 days, one with events; reports outside the week or roster
        for day in (15, 17, 18):
            seed.report(s, group, "青石镇", d(2026, 6, day), "09:00")
        seed.report(s, group, "青石镇", d(2026, 6, 16), "13:40")
        seed.report(s, group, "青石镇", d(2026, 6, 17), "08:00", superseded=True)
        seed.report(s, group, "白沙街道", d(2026, 6, 15), "10:00")
        seed.report(s, group, "白沙街道", d(2026, 6, 17), "10:00", withdrawn=True)
        for day in (15, 17, 18):
            seed.report(s, group, "双桥镇", d(2026, 6, day), "11:59")
        seed.report(s, group, "双桥镇", d(2026, 6, 16), "09:30", zero=False, events="双桥村民房起火，已扑灭")
        seed.report(s, group, "双桥镇", d(2026, 6, 14), "09:00")
        seed.report(s, other, "永安镇", d(2026, 6, 16), "15:00")
        # hazards
        seed.hazard(s, group, "青石镇", d(2026, 6, 15), level="重大", deadline=d(2026, 6, 17), code="YH-H1")
        seed.hazard(s, group, "白沙街道", d(2026, 6, 16), status="已整改", category="交通",
                    rectified_on=d(2026, 6, 17), code="YH-H2")
        seed.hazard(s, group, "双桥镇", d(2026, 6, 16), status="已销号", rectified_on=d(2026, 6, 17), code="YH-H3")
        seed.hazard(s, group, "双桥镇", d(2026, 6, 17), status="整改中", deadline=d(2026, 6, 20), code="YH-H4")
        seed.hazard(s, group, "青石镇", d(2026, 6, 10), category="交通", deadline=d(2026, 6, 12), code="YH-H5")
        seed.hazard(s, other, "永安镇", d(2026, 6, 16), level="重大", code="YH-H6")
        seed.hazard(s, group, None, d(2026, 6, 18), category="其他", place="青石区大桥", code="YH-H7")
        seed.hazard(s, group, "青石镇", d(2026, 6, 9), status="已整改", deadline=d(2026, 6, 11),
                    rectified_on=d(2026, 6, 16), code="YH-H9")
        # drills
        li = seed.member(s, "李明", "青石镇", 1)
        zhang = seed.member(s, "张芳", "白沙街道", 2)
        d1 = seed.drill(s, group, "青石镇", d(2026, 6, 16))
        seed.sign_in(s, d1, unit="青石镇", count=15, superseded=True)
        seed.sign_in(s, d1, unit="青石镇", count=20)
        seed.sign_in(s, d1, member=li)          # 青石镇 has its own figure: not added
        seed.sign_in(s, d1, member=zhang)       # 白沙街道 has none: +1
        seed.drill(s, group, "白沙街道", d(2026, 6, 17), status="planned", drill_type="防汛", declared=30)
        seed.drill(s, group, "双桥镇", d(2026, 6, 18), status="planned", drill_type="防汛", title="防汛桌面推演")
        seed.drill(s, group, "双桥镇", d(2026, 6, 16), status="cancelled", declared=99)
        seed.drill(s, group, "双桥镇", d(2026, 6, 15), drill_type="防汛")
        seed.drill(s, other, "永安镇", d(2026, 6, 16), declared=40)
        s.commit()
        yield s, group


def test_duty_counts_by_hand(world):
    s, group = world
    r = stats.duty_stats(session=s, scope=stats.Scope.of_group(group), **WEEK)
    assert (r.units, r.days, r.expected) == (3, 4, 12)            # 15–18 June, never the future
    assert (r.reported, r.on_time, r.late, r.missing, r.zero) == (9, 8, 1, 3, 8)
    assert r.late_by_unit == [("青石镇", 1)]
    assert r.missing_by_unit == [("白沙街道", 3)]
    assert [(m.unit, m.day.day) for m in r.missed] == [("白沙街道", 18), ("白沙街道", 17), ("白沙街道", 16)]
    assert [(x.unit, x.day.day, f"{x.sent_at.astimezone(seed.CST):%H:%M}") for x in r.late_reports] == \
        [("青石镇", 16, "13:40")]
    assert r.rate_by_unit == [("青石镇", 1.0), ("白沙街道", 0.25), ("双桥镇", 1.0)]


def test_duty_everything_scope_sees_other_groups(world):
    s, _ = world
    r = stats.duty_stats(session=s, scope=stats.Scope.everything(), **WEEK)
    assert (r.units, r.reported, r.late) == (4, 10, 2)


def test_duty_future_period_owes_nothing(world):
    s, group = world
    r = stats.duty_stats(session=s, scope=stats.Scope.of_group(group), start=date(2026, 6, 22),
                         end=date(2026, 6, 28), today=TODAY)
    assert (r.last, r.expected, r.missing) == (None, 0, 0)


def test_event_reports(world):
    s, group = world
    assert stats.event_reports(session=s, scope=stats.Scope.of_group(group), **WEEK) == \
        [("双桥镇", date(2026, 6, 16), "双桥村民房起火，已扑灭")]


def test_hazard_counts_by_hand(world):
    s, group = world
    h = stats.hazard_stats(session=s, scope=stats.Scope.of_group(group), **WEEK)
    assert (h.found, h.rectified, h.closed, h.in_progress) == (5, 2, 1, 1)
    assert h.by_level == {"重大": 1, "一般": 4}
    assert h.by_category == {"消防": 3, "交通": 1, "其他": 1}
    assert [(o.code, o.days_overdue) for o in h.overdue] == [("YH-H5", 6), ("YH-H1", 1)]
    assert h.overdue_count == 2 and h.major_open == 1
    assert h.open_by_category == {"消防": 2, "交通": 1, "其他": 1}


def test_hazard_past_week_as_it_stood_then(world):
    s, group = world
    h = stats.hazard_stats(session=s, scope=stats.Scope.of_group(group), start=date(2026, 6, 8),
                           end=date(2026, 6, 14), today=TODAY)
    # YH-H9 was rectified on the 16th: on the 14th it was still open and 3 days overdue
    assert (h.found, h.rectified) == (2, 0)
    assert [(o.code, o.days_overdue) for o in h.overdue] == [("YH-H9", 3), ("YH-H5", 2)]


def test_hazard_scopes(world):
    s, group = world
    everything = stats.hazard_stats(session=s, scope=stats.Scope.everything(), **WEEK)
    assert (everything.found, everything.major_open) == (6, 2)
    one = stats.hazard_stats(session=s, scope=stats.Scope.of_units([seed.unit_id(s, "双桥镇")]), **WEEK)
    assert (one.found, one.rectified, one.overdue_count) == (2, 1, 0)


def test_hazard_overdue_limit_keeps_the_count(world):
    s, group = world
    h = stats.hazard_stats(session=s, scope=stats.Scope.of_group(group), overdue_limit=1, **WEEK)
    assert [o.code for o in h.overdue] == ["YH-H5"] and h.overdue_count == 2


def test_hazard_overdue_limit_of_a_past_period_is_the_head_of_the_whole_list(world):
    s, group = world
    past = dict(WEEK, today=date(2026, 6, 30))          # the week is over: its cut-off is 21 June
    whole = stats.hazard_stats(session=s, scope=stats.Scope.of_group(group), overdue_limit=None, **past)
    one = stats.hazard_stats(session=s, scope=stats.Scope.of_group(group), overdue_limit=1, **past)
    assert len(whole.overdue) >= 2 and one.overdue == whole.overdue[:1]
    assert one.overdue_count == whole.overdue_count == len(whole.overdue)


def test_hazards_by_week(world):
    s, group = world
    weeks = stats.hazards_by_week(session=s, scope=stats.Scope.of_group(group), start=date(2026, 6, 8),
                                  end=date(2026, 6, 21), today=TODAY)
    assert weeks == [(date(2026, 6, 8), 2, 1), (date(2026, 6, 15), 5, 2)]


def test_drill_counts_by_hand(world):
    s, group = world
    r = stats.drill_stats(session=s, scope=stats.Scope.of_group(group), **WEEK)
    # held: the 16th (20 + 1), the planned one of the 17th (declared 30), the 15th (0)
    assert (r.held, r.participants) == (3, 51)
    assert r.by_type == {"消防": 1, "防汛": 2}
    assert r.units_taking_part == ["青石镇", "白沙街道", "双桥镇"]
    assert r.upcoming == [("防汛桌面推演", date(2026, 6, 18), "防汛")]


def test_drill_everything(world):
    s, _ = world
    r = stats.drill_stats(session=s, scope=stats.Scope.everything(), **WEEK)
    assert (r.held, r.participants) == (4, 91)


def test_hazard_ledger(world):
    s, group = world
    rows = stats.hazard_ledger(session=s, scope=stats.Scope.of_group(group), start=date(2026, 6, 15),
                               end=date(2026, 6, 21))
    assert [r.code for r in rows] == ["YH-H1", "YH-H2", "YH-H3", "YH-H4", "YH-H7"]


def test_days_before_the_first_report_owe_nothing(world):
    s, group = world
    r = stats.duty_stats(session=s, scope=stats.Scope.of_group(group), start=date(2026, 6, 1),
                         end=date(2026, 6, 14), today=TODAY)
    assert (r.start, r.days, r.expected, r.reported) == (date(2026, 6, 14), 1, 3, 1)
    before = stats.duty_stats(session=s, scope=stats.Scope.of_group(group), start=date(2026, 5, 1),
                              end=date(2026, 5, 31), today=TODAY)
    assert (before.last, before.expected) == (None, 0)


def test_two_live_reports_of_one_day_owe_one(world):
    s, group = world
    seed.report(s, group, "青石镇", date(2026, 6, 18), "09:30")   # a race left two live reports
    r = stats.duty_stats(session=s, scope=stats.Scope.of_group(group), **WEEK)
    assert (r.reported, r.missing) == (9, 3)
    assert dict(r.rate_by_unit)["青石镇"] == 1.0


def test_units_without_a_report_on_a_day(world):
    s, group = world
    day = date(2026, 6, 16)
    assert stats.unreported_on(session=s, scope=stats.Scope.of_group(group), day=day) == ["白沙街道"]
    assert stats.unreported_on(session=s, scope=stats.Scope.everything(), day=date(2026, 6, 17)) == \
        ["白沙街道", "永安镇"]          # 白沙街道's report of the 17th was withdrawn
    assert stats.unreported_on(session=s, scope=stats.Scope.of_units([seed.unit_id(s, "双桥镇")]), day=day) == []


@pytest.mark.parametrize("scope", ["group", "everything", "units"])
def test_counts_read_unit_by_unit_equal_the_date_range(world, monkeypatch, scope):
    s, group = world
    seed.report(s, group, "青石镇", date(2026, 6, 18), "09:30")   # a race's second live report
    chosen = {"group": stats.Scope.of_group(group), "everything": stats.Scope.everything(),
              "units": stats.Scope.of_units([seed.unit_id(s, "青石镇"), seed.unit_id(s, "永安镇")])}[scope]
    by_range = stats.duty_stats(session=s, scope=chosen, **WEEK)
    monkeypatch.setattr(stats.duty, "PER_UNIT_DAYS", 1)       # a week read as a long period is
    by_unit = stats.duty_stats(session=s, scope=chosen, **WEEK)
    assert by_unit == by_range and by_unit.reported > 0


def test_prebuilt_statements_take_each_scope_s_own_values(world):
    s, group = world
    other = people.get_group(session=s, chat_id=-100555)
    mine = stats.drill_stats(session=s, scope=stats.Scope.of_group(group), **WEEK)
    theirs = stats.drill_stats(session=s, scope=stats.Scope.of_group(other), **WEEK)
    assert (mine.held, theirs.held, theirs.participants) == (3, 1, 40)
    assert stats.hazard_stats(session=s, scope=stats.Scope.of_group(other), **WEEK).found == 1
    one, two = (stats.hazard_stats(session=s, scope=stats.Scope.of_units(ids), **WEEK).found
                for ids in ([seed.unit_id(s, "双桥镇")], [seed.unit_id(s, "双桥镇"), seed.unit_id(s, "青石镇")]))
    assert (one, two) == (2, 3)          # 双桥镇 found 2 this week, 青石镇 1 (YH-H1)
