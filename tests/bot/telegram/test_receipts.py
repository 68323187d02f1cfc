"""An update's replies through the Telegram adapter: after the last send, the cards they
posted are recorded at once (with every waiting sent mark) in one transaction; marks
alone ride on the next update's transaction or the sweep's next round. A reply not
delivered stays unsent for the sweep; a crash before the mark leaves it to the sweep."""
from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError
from sqlalchemy import event

from bot.telegram.outbound import deliver, drain_outbox
from handlers import delivery
from handlers.base import Incoming
from storage import outbox
from storage.models import BotMessage, OutboxMessage
from tests.fakes.local_session import LocalSession
from tests.helpers import GROUP

REPORT = "青石镇今日无突发事件，零报告"


def _incoming(town) -> Incoming:
    return Incoming(chat_id=GROUP, sender_id=town.uid("李明"), message_id=town.last_message_id)


def _all_delivered(town) -> None:
    """The town's setup replies count as delivered, as a platform would have sent them."""
    with town.deps.session_factory() as session:
        for row in outbox.unsent(session=session):
            row.sent_at = town.deps.clock.now()
            session.add(row)
        session.commit()


def _boards(town) -> set[int]:
    """Message ids of the board cards recorded (the harness records its own as well)."""
    return {row.message_id for row in town.rows(BotMessage, BotMessage.kind == "board")}


def _commits(engine) -> list[int]:
    seen: list[int] = []
    event.listen(engine, "commit", lambda _conn: seen.append(1))
    return seen


async def test_the_first_report_posts_the_board_and_all_is_written_in_one_commit(town):
    town.at("09:00")
    replies = await town.send("李明", REPORT, update_key="tg:1")    # the ✅ and the day's board post
    assert len(replies) == 2 and replies[1].tag is not None
    bot = Bot(token="42:LOCAL", session=LocalSession())
    before = _boards(town)
    commits = _commits(town.deps.session_factory.engine)
    await deliver(bot, town.deps, _incoming(town), replies)
    assert len(commits) == 1
    rows = town.rows(OutboxMessage, OutboxMessage.update_key == "tg:1")
    assert len(rows) == 2 and all(row.sent_at == town.deps.clock.now() for row in rows)
    posted = [p for name, p in bot.session.calls if name == "sendMessage"]
    assert len(posted) == 2 and _boards(town) - before == {2}      # the adapter's second message
    assert not town.deps.in_flight & {r.outbox_id for r in replies}


class FailingSecond(LocalSession):
    """Telegram accepts the first message, then the network fails."""

    async def make_request(self, bot, method, timeout=None):
        if sum(1 for name, _ in self.calls if name == "sendMessage") == 1:
            raise TelegramNetworkError(method=method, message="connection reset")
        return await super().make_request(bot, method, timeout)


async def test_a_failed_second_send_leaves_the_first_settled_and_itself_to_the_sweep(town):
    _all_delivered(town)
    town.at("09:00")
    first, board = await town.send("李明", REPORT, update_key="tg:2")
    before = _boards(town)
    bot = Bot(token="42:LOCAL", session=FailingSecond())
    with pytest.raises(TelegramNetworkError):
        await deliver(bot, town.deps, _incoming(town), [first, board])
    assert list(town.deps.delivered) == [first.outbox_id]      # its mark waits; the board's does not
    delivery.flush_delivered(town.deps)
    rows = {row.id: row for row in town.rows(OutboxMessage, OutboxMessage.update_key == "tg:2")}
    assert rows[first.outbox_id].sent_at is not None
    assert rows[board.outbox_id].sent_at is None and "connection reset" in rows[board.outbox_id].error
    assert _boards(town) == before          # the board never went out
    assert not town.deps.in_flight & {first.outbox_id, board.outbox_id}
    # The sweep sends it once its pause is over, and records the card.
    town.deps.clock.advance(seconds=31)
    sweeper = Bot(token="42:LOCAL", session=LocalSession())
    assert await drain_outbox(sweeper, town.deps) == 1
    assert [row.sent_at is not None for row in town.rows(OutboxMessage, OutboxMessage.update_key == "tg:2")] \
        == [True, True]
    assert len(_boards(town) - before) == 1


