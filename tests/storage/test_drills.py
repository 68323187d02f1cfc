"""Drill storage: the head-count rule, one sign-in per member even across two sessions in
flight, unit figures superseded and kept, and the statistics summaries read."""
from __future__ import annotations

import threading
import time
from datetime import date, datetime, timezone

import pytest
from sqlmodel import Session, select

from storage import drills as store
from storage import stats
from storage.models import Attendance, Group, Member, Unit

AT = datetime(2026, 6, 18, 1, 0, tzinfo=timezone.utc)


@pytest.fixture
def world(engine):
    with Session(engine, expire_on_commit=False) as s:
        group = Group(chat_id=-100123, title="群")
        units = {name: Unit(name=name) for name in ("青石镇", "白沙街道", "双桥镇")}
        s.add(group)
        s.add_all(units.values())
        s.flush()
        members = {name: Member(user_id=6000 + i, name=name, unit_id=units[unit].id if unit else None)
                   for i, (name, unit) in enumerate([("李明", "青石镇"), ("王强", "青石镇"), ("张芳", "白沙街道"),
                                                     ("陈刚", "双桥镇"), ("赵局", None)])}
        s.add_all(members.values())
        s.commit()
        yield engine, group, units, members


def _drill(s, group, day=date(2026, 6, 18), **kw):
    args = dict(session=s, group_id=group.id, title=kw.pop("title", "防汛演练"), drill_type=kw.pop("drill_type", "防汛"),
                drill_date=day, planned_at=None, place="水库", organiser_id=None,
                organiser_unit_id=kw.pop("organiser_unit_id", None), created_at=AT)
    return store.create_drill(**args, **kw)


def test_head_count_rule(world):
    engine, group, units, m = world
    with Session(engine) as s:
        drill = _drill(s, group)
        assert store.head_count(session=s, drill=drill) == 0
        for name in ("李明", "王强", "张芳", "赵局"):
            assert store.sign_in(session=s, drill=drill, member=m[name], signed_at=AT)
        assert store.head_count(session=s, drill=drill) == 4
        # 青石镇's own figure includes its people: their two sign-ins are not added again
        store.set_unit_figure(session=s, drill_id=drill.id, unit_id=units["青石镇"].id, head_count=12, recorded_at=AT)
        tally = store.tally(session=s, drill=drill)
        assert tally.by_unit == {units["青石镇"].id: 12, units["白沙街道"].id: 1, None: 1}
        assert tally.total == 14 and tally.signed_members == 4


def test_declared_count_only_without_live_rows(world):
    engine, group, units, m = world
    with Session(engine) as s:
        held = _drill(s, group, held=True, declared_participants=200)
        assert held.status == "held" and held.ended_at == AT
        assert store.head_count(session=s, drill=held) == 200
        store.set_unit_figure(session=s, drill_id=held.id, unit_id=units["双桥镇"].id, head_count=30, recorded_at=AT)
        assert store.head_count(session=s, drill=held) == 30


def test_unit_figure_superseded_and_kept(world):
    engine, group, units, _ = world
    with Session(engine) as s:
        drill = _drill(s, group)
        qingshi = units["青石镇"].id
        first = store.set_unit_figure(session=s, drill_id=drill.id, unit_id=qingshi, head_count=12, recorded_at=AT)
        second = store.set_unit_figure(session=s, drill_id=drill.id, unit_id=qingshi, head_count=14, recorded_at=AT)
        assert first.replaced is None and second.replaced == store.Figure(first.new_id, 12)
        rows = {a.id: a for a in s.exec(select(Attendance))}
        assert len(rows) == 2 and rows[first.new_id].superseded_by == second.new_id
        assert store.head_count(session=s, drill=drill) == 14


def test_sign_in_once_even_with_two_sessions_in_flight(world):
    """Both sessions decide "not signed yet" before either commits; the index keeps one."""
    engine, group, _, m = world
    with Session(engine) as s:
        drill_id = _drill(s, group).id
        s.commit()
    a, b = Session(engine), Session(engine)
    try:
        da, db = store.get_drill(session=a, drill_id=drill_id), store.get_drill(session=b, drill_id=drill_id)
        assert store.tally(session=a, drill=da).signed_members == 0
        assert store.tally(session=b, drill=db).signed_members == 0
        assert store.sign_in(session=a, drill=da, member=m["李明"], signed_at=AT) is True
        a.commit()
        assert store.sign_in(session=b, drill=db, member=m["李明"], signed_at=AT) is False
        assert store.sign_in(session=b, drill=db, member=m["张芳"], signed_at=AT) is True
        b.commit()
    finally:
        a.close()
        b.close()
    with Session(engine) as s:
        assert sorted(r.member_id for r in s.exec(select(Attendance))) == sorted([m["李明"].id, m["张芳"].id])


