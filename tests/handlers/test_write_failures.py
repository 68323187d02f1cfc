"""A failed write is never silent: a database error other than a duplicate, injected at
each write of a duty report (and at its commit), is retried; when it persists the sender
is told the report was not recorded, nothing is stored, the update is not marked
processed (a redelivery records it), and the log names the update."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import event

from handlers.texts import common as C
from storage.models import DutyReport, OutboxMessage, ProcessedUpdate
from tests.helpers import texts

REPORT = "青石镇6月18日值班情况：今日无突发事件，零报告。"
WRITES = ("INSERT", "UPDATE", "DELETE")


class Injector:
    """Raises the driver's own OperationalError at the n-th write statement (or commit)
    of the next update, `times` times; counts the writes of a clean run."""

    def __init__(self, engine):
        self.engine, self.target, self.times, self.seen = engine, None, 0, 0
        event.listen(engine, "before_cursor_execute", self._statement)
        self._do_commit = engine.dialect.do_commit
        engine.dialect.do_commit = self._commit

    def arm(self, target, times: int) -> None:
        self.target, self.times, self.seen = target, times, 0

    def _fail(self, conn, what: str):
        self.times -= 1
        raise conn.dialect.dbapi.OperationalError(f"injected: database is locked at {what}")

    def _statement(self, conn, _cursor, statement, *_):
        if statement.lstrip().upper().startswith(WRITES):
            self.seen += 1
            if self.times and self.seen == self.target:
                self.seen -= 1          # the retry meets the same write again
                self._fail(conn, statement.split()[0])

    def _commit(self, dbapi_conn):
        """The driver's COMMIT fails (nothing is committed); SQLAlchemy wraps the error."""
        if self.times and self.target == "commit":
            self.times -= 1
            raise self.engine.dialect.dbapi.OperationalError("injected: disk I/O error at commit")
        self._do_commit(dbapi_conn)

    def close(self):
        event.remove(self.engine, "before_cursor_execute", self._statement)
        self.engine.dialect.do_commit = self._do_commit


@pytest.fixture
async def injected(town, deps):
    deps.write_backoff = (0.0, 0.01, 0.02)
    inj = Injector(deps.session_factory.engine)
    yield inj
    inj.close()


async def _count_writes(town, injected) -> int:
    """Writes of one report in a clean run, once the day's board is up (the day's first
    report posts it, with writes no later report makes): the report of the runs to come."""
    town.at("09:00")
    await town.send("周敏", "市住建局今日无突发事件，零报告", update_key="board")
    injected.arm(None, 0)
    await town.send("李明", REPORT, update_key="count")
    return injected.seen


async def test_a_transient_error_at_each_write_is_retried_and_the_report_recorded(town, injected):
    n = await _count_writes(town, injected)
    assert n >= 3       # the report, its reply in the outbox, the update id
    for target in [*range(1, n + 1), "commit"]:
        key = f"tg:t{target}"
        town.at("09:10")
        injected.arm(target, times=2)
        replies = await town.send("李明", REPORT, update_key=key)
        assert texts(replies).startswith("✅"), (target, texts(replies))
        assert town.rows(ProcessedUpdate, ProcessedUpdate.update_key == key), target
        assert len(town.rows(OutboxMessage, OutboxMessage.update_key == key)) == len(replies), target
    live = [r for r in town.rows(DutyReport) if r.unit_id and r.superseded_by is None and not r.withdrawn]
    assert len(live) == 2       # 青石镇 once (later ones supersede) and 市住建局


async def test_a_persistent_error_at_each_write_tells_the_sender_and_keeps_the_update_open(
        town, injected, caplog):
    n = await _count_writes(town, injected)
    for target in [*range(1, n + 1), "commit"]:
        key = f"tg:p{target}"
        town.at("09:10")
        injected.arm(target, times=99)
        caplog.clear()
        with caplog.at_level(logging.ERROR, logger="handlers.runner"):
            replies = await town.send("李明", REPORT, update_key=key)
        assert texts(replies) == C.NOT_RECORDED, target
        assert replies[0].reply_to == town.last_message_id
        assert any(key in r.getMessage() for r in caplog.records), target
        assert not town.rows(ProcessedUpdate, ProcessedUpdate.update_key == key), target
        assert not town.rows(OutboxMessage, OutboxMessage.update_key == key), target
        assert not [r for r in town.rows(DutyReport) if r.source_message_id == town.last_message_id]
        # Telegram redelivers the update: now it is recorded.
        injected.arm(None, 0)
        again = await town.send("李明", REPORT, update_key=key, message_id=town.last_message_id)
        assert texts(again).startswith("✅"), target
        assert town.rows(ProcessedUpdate, ProcessedUpdate.update_key == key), target


async def test_a_button_press_that_cannot_be_written_says_so_in_its_popup(town, injected):
    town.at("09:00")
    await town.send("李明", "/drill 消防演练 6月20日 9:00 青石镇", update_key="d1")
    message_id, card = town.last_card()
    injected.arm(1, times=99)
    [reply] = await town.press("张芳", card.buttons[0][0].data, message_id=message_id)
    assert reply.alert == C.NOT_RECORDED