async def test_killed_before_the_write_every_reply_of_the_update_goes_again(town, monkeypatch):
    """The window a crash leaves: sends done, their write not yet made. Nothing is marked,
    and once the dead sender's lease runs out the sweep sends both again."""
    _all_delivered(town)
    town.at("09:00")
    replies = await town.send("李明", REPORT, update_key="tg:3")
    bot = Bot(token="42:LOCAL", session=LocalSession())

    def killed(_deps, _receipts):
        raise SystemExit("killed")
    monkeypatch.setattr(delivery, "settle", killed)
    with pytest.raises(SystemExit):
        await deliver(bot, town.deps, _incoming(town), replies)
    monkeypatch.undo()
    assert all(row.sent_at is None for row in town.rows(OutboxMessage, OutboxMessage.update_key == "tg:3"))
    town.deps.in_flight.clear()                         # a new process
    town.deps.clock.advance(seconds=town.deps.outbox_lease + 1)
    assert await drain_outbox(Bot(token="42:LOCAL", session=LocalSession()), town.deps) == 2


async def test_marks_ride_on_the_next_updates_commit(town):
    _all_delivered(town)
    town.at("09:00")
    await town.send("李明", REPORT)                     # the board is posted (and recorded)
    town.at("09:10")
    replies = await town.send("张芳", "白沙街道今日无突发事件，零报告", update_key="tg:4")   # ✅ + board edit
    assert all(not r.tag for r in replies)
    bot = Bot(token="42:LOCAL", session=LocalSession())
    commits = _commits(town.deps.session_factory.engine)
    await deliver(bot, town.deps, _incoming(town), replies)
    sent_at = town.deps.clock.now()
    ids = {r.outbox_id for r in replies}
    assert commits == [] and set(town.deps.delivered) == ids and ids <= town.deps.in_flight
    assert all(row.sent_at is None for row in town.rows(OutboxMessage, OutboxMessage.update_key == "tg:4"))
    town.at("09:20")
    await town.send("陈刚", "双桥镇今日无突发事件，零报告", update_key="tg:5")
    assert len(commits) == 1                            # the next update's own commit
    rows = town.rows(OutboxMessage, OutboxMessage.update_key == "tg:4")
    assert [row.sent_at for row in rows] == [sent_at, sent_at]     # when sent, not when written
    assert not town.deps.delivered and not ids & town.deps.in_flight


async def test_with_no_update_after_them_the_sweep_round_writes_the_marks(town):
    _all_delivered(town)
    town.at("09:00")
    await town.send("李明", REPORT)
    replies = await town.send("张芳", "白沙街道今日无突发事件，零报告", update_key="tg:6")
    await deliver(Bot(token="42:LOCAL", session=LocalSession()), town.deps, _incoming(town), replies)
    assert await drain_outbox(Bot(token="42:LOCAL", session=LocalSession()), town.deps) == 0
    assert all(row.sent_at is None for row in town.rows(OutboxMessage, OutboxMessage.update_key == "tg:6"))
    delivery.flush_delivered(town.deps)                 # what sweep_outbox does each round
    assert all(row.sent_at is not None for row in town.rows(OutboxMessage, OutboxMessage.update_key == "tg:6"))
    assert not town.deps.delivered


async def test_killed_while_marks_wait_the_sweep_sends_those_replies_again(town):
    """The window a crash leaves: marks waiting in memory die with the process; once its
    lease runs out another sender's sweep sends those replies again (the duplicate the
    Bot API cannot prevent), and nothing else."""
    _all_delivered(town)
    town.at("09:00")
    await town.send("李明", REPORT)
    _all_delivered(town)
    replies = await town.send("张芳", "白沙街道今日无突发事件，零报告", update_key="tg:7")
    await deliver(Bot(token="42:LOCAL", session=LocalSession()), town.deps, _incoming(town), replies)
    town.deps.delivered.clear()                         # killed: a new process
    town.deps.in_flight.clear()
    town.deps.clock.advance(seconds=town.deps.outbox_lease + 1)
    again = Bot(token="42:LOCAL", session=LocalSession())
    assert await drain_outbox(again, town.deps) == 2
    assert await drain_outbox(again, town.deps) == 0    # marked at once by the sweep: not a third time
