"""Update keys are forgotten after KEEP_PROCESSED, oldest first, a batch at a time."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlmodel import Session, select

from storage import updates
from storage.models import ProcessedUpdate

T0 = datetime(2026, 6, 1, tzinfo=timezone.utc)


def _keys(engine) -> list[str]:
    with Session(engine) as s:
        return list(s.exec(select(ProcessedUpdate.update_key).order_by(ProcessedUpdate.id)))


def test_forgets_only_keys_older_than_the_cut_a_batch_at_a_time(engine):
    with Session(engine) as s:
        for day in range(6):
            updates.mark_processed(session=s, update_key=f"tg:{day}", at=T0 + timedelta(days=day))
        s.commit()
    cut = T0 + timedelta(days=3)
    gone = []
    while True:
        with Session(engine) as s:
            n = updates.forget_processed(session=s, before=cut, batch=2)
            s.commit()
        gone.append(n)
        if n == 0:
            break
    # two full batches, then the third stops at the first key inside the window
    assert gone == [2, 1, 0]
    assert _keys(engine) == ["tg:3", "tg:4", "tg:5"]


def test_nothing_to_forget(engine):
    with Session(engine) as s:
        assert updates.forget_processed(session=s, before=T0) == 0
        updates.mark_processed(session=s, update_key="tg:1", at=T0)
        s.commit()
        assert updates.forget_processed(session=s, before=T0) == 0     # exactly at the cut: kept
    assert _keys(engine) == ["tg:1"]
