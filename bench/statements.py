"""What each kind of message costs the database: SQL statements and transactions per
update, by kind, over bench/throughput.py's own mix (same seed, same group, same warm-up).
A map for speed work: it counts, it does not time.

    python bench/statements.py [--updates 700] [--units 200] [--show KIND]

--show KIND also prints, for the last update of that kind, every statement it ran (first
line of each, in order), with the bookkeeping after the reply (outbox marks, card
records, board edits) counted with the update that caused it.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiogram import Bot  # noqa: E402
from sqlalchemy import event  # noqa: E402

from bench.throughput import ADMIN, KINDS, START, drill_announcement, kind_of, messages, seed, updates  # noqa: E402
from bot.runtime.settings import Settings  # noqa: E402
from bot.telegram.inbound import build_dispatcher  # noqa: E402
from bot.telegram.outbound import edit_coalescer  # noqa: E402
from bot.telegram.platform import TelegramPlatform  # noqa: E402
from core.clock import FakeClock  # noqa: E402
from handlers.runner import Deps  # noqa: E402
from storage.db import SessionFactory, make_engine, migrate  # noqa: E402
from tests.fakes.local_session import LocalSession  # noqa: E402


class Tally:
    def __init__(self):
        self.statements: list[str] = []
        self.commits = 0

    def on_statement(self, _conn, _cursor, statement, *_args) -> None:
        self.statements.append(" ".join(statement.split())[:110])

    def on_commit(self, _conn) -> None:
        self.commits += 1

    def take(self) -> tuple[list[str], int]:
        taken = (self.statements, self.commits)
        self.statements, self.commits = [], 0
        return taken


async def main(count: int, units: int, show: str | None) -> None:
    workdir = tempfile.mkdtemp(prefix="zhishou-statements-")
    settings = Settings(_env_file=None, database_url=f"sqlite:///{workdir}/bench.db", bot_admins=str(ADMIN))
    engine = make_engine(settings.database_url)
    migrate(engine)
    bot = Bot(token="42:LOCAL", session=LocalSession())
    bot.session.record = False
    clock = FakeClock(START)
    deps = Deps(session_factory=SessionFactory(engine), clock=clock, settings=settings,
                platform=TelegramPlatform(bot))
    rng = random.Random(7)
    liaisons = seed(deps, units)
    dispatcher = build_dispatcher(deps)
    warm = messages(liaisons, max(200, count // 10), rng)
    mix = messages(liaisons, count, rng)
    for batch in (updates([drill_announcement()], 1), updates(warm, 2)):
        for update in batch:
            clock.set(update.message.date)
            await dispatcher.feed_update(bot, update)
    tally = Tally()
    event.listen(engine, "before_cursor_execute", tally.on_statement)
    event.listen(engine, "commit", tally.on_commit)
    per_kind: dict[str, list[tuple[int, int]]] = {}
    last: dict[str, list[str]] = {}
    for (_, text), update in zip(mix, updates(mix, 1_000_000)):
        clock.set(update.message.date)
        await dispatcher.feed_update(bot, update)
        statements, commits = tally.take()
        per_kind.setdefault(kind_of(text), []).append((len(statements), commits))
        last[kind_of(text)] = statements
    await edit_coalescer(bot).flush()
    held = tally.take()
    print(f"updates={count} units={units} (SQLite); statements and commits per update, mean [min-max]")
    for kind in KINDS:
        rows = per_kind.get(kind)
        if not rows:
            continue
        n = [s for s, _ in rows]
        c = [k for _, k in rows]
        print(f"  {kind:<12} statements {sum(n) / len(n):5.1f} [{min(n)}-{max(n)}]  "
              f"commits {sum(c) / len(c):4.1f} [{min(c)}-{max(c)}]  ({len(rows)} updates)")
    print(f"  held edits flushed at the end: {len(held[0])} statements, {held[1]} commits")
    if show:
        print(f"\nthe last {show!r} update's statements:")
        for statement, times in Counter(last.get(show, [])).items():
            print(f"  {times}x {statement}")
    await bot.session.close()
    engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=700)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--show", choices=KINDS)
    args = parser.parse_args()
    asyncio.run(main(args.updates, args.units, args.show))
