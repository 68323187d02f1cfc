"""Migration 006 (issue 16, rule 10): every group that existed takes part at once, and its
roles, bindings and reports stay as they were."""
from __future__ import annotations

from datetime import datetime, timezone

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from storage.db import ROOT, make_engine, migrate


def _upgrade_to(engine, revision: str) -> None:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "storage" / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def test_existing_groups_are_enrolled_and_keep_their_people(db_url):
    engine = make_engine(db_url)
    _upgrade_to(engine, "005")
    made = datetime(2026, 5, 1, 8, 0)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO chat_group (id, chat_id, title, role, deadline, timezone, settings, created_at)"
                          " VALUES (1, -100123, '值班群', 'duty', '12:00', 'Asia/Shanghai', '{}', :at),"
                          " (2, -100999, '领导群', 'leaders', '12:00', 'Asia/Shanghai', '{}', :at)"), {"at": made})
        conn.execute(text("INSERT INTO unit (id, name, aliases, kind, active) VALUES (1, '青石镇', '[]', '镇', true)"))
        conn.execute(text("INSERT INTO rosterentry (id, group_id, unit_id) VALUES (1, 1, 1)"))
        conn.execute(text("INSERT INTO member (id, user_id, name, unit_id, role, created_at)"
                          " VALUES (1, 5001, '李明', 1, 'leader', :at)"), {"at": made})
        conn.execute(text("INSERT INTO dutyreport (id, unit_id, group_id, duty_date, reporter_id, sent_at, zero,"
                          " events, late, source_chat_id, withdrawn) VALUES (1, 1, 1, '2026-05-01', 1, :at, true,"
                          " '', false, -100123, false)"), {"at": made})
    migrate(engine)
    with engine.connect() as conn:
        groups = conn.execute(text("SELECT chat_id, role, enrolled_at FROM chat_group ORDER BY id")).all()
        member = conn.execute(text("SELECT unit_id, role FROM member")).one()
        reports = conn.execute(text("SELECT count(*) FROM dutyreport")).scalar()
        roster = conn.execute(text("SELECT count(*) FROM rosterentry")).scalar()
    engine.dispose()
    assert [(g[0], g[1]) for g in groups] == [(-100123, "duty"), (-100999, "leaders")]
    raw = [datetime.fromisoformat(g[2]) if isinstance(g[2], str) else g[2] for g in groups]   # SQLite: text
    enrolled = [at if at.tzinfo else at.replace(tzinfo=timezone.utc) for at in raw]
    assert all(at == made.replace(tzinfo=timezone.utc) for at in enrolled)
    assert tuple(member) == (1, "leader") and reports == 1 and roster == 1
