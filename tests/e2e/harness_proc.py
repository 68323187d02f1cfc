"""Real `python -m bot run` processes in webhook mode, for the webhook, replica and
durability tests: start, wait until serving, SIGKILL, restart; and a poster that
delivers updates the way Telegram does (POST with the secret header, retried until
answered 200)."""
from __future__ import annotations

import asyncio
import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[2]
SECRET = "replica-test-secret_0123456789"
HOOK_PATH = "/tg/hook"
GROUP = -1001234567890
ADMIN_ID = 900001
OFFICER_IDS = 910001
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CHINA = ZoneInfo("Asia/Shanghai")
# Settings a developer's shell might carry; the child gets exactly the ones we give it.
_SCRUB = ("DATABASE_URL", "OUTBOX_LEASE", "WEBHOOK_URL", "WEBHOOK_SECRET", "WEBHOOK_HOST", "WEBHOOK_PORT",
          "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_SERVER", "BOT_ADMINS", "LLM_BASE_URL", "LLM_API_KEY",
          "LLM_MODEL", "SCHEDULER_LOCK_RETRY")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Replica:
    """One `python -m bot run` child, its output appended to `log_path`."""
    name: str
    port: int
    env: dict[str, str]
    log_path: Path
    proc: subprocess.Popen | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{HOOK_PATH}"

    def start(self) -> None:
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "bot", "run"], env=self.env,
                                     cwd=self.log_path.parent, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self.starts += 1

    async def wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise AssertionError(f"{self.name} exited {self.proc.returncode}:\n{self.log()[-3000:]}")
                try:
                    async with http.get(f"http://127.0.0.1:{self.port}/healthz") as resp:
                        if resp.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.05)
        raise AssertionError(f"{self.name} not serving after {timeout}s:\n{self.log()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind runs in the child."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        return self.proc.returncode

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""


def replica_env(*, server, db_url: str, port: int, lock_retry: float = 1.0, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SCRUB}
    env.update({
        "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1",
        "DATABASE_URL": db_url,
        "TELEGRAM_BOT_TOKEN": server.token, "TELEGRAM_API_SERVER": server.base_url,
        "WEBHOOK_URL": f"https://bot.example.gov.cn{HOOK_PATH}",   # public URL; we listen on loopback
        "WEBHOOK_SECRET": SECRET, "WEBHOOK_HOST": "127.0.0.1", "WEBHOOK_PORT": str(port),
        "BOT_ADMINS": str(ADMIN_ID), "SCHEDULER_LOCK_RETRY": str(lock_retry),
        # A reply left unsent by a killed replica goes out this soon after (production: minutes).
        "OUTBOX_LEASE": "5",
    })
    env.update(extra)
    return env


def start_replicas(tmp_path: Path, n: int, **env_kw) -> list[Replica]:
    replicas = []
    for i in range(n):
        port = free_port()
        replicas.append(Replica(f"replica{i}", port, replica_env(port=port, **env_kw),
                                tmp_path / f"replica{i}.log"))
    for r in replicas:
        r.start()
    return replicas


def message_update(update_id: int, message_id: int, text: str, *, chat_id: int = GROUP,
                   user_id: int = ADMIN_ID, name: str = "王主任", when: datetime | None = None) -> dict:
    """A group message exactly as Telegram posts it to a webhook."""
    sent = when or datetime.now(timezone.utc)
    return {"update_id": update_id, "message": {
        "message_id": message_id, "date": int(sent.timestamp()),
        "chat": {"id": chat_id, "type": "supergroup", "title": f"值班群{abs(chat_id) % 1000}"},
        "from": {"id": user_id, "is_bot": False, "first_name": name},
        "text": text}}


@dataclass
class Workload:
    """`groups` duty groups with one unit each, and `days` duty reports per unit (one per
    day, today and back), so no two reports touch the same unit and day. Groups rather
    than one: Telegram allows 20 messages a minute per group and the pacer keeps that."""
    setup: list[dict]
    reports: list[dict]
    # chat -> its officer, a Telegram administrator of that group: an officer's own /bind
    # is approved at once (a unit's report counts only from its bound members)
    officers: dict[int, int] = field(default_factory=dict)

    def make_officers_chat_admins(self, server) -> None:
        for chat, officer in self.officers.items():
            server.set_admins(chat, [officer])

    @property
    def report_keys(self) -> set[tuple[int, int]]:
        return {(u["message"]["chat"]["id"], u["message"]["message_id"]) for u in self.reports}


def workload(groups: int, days: int) -> Workload:
    now = datetime.now(timezone.utc)
    today = now.astimezone(CHINA).date()
    names = [a + b + "镇" for a in "东西南北中上下前后左" for b in "山河湖林田石桥溪江坪"][:groups]
    update_ids = itertools.count(700001)
    message_ids = itertools.count(1)
    setup, binds, reports, officers = [], [], [], {}
    for g, name in enumerate(names):
        chat, officer = GROUP - g, OFFICER_IDS + g
        officers[chat] = officer
        setup.append(message_update(next(update_ids), next(message_ids), f"/addunit {name}", chat_id=chat, when=now))
        binds.append(message_update(next(update_ids), next(message_ids), f"/bind {name}", chat_id=chat, when=now,
                                    user_id=officer, name=f"值班员{g}"))
        for k in range(days):
            day = today - timedelta(days=k)
            text = f"{name}{day.month}月{day.day}日值班情况：今日无突发事件，零报告。"
            reports.append(message_update(next(update_ids), next(message_ids), text, chat_id=chat, when=now,
                                          user_id=officer, name=f"值班员{g}"))
    # every unit before any bind: setup is delivered a few at a time, in this order
    return Workload(setup + binds, reports, officers)


@dataclass
class Poster:
    """Telegram's side of the webhook: at-least-once, retrying until answered 200."""
    http: aiohttp.ClientSession
    secret: str = SECRET
    attempts: dict[int, int] = field(default_factory=dict)
    served: Counter = field(default_factory=Counter)      # url → updates it answered 200

    async def post(self, url: str, update: dict, *, headers: dict[str, str] | None = None) -> int:
        """One POST; `headers` replaces the secret header (to test refusals)."""
        headers = {SECRET_HEADER: self.secret} if headers is None else headers
        async with self.http.post(url, json=update, headers=headers) as resp:
            await resp.read()
            return resp.status

    async def deliver(self, urls: list[str], update: dict, *, deadline: float) -> None:
        """Try each URL in turn (a load balancer's retry) until one answers 200."""
        i = 0
        while time.monotonic() < deadline:
            url = urls[i % len(urls)]
            i += 1
            self.attempts[update["update_id"]] = self.attempts.get(update["update_id"], 0) + 1
            try:
                if await self.post(url, update) == 200:
                    self.served[url] += 1
                    return
            except (aiohttp.ClientError, asyncio.TimeoutError):
                pass             # the replica is down or died mid-request: Telegram retries
            await asyncio.sleep(0.05)
        raise AssertionError(f"update {update['update_id']} never answered 200")


def acks(server) -> list[tuple[int, int]]:
    """(chat, message) of every message the assistant answered: its reply quotes it."""
    out = []
    for params in server.calls_of("sendMessage"):
        rp = params.get("reply_parameters")
        if isinstance(rp, dict) and "message_id" in rp:
            out.append((int(params["chat_id"]), int(rp["message_id"])))
    return out


def report_counts(db_url: str) -> Counter:
    """How many DutyReport rows each (chat, message) produced."""
    from sqlmodel import Session, select

    from storage.db import make_engine
    from storage.models import DutyReport

    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            rows = session.exec(select(DutyReport.source_chat_id, DutyReport.source_message_id)).all()
    finally:
        engine.dispose()
    return Counter((int(chat), int(msg)) for chat, msg in rows)


async def deliver_all(poster: Poster, jobs: list[tuple[list[str], dict]], *, deadline: float,
                      concurrency: int) -> None:
    """Deliver (urls, update) jobs in order with up to `concurrency` in flight, each
    retried until answered 200."""
    gate = asyncio.Semaphore(concurrency)

    async def one(urls: list[str], update: dict) -> None:
        async with gate:
            await poster.deliver(urls, update, deadline=deadline)
    await asyncio.gather(*(one(urls, u) for urls, u in jobs))
