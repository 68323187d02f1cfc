"""Shared fixtures: a fresh database per test (SQLite file, or TEST_DATABASE_URL for
PostgreSQL), a fake clock, and a harness that drives the real runner with Incoming."""
from __future__ import annotations

import os
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from core.clock import FakeClock
from bot.runtime.model import model_opener
from bot.runtime.settings import Settings
from handlers.base import NullPlatform
from handlers.runner import Deps
from storage.db import SessionFactory, make_engine
from tests.helpers import Harness

CST = ZoneInfo("Asia/Shanghai")


def pytest_addoption(parser):
    parser.addoption("--pg", action="store_true",
                     help="run on PostgreSQL at TEST_DATABASE_URL instead of SQLite")
    parser.addoption("--platform", choices=["telegram", "dingtalk"], default="telegram",
                     help="the platform the handler harness speaks as (its Incoming's shape)")


def pytest_configure(config):
    if config.getoption("--pg") and not os.environ.get("TEST_DATABASE_URL"):
        raise pytest.UsageError("--pg needs TEST_DATABASE_URL=postgresql+psycopg://…")


def pytest_report_header(config):
    return f"database: {'PostgreSQL (TEST_DATABASE_URL)' if config.getoption('--pg') else 'SQLite'}"


@pytest.fixture
def db_url(tmp_path, request):
    """A database nobody else uses: a SQLite file, or a fresh PostgreSQL schema."""
    base = os.environ.get("TEST_DATABASE_URL") if request.config.getoption("--pg") else None
    if not base:
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def clock():
    return FakeClock(datetime(2026, 6, 18, 9, 0, tzinfo=CST))


@pytest.fixture
def settings(db_url):
    return Settings(_env_file=None, database_url=db_url, bot_admins="")


@pytest.fixture
def platform():
    return NullPlatform()


@pytest.fixture
def deps(engine, clock, settings, platform):
    return Deps(session_factory=SessionFactory(engine), clock=clock, settings=settings, platform=platform,
                open_model=model_opener(settings))


@pytest.fixture
def h(deps, request):
    return Harness(deps, platform=request.config.getoption("--platform"))


@pytest.fixture
async def town(h):
    """A duty group with five units on its roster, an admin, and one bound officer each."""
    await h.setup_town()
    return h
