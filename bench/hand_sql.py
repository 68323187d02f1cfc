"""Hand-written SQL (the DB-API directly, a few statements each) giving the same figures
as the app's paths timed in bench/queries.py; `figures_of_*` read the same figures out of
the app's answers so the two can be compared before anything is timed.

Scope: every active unit (a leaders' group) for hazards and the half-year facts; the
duty group's roster for "今天谁没报". `cur` is a DB-API cursor (sqlite3 or psycopg);
statements use %s-free literals of dates only (safe: they come from `date` objects).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from reports.facts import Facts, shorten

OPEN = "('待整改', '整改中')"
RECTIFIED = "('已整改', '已销号')"
LIMIT = 200


def _d(day: date) -> str:
    return f"'{day.isoformat()}'"


def _cut(day: date, pg: bool) -> str:
    """The first instant after `day` in China, as the column stores it."""
    moment = datetime.combine(day + timedelta(days=1), time(0), tzinfo=ZoneInfo("Asia/Shanghai"))
    utc = moment.astimezone(ZoneInfo("UTC"))
    return f"'{utc.isoformat()}'" if pg else f"'{utc:%Y-%m-%d %H:%M:%S.%f}'"


def _rows(cur, sql: str) -> list[tuple]:
    cur.execute(sql)
    return cur.fetchall()


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


# ---------------------------------------------------------------- 本周隐患整改情况

def hazard_week(cur, start: date, end: date, today: date, limit: int, pg: bool = False) -> dict:
    asof = min(end, today)
    cut = _cut(asof, pg)
    f = {"found": 0, "by_level": {}, "by_category": {}, "rectified": 0, "closed": 0, "in_progress": 0}
    for level, category, n, r, c, p in _rows(cur, f"""
            SELECT level, category, count(*),
                   sum(CASE WHEN status IN {RECTIFIED} AND (rectified_at IS NULL OR rectified_at < {cut}) THEN 1 ELSE 0 END),
                   sum(CASE WHEN status = '已销号' AND (closed_at IS NULL OR closed_at < {cut}) THEN 1 ELSE 0 END),
                   sum(CASE WHEN status = '整改中' THEN 1 ELSE 0 END)
            FROM hazard WHERE found_date BETWEEN {_d(start)} AND {_d(end)} GROUP BY level, category"""):
        f["found"] += n
        f["by_level"][level] = f["by_level"].get(level, 0) + n
        f["by_category"][category] = f["by_category"].get(category, 0) + n
        f["rectified"] += r
        f["closed"] += c
        f["in_progress"] += p
    f.update(_open(cur, asof, today, cut))
    f["overdue"] = _overdue(cur, asof, today, cut, limit)
    return f


def _open_where(asof: date, today: date, cut: str) -> str:
    if asof >= today:
        return f"status IN {OPEN}"
    return (f"found_date <= {_d(asof)} AND (status IN {OPEN} OR "
            f"(status IN {RECTIFIED} AND rectified_at >= {cut}))")


def _open(cur, asof: date, today: date, cut: str) -> dict:
    out = {"overdue_count": 0, "major_open": 0, "open_by_category": {}}
    for category, level, n, late in _rows(cur, f"""
            SELECT category, level, count(*), sum(CASE WHEN deadline < {_d(asof)} THEN 1 ELSE 0 END)
            FROM hazard WHERE {_open_where(asof, today, cut)} GROUP BY category, level"""):
        out["open_by_category"][category] = out["open_by_category"].get(category, 0) + n
        out["major_open"] += n if level == "重大" else 0
        out["overdue_count"] += late
    return out


def _overdue(cur, asof: date, today: date, cut: str, limit: int | None) -> list[tuple]:
    rows = _rows(cur, f"""
            SELECT h.code, coalesce(nullif(h.place, ''), u.name, ''), h.category, h.level, h.responsible, h.deadline
            FROM hazard h LEFT JOIN unit u ON u.id = h.unit_id
            WHERE {_open_where(asof, today, cut)} AND h.deadline < {_d(asof)}
            ORDER BY h.deadline, h.code {f'LIMIT {limit}' if limit else ''}""")
    return [(code, place, cat, level, resp, (asof - _day(dl)).days) for code, place, cat, level, resp, dl in rows]


def figures_of_hazard_stats(s) -> dict:
    return {"found": s.found, "by_level": s.by_level, "by_category": s.by_category, "rectified": s.rectified,
            "closed": s.closed, "in_progress": s.in_progress, "overdue_count": s.overdue_count,
            "major_open": s.major_open, "open_by_category": s.open_by_category,
            "overdue": [(o.code, o.place, o.category, o.level, o.responsible, o.days_overdue) for o in s.overdue]}


# ---------------------------------------------------------------- 今天谁没报

def missing_today(cur, group_id: int, today: date) -> dict:
    rows = _rows(cur, f"""
            SELECT u.name, d.late, d.sent_at FROM rosterentry r
            JOIN unit u ON u.id = r.unit_id AND u.active = {'true' if _is_pg(cur) else '1'}
            LEFT JOIN dutyreport d ON d.unit_id = r.unit_id AND d.duty_date = {_d(today)}
                 AND d.superseded_by IS NULL AND d.withdrawn = {'false' if _is_pg(cur) else '0'}
            WHERE r.group_id = {group_id} ORDER BY r.id""")
    missing = [n for n, late, _ in rows if late is None]
    late = sorted(((str(at), n) for n, late, at in rows if late), key=lambda p: p[0])
    return {"expected": len(rows), "missing": missing, "late": [n for _, n in late],
            "on_time": sum(1 for _, x, _ in rows if x is not None and not x)}


def figures_of_day_status(status) -> dict:
    return {"expected": status.expected, "missing": list(status.missing),
            "late": [name for name, _ in status.late], "on_time": status.on_time}


def _is_pg(cur) -> bool:
    return type(cur).__module__.startswith("psycopg")


# ---------------------------------------------------------------- half-year facts

def facts(cur, start: date, end: date, today: date, previous: date | None = None, pg: bool = False) -> dict:
    """The figures of build_facts for every unit: this period and, given `previous`
    (the previous period's start), the one before it (counts only, no event quotes)."""
    out = _period(cur, start, end, today, events=True, pg=pg)
    if previous is not None:
        before = _period(cur, previous, start - timedelta(days=1), today, events=False, pg=pg)
        empty = not (before["duty"]["expected"] or before["hazards"]["found"] or before["hazards"]["overdue"]
                     or before["drills"]["held"])
        out["previous"] = None if empty else before
    return out


def _period(cur, start: date, end: date, today: date, *, events: bool, pg: bool) -> dict:
    asof = min(end, today)
    hazards = hazard_week(cur, start, end, today, 0, pg)
    hazards.pop("overdue_count")
    return {"duty": _duty(cur, start, end, today, events, pg), "hazards": hazards,
            "drills": _drills(cur, start, end, today, asof)}


def _duty(cur, start: date, end: date, today: date, events: bool, pg: bool) -> dict:
    false, true = ("false", "true") if pg else ("0", "1")
    last = min(end, today)
    names = dict(_rows(cur, f"SELECT id, name FROM unit WHERE active = {true} ORDER BY id"))
    first = _rows(cur, "SELECT min(duty_date) FROM dutyreport")[0][0]
    start = max(start, _day(first)) if first is not None else last + timedelta(days=1)
    days = max((last - start).days + 1, 0)
    live = (f"superseded_by IS NULL AND withdrawn = {false} "
            f"AND duty_date BETWEEN {_d(start)} AND {_d(last)}")
    per = {u: (n, late, zero) for u, n, late, zero in _rows(cur, f"""
            SELECT unit_id, count(DISTINCT duty_date), sum(CASE WHEN late THEN 1 ELSE 0 END),
                   sum(CASE WHEN zero THEN 1 ELSE 0 END)
            FROM dutyreport WHERE {live} GROUP BY unit_id""") if u in names} if days else {}
    reported = sum(n for n, _, _ in per.values())
    late = sum(x for _, x, _ in per.values())
    quoted = sorted((u, _day(d), shorten(t)) for u, d, t in _rows(cur, f"""
            SELECT u.name, d.duty_date, d.events FROM dutyreport d JOIN unit u ON u.id = d.unit_id
            WHERE {live.replace('duty_date', 'd.duty_date')} AND d.zero = {false}""")) if events and days else []
    # counted before today's deadline: today's units without a report yet are not owed (storage/due.py)
    pending = set(names) - {u for (u,) in _rows(cur, f"SELECT DISTINCT unit_id FROM dutyreport WHERE "
                                                f"superseded_by IS NULL AND withdrawn = {false} "
                                                f"AND duty_date = {_d(today)}")} \
        if days and start <= today <= last else set()
    owed = {u: days - per.get(u, (0,))[0] - (u in pending) for u in names}
    return {"units": len(names), "days": days, "expected": len(names) * days - len(pending),
            "on_time": reported - late, "late": late, "missing": len(names) * days - reported - len(pending),
            "zero": sum(z for _, _, z in per.values()), "events": quoted,
            "most_late": sorted(((names[u], x) for u, (_, x, _) in per.items() if x), key=lambda p: (-p[1], p[0])),
            "most_missing": sorted(((names[u], n) for u, n in owed.items() if n > 0), key=lambda p: (-p[1], p[0]))}


def _drills(cur, start: date, end: date, today: date, asof: date) -> dict:
    held = (f"(status = 'held' OR (status = 'planned' AND drill_date < {_d(today)})) "
            f"AND drill_date BETWEEN {_d(start)} AND {_d(end)}")
    # head count: each unit's newest live figure, plus member sign-ins of units without a figure
    by_type = _rows(cur, f"""
            WITH d AS (SELECT id, drill_type, declared_participants FROM drill WHERE {held}),
            a AS (SELECT a.* FROM attendance a JOIN d ON d.id = a.drill_id WHERE a.superseded_by IS NULL),
            n AS (SELECT drill_id, sum(head_count) AS people FROM a
                  WHERE member_id IS NULL AND unit_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM a g WHERE g.drill_id = a.drill_id AND g.unit_id = a.unit_id
                                  AND g.member_id IS NULL AND g.id > a.id)
                  GROUP BY drill_id),
            m AS (SELECT a.drill_id, count(*) AS people FROM a JOIN member mb ON mb.id = a.member_id
                  WHERE NOT EXISTS (SELECT 1 FROM a f WHERE f.drill_id = a.drill_id AND f.member_id IS NULL
                                    AND f.unit_id = mb.unit_id) GROUP BY a.drill_id)
            SELECT d.drill_type, count(*),
                   sum(CASE WHEN n.drill_id IS NULL AND m.drill_id IS NULL
                            THEN coalesce(d.declared_participants, 0)
                            ELSE coalesce(n.people, 0) + coalesce(m.people, 0) END)
            FROM d LEFT JOIN n ON n.drill_id = d.id LEFT JOIN m ON m.drill_id = d.id GROUP BY d.drill_type""")
    taking_part = [n for (n,) in _rows(cur, f"""
            SELECT name FROM unit WHERE id IN (
                SELECT organiser_unit_id FROM drill WHERE {held}
                UNION SELECT coalesce(a.unit_id, mb.unit_id) FROM attendance a
                      LEFT JOIN member mb ON mb.id = a.member_id
                      WHERE a.superseded_by IS NULL AND a.drill_id IN (SELECT id FROM drill WHERE {held}))
            ORDER BY id LIMIT {LIMIT}""")]
    upcoming = [(t, _day(d), k) for t, d, k in _rows(cur, f"""
            SELECT title, drill_date, drill_type FROM drill WHERE status = 'planned'
            AND drill_date BETWEEN {_d(max(today, start))} AND {_d(max(end, today) + timedelta(days=14))}
            ORDER BY drill_date, id LIMIT 5""")]
    return {"held": sum(n for _, n, _ in by_type), "participants": int(sum(p or 0 for _, _, p in by_type)),
            "by_type": {t: n for t, n, _ in by_type}, "units_taking_part": taking_part, "upcoming": upcoming}


def figures_of_facts(f: Facts, *, top: bool = True) -> dict:
    d, h, r = f.duty, f.hazards, f.drills
    out = {
        "duty": {"units": d.units, "days": d.days, "expected": d.expected, "on_time": d.on_time, "late": d.late,
                 "missing": d.missing, "zero": d.zero_reports,
                 "events": sorted((e.unit, e.day, e.text) for e in d.event_reports),
                 "most_late": d.most_late, "most_missing": d.most_missing},
        "hazards": {"found": h.found, "by_level": h.by_level, "by_category": h.by_category,
                    "rectified": h.rectified, "closed": h.closed, "in_progress": h.in_progress,
                    "major_open": h.major_open, "open_by_category": h.open_by_category,
                    "overdue": [(o.code, o.place, o.category, o.level, o.responsible, o.days_overdue)
                                for o in h.overdue]},
        "drills": {"held": r.held, "participants": r.participants, "by_type": r.by_type,
                   "units_taking_part": r.units_taking_part,
                   "upcoming": [(p.title, p.day, p.type) for p in r.planned_upcoming]}}
    if top:
        out["previous"] = figures_of_facts(f.previous, top=False) if f.previous is not None else None
    return out
