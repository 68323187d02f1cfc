"""DingTalk's stream under faults, with the real SDK and the fake DingTalk: a dropped
connection resumes and a frame whose ack was lost is handled once; a silent stream is
closed by the watchdog and reconnected; `python -m bot run --platform dingtalk` runs
against the fake as a process."""
from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from sqlmodel import select

from bot.dingtalk.identities import user_number
from storage.models import DutyReport, ProcessedUpdate
from tests.e2e.conftest import DT_ADMIN
from tests.fakes.dingtalk import CLIENT_ID, CLIENT_SECRET, ROBOT_CODE, FakeDingTalk

ROOT = Path(__file__).resolve().parents[2]


async def _setup(dt) -> None:
    await dt.say(DT_ADMIN, "/addunit 青石镇", name="王主任", at="2026-06-18T08:00")
    await dt.say(DT_ADMIN, "/bind 青石镇", name="王主任")


async def test_lost_connection_resumes_without_losing_or_doubling_a_report(dingtalk):
    dt = dingtalk
    await _setup(dt)
    dt.fake.redeliver = True
    # The connection drops while a report is in flight: its ack may or may not make it.
    frame = await dt.fake.say("青石镇今日无突发事件，零报告。", staff=DT_ADMIN, nick="王主任", msg_id="msgLOST",
                              at_ms=int(dt.at("2026-06-18T09:00").timestamp() * 1000))
    await dt.fake.drop()
    await dt.fake.wait_connected(count=2)
    await dt.fake.wait_acked(frame)
    # And the same message again, as DingTalk redelivers a frame whose ack it never saw.
    again = await dt.fake.say("青石镇今日无突发事件，零报告。", staff=DT_ADMIN, nick="王主任", msg_id="msgLOST")
    await dt.fake.wait_acked(again)
    await dt.sender.settled()
    with dt.deps.session_factory() as session:
        assert len(session.exec(select(DutyReport)).all()) == 1
        assert len(session.exec(select(ProcessedUpdate).where(ProcessedUpdate.update_key == "dt:msgLOST")).all()) == 1
    assert sum("已登记：青石镇" in t for t in dt.fake.texts()) == 1
    assert dt.client.connections >= 2


async def test_frames_after_a_reconnect_are_served(dingtalk):
    dt = dingtalk
    await dt.fake.drop()
    await dt.fake.wait_connected(count=2)
    await dt.say(DT_ADMIN, "/enable", name="王主任")
    assert "本群已启用" in dt.fake.texts()[-1]


async def test_a_silent_stream_is_reconnected_by_the_watchdog(dingtalk):
    dt = dingtalk
    dt.client.watchdog.silence = 0.3
    dt.client.watchdog.check_every = 0.05
    # The fake keeps the socket open but sends nothing, not even a ping.
    await dt.fake.wait_connected(count=2, timeout=5)
    assert dt.client.watchdog.restarts >= 1
    await dt.say(DT_ADMIN, "/enable", name="王主任")
    assert "本群已启用" in dt.fake.texts()[-1]


async def test_pings_keep_a_quiet_stream_alive(dingtalk):
    dt = dingtalk
    dt.client.watchdog.silence = 0.4
    dt.client.watchdog.check_every = 0.05
    pinger = asyncio.create_task(dt.fake.ping_every(0.1))
    try:
        await asyncio.sleep(1.2)
    finally:
        pinger.cancel()
    assert dt.client.watchdog.restarts == 0 and dt.fake.connections == 1


async def test_run_platform_dingtalk_as_a_process(tmp_path):
    fake = await FakeDingTalk().start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DINGTALK_", "TELEGRAM_", "BOT_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'run.db'}", BOT_ADMINS=str(user_number(DT_ADMIN)),
               DINGTALK_CLIENT_ID=CLIENT_ID, DINGTALK_CLIENT_SECRET=CLIENT_SECRET,
               DINGTALK_ROBOT_CODE=ROBOT_CODE, DINGTALK_API_BASE=fake.base_url, DINGTALK_OAPI_BASE=fake.base_url)
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", "--platform", "dingtalk",
                                                cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)},
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        await fake.wait_connected(timeout=60)
        frame = await fake.say("/addunit 青石镇", staff=DT_ADMIN, nick="王主任")
        await fake.wait_acked(frame, timeout=30)
        await fake.wait_calls("group_send", 1, timeout=30)
        assert "青石镇" in fake.texts()[-1]
        assert fake.opens[0]["clientId"] == CLIENT_ID
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            out, _ = await asyncio.wait_for(proc.communicate(), timeout=20)
        except TimeoutError:
            proc.kill()
            out, _ = await proc.communicate()
        await fake.stop()
    log = out.decode()
    assert CLIENT_SECRET not in log and fake.token not in log, "no secret or token in the log"
