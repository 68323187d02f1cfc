"""Alembic environment: targets SQLModel.metadata; the connection handed over by
storage.db.migrate, or (alembic by hand) DATABASE_URL and the assistant's default."""
from __future__ import annotations

import os

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
    from storage.db import DEFAULT_DATABASE_URL, make_engine

    # `alembic upgrade` by hand: the same URL the assistant reads (its default included).
    engine = make_engine(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    with engine.begin() as conn:
        _run(conn)


run()
