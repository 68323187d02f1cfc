"""Bulk seeding for the query benchmark (bench/queries.py) and its smoke test.

Years of a city's records, written straight through the DB-API (sqlite3 executemany,
or PostgreSQL COPY) into the schema the Alembic migrations build: going through the ORM
would take hours for 5.5 million reports.

What is seeded (`Plan`): `units` units, all on the roster of a duty group (id 1); a
leaders' group (id 2); one member per unit; for every day from `years` back to `end`:
one report per unit, 3 % of unit-days missing, 5 % late, 1 % with events, 0.5 %
re-reported (the first report superseded), 0.2 % withdrawn; on the last day ("today",
mid-morning) only 70 % have reported so far. Hazards (`hazards` in all, evenly by day)
with a creation event and one event per status change: most are rectified within weeks
and most of those closed, 2 % stay open for good (the overdue backlog), recent ones are
still in progress. Drills (`drills` in all, up to three weeks past `end`): held, some
left "planned" after their day, some cancelled, future ones planned; unit head counts
(some superseded by a later figure), member sign-ins, or a declared number only.

Rows are plain tuples in SQLite's storage format (dates ISO, times naive UTC text,
booleans 0/1); PostgreSQL's COPY reads the same text (its session runs in UTC).
"""
from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterator

DUTY_GROUP, LEADERS_GROUP = 1, 2
DUTY_CHAT, LEADERS_CHAT = -1001, -1002
CATEGORIES = ("消防", "交通", "建筑施工", "危化品", "防汛", "其他")
DRILL_TYPES = ("消防", "防汛", "地质灾害", "危化品泄漏", "综合")
BATCH = 100_000


@dataclass(frozen=True)
class Plan:
    units: int = 3000
    years: int = 5
    end: date = date(2026, 6, 30)          # the last day seeded: "today"
    hazards: int = 500_000
    drills: int = 20_000
    seed: int = 1

    @property
    def first(self) -> date:
        return self.end - timedelta(days=round(365.25 * self.years) - 1)

    @property
    def days(self) -> int:
        return (self.end - self.first).days + 1

    @classmethod
    def scaled(cls, units: int, years: float, end: date = date(2026, 6, 30), seed: int = 1) -> Plan:
        """The full plan's hazard and drill densities (per unit and day) for a smaller city."""
        per = units * years / (3000 * 5)
        return cls(units, years, end, max(int(500_000 * per), 50), max(int(20_000 * per), 20), seed)


