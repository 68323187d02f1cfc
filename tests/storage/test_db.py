"""A session knows it wrote, whatever way the write went (issue 15 item 4: note_write
could be forgotten by a write path)."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import insert, select

from storage.db import SessionFactory
from storage.models import ProcessedUpdate

AT = datetime(2026, 6, 18, 1, 0, tzinfo=timezone.utc)


def test_a_plain_insert_on_the_session_connection_counts_as_written(engine):
    with SessionFactory(engine)() as session:
        session.connection().execute(select(ProcessedUpdate.id)).all()
        assert not session.info.get("flushed")              # a read is not a write
        session.connection().execute(insert(ProcessedUpdate).values(update_key="u1", processed_at=AT))
        assert session.info.get("flushed")
        session.rollback()


def test_another_connection_writing_later_marks_no_finished_session(engine):
    with SessionFactory(engine)() as first:
        first.connection().execute(select(ProcessedUpdate.id)).all()
        first.commit()
    first.info.clear()
    with engine.begin() as conn:       # the same pooled connection, outside any session
        conn.execute(insert(ProcessedUpdate).values(update_key="u2", processed_at=AT))
    assert not first.info.get("flushed")
    with SessionFactory(engine)() as second:
        second.connection().execute(insert(ProcessedUpdate).values(update_key="u3", processed_at=AT))
        assert second.info.get("flushed") and not first.info.get("flushed")
