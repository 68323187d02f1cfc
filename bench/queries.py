"""B2: leaders' questions and the half-year report on 5 years x 3,000 units, against
hand-written SQL giving the same figures, in the same run.

    python bench/queries.py [--db PATH] [--units 3000] [--years 5] [--runs 60] [--pg URL]

Seeds (bench/seed_bulk.py) into --db (default data/bench/queries-<units>x<years>.db)
unless that file exists. Timed, each through the app's own code path:
  1. "本周隐患整改情况" in the leaders' group: understanding the text (with the 3,000-unit
     gazetteer) and the ask feature's answer (handlers/ask.py on_query);
  2. "今天谁没报" in the duty group: /missing (roster of 3,000, day_status, the text);
  3. the half-year facts: reports.build.build_facts for the leaders' group (every unit),
     this half year and the one before.
Each is compared with hand-written SQL first (the same figures, or the bench stops).
Printed: p50/p95 of each, the ratio app/hand per item; last line
`p95_ms=<worst p95 of the two questions> ratio=<worst ratio>`.
Targets: questions p95 < 100 ms, half-year < 1 s, ratio <= 1.5.

--pg URL (postgresql+psycopg://…) loads the same data into a fresh schema there with COPY,
runs the same three paths and comparisons, prints them, and drops the schema.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlmodel import Session, select  # noqa: E402

from bench import hand_sql  # noqa: E402
from bench.seed_bulk import DUTY_CHAT, DUTY_GROUP, LEADERS_CHAT, LEADERS_GROUP, Plan, seed_postgres, seed_sqlite  # noqa: E402
from bot.runtime.app import freeze_startup_heap  # noqa: E402
from core.clock import FakeClock  # noqa: E402
from bot.runtime.settings import Settings  # noqa: E402
from handlers import ask, duty  # noqa: E402
from handlers.base import Context, Incoming, NullPlatform  # noqa: E402
from handlers.router import known_units  # noqa: E402
from nlu.intents import understand  # noqa: E402
from reports.build import build_facts  # noqa: E402
from reports.facts import Period  # noqa: E402
from storage import stats  # noqa: E402
from storage.db import make_engine, migrate  # noqa: E402
from storage.models import Group  # noqa: E402

HAZARD_TEXT = "本周隐患整改情况"
CST = ZoneInfo("Asia/Shanghai")


class Mismatch(AssertionError):
    pass


def check(name: str, app: dict, hand: dict) -> None:
    if app != hand:
        keys = sorted(k for k in set(app) | set(hand) if app.get(k) != hand.get(k))
        raise Mismatch(f"{name}: the app and the hand-written SQL differ in {keys}")


class Paths:
    """The three app paths and their hand-written twins on one database."""

    def __init__(self, engine, raw, today: date, pg: bool = False):
        self.engine, self.session = engine, Session(engine)
        self.raw, self.today, self.pg = raw, today, pg
        self.now = datetime.combine(today, datetime.min.time().replace(hour=10, minute=30), tzinfo=CST)
        self.leaders = self.session.exec(select(Group).where(Group.id == LEADERS_GROUP)).one()
        self.duty = self.session.exec(select(Group).where(Group.id == DUTY_GROUP)).one()
        self.settings = Settings()
        self.ctx_duty = self._ctx(self.session, self.duty)
        self.loop = asyncio.new_event_loop()
        self.monday = today - timedelta(days=today.weekday())
        self.half = Period.half_year(today.year, 1 if today.month <= 6 else 2)

    def _ctx(self, session: Session, group: Group) -> Context:
        return Context(session, FakeClock(self.now), self.settings, NullPlatform(), group=session.merge(group))

    def close(self) -> None:
        self.loop.close()
        self.session.close()

    # -- 1. 本周隐患整改情况
    def app_hazard(self) -> str:
        incoming = Incoming(chat_id=LEADERS_CHAT, sender_id=1, text=HAZARD_TEXT, sent_at=self.now, message_id=1)
        with Session(self.engine) as session:      # one session per message, as the runner
            ctx = self._ctx(session, self.leaders)
            intent = understand(HAZARD_TEXT, self.now, known_units(ctx))
            replies = self.loop.run_until_complete(ask.on_query(incoming, ctx, intent))
        return replies[0].text

    def hand_hazard(self) -> dict:
        return hand_sql.hazard_week(self.raw.cursor(), self.monday, self.monday + timedelta(days=6), self.today,
                                    ask.SHOWN, self.pg)

    def check_hazard(self) -> None:
        s = stats.hazard_stats(session=self.session, scope=stats.Scope.of_group(self.leaders), start=self.monday,
                               end=self.monday + timedelta(days=6), today=self.today, overdue_limit=ask.SHOWN)
        check("本周隐患整改情况", hand_sql.figures_of_hazard_stats(s), self.hand_hazard())
        text = self.app_hazard()
        for figure in (s.found, s.rectified, s.overdue_count, *(o.code for o in s.overdue)):
            if str(figure) not in text:
                raise Mismatch(f"本周隐患整改情况: {figure} is not in the answer")

    # -- 2. 今天谁没报
    def app_missing(self) -> str:
        incoming = Incoming(chat_id=DUTY_CHAT, sender_id=1, text="/missing", sent_at=self.now, message_id=1)
        with Session(self.engine) as session:
            replies = self.loop.run_until_complete(duty.missing(incoming, self._ctx(session, self.duty), ""))
        return replies[0].text

    def hand_missing(self) -> dict:
        return hand_sql.missing_today(self.raw.cursor(), DUTY_GROUP, self.today)

    def check_missing(self) -> None:
        status, _ = duty.status_now(self.ctx_duty, self.duty)
        hand = self.hand_missing()
        check("今天谁没报", hand_sql.figures_of_day_status(status), hand)
        if str(len(hand["missing"])) not in self.app_missing():
            raise Mismatch("今天谁没报: the count is not in the answer")

    # -- 3. half-year facts
    def app_facts(self):
        with Session(self.engine) as session:
            return build_facts(session, self.half, session.merge(self.leaders), self.today, deadline_passed=False)

    def hand_facts(self) -> dict:
        return hand_sql.facts(self.raw.cursor(), self.half.start, self.half.end, self.today,
                              self.half.previous().start, self.pg)

    def check_facts(self) -> None:
        app, hand = hand_sql.figures_of_facts(self.app_facts()), self.hand_facts()
        for part in ("duty", "hazards", "drills"):
            check(f"half-year {part}", app[part], hand[part])
        if (app["previous"] is None) != (hand["previous"] is None):
            raise Mismatch("half-year: one side has a previous period, the other not")
        for part in ("duty", "hazards", "drills") if app["previous"] else ():
            check(f"previous half-year {part}", app["previous"][part], hand["previous"][part])


def timings(fn: Callable, runs: int) -> list[float]:
    fn()                                   # warm: caches, compiled statements
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return sorted(out)


def p95(ms: list[float]) -> float:
    return ms[min(len(ms) - 1, max(0, round(0.95 * len(ms)) - 1))]


def run(paths: Paths, runs: int, label: str) -> tuple[float, float]:
    t = time.perf_counter()
    paths.check_hazard()
    paths.check_missing()
    paths.check_facts()
    print(f"[{label}] figures equal to the hand-written SQL's ({time.perf_counter() - t:.1f} s to check)")
    items = [("本周隐患整改情况", paths.app_hazard, paths.hand_hazard, runs),
             ("今天谁没报", paths.app_missing, paths.hand_missing, runs),
             ("half-year facts", paths.app_facts, paths.hand_facts, max(5, runs // 4))]
    worst_p95 = worst_ratio = 0.0
    for name, app, hand, n in items:
        a, h = timings(app, n), timings(hand, n)
        ratio = p95(a) / p95(h)
        worst_ratio = max(worst_ratio, ratio)
        if name != "half-year facts":
            worst_p95 = max(worst_p95, p95(a))
        print(f"[{label}] {name:<10} runs={n:<3} app p50 {statistics.median(a):8.1f} ms  p95 {p95(a):8.1f} ms | "
              f"hand SQL p50 {statistics.median(h):8.1f} ms  p95 {p95(h):8.1f} ms | ratio {ratio:.2f}")
    return worst_p95, worst_ratio


def sqlite_run(args, plan: Plan) -> tuple[float, float]:
    import sqlite3
    path = Path(args.db or ROOT / "data" / "bench" / f"queries-{plan.units}x{plan.years:g}.db")
    if path.exists():
        print(f"reusing {path} (brought to the newest migration, as the app does at start)")
        t = time.perf_counter()
        engine = make_engine(f"sqlite:///{path}")
        migrate(engine)
        engine.dispose()
        print(f"  migrated in {time.perf_counter() - t:.1f} s")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        counts = seed_sqlite(str(path), plan)
        print(f"seeded {path} in {time.perf_counter() - t:.0f} s: {counts}")
    engine = make_engine(f"sqlite:///{path}")
    raw = sqlite3.connect(str(path))
    paths = Paths(engine, raw, plan.end)
    freeze_startup_heap()               # as `python -m bot run` does once it has started
    try:
        return run(paths, args.runs, "sqlite")
    finally:
        paths.close()
        raw.close()
        engine.dispose()


def pg_run(args, plan: Plan) -> None:
    import psycopg
    from sqlalchemy.engine import make_url
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    base = make_url(args.pg)
    conninfo = base.set(drivername="postgresql").render_as_string(hide_password=False)
    options = f"-csearch_path={schema}"
    with psycopg.connect(conninfo, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        url = base.update_query_dict({"options": options}).render_as_string(hide_password=False)
        t = time.perf_counter()
        counts = seed_postgres(url, plan)
        print(f"[postgresql] loaded schema {schema} with COPY in {time.perf_counter() - t:.0f} s: {counts}")
        engine = make_engine(url)
        with psycopg.connect(conninfo, options=options, autocommit=True) as raw:
            raw.execute("SET TIME ZONE 'UTC'")
            paths = Paths(engine, raw, plan.end, pg=True)
            freeze_startup_heap()
            try:
                p, r = run(paths, args.runs, "postgresql")
                print(f"[postgresql] p95_ms={p:.0f} ratio={r:.2f}")
            finally:
                paths.close()
                engine.dispose()
    finally:
        with psycopg.connect(conninfo, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="SQLite file: reused if it exists, else seeded there")
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--years", type=float, default=5)
    # a p95 of 20 runs is the second-slowest run: this machine's noise more than a figure
    parser.add_argument("--runs", type=int, default=60, help="runs per question (half-year: a quarter, >= 5)")
    parser.add_argument("--pg", help="also on PostgreSQL: postgresql+psycopg://user:pw@host/db")
    args = parser.parse_args()
    plan = Plan() if (args.units, args.years) == (3000, 5) else Plan.scaled(args.units, args.years)
    p, r = sqlite_run(args, plan)
    if args.pg:
        pg_run(args, plan)
    print(f"p95_ms={p:.0f} ratio={r:.2f}")


if __name__ == "__main__":
    main()
