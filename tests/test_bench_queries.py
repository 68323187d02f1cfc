"""B2 at small scale: the bulk seeder's data, read through the app's paths, gives the same
figures as the benchmark's hand-written SQL (the benchmark's timings mean something only
if both sides answer the same question). No timing is asserted here."""
from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from bench import hand_sql
from bench.queries import Mismatch, Paths, check
from bench.seed_bulk import Plan, seed_sqlite
from storage.db import make_engine

PLAN = Plan(units=30, years=60 / 365.25, end=date(2026, 6, 30), hazards=1500, drills=120, seed=7)


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "b2.db"
    counts = seed_sqlite(str(path), PLAN)
    assert counts["unit"] == 30 and counts["hazard"] == 1500 and counts["drill"] == 120
    engine = make_engine(f"sqlite:///{path}")
    raw = sqlite3.connect(str(path))
    p = Paths(engine, raw, PLAN.end)
    yield p
    p.close()
    raw.close()
    engine.dispose()


def test_seed_is_realistic(paths):
    cur = paths.raw.cursor()
    days = PLAN.days
    reports = cur.execute("SELECT count(*) FROM dutyreport WHERE superseded_by IS NULL AND withdrawn = 0").fetchone()[0]
    assert 0.90 * 30 * days < reports < 0.98 * 30 * days          # ~3 % missing (+30 % of today)
    late = cur.execute("SELECT avg(late) FROM dutyreport").fetchone()[0]
    assert 0.03 < late < 0.07
    assert cur.execute("SELECT count(*) FROM dutyreport WHERE superseded_by IS NOT NULL").fetchone()[0] > 0
    statuses = dict(cur.execute("SELECT status, count(*) FROM hazard GROUP BY status"))
    assert set(statuses) == {"待整改", "整改中", "已整改", "已销号"}
    # every hazard has its creation event, and one per status change after it
    assert cur.execute("SELECT count(*) FROM hazard h WHERE NOT EXISTS (SELECT 1 FROM hazardevent e "
                       "WHERE e.hazard_id = h.id AND e.to_status = '待整改')").fetchone()[0] == 0
    assert cur.execute("SELECT count(*) FROM hazard h WHERE status = '已销号' AND NOT EXISTS (SELECT 1 FROM "
                       "hazardevent e WHERE e.hazard_id = h.id AND e.to_status = '已销号')").fetchone()[0] == 0
    assert {s for (s,) in cur.execute("SELECT DISTINCT status FROM drill")} == {"held", "planned", "cancelled"}
    assert cur.execute("SELECT count(*) FROM attendance").fetchone()[0] > 0


def test_hazard_question_matches_hand_sql(paths):
    paths.check_hazard()
    assert paths.hand_hazard()["overdue_count"] > 0         # the comparison covers the overdue list
    assert "隐患" in paths.app_hazard()


def test_missing_today_matches_hand_sql(paths):
    paths.check_missing()
    hand = paths.hand_missing()
    assert hand["expected"] == 30 and hand["missing"]        # mid-morning: some have not reported


def test_half_year_facts_match_hand_sql(paths):
    paths.check_facts()
    hand = paths.hand_facts()
    assert hand["duty"]["late"] and hand["duty"]["events"] and hand["hazards"]["overdue"]
    assert hand["drills"]["held"] and hand["drills"]["participants"]


def test_a_past_week_matches_too(paths):
    """A cut-off before today takes the other branch (open = not rectified by then)."""
    start = PLAN.end - timedelta(days=PLAN.end.weekday() + 21)
    from storage import stats
    s = stats.hazard_stats(session=paths.session, scope=stats.Scope.everything(), start=start,
                           end=start + timedelta(days=6), today=PLAN.end, overdue_limit=10)
    hand = hand_sql.hazard_week(paths.raw.cursor(), start, start + timedelta(days=6), PLAN.end, 10)
    check("past week", hand_sql.figures_of_hazard_stats(s), hand)


def test_the_comparison_notices_a_difference(paths):
    hand = paths.hand_hazard()
    with pytest.raises(Mismatch):
        check("本周隐患整改情况", {**hand, "found": hand["found"] + 1}, hand)
