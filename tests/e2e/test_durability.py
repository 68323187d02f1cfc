"""SIGKILL at random moments: every report the assistant acknowledged (its reply was sent)
is in the database, and no report is there twice. Runs on SQLite, and on PostgreSQL in
the --pg pass. The process is the real `python -m bot run` in webhook mode; the test
plays Telegram, redelivering whatever was not answered 200."""
from __future__ import annotations

import asyncio
import random
import time

import aiohttp

from tests.e2e.harness_proc import Poster, acks, deliver_all, report_counts, start_replicas, workload
from tests.e2e.test_chaos_outbox import ack_times, unexplained_doubles
from tests.fakes.botapi import FakeBotAPI

KILLS = 3       # each restart costs seconds of imports on a small, busy machine


def _assert_durable(server, work, db_url) -> set:
    """Acknowledged ⇒ stored, once; and nothing stored twice. Returns the acknowledged."""
    acked = {k for k in acks(server) if k in work.report_keys}
    counts = report_counts(db_url)
    assert not [k for k in acked if counts[k] != 1], "an acknowledged report is missing or doubled"
    assert set(counts.values()) <= {1}
    return acked


async def test_sigkill_loses_no_acknowledged_report(tmp_path, db_url):
    rng = random.Random(20260618)
    work = workload(groups=20, days=10)
    reports = list(work.reports)
    rng.shuffle(reports)              # spread over the groups, as real traffic is
    loop = asyncio.get_running_loop()
    kills: list[float] = []
    async with FakeBotAPI() as server:
        work.make_officers_chat_admins(server)
        times = ack_times(server, loop)
        [proc] = start_replicas(tmp_path, 1, server=server, db_url=db_url)
        try:
            await proc.wait_ready()
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
                poster = Poster(http)
                deadline = time.monotonic() + 110
                await deliver_all(poster, [([proc.url], u) for u in work.setup], deadline=deadline, concurrency=4)
                sending = asyncio.create_task(
                    deliver_all(poster, [([proc.url], u) for u in reports], deadline=deadline, concurrency=4))
                await server.wait_for(lambda: acks(server), 30)    # the traffic is flowing
                acked_at_kills = []
                for n in range(KILLS):
                    await asyncio.sleep(rng.uniform(0.2, 1.5))
                    if sending.done():
                        break
                    kills.append(loop.time())
                    proc.kill()
                    # Checked while the process is dead: nothing can be written any more.
                    acked_at_kills.append(len(_assert_durable(server, work, db_url)))
                    proc.start()
                    if n == 1:
                        # Once, kill it again while it is still starting (migrating, connecting).
                        await asyncio.sleep(rng.uniform(0.3, 1.5))
                        kills.append(loop.time())
                        proc.kill()
                        proc.start()
                    await proc.wait_ready()
                await sending
            assert len(acked_at_kills) == KILLS, "the reports were all delivered before the kills"
            # The kills fell in the middle of the traffic, not only before or after it.
            assert sum(0 < n < len(reports) for n in acked_at_kills) >= 2, acked_at_kills

            acked = _assert_durable(server, work, db_url)
            counts = report_counts(db_url)
            # Telegram redelivers until answered 200, so in the end every report is there once.
            assert set(counts) == work.report_keys
            # A redelivered report is not answered twice, unless the kill fell between
            # Telegram accepting its ✅ and the outbox marking it sent.
            assert unexplained_doubles(times, kills) == []
            redelivered = sum(1 for n in poster.attempts.values() if n > 1)
            print(f"\n{proc.starts} starts, {redelivered} updates redelivered, acknowledged at the kills "
                  f"{acked_at_kills}, {len(work.report_keys) - len(acked)} stored but never acknowledged")
        finally:
            proc.stop()
