"""Several replicas against one PostgreSQL: any replica handles any update, a redelivered
update is a no-op wherever it lands, and exactly one process runs the scheduler."""
from __future__ import annotations

import asyncio
import random
import time
from collections import Counter

import aiohttp
import pytest
from sqlalchemy import text

from bot.runtime.leader import FileLock, PostgresLock, lead
from storage.db import make_engine
from storage.models import ProcessedUpdate
from tests.e2e.harness_proc import (Poster, acks, deliver_all, report_counts, start_replicas, workload)
from tests.fakes.botapi import FakeBotAPI

HOLDERS = text("""
    SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
    WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE 'zhishou-scheduler-lock%'""")


@pytest.fixture
def pg_url(request, db_url):
    if not request.config.getoption("--pg"):
        pytest.skip("replicas share a PostgreSQL database: runs in the --pg pass (TEST_DATABASE_URL)")
    return db_url


def _holder_pids(engine) -> list[int]:
    with engine.connect() as conn:
        return [int(name.rsplit(" ", 1)[1]) for (name,) in conn.execute(HOLDERS)]


async def _wait_holder(engine, pids: set[int], timeout: float = 15.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        holders = _holder_pids(engine)
        assert len(holders) <= 1
        if holders and holders[0] in pids:
            return holders[0]
        await asyncio.sleep(0.2)
    raise AssertionError(f"no scheduler lock holder among {pids}: {_holder_pids(engine)}")


def _plan(work, urls: list[str], rng: random.Random) -> list[tuple[list[str], dict]]:
    """Half the reports to each replica; 10 % delivered a second time to either replica,
    a fifth of those to the other replica right behind the first (both in flight at once),
    the rest at a random later or earlier moment."""
    n = len(work.reports)
    twice = set(rng.sample(range(n), n // 10))
    together = set(rng.sample(sorted(twice), len(twice) // 5))
    order = list(range(n))
    rng.shuffle(order)
    jobs = []
    for i in order:
        route = [urls[i % 2], urls[1 - i % 2]]
        jobs.append((route, work.reports[i]))
        if i in together:
            jobs.append((route[::-1], work.reports[i]))
    for i in sorted(twice - together):
        route = [urls[0], urls[1]] if rng.random() < 0.5 else [urls[1], urls[0]]
        jobs.insert(rng.randrange(len(jobs) + 1), (route, work.reports[i]))
    return jobs


async def test_two_replicas_thousand_updates_each_report_once(tmp_path, pg_url):
    rng = random.Random(20260618)
    work = workload(groups=100, days=10)
    engine = make_engine(pg_url)
    async with FakeBotAPI() as server:
        work.make_officers_chat_admins(server)
        replicas = start_replicas(tmp_path, 2, server=server, db_url=pg_url, lock_retry=0.5)
        try:
            await asyncio.gather(*(r.wait_ready() for r in replicas))
            urls = [r.url for r in replicas]
            by_pid = {r.proc.pid: r for r in replicas}
            holder = await _wait_holder(engine, set(by_pid))

            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as http:
                poster = Poster(http)
                deadline = time.monotonic() + 100
                setup = [([urls[i % 2], urls[1 - i % 2]], u) for i, u in enumerate(work.setup)]
                await deliver_all(poster, setup, deadline=deadline, concurrency=16)
                jobs = _plan(work, urls, rng)
                assert len(jobs) == 1100
                started = time.monotonic()
                await deliver_all(poster, jobs, deadline=deadline, concurrency=32)
                elapsed = time.monotonic() - started

            counts = report_counts(pg_url)
            assert set(counts) == work.report_keys
            assert set(counts.values()) == {1}, [k for k, n in counts.items() if n != 1][:5]
            replies = Counter(k for k in acks(server) if k in work.report_keys)
            assert set(replies) == work.report_keys and set(replies.values()) == {1}
            assert all(poster.served[u] > 300 for u in urls), poster.served
            with engine.connect() as conn:
                processed = conn.execute(text(f"SELECT count(*) FROM {ProcessedUpdate.__tablename__}")).scalar()
            assert processed == len(work.setup) + len(work.reports)
            print(f"\n1100 deliveries to 2 replicas in {elapsed:.1f}s; served {dict(poster.served)}")

            # Exactly one scheduler all along; when its process dies the other takes over.
            assert _holder_pids(engine) == [holder]
            survivor = next(pid for pid in by_pid if pid != holder)
            assert "scheduler lock acquired" not in by_pid[survivor].log()
            by_pid[holder].kill()
            assert await _wait_holder(engine, {survivor}) == survivor
            assert "scheduler lock acquired" in by_pid[survivor].log()
        finally:
            for r in replicas:
                r.stop()
            engine.dispose()


async def test_file_lock_one_leader_and_takeover(tmp_path):
    """SQLite's variant: an flock; the standby takes over once the holder lets go."""
    running: list[str] = []

    def contender(name: str):
        async def start():
            running.append(name)
            return name

        async def stop(handle):
            running.remove(handle)
        return lead(FileLock(tmp_path / "db.scheduler.lock"), start, stop, retry=0.05)

    first = asyncio.create_task(contender("a"))
    await asyncio.sleep(0.2)
    second = asyncio.create_task(contender("b"))
    await asyncio.sleep(0.3)
    assert running == ["a"]
    first.cancel()
    await asyncio.gather(first, return_exceptions=True)
    await asyncio.sleep(0.3)
    assert running == ["b"]
    second.cancel()
    await asyncio.gather(second, return_exceptions=True)
    assert running == []


async def test_postgres_lock_exclusive_and_lost_session_stops_the_scheduler(pg_url):
    """Two contenders on one database: one wins. When the server ends the winner's lock
    session (a restart, a network cut), it stops its scheduler at its next check, and a
    scheduler runs again once the lock is had anew: never two at a time."""
    running: list[str] = []
    events: list[str] = []

    def contender(name: str):
        async def start():
            assert not running, f"{name} would start while {running} runs"
            running.append(name)
            events.append(f"start {name}")
            return name

        async def stop(handle):
            running.remove(handle)
            events.append(f"stop {handle}")
        return lead(PostgresLock(pg_url), start, stop, retry=0.1)

    engine = make_engine(pg_url)
    tasks = [asyncio.create_task(contender("a")), asyncio.create_task(contender("b"))]
    try:
        deadline = time.monotonic() + 10
        while not running and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert len(running) == 1 and len(_holder_pids(engine)) == 1
        first = running[0]
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_stat_activity a "
                              "ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
                              "AND a.application_name LIKE 'zhishou-scheduler-lock%'"))
        while f"stop {first}" not in events and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        while len(events) < 3 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert events[:2] == [f"start {first}", f"stop {first}"] and events[2].startswith("start ")
        assert len(running) == 1
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        engine.dispose()
    assert running == []
