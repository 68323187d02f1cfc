"""Alembic environment: targets SQLModel.metadata; the URL comes from the settings, or the
connection handed over by storage.db.migrate."""
from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables)

target_metadata = SQLModel.metadata


def _ours(obj, name, type_, reflected, compare_to) -> bool:
    """APScheduler's job store creates its own table at start; it is not ours to drop."""
    return not (type_ == "table" and name == "apscheduler_jobs")


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, include_object=_ours,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from bot.config import Settings
    from storage.db import make_engine

    engine = make_engine(Settings().database_url)
    with engine.begin() as conn:
        _run(conn)


run()