def ts(day: date, seconds: int) -> str:
    """Naive UTC text, SQLAlchemy's SQLite DateTime format."""
    return (datetime.combine(day, datetime.min.time()) + timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S.%f")


# ---------------------------------------------------------------- the tables, in FK order

def groups(plan: Plan):
    created = ts(plan.first, 0)
    return [(DUTY_GROUP, DUTY_CHAT, "全市值班群", "duty", "12:00", "Asia/Shanghai", "{}", created),
            (LEADERS_GROUP, LEADERS_CHAT, "全市领导群", "leaders", "12:00", "Asia/Shanghai", "{}", created)]


def units(plan: Plan):
    kinds = ("镇", "街道", "部门", "企业")
    return [(i, f"单位{i:04d}", "[]", kinds[i % 4], 1) for i in range(1, plan.units + 1)]


def roster(plan: Plan):
    return [(i, DUTY_GROUP, i) for i in range(1, plan.units + 1)]


def members(plan: Plan):
    return [(i, 10_000_000 + i, f"值班员{i:04d}", i, "duty", ts(plan.first, 0)) for i in range(1, plan.units + 1)]


def duty_reports(plan: Plan) -> Iterator[tuple]:
    rng = random.Random(plan.seed)
    rid = 0
    for offset in range(plan.days):
        day = plan.first + timedelta(days=offset)
        d = day.isoformat()
        today = day == plan.end
        for unit in range(1, plan.units + 1):
            r = rng.random()
            if r < 0.03 or (today and rng.random() < 0.3):
                continue
            late = r < 0.08 and not today          # today's deadline (12:00) has not passed
            events = r > 0.99
            sent = rng.randrange(4 * 3600, 9 * 3600) if late else rng.randrange(0, 4 * 3600 - 60)
            withdrawn = 1 if 0.985 <= r < 0.987 else 0
            rid += 1
            yield (rid, unit, DUTY_GROUP, d, unit, ts(day, sent), 0 if events else 1,
                   f"{unit}号辖区道路塌方，已设警示" if events else "", int(late), DUTY_CHAT, None, withdrawn)
            if 0.08 <= r < 0.085:        # re-reported: an earlier report superseded by this one
                rid += 1                 # (written after it: PostgreSQL checks the key row by row)
                yield (rid, unit, DUTY_GROUP, d, unit, ts(day, max(sent - 60, 0)), 1, "", int(late),
                       DUTY_CHAT, rid - 1, 0)


def hazards_and_events(plan: Plan) -> Iterator[tuple[tuple, list[tuple]]]:
    rng = random.Random(plan.seed + 1)
    hid = eid = 0
    for k in range(plan.hazards):
        day = plan.first + timedelta(days=k * plan.days // plan.hazards)
        hid += 1
        unit = None if rng.random() < 0.005 else rng.randrange(1, plan.units + 1)
        deadline = day + timedelta(days=rng.randrange(3, 31))
        created = rng.randrange(0, 10 * 3600)
        stuck = rng.random() < 0.02                      # never rectified: the backlog
        started = day + timedelta(days=rng.randrange(0, 6))
        fixed = started + timedelta(days=rng.randrange(1, 35))
        closed = fixed + timedelta(days=rng.randrange(0, 10))
        events = [("", "待整改", ts(day, created), "")]
        status, rectified_at, closed_at = "待整改", None, None
        if started <= plan.end and (stuck and rng.random() < 0.5 or not stuck):
            status = "整改中"
            events.append(("待整改", "整改中", ts(started, created + 3600), ""))
        if not stuck and fixed <= plan.end:
            status, rectified_at = "已整改", ts(fixed, 6 * 3600)
            events.append(("整改中", "已整改", rectified_at, "已按要求整改完毕"))
            if closed <= plan.end and rng.random() < 0.8:
                status, closed_at = "已销号", ts(closed, 7 * 3600)
                events.append(("已整改", "已销号", closed_at, "复查合格"))
        row = (hid, f"YH-{day:%Y%m%d}-{hid:06d}", DUTY_GROUP, unit, f"{unit or 0}号地点{hid % 97}",
               "消防通道堵塞", rng.choice(CATEGORIES), "[]", "重大" if rng.random() < 0.05 else "一般",
               f"责任人{hid % 500}", day.isoformat(), deadline.isoformat(), status, unit, "[]", DUTY_CHAT,
               ts(day, created), rectified_at, closed_at)
        out = []
        for before, after, at, note in events:
            eid += 1
            out.append((eid, hid, unit, at, before, after, note))
        yield row, out


def drills_and_attendance(plan: Plan) -> Iterator[tuple[tuple, list[tuple]]]:
    rng = random.Random(plan.seed + 2)
    span = plan.days + 21
    did = aid = 0
    for k in range(plan.drills):
        day = plan.first + timedelta(days=k * span // plan.drills)
        did += 1
        r = rng.random()
        status = "planned" if day >= plan.end or r < 0.08 else "cancelled" if r < 0.15 else "held"
        organiser = None if rng.random() < 0.01 else rng.randrange(1, plan.units + 1)
        held = status != "cancelled" and day < plan.end
        figures = held and rng.random() < 0.7
        declared = rng.randrange(20, 300) if held and not figures and rng.random() < 0.8 else None
        row = (did, DUTY_GROUP, f"{day:%m月%d日}演练", rng.choice(DRILL_TYPES), organiser, organiser,
               day.isoformat(), f"{organiser or 0}号广场", status, declared, ts(day, 0))
        out = []
        if figures:
            signed = ts(day, 3 * 3600)
            for unit in rng.sample(range(1, plan.units + 1), min(rng.randrange(1, 5), plan.units)):
                aid += 1
                out.append((aid, did, None, unit, rng.randrange(5, 80), signed, None))
                if rng.random() < 0.1:                 # an earlier figure this one corrected
                    aid += 1
                    out.append((aid, did, None, unit, rng.randrange(5, 80), signed, aid - 1))
            for member in rng.sample(range(1, plan.units + 1), min(rng.randrange(0, 4), plan.units)):
                aid += 1
                out.append((aid, did, member, member, 1, signed, None))
        yield row, out


# ---------------------------------------------------------------- writing

COLUMNS = {
    "chat_group": "id, chat_id, title, role, deadline, timezone, settings, created_at",
    "unit": "id, name, aliases, kind, active",
    "rosterentry": "id, group_id, unit_id",
    "member": "id, user_id, name, unit_id, role, created_at",
    "dutyreport": "id, unit_id, group_id, duty_date, reporter_id, sent_at, zero, events, late, "
                  "source_chat_id, superseded_by, withdrawn",
    "hazard": "id, code, group_id, unit_id, place, description, category, categories, level, responsible, "
              "found_date, deadline, status, reporter_id, photos, source_chat_id, created_at, rectified_at, "
              "closed_at",
    "hazardevent": "id, hazard_id, actor_id, at, from_status, to_status, note",
    "drill": "id, group_id, title, drill_type, organiser_unit_id, organiser_id, drill_date, place, status, "
             "declared_participants, created_at",
    "attendance": "id, drill_id, member_id, unit_id, head_count, signed_at, superseded_by",
}


def table_rows(plan: Plan) -> Iterator[tuple[str, Iterator[tuple]]]:
    """(table, rows) in foreign-key order; hazards and drills come with their children."""
    yield "chat_group", iter(groups(plan))
    yield "unit", iter(units(plan))
    yield "rosterentry", iter(roster(plan))
    yield "member", iter(members(plan))
    yield "dutyreport", duty_reports(plan)
    yield ("hazard", "hazardevent"), hazards_and_events(plan)
    yield ("drill", "attendance"), drills_and_attendance(plan)


def _batches(rows: Iterator[tuple], size: int = BATCH) -> Iterator[list[tuple]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _sink(plan: Plan, write) -> dict[str, int]:
    """Feed every table to `write(table, rows)` in batches; returns row counts."""
    counts: dict[str, int] = {}
    for table, rows in table_rows(plan):
        if isinstance(table, tuple):
            parent_table, child_table = table
            parents, children = [], []
            for row, kids in rows:
                parents.append(row)
                children.extend(kids)
                if len(parents) >= BATCH // 4:
                    write(parent_table, parents), write(child_table, children)
                    counts[parent_table] = counts.get(parent_table, 0) + len(parents)
                    counts[child_table] = counts.get(child_table, 0) + len(children)
                    parents, children = [], []
            write(parent_table, parents), write(child_table, children)
            counts[parent_table] = counts.get(parent_table, 0) + len(parents)
            counts[child_table] = counts.get(child_table, 0) + len(children)
            continue
        for batch in _batches(rows):
            write(table, batch)
            counts[table] = counts.get(table, 0) + len(batch)
    return counts


def seed_sqlite(path: str, plan: Plan) -> dict[str, int]:
    """Create the schema with the migrations, then insert everything in one transaction."""
    from storage.db import make_engine, migrate
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-400000")

    def write(table: str, rows: list[tuple]) -> None:
        if rows:
            marks = ",".join("?" * len(rows[0]))
            db.executemany(f"INSERT INTO {table} ({COLUMNS[table]}) VALUES ({marks})", rows)

    with db:
        counts = _sink(plan, write)
    db.close()
    return counts


def seed_postgres(url: str, plan: Plan) -> dict[str, int]:
    """Same rows into PostgreSQL with COPY; `url` is a SQLAlchemy URL whose schema the
    caller has prepared (search_path), or any plain psycopg conninfo."""
    import psycopg
    from sqlalchemy.engine import make_url
    from storage.db import make_engine, migrate
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    parsed = make_url(url)
    conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    options = parsed.query.get("options")
    with psycopg.connect(conninfo, **({"options": options} if options else {})) as conn:
        conn.execute("SET TIME ZONE 'UTC'")
        conn.execute("SET synchronous_commit = off")

        def write(table: str, rows: list[tuple]) -> None:
            with conn.cursor().copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

        counts = _sink(plan, write)
        for table in COLUMNS:           # explicit ids: move the sequences past them
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"COALESCE((SELECT max(id) FROM {table}), 1))")
            conn.execute(f"ANALYZE {table}")
    return counts
