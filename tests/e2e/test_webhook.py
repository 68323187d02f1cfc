"""`python -m bot run` in webhook mode, as a real process: setWebhook with the secret at
start, never getUpdates, requests without the right secret refused and nothing written."""
from __future__ import annotations

import asyncio
import contextlib
import signal
from datetime import datetime, timedelta

import aiohttp
import pytest
from aiogram import Bot, Dispatcher
from sqlmodel import Session, select

from bot.runtime.settings import Settings
from bot.runtime.run import _serve
from bot.telegram.webhook import SecretHandler, webhook_path
from storage.db import make_engine
from storage.models import Group, ProcessedUpdate, Unit
from tests.e2e.harness_proc import (CHINA, GROUP, SECRET, SECRET_HEADER, Poster, acks, message_update,
                                    start_replicas)
from tests.fakes.botapi import FakeBotAPI


def _rows(db_url, model):
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            return list(session.exec(select(model)))
    finally:
        engine.dispose()


async def test_webhook_checks_the_secret_and_registers_once(tmp_path, db_url):
    async with FakeBotAPI() as server:
        [replica] = start_replicas(tmp_path, 1, server=server, db_url=db_url)
        try:
            await replica.wait_ready()
            hooks = server.calls_of("setWebhook")
            assert len(hooks) == 1
            assert hooks[0]["url"] == "https://bot.example.gov.cn/tg/hook"
            assert hooks[0]["secret_token"] == SECRET
            assert hooks[0]["allowed_updates"] == ["message", "edited_message", "callback_query"]

            add = message_update(500001, 11, "/addunit 青石镇")
            async with aiohttp.ClientSession() as http:
                poster = Poster(http)
                refused = [{}, {SECRET_HEADER: ""}, {SECRET_HEADER: "wrong"},
                           {SECRET_HEADER: SECRET[:-1]}, {SECRET_HEADER: SECRET + "x"}]
                for headers in refused:
                    assert await poster.post(replica.url, add, headers=headers) == 401, headers
                assert server.calls_of("sendMessage") == []
                assert _rows(db_url, Group) == [] and _rows(db_url, ProcessedUpdate) == []

                assert await poster.post(replica.url, add) == 200
                sent = server.calls_of("sendMessage")
                assert len(sent) == 1 and "青石镇" in sent[0]["text"] and int(sent[0]["chat_id"]) == GROUP
                assert [u.name for u in _rows(db_url, Unit)] == ["青石镇"]

                # Telegram redelivers: answered 200, nothing said, nothing written twice.
                assert await poster.post(replica.url, add) == 200
                assert len(server.calls_of("sendMessage")) == 1
                assert len(_rows(db_url, ProcessedUpdate)) == 1
                async with http.get(replica.url.replace("/tg/hook", "/other")) as resp:
                    assert resp.status == 404
            assert server.poll_count == 0           # webhook mode never calls getUpdates
        finally:
            code = replica.stop()
        assert code == 0, replica.log()[-2000:]
        assert server.calls_of("deleteWebhook") == []   # other replicas keep serving the hook


@contextlib.asynccontextmanager
async def _replica_with_a_unit(tmp_path, db_url, server, update_id: int):
    """One webhook replica serving, 青石镇 added (message 1): (replica, poster). Stopped after."""
    [replica] = start_replicas(tmp_path, 1, server=server, db_url=db_url)
    try:
        await replica.wait_ready()
        async with aiohttp.ClientSession() as http:
            poster = Poster(http)
            assert await poster.post(replica.url, message_update(update_id, 1, "/addunit 青石镇")) == 200
            yield replica, poster
    finally:
        replica.stop()


