"""Engine and session factory. SQLite gets WAL and a busy timeout; the schema is brought
to head by Alembic at start."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import Pool
from sqlmodel import Session, create_engine

from storage.unit_names import INFO_KEY as UNIT_NAMES
from storage.unit_names import UnitNames

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "sqlite:///data/zhishou.db"
MIGRATION_LOCK_KEY = 0x7A68_6D69_6772  # "zhmigr": any constant no other lock in the database uses


def make_engine(url: str, *, echo: bool = False) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, echo=echo, pool_pre_ping=True)
    if parsed.get_backend_name() == "postgresql":
        event.listen(engine, "before_cursor_execute", _strip_nul, retval=True)
    return engine


def _strip_nul(_conn, _cursor, statement, parameters, _context, _executemany):
    """PostgreSQL text cannot hold U+0000 (SQLite can): drop it from bound strings, so a
    message carrying one is stored without it instead of failing as a whole."""
    return statement, _without_nul(parameters)


def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, dict):
        return {k: _without_nul(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_without_nul(v) for v in value)
    return value


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "storage" / "migrations"))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Replicas starting together would race to create the same tables; the
            # transaction-scoped advisory lock makes them migrate one after another.
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class TrackedSession(Session):
    """A session noting in info["flushed"] whether it wrote anything (the runner writes
    nothing at all for strangers): a flush of the unit of work, or any INSERT, UPDATE or
    DELETE run as a plain statement on the session's connection (the hot paths do). Both
    are noticed by listeners registered once, so no write path can forget to say so."""


def _note_flush(session, _flush_context) -> None:
    session.info["flushed"] = True


def _own_connection(session, _transaction, connection) -> None:
    # The session's info travels with the connection while the session holds it; the
    # pool's checkin drops it (the DB-API connection's info outlives the checkout).
    connection.info[_SESSION_INFO] = session.info


def _note_statement(conn, _cursor, _statement, _parameters, context, _executemany) -> None:
    if context is not None and (context.isinsert or context.isupdate or context.isdelete):
        info = conn.info.get(_SESSION_INFO)
        if info is not None:
            info["flushed"] = True


def _forget_session(_dbapi_conn, record) -> None:
    if record is not None:
        record.info.pop(_SESSION_INFO, None)


def note_write(session: Session) -> None:
    """Say a write happened. Nothing needs to since the listeners below notice every
    statement that writes; kept for callers not yet rid of it."""
    session.info["flushed"] = True


_SESSION_INFO = "zhishou.session_info"
event.listen(TrackedSession, "after_flush", _note_flush)
event.listen(TrackedSession, "after_begin", _own_connection)
event.listen(Engine, "after_cursor_execute", _note_statement)
event.listen(Pool, "checkin", _forget_session)


def release_connection(session: Session) -> None:
    """End the session's transaction and give its connection back to the pool, before a
    slow call that needs no database (a model's answer can take a minute: twenty of them
    holding connections would starve every other message). What was read stays usable
    (sessions do not expire on commit); the next query takes a connection again. Anything
    written so far is committed here; the "flushed" note stays, so the runner still
    commits the rest with the update id."""
    if session.in_transaction():
        session.commit()


class SessionFactory:
    """Sessions on one engine, and what they share: the cached unit names."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.unit_names = UnitNames()

    def __call__(self) -> TrackedSession:
        session = TrackedSession(self.engine, expire_on_commit=False)
        session.info[UNIT_NAMES] = self.unit_names
        return session
