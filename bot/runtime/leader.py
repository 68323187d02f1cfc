"""One scheduler among several replicas.

Every replica serves updates, but reminders must be pushed by exactly one process. Each
replica runs `lead()`: it tries for a lock every few seconds; the holder starts the
scheduler, a standby keeps trying, and when the holder dies the lock frees itself so a
standby takes over.

- PostgreSQL: a session-level advisory lock (pg_try_advisory_lock) on a connection kept
  for this purpose alone. The server drops the lock when that session ends, so a killed
  holder (SIGKILL, lost host) frees it without anyone cleaning up.
- SQLite: an flock() on a file next to the database; the kernel drops it when the
  process dies. (SQLite deployments are one host by nature.)

Why a lock rather than a separate `python -m bot scheduler` role: every replica is the
same command with the same settings, there is no extra process to forget to deploy or
to restart, and fail-over needs no orchestrator.
"""
from __future__ import annotations

import asyncio
import fcntl
import hashlib
import logging
import os
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)
APP_NAME = "zhishou-scheduler-lock"
CHECK_TIMEOUT = 10.0     # a lock connection that does not answer within this is taken as lost


class Lock(Protocol):
    def acquire(self) -> bool: ...
    def alive(self) -> bool: ...
    def release(self) -> None: ...


class PostgresLock:
    """pg_try_advisory_lock on a dedicated autocommit connection.

    Its calls run in worker threads (see `_call`), and a call given up on by its caller
    (timed out, or the task cancelled) goes on in its thread: `_guard` lets one call at a
    time use the connection, so closing it never races a query still on it."""

    def __init__(self, url: str):
        # NullPool: the connection is ours alone and really closes when released.
        # application_name lets an operator see in pg_stat_activity which process leads.
        # connect_timeout and keepalives: no call waits on a silent server for ever.
        self.engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT",
                                    connect_args={"application_name": f"{APP_NAME} pid {os.getpid()}",
                                                  "connect_timeout": int(CHECK_TIMEOUT),
                                                  "keepalives": 1, "keepalives_idle": 30,
                                                  "keepalives_interval": 10, "keepalives_count": 3})
        self.conn: Connection | None = None
        self._guard = threading.Lock()

    def acquire(self) -> bool:
        with self._guard:
            return self._acquire()

    def _acquire(self) -> bool:
        if self.conn is not None:
            # An earlier try that timed out may have won after all: the lock is ours.
            return self._alive()
        conn = self.engine.connect()
        try:
            # Keyed by schema too: deployments sharing one database in separate schemas
            # (and the tests) each get their own scheduler.
            schema = conn.execute(text("SELECT current_schema()")).scalar_one()
            got = conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": lock_key(schema)}).scalar_one()
        except Exception:
            conn.close()
            raise
        if not got:
            conn.close()
            return False
        self.conn = conn
        return True

    def alive(self) -> bool:
        with self._guard:
            return self._alive()

    def _alive(self) -> bool:
        if self.conn is None:
            return False
        try:
            self.conn.execute(text("SELECT 1"))
            return True
        except Exception:
            log.warning("scheduler lock: the lock connection is gone", exc_info=True)
            return False

    def release(self) -> None:
        with self._guard:
            self._release()

    def _release(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()       # ending the session releases the advisory lock
            except Exception:
                log.debug("scheduler lock: closing a broken connection", exc_info=True)
            self.conn = None

    def dispose(self) -> None:
        with self._guard:
            self._release()
            self.engine.dispose()


class FileLock:
    """flock() on `<database>.scheduler.lock`."""

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def alive(self) -> bool:
        return self.fd is not None

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)     # closing the descriptor drops the flock
            self.fd = None

    def dispose(self) -> None:
        self.release()


class AlwaysLock:
    """An in-memory SQLite database lives in one process: that process leads."""

    held = False

    def acquire(self) -> bool:
        self.held = True
        return True

    def alive(self) -> bool:
        return self.held

    def release(self) -> None:
        self.held = False

    def dispose(self) -> None:
        self.release()


def lock_key(schema: str) -> int:
    digest = hashlib.blake2b(f"zhishou.scheduler:{schema}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)      # advisory keys are signed bigint


def lock_for(database_url: str) -> PostgresLock | FileLock | AlwaysLock:
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "postgresql":
        return PostgresLock(database_url)
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            return AlwaysLock()
        return FileLock(Path(url.database).with_name(Path(url.database).name + ".scheduler.lock"))
    raise SystemExit(f"unsupported database for the scheduler lock: {backend}")


async def _call(fn: Callable[[], Any]) -> Any:
    """Lock calls block on the network: run them off the event loop, bounded in time.

    asyncio.timeout, not wait_for: Python 3.11's wait_for returns the result when the call
    ends just as the task is cancelled, so the cancel was lost and `lead` never stopped
    (a shutdown, or a test's teardown, waited for ever)."""
    async with asyncio.timeout(CHECK_TIMEOUT):
        return await asyncio.to_thread(fn)


async def lead(lock, start: Callable[[], Awaitable[Any]], stop: Callable[[Any], Awaitable[None]],
               *, retry: float = 15.0) -> None:
    """Run forever (until cancelled): hold the lock and `start()` while holding it;
    `stop(handle)` when it is lost. Standbys retry every `retry` seconds; the holder
    checks its lock three times as often."""
    handle, held, started = None, False, False
    try:
        while True:
            if not held:
                held = await _try(lock)
                if held:
                    log.info("scheduler lock acquired (pid %s): this process runs the scheduler", os.getpid())
            elif not await _check(lock):
                log.warning("scheduler lock lost (pid %s): stopping the scheduler", os.getpid())
                if started:
                    await stop(handle)
                handle, held, started = None, False, False
                await asyncio.to_thread(lock.release)
            if held and not started:
                # A scheduler that fails to start is retried while the lock is kept: the
                # failure is this build's, another replica would fail the same way.
                try:
                    handle, started = await start(), True
                except Exception:
                    log.exception("scheduler failed to start; retrying in %ss", retry)
            # The holder looks at its lock more often than standbys try for it, so a lost
            # session stops our scheduler soon; PushRecord's unique claim keeps the brief
            # overlap, if any, from pushing anything twice.
            await asyncio.sleep(retry / 3 if held else retry)
    finally:
        if started:
            await stop(handle)
        await _dispose(lock)


async def _dispose(lock) -> None:
    """Off the event loop: disposing waits for a lock call still running in its thread."""
    try:
        await _call(lock.dispose)
    except Exception:
        log.warning("scheduler lock: could not close the lock connection in time", exc_info=True)


async def _try(lock) -> bool:
    try:
        return await _call(lock.acquire)
    except Exception as exc:         # database down: stay a standby and try again later
        log.warning("scheduler lock: cannot try (%s); retrying", type(exc).__name__)
        return False


async def _check(lock) -> bool:
    try:
        return await _call(lock.alive)
    except Exception:
        return False
