"""What B1's target leaves room for: the cheapest handler that still does a duty report's
durable work, through the same aiogram Dispatcher and in-process Bot API as
bench/throughput.py, written four ways, against the echo-only handler, in one run.

    python bench/floor.py [--updates 4000]

Every variant, for each message: read the sender's member row, INSERT the report, INSERT
the processed-update key, COMMIT, answer "已记录". No understanding, no routing, no
checks: a floor, not an assistant. The variants differ only in how they reach SQLite:
  raw sqlite3          the DB-API cursor, hand-written SQL
  raw sqlite3 + nlu    the same, plus nlu.understand() on the text
  sqlalchemy core      prebuilt Core statements on one Connection
  sqlmodel session     a Session per message, as handlers/runner.py does
Last line: `raw=… raw_nlu=… core=… session=…`, each variant's ratio (echo time / its
time); B1's target is 0.5 for the whole assistant.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiogram import Bot, Dispatcher, Router  # noqa: E402
from aiogram.types import Message  # noqa: E402
from sqlalchemy import bindparam, insert, select  # noqa: E402

from bench.throughput import GROUP, START, drive, echo_dispatcher, messages, seed, updates  # noqa: E402
from core.clock import FakeClock  # noqa: E402
from bot.runtime.settings import Settings  # noqa: E402
from handlers.base import NullPlatform  # noqa: E402
from handlers.runner import Deps  # noqa: E402
from nlu.intents import understand  # noqa: E402
from storage.db import SessionFactory, make_engine, migrate  # noqa: E402
from storage.models import DutyReport, Member, ProcessedUpdate  # noqa: E402
from tests.fakes.local_session import LocalSession  # noqa: E402

DAY = START.date()
KEYS = {"raw sqlite3": "raw", "raw sqlite3 + nlu": "raw_nlu", "sqlalchemy core": "core", "sqlmodel session": "session"}
REPORT_SQL = ("INSERT INTO dutyreport (unit_id, group_id, duty_date, reporter_id, sent_at, zero, events, late,"
              " source_chat_id, source_message_id, withdrawn) VALUES (?, 1, ?, ?, ?, 1, '', 0, ?, ?, 0)")


def dispatcher(handler) -> Dispatcher:
    router = Router()
    router.message()(handler)
    dp = Dispatcher()
    dp.include_router(router)
    return dp


def raw_handler(path: str, nlu: bool):
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")

    async def handle(message: Message) -> None:
        if nlu:
            understand(message.text or "", message.date, ())
        cur = db.cursor()
        cur.execute("BEGIN")
        member_id, unit_id = cur.execute("SELECT id, unit_id FROM member WHERE user_id = ?",
                                         (message.from_user.id,)).fetchone()
        cur.execute(REPORT_SQL, (unit_id, DAY.isoformat(), member_id, message.date.isoformat(" "),
                                 GROUP, message.message_id))
        cur.execute("INSERT INTO processedupdate (update_key, processed_at) VALUES (?, ?)",
                    (f"raw{nlu}:{message.message_id}", message.date.isoformat(" ")))
        cur.execute("COMMIT")
        await message.answer("已记录")
    return handle


_MEMBER = select(Member.id, Member.unit_id).where(Member.user_id == bindparam("user_id"))
_REPORT = insert(DutyReport).values(unit_id=bindparam("unit_id"), group_id=1, duty_date=DAY,
                                    reporter_id=bindparam("member_id"), sent_at=bindparam("at"), zero=True,
                                    events="", late=False, source_chat_id=GROUP,
                                    source_message_id=bindparam("message_id"), withdrawn=False)
_PROCESSED = insert(ProcessedUpdate).values(update_key=bindparam("key"), processed_at=bindparam("at"))


def core_handler(engine):
    conn = engine.connect()

    async def handle(message: Message) -> None:
        with conn.begin():
            member_id, unit_id = conn.execute(_MEMBER, {"user_id": message.from_user.id}).one()
            conn.execute(_REPORT, {"unit_id": unit_id, "member_id": member_id, "at": message.date,
                                   "message_id": message.message_id})
            conn.execute(_PROCESSED, {"key": f"core:{message.message_id}", "at": message.date})
        await message.answer("已记录")
    return handle


def session_handler(engine):
    factory = SessionFactory(engine)
    member_stmt = select(Member).where(Member.user_id == bindparam("user_id"))

    async def handle(message: Message) -> None:
        with factory() as session:
            member = session.execute(member_stmt, {"user_id": message.from_user.id}).scalar_one()
            session.add(DutyReport(unit_id=member.unit_id, group_id=1, duty_date=DAY, reporter_id=member.id,
                                   sent_at=message.date, source_chat_id=GROUP,
                                   source_message_id=message.message_id))
            session.add(ProcessedUpdate(update_key=f"orm:{message.message_id}", processed_at=message.date))
            session.commit()
        await message.answer("已记录")
    return handle


def session_step(engine):
    """The floor of one update with no dispatcher: nlu.understand() on the text and one
    write transaction as handlers/runner.py opens it (the sender's member row read, the
    report and the processed-update key written, committed). bench/throughput.py times
    the assistant against it."""
    factory = SessionFactory(engine)
    member_stmt = select(Member).where(Member.user_id == bindparam("user_id"))

    def step(user_id: int, text: str, message_id: int, at: datetime) -> None:
        understand(text, at, ())
        with factory() as session:
            member = session.execute(member_stmt, {"user_id": user_id}).scalar_one()
            session.add(DutyReport(unit_id=member.unit_id, group_id=1, duty_date=DAY, reporter_id=member.id,
                                   sent_at=at, source_chat_id=GROUP, source_message_id=message_id))
            session.add(ProcessedUpdate(update_key=f"floor:{message_id}", processed_at=at))
            session.commit()
    return step


async def main(count: int) -> None:
    path = f"{tempfile.mkdtemp(prefix='zhishou-floor-')}/floor.db"
    settings = Settings(_env_file=None, database_url=f"sqlite:///{path}")
    engine = make_engine(settings.database_url)
    migrate(engine)
    deps = Deps(session_factory=SessionFactory(engine), clock=FakeClock(START), settings=settings,
                platform=NullPlatform())
    mix = messages(seed(deps, 200), count, random.Random(7), only="duty")
    variants = {"echo": echo_dispatcher(),
                "raw sqlite3": dispatcher(raw_handler(path, nlu=False)),
                "raw sqlite3 + nlu": dispatcher(raw_handler(path, nlu=True)),
                "sqlalchemy core": dispatcher(core_handler(engine)),
                "sqlmodel session": dispatcher(session_handler(engine))}
    bot = Bot(token="42:LOCAL", session=LocalSession())
    bot.session.record = False
    spent: dict[str, list[float]] = {name: [] for name in variants}
    rounds = 4          # interleaved, so this noisy machine's drift touches every variant alike
    size = count // rounds
    for r in range(rounds):
        batch = updates(mix[r * size:(r + 1) * size], 1_000_000 + r * size)
        for name, dp in variants.items():
            spent[name] += await drive(dp, bot, batch, None)
    echo = sum(spent["echo"])
    print(f"updates={count} database=SQLite (WAL, synchronous=NORMAL) bot_api=in-process "
          f"at {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    for name, seconds in spent.items():
        print(f"{name:<18} {statistics.fmean(seconds) * 1000:6.3f} ms/update  ratio {echo / sum(seconds):.2f}")
    print(" ".join(f"{KEYS[name]}={echo / sum(s):.2f}" for name, s in spent.items() if name != "echo"))
    await bot.session.close()
    engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=4000)
    asyncio.run(main(parser.parse_args().updates))