def test_open_drills_are_those_neither_ended_nor_cancelled_whatever_their_date(world):
    engine, group, _, _ = world
    with Session(engine) as s:
        today = _drill(s, group, title="今天")
        tomorrow = _drill(s, group, day=date(2026, 6, 19), title="明天")
        earlier = _drill(s, group, day=date(2026, 6, 10), title="早先未结束")
        cancelled = _drill(s, group, title="取消的")
        store.cancel_drill(drill=cancelled, cancelled_at=AT)
        ended = _drill(s, group, title="结束的")
        store.end_drill(drill=ended, ended_at=AT)
        other_group = Group(chat_id=-100456, title="别的群")
        s.add(other_group)
        s.flush()
        _drill(s, other_group, title="别的群的")
        found = store.open_drills(session=s, group_id=group.id)
        assert [d.id for d in found] == [tomorrow.id, today.id, earlier.id]     # latest date first
        assert [d.title for d in store.ended_on(session=s, group_id=group.id, day=date(2026, 6, 18))] == ["结束的"]


def test_statistics_for_a_period(world):
    engine, group, units, m = world
    with Session(engine) as s:
        flood = _drill(s, group, organiser_unit_id=units["青石镇"].id)
        store.sign_in(session=s, drill=flood, member=m["张芳"], signed_at=AT)
        store.set_unit_figure(session=s, drill_id=flood.id, unit_id=units["青石镇"].id, head_count=12, recorded_at=AT)
        store.end_drill(drill=flood, ended_at=AT)
        _drill(s, group, day=date(2026, 6, 16), title="消防疏散演练", drill_type="消防",
               organiser_unit_id=units["双桥镇"].id, held=True, declared_participants=200)
        _drill(s, group, day=date(2026, 6, 20), title="计划中", organiser_unit_id=units["白沙街道"].id)
        _drill(s, group, day=date(2026, 5, 30), held=True, declared_participants=50)   # outside
        stats = store.drill_stats(session=s, start=date(2026, 6, 1), end=date(2026, 6, 30), group_id=group.id)
        assert stats.held == 2
        assert stats.by_type == {"防汛": 1, "消防": 1}
        assert stats.by_unit == {"青石镇": 1, "双桥镇": 1}
        assert stats.participants == 12 + 1 + 200
        assert stats.units_taking_part == ["青石镇", "白沙街道", "双桥镇"]
        assert [d.title for d in store.drills_held(session=s, start=date(2026, 6, 1), end=date(2026, 6, 30))] == \
            ["消防疏散演练", "防汛演练"]


def test_two_figures_for_one_unit_in_flight_at_once_leave_one_live(world):
    """The second transaction's figure waits for the first to commit, then supersedes it:
    without that wait, each UPDATE missed the other's uncommitted row and both stayed live."""
    engine, group, units, _ = world
    with Session(engine) as s:
        drill_id = _drill(s, group).id
        s.commit()
    unit = units["青石镇"].id
    first_written, errors = threading.Event(), []

    def figure(count: int, hold: float) -> None:
        try:
            with Session(engine) as s:
                store.set_unit_figure(session=s, drill_id=drill_id, unit_id=unit, head_count=count, recorded_at=AT)
                first_written.set()
                time.sleep(hold)          # still uncommitted while the other one writes
                s.commit()
        except Exception as exc:          # noqa: BLE001 - reported below
            errors.append(exc)

    first = threading.Thread(target=figure, args=(12, 0.5))
    first.start()
    assert first_written.wait(5)
    second = threading.Thread(target=figure, args=(14, 0))
    second.start()
    first.join()
    second.join()
    assert errors == []
    with Session(engine) as s:
        live = s.exec(select(Attendance.head_count).where(Attendance.drill_id == drill_id,
                                                          Attendance.superseded_by == None)).all()  # noqa: E711
    assert live == [14]


def test_two_live_figures_left_by_an_old_race_count_as_the_card_counts(world):
    """Rows raced before figures were serialised: the newest live figure counts, on the
    card and in the statistics alike."""
    engine, group, units, _ = world
    with Session(engine) as s:
        drill = _drill(s, group, held=True)
        for count in (12, 14):
            s.add(Attendance(drill_id=drill.id, unit_id=units["青石镇"].id, head_count=count, signed_at=AT))
        s.commit()
        assert store.tally(session=s, drill=drill).total == 14
        day = date(2026, 6, 18)
        assert store.drill_stats(session=s, start=day, end=day).participants == 14
        assert stats.drill_stats(session=s, scope=stats.Scope.everything(), start=day, end=day,
                                 today=day).participants == 14