async def test_sigterm_finishes_the_updates_in_hand(tmp_path, db_url):
    """A rolling restart: SIGTERM while replies wait in the pacer (one a second per chat);
    they are still sent and answered 200, then the process exits 0."""
    today = datetime.now(CHINA).date()
    reports = [message_update(600002 + k, 2 + k, f"青石镇{d.month}月{d.day}日值班情况：今日无突发事件，零报告。")
               for k, d in enumerate(today - timedelta(days=k) for k in range(3))]
    async with FakeBotAPI() as server, _replica_with_a_unit(tmp_path, db_url, server, 600001) as (replica, poster):
        posts = [asyncio.create_task(poster.post(replica.url, u)) for u in reports]
        await server.wait_for(lambda: len(acks(server)) >= 1, 20)
        assert len(acks(server)) < 3          # the others are still in hand
        replica.proc.send_signal(signal.SIGTERM)
        assert await asyncio.gather(*posts) == [200, 200, 200]
        assert replica.proc.wait(30) == 0
        assert sorted(m for _, m in acks(server)) == [2, 3, 4]


async def test_sigterm_during_a_slow_send_sends_the_reply_once(tmp_path, db_url):
    """aiohttp runs shutdown hooks before it waits for requests in hand; aiogram's hook
    closes the bot session, which cut a reply in flight and the pacer sent it again."""
    today = datetime.now(CHINA).date()
    report = message_update(700002, 2, f"青石镇{today.month}月{today.day}日值班情况：今日无突发事件，零报告。")
    async with FakeBotAPI() as server, _replica_with_a_unit(tmp_path, db_url, server, 700001) as (replica, poster):
        async def slow_send(params):
            await asyncio.sleep(3)
            return server._m_sendmessage(params, {})
        server.set_handler("sendMessage", slow_send)
        post = asyncio.create_task(poster.post(replica.url, report))
        for _ in range(400):            # polled: the fake notifies only when a call ends
            if (GROUP, 2) in acks(server):
                break                   # the send has begun and is held for 3 s
            await asyncio.sleep(0.05)
        replica.proc.send_signal(signal.SIGTERM)
        assert await post == 200
        assert replica.proc.wait(30) == 0
        assert acks(server).count((GROUP, 2)) == 1, replica.log()[-2000:]


async def test_webhook_url_without_secret_refuses_to_start(db_url):
    """In process (the real `_serve`, minus the seconds a fresh interpreter takes to import)."""
    async with FakeBotAPI() as server:
        settings = Settings(_env_file=None, database_url=db_url, telegram_bot_token=server.token,
                            telegram_api_server=server.base_url, webhook_url="https://bot.example.gov.cn/tg/hook")
        with pytest.raises(SystemExit, match="WEBHOOK_SECRET"):
            await _serve(settings)
        assert server.calls == []       # not even getMe


def test_secret_compared_as_bytes():
    """A header with non-ASCII characters is a wrong secret, not a server error."""
    bot = Bot("123:abc")
    handler = SecretHandler(Dispatcher(), bot, secret_token=SECRET)
    assert handler.verify_secret(SECRET, bot)
    assert not handler.verify_secret("值守" + SECRET, bot)
    assert not handler.verify_secret("", bot)


@pytest.mark.parametrize("url, path", [("https://x.example/tg/hook", "/tg/hook"), ("https://x.example", "/"),
                                       ("https://x.example:8443/a/b?x=1", "/a/b")])
def test_webhook_path_from_url(url, path):
    assert webhook_path(url) == path


async def test_without_webhook_url_it_polls_after_deleting_a_left_webhook(tmp_path, db_url):
    """Going back to long polling: a webhook left by an earlier deployment would make
    Telegram refuse getUpdates, so it is deleted first; no webhook is set."""
    async with FakeBotAPI() as server:
        [replica] = start_replicas(tmp_path, 1, server=server, db_url=db_url, WEBHOOK_URL="")
        try:
            await server.wait_for(lambda: server.poll_count > 0, 60)
            update_id = server.push_message(GROUP, 900001, "/addunit 青石镇", first_name="王主任")
            [reply] = await server.wait_for(lambda: server.calls_of("sendMessage"), 30)
            assert "青石镇" in reply["text"] and server.confirmed_offset > update_id
            assert server.calls_of("deleteWebhook") and not server.calls_of("setWebhook")
            assert "scheduler lock acquired" in replica.log()
        finally:
            assert replica.stop() == 0, replica.log()[-2000:]
