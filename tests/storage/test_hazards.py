"""storage/hazards.py: codes, the status trail, and the queries other features use."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlmodel import Session, select

from storage import hazards as store
from storage import stats
from storage.models import Group, Hazard, HazardEvent, Unit

AT = datetime(2026, 6, 18, 1, 0, tzinfo=timezone.utc)
DAY = date(2026, 6, 18)


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as s:
        yield s


def _group(session, chat_id=-1) -> Group:
    group = Group(chat_id=chat_id, title=str(chat_id))
    session.add(group)
    session.flush()
    return group


def _hazard(session, group, *, deadline=None, found=DAY, place="宏达化工仓库", photos=()) -> Hazard:
    new = store.NewHazard(place=place, description="危化品混存", categories=["危险化学品"],
                          deadline=deadline, photos=photos)
    return store.create_hazard(session=session, group=group, new=new, found_date=found, reporter_id=None,
                               at=AT, chat_id=group.chat_id, message_id=1)


def test_codes_number_per_day_across_groups(session):
    a, b = _group(session, -1), _group(session, -2)
    codes = [_hazard(session, a).code, _hazard(session, b).code, _hazard(session, a, found=date(2026, 6, 19)).code]
    assert codes == ["YH-20260618-001", "YH-20260618-002", "YH-20260619-001"]
    session.commit()


def test_a_taken_code_is_retried_without_losing_pending_work(session, monkeypatch):
    group = _group(session)
    _hazard(session, group)
    pending = Unit(name="青石镇")
    session.add(pending)                                # unflushed work of the same transaction
    real = store._next_number
    answers = iter([1])                                  # first guess collides, as a racing writer's would
    monkeypatch.setattr(store, "_next_number", lambda s, d: next(answers, None) or real(s, d))
    second = _hazard(session, group)
    assert second.code == "YH-20260618-002"
    session.commit()
    assert session.exec(select(Unit)).one().name == "青石镇"
    assert len(session.exec(select(Hazard)).all()) == 2


def test_status_trail_and_timestamps(session):
    group = _group(session)
    hazard = _hazard(session, group, photos=("p0",))
    store.change_status(session=session, hazard=hazard, to_status=store.IN_PROGRESS, actor_id=None, at=AT)
    store.change_status(session=session, hazard=hazard, to_status=store.RECTIFIED, actor_id=None, at=AT,
                        note="已清理", photo="p1")
    assert hazard.rectified_at == AT and hazard.photos == ["p0", "p1"]
    assert store.add_photos(session=session, hazard=hazard, photos=["p1", "p2", "p2"], actor_id=None, at=AT) == 1
    store.change_status(session=session, hazard=hazard, to_status=store.TO_RECTIFY, actor_id=None, at=AT)
    assert hazard.rectified_at is None
    trail = [(e.from_status, e.to_status, e.photo) for e in store.events_of(session=session, hazard_id=hazard.id)]
    assert trail == [("", "待整改", "p0"), ("待整改", "整改中", None), ("整改中", "已整改", "p1"),
                     ("已整改", "已整改", "p2"), ("已整改", "待整改", None)]
    with pytest.raises(ValueError):
        store.change_status(session=session, hazard=hazard, to_status="完成", actor_id=None, at=AT)
    session.commit()
    assert len(session.exec(select(HazardEvent)).all()) == 5


def test_open_due_and_overdue(session):
    a, b = _group(session, -1), _group(session, -2)
    due = _hazard(session, a, deadline=date(2026, 6, 20))
    late = _hazard(session, b, deadline=date(2026, 6, 18))
    later = _hazard(session, a, deadline=date(2026, 6, 30))
    done = _hazard(session, a, deadline=date(2026, 6, 19))
    closed = _hazard(session, a, deadline=date(2026, 6, 19))
    store.change_status(session=session, hazard=done, to_status=store.RECTIFIED, actor_id=None, at=AT)
    store.change_status(session=session, hazard=closed, to_status=store.RECTIFIED, actor_id=None, at=AT)
    store.change_status(session=session, hazard=closed, to_status=store.CLOSED, actor_id=None, at=AT)

    assert {h.id for h in store.open_hazards(session=session)} == {due.id, late.id, later.id, done.id}
    assert {h.id for h in store.open_hazards(session=session, group_ids=[b.id])} == {late.id}
    assert [h.id for h in store.hazards_due(session=session, on_day=date(2026, 6, 20))] == [due.id]
    assert store.hazards_due(session=session, on_day=date(2026, 6, 19)) == []     # rectified ones are not due
    today = date(2026, 6, 21)
    assert [(h.id, d) for h, d in store.overdue_hazards(session=session, today=today)] == [(late.id, 3), (due.id, 1)]
    assert [h.id for h, _ in store.overdue_hazards(session=session, today=today, group_ids=[a.id])] == [due.id]
    assert store.overdue_hazards(session=session, today=date(2026, 6, 18)) == []   # the deadline day itself is not late
    assert store.overdue_days(done, today) == 0


def test_ledger_lists_the_period_and_what_is_still_open(session):
    group = _group(session)
    old_open = _hazard(session, group, found=date(2026, 5, 10))
    old_closed = _hazard(session, group, found=date(2026, 5, 11))
    store.change_status(session=session, hazard=old_closed, to_status=store.RECTIFIED, actor_id=None, at=AT,
                        note="已修复")
    store.change_status(session=session, hazard=old_closed, to_status=store.CLOSED, actor_id=None, at=AT)
    june = _hazard(session, group, found=date(2026, 6, 2))
    july = _hazard(session, group, found=date(2026, 7, 1))
    june_only = stats.hazard_ledger(session=session, scope=stats.Scope.of_group(group), start=date(2026, 6, 1),
                                    end=date(2026, 6, 30))
    assert [r.code for r in june_only] == [june.code]
    rows = stats.hazard_ledger(session=session, scope=stats.Scope.of_group(group), start=date(2026, 6, 1),
                               end=date(2026, 6, 30), carry_open=True)
    assert [r.code for r in rows] == [old_open.code, june.code]
    assert july.code not in [r.code for r in rows]          # found after the period
    may = stats.hazard_ledger(session=session, scope=stats.Scope.of_group(group), start=date(2026, 5, 1),
                              end=date(2026, 5, 31))
    notes = {r.code: r.note for r in may}
    # the note of the move to 已整改 stays the 整改情况 after 销号
    assert notes == {old_open.code: "", old_closed.code: "已修复"}
    assert {r.code: r.category for r in may} == {old_open.code: "危险化学品", old_closed.code: "危险化学品"}


def test_open_matching_by_place_text_or_unit(session):
    group = _group(session)
    unit = Unit(name="白沙街道")
    session.add(unit)
    session.flush()
    a = _hazard(session, group, place="宏达化工有限公司仓库")
    b = store.create_hazard(session=session, group=group, found_date=DAY, reporter_id=None, at=AT, chat_id=-1,
                            message_id=2, new=store.NewHazard(place="白沙街道菜市场", description="电线私拉乱接",
                                                              categories=["消防"], unit_id=unit.id))
    match = store.open_matching
    assert [h.id for h in match(session=session, group_id=group.id, text_="宏达化工有限公司已整改",
                                place="宏达化工有限公司", unit_id=None)] == [a.id]
    assert [h.id for h in match(session=session, group_id=group.id, text_="白沙街道的隐患已整改",
                                place="白沙街道", unit_id=unit.id)] == [b.id]
    assert match(session=session, group_id=group.id, text_="永安镇已整改", place="永安镇", unit_id=None) == []
