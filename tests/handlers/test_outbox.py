"""The outbox: an update's replies are stored in its transaction, a redelivery sends the
ones never sent (once), the sweep finds those whose sender died, sent ones never go twice."""
from __future__ import annotations


from handlers import delivery
from storage import outbox
from handlers.base import Button, OutFile, Reply
from storage.models import DutyReport, OutboxMessage, ProcessedUpdate

REPORT = "青石镇6月18日值班情况：今日无突发事件，零报告。"


def _all_delivered(deps) -> None:
    """The town's setup replies count as delivered, as a platform would have sent them."""
    with deps.session_factory() as session:
        for row in outbox.unsent(session=session):
            row.sent_at = deps.clock.now()
            session.add(row)
        session.commit()


async def test_replies_are_stored_with_the_report_in_one_transaction(town):
    town.at("09:12")
    replies = await town.send("李明", REPORT, update_key="tg:1")      # the ✅ and the day's board
    rows = {row.id: row for row in town.rows(OutboxMessage, OutboxMessage.update_key == "tg:1")}
    assert set(rows) == {r.outbox_id for r in replies} and len(rows) == len(replies)
    reply, row = replies[0], rows[replies[0].outbox_id]
    assert row.sent_at is None
    assert row.reply["text"] == reply.text and row.reply["reply_to"] == town.last_message_id
    assert len(town.rows(DutyReport)) == 1


async def test_redelivery_sends_the_unsent_reply_once(town, deps):
    town.at("09:12")
    first, *board = await town.send("李明", REPORT, update_key="tg:3")
    # Killed between commit and send: a new process, and the lease of the dead sender runs out.
    deps.in_flight.clear()
    town.deps.clock.advance(seconds=deps.outbox_lease + 1)
    again = await town.send("李明", REPORT, update_key="tg:3", message_id=town.last_message_id)
    assert again[0].text == first.text and [r.outbox_id for r in again] == [r.outbox_id for r in (first, *board)]
    # A third delivery while that send is under way gets nothing: the reply is claimed.
    assert await town.send("李明", REPORT, update_key="tg:3") == []
    for reply in again:
        delivery.mark_sent(deps, reply)
    deps.in_flight.clear()
    town.deps.clock.advance(seconds=deps.outbox_lease + 1)
    assert await town.send("李明", REPORT, update_key="tg:3") == []      # sent: never twice
    assert len(town.rows(DutyReport)) == 1


async def test_redelivery_within_the_lease_leaves_it_to_the_first_sender(town, deps):
    town.at("09:12")
    await town.send("李明", REPORT, update_key="tg:4")
    assert await town.send("李明", REPORT, update_key="tg:4") == []
    # Past the lease, the process that stored it is still sending it (the pacer holds it).
    town.deps.clock.advance(seconds=deps.outbox_lease + 1)
    assert await town.send("李明", REPORT, update_key="tg:4") == []


async def test_sweep_claims_stale_replies_once_and_skips_those_in_flight(town, deps):
    _all_delivered(deps)
    town.at("09:12")
    a = {r.outbox_id for r in await town.send("李明", REPORT, update_key="tg:5")}
    b = {r.outbox_id for r in await town.send("张芳", "白沙街道今日无突发事件，零报告", update_key="tg:6")}
    assert delivery.claim_stale(deps, set()) == []          # both still held by their sender
    town.deps.clock.advance(seconds=deps.outbox_lease + 1)
    assert delivery.claim_stale(deps, deps.in_flight) == []  # ... and this process sends them
    claimed = delivery.claim_stale(deps, set(a))      # a copy: the claim adds to it
    assert {r.outbox_id for _, _, r in claimed} == b
    assert {r.outbox_id for _, _, r in delivery.claim_stale(deps, set())} == a
    assert delivery.claim_stale(deps, set()) == []


async def test_two_sweepers_never_claim_the_same_reply(town, deps):
    _all_delivered(deps)
    town.at("09:12")
    stored = 0
    for i, (who, text) in enumerate([("李明", REPORT), ("张芳", "白沙街道今日无突发事件，零报告")]):
        stored += len(await town.send(who, text, update_key=f"tg:7{i}"))
    town.deps.clock.advance(seconds=deps.outbox_lease + 1)
    first = delivery.claim_stale(deps, set())               # two other processes' sweeps
    second = delivery.claim_stale(deps, set())
    assert len(first) == stored and second == []


def test_a_reply_survives_the_round_trip_through_its_row():
    reply = Reply("文字", buttons=[[Button("确认", "b:1")]], file=OutFile("a.docx", b"\x00\x01", caption="附件"),
                  chat_id=-5, reply_to=7, tag=("hazard", 3), mention_user_ids=(11, 12), thread=9)
    data, content = delivery.to_row(reply)
    row = OutboxMessage(id=1, chat_id=-5, reply=data, file_content=content)
    back = delivery.from_row(row)
    reply.outbox_id = 1
    assert back == reply


async def test_an_update_is_processed_and_its_reply_stored_together(town):
    town.at("09:12")
    await town.send("李明", REPORT, update_key="tg:8")
    assert town.rows(ProcessedUpdate, ProcessedUpdate.update_key == "tg:8")
    assert town.rows(OutboxMessage, OutboxMessage.update_key == "tg:8")


async def test_sent_replies_are_forgotten_after_the_cut_unsent_never(town, deps):
    town.at("09:12")
    sent, *board = await town.send("李明", REPORT, update_key="tg:9")
    unsent, *_ = await town.send("张芳", "白沙街道今日无突发事件，零报告", update_key="tg:10")
    for reply in (sent, *board):
        delivery.mark_sent(deps, reply)
    with deps.session_factory() as session:
        assert outbox.forget_sent(session=session, before=deps.clock.now()) == 0   # sent at the cut: kept
        deps.clock.advance(seconds=1)
        assert outbox.forget_sent(session=session, before=deps.clock.now()) >= 1
        session.commit()
    ids = {r.id for r in town.rows(OutboxMessage)}
    assert sent.outbox_id not in ids and unsent.outbox_id in ids
