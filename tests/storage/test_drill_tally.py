"""The head-count rule worked out in SQL (storage/drills.py) against the rule written
plainly in Python, over random histories of sign-ins and unit figures; and two live
figures of one unit (left by two figures recorded at the same moment)."""
from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert
from sqlmodel import Session, col, select

from storage import drills as store
from storage.models import Attendance, Group, Member, Unit

AT = datetime(2026, 6, 18, 1, 0, tzinfo=UTC)
UNITS = ("青石镇", "白沙街道", "双桥镇", "永安镇")


@pytest.fixture
def world(engine):
    with Session(engine, expire_on_commit=False) as s:
        group = Group(chat_id=-100321, title="群")
        units = [Unit(name=name) for name in UNITS]
        s.add(group)
        s.add_all(units)
        s.flush()
        # two people in each unit, and two bound to no unit
        members = [Member(user_id=7000 + i, name=f"人{i}", unit_id=units[i // 2].id if i < 8 else None)
                   for i in range(10)]
        s.add_all(members)
        s.commit()
        yield engine, group, units, members


def _drill(s, group, title="防汛演练", **kw):
    return store.create_drill(session=s, group_id=group.id, title=title, drill_type="防汛", drill_date=date(2026, 6, 18),
                              planned_at=None, place="", organiser_id=None, organiser_unit_id=None, created_at=AT,
                              **kw)


def _by_the_rule(signed: list[Member], figures: dict[int, int]) -> dict[int | None, int]:
    """The rule as storage/drills.py's docstring states it, person by person."""
    by_unit: dict[int | None, int] = dict(figures)
    for member in signed:
        if member.unit_id not in figures:
            by_unit[member.unit_id] = by_unit.get(member.unit_id, 0) + 1
    return by_unit


def test_sql_tally_follows_the_rule_over_random_histories(world):
    engine, group, units, members = world
    rng = random.Random(8)
    with Session(engine) as s:
        drills, expected, figured, figures_recorded = [], {}, {}, 0
        for n in range(12):
            drill = _drill(s, group, title=f"演练{n}")
            signed, figures = [], {}
            for _ in range(rng.randrange(0, 25)):
                if rng.random() < 0.5:
                    member = rng.choice(members)
                    fresh = store.sign_in(session=s, drill=drill, member=member, signed_at=AT)
                    assert fresh == (member not in signed)
                    signed += [] if member in signed else [member]
                else:
                    unit, count = rng.choice(units), rng.randint(1, 40)
                    _, replaced = store.set_unit_figure(session=s, drill_id=drill.id, unit_id=unit.id,
                                                        head_count=count, recorded_at=AT)
                    assert (replaced.head_count if replaced else None) == figures.get(unit.id)
                    figures[unit.id] = count
                    figures_recorded += 1
            drills.append(drill)
            expected[drill.id] = (_by_the_rule(signed, figures), len(signed))
            figured[drill.id] = set(figures)
        together = store.tallies(session=s, drills=drills)
        for drill in drills:
            by_unit, signs = expected[drill.id]
            alone = store.tally(session=s, drill=drill)
            assert alone.by_unit == by_unit == together[drill.id].by_unit
            assert alone.signed_members == signs == together[drill.id].signed_members
            assert alone.total == sum(by_unit.values()) == store.head_count(session=s, drill=drill)
            assert alone.names == {u.id: u.name for u in units if u.id in by_unit}
        # every figure is kept; one per unit figured is live, the rest point at their successors
        rows = s.exec(select(Attendance).where(col(Attendance.member_id).is_(None))).all()
        live = [(a.drill_id, a.unit_id) for a in rows if a.superseded_by is None]
        assert sorted(live) == sorted((d, u) for d, (by_unit, _) in expected.items() for u in figured[d])
        assert len(rows) == figures_recorded


def test_declared_count_stands_until_someone_signs_in(world):
    engine, group, _, members = world
    with Session(engine) as s:
        held = _drill(s, group, held=True, declared_participants=200)
        assert store.tally(session=s, drill=held).total == 200 == store.head_count(session=s, drill=held)
        store.sign_in(session=s, drill=held, member=members[9], signed_at=AT)       # bound to no unit
        tally = store.tally(session=s, drill=held)
        assert tally.by_unit == {None: 1} and tally.total == 1 == store.head_count(session=s, drill=held)


def test_two_live_figures_of_a_unit_count_the_newest_and_the_next_replaces_both(world):
    """Two figures for one unit recorded by two transactions at the same moment can both
    stay live on PostgreSQL (neither saw the other): the newest counts, never the sum."""
    engine, group, units, members = world
    qingshi = units[0]
    with Session(engine) as s:
        drill = _drill(s, group)
        store.sign_in(session=s, drill=drill, member=members[0], signed_at=AT)       # absorbed by the figure
        for count in (12, 15):
            s.connection().execute(insert(Attendance).values(drill_id=drill.id, unit_id=qingshi.id, member_id=None,
                                                             head_count=count, signed_at=AT))
        tally = store.tally(session=s, drill=drill)
        assert tally.by_unit == {qingshi.id: 15} and tally.signed_members == 1
        assert store.head_count(session=s, drill=drill) == 15
        new_id, replaced = store.set_unit_figure(session=s, drill_id=drill.id, unit_id=qingshi.id, head_count=20,
                                                 recorded_at=AT)
        assert replaced.head_count == 15
        rows = s.exec(select(Attendance).where(col(Attendance.member_id).is_(None)).order_by(Attendance.id)).all()
        assert [(r.head_count, r.superseded_by) for r in rows] == [(12, new_id), (15, new_id), (20, None)]
        assert store.head_count(session=s, drill=drill) == 20
