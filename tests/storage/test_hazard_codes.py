"""Hazard codes (YH-YYYYMMDD-NNN): unique under concurrent reports, above the day's highest
code however the rows came to be, and the hazard handed back is a normal session object."""
from __future__ import annotations

import threading
from datetime import date, datetime, timezone

from sqlmodel import Session, select

from storage import hazards as store
from storage.models import Group, Hazard, HazardEvent

AT = datetime(2026, 6, 18, 1, 0, tzinfo=timezone.utc)
DAY = date(2026, 6, 18)


def _group(engine) -> int:
    with Session(engine) as session:
        group = Group(chat_id=-1, title="g")
        session.add(group)
        session.commit()
        return group.id


def _create(session: Session, group_id: int) -> Hazard:
    group = session.get(Group, group_id)
    new = store.NewHazard(place="宏达化工仓库", description="危化品混存", categories=["危险化学品"])
    return store.create_hazard(session=session, group=group, new=new, found_date=DAY, reporter_id=None,
                               at=AT, chat_id=-1, message_id=1)


def _seed_code(engine, group_id: int, code: str) -> None:
    """A row written by other means (an import, a hand fix), not by create_hazard."""
    with Session(engine) as session:
        session.add(Hazard(code=code, group_id=group_id, place="旧", found_date=DAY, source_chat_id=-1,
                           created_at=AT))
        session.commit()


def _codes(engine) -> list[str]:
    with Session(engine) as session:
        return sorted(session.exec(select(Hazard.code)).all())


def test_concurrent_reports_get_distinct_codes(engine):
    group_id = _group(engine)
    threads, per_thread = 6, 5
    start = threading.Barrier(threads)
    failures: list[BaseException] = []

    def report() -> None:
        try:
            start.wait()
            for _ in range(per_thread):
                with Session(engine, expire_on_commit=False) as session:
                    _create(session, group_id)
                    session.commit()
        except BaseException as exc:          # surfaced below: a thread's error is otherwise lost
            failures.append(exc)

    workers = [threading.Thread(target=report) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    total = threads * per_thread
    assert _codes(engine) == sorted(store.code_for(DAY, n) for n in range(1, total + 1))
    with Session(engine) as session:
        assert len(session.exec(select(HazardEvent)).all()) == total


def test_a_newest_row_below_the_highest_code_still_gets_a_free_code(engine):
    group_id = _group(engine)
    _seed_code(engine, group_id, "YH-20260618-004")
    _seed_code(engine, group_id, "YH-20260618-003")    # newest row: its successor 004 is taken
    with Session(engine, expire_on_commit=False) as session:
        hazard = _create(session, group_id)
        session.commit()
    assert hazard.code == "YH-20260618-005"
    assert _codes(engine)[-1] == "YH-20260618-005"


def test_codes_go_past_999(engine):
    group_id = _group(engine)
    _seed_code(engine, group_id, "YH-20260618-999")
    with Session(engine, expire_on_commit=False) as session:
        codes = [_create(session, group_id).code for _ in range(2)]
        session.commit()
    assert codes == ["YH-20260618-1000", "YH-20260618-1001"]


def test_the_hazard_returned_is_stored_tracked_and_has_its_first_event(engine):
    group_id = _group(engine)
    with Session(engine, expire_on_commit=False) as session:
        hazard = _create(session, group_id)
        assert session.get(Hazard, hazard.id) is hazard        # in the session, no second copy
        store.change_status(session=session, hazard=hazard, to_status=store.RECTIFIED, actor_id=None, at=AT,
                            note="已清理")
        session.commit()
    with Session(engine) as session:
        row = session.get(Hazard, hazard.id)
        assert (row.code, row.status, row.place, row.categories) == \
            ("YH-20260618-001", store.RECTIFIED, "宏达化工仓库", ["危险化学品"])
        events = session.exec(select(HazardEvent).order_by(HazardEvent.id)).all()
        assert [(e.from_status, e.to_status, e.note) for e in events] == \
            [("", store.TO_RECTIFY, "上报"), (store.TO_RECTIFY, store.RECTIFIED, "已清理")]


def test_a_rolled_back_report_leaves_nothing(engine):
    group_id = _group(engine)
    with Session(engine) as session:
        _create(session, group_id)
        session.rollback()
    assert _codes(engine) == []
    with Session(engine) as session:
        assert session.exec(select(HazardEvent)).all() == []
