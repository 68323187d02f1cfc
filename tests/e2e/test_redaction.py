"""The token never leaves: a fake Bot API answers with errors quoting the request URL
(token included), or loops in redirects; no log line, stored error (outbox, push records)
or reply holds the token afterwards."""
from __future__ import annotations

import logging

from aiohttp import web
from sqlalchemy import text

from bot.runtime.app import register_secrets
from bot.runtime.scheduler import Pusher
from bot.telegram.outbound import push_sender
from bot.telegram.client import build_bot
from bot.telegram.outbound import drain_outbox
from core import redact
from handlers.reminders import Push
from handlers.base import Reply
from tests.e2e.conftest import ADMIN_ID, GROUP
from tests.fakes.botapi import FakeAPIError

OFFICER = 700001


def _everything_stored(live) -> str:
    """Every text column of the tables that keep errors or replies, as one string."""
    with live.deps.session_factory.engine.connect() as conn:
        rows = [*conn.execute(text("SELECT reply, error FROM outbox")),
                *conn.execute(text("SELECT key, detail FROM pushrecord"))]
    return "\n".join(str(r) for r in rows)


async def _redirect_loop(token: str) -> tuple[web.AppRunner, str]:
    async def loop(request: web.Request) -> web.Response:
        raise web.HTTPFound(str(request.url))
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", loop)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    return runner, f"http://127.0.0.1:{port}"


async def test_errors_quoting_the_url_leave_no_token_anywhere(live, caplog):
    token = live.server.token
    caplog.set_level(logging.DEBUG)
    redact.install()                        # as setup_logging does at start
    register_secrets(live.deps.settings)
    await live.say(ADMIN_ID, "/addunit 青石镇", name="王主任", at="2026-06-18T08:00")
    await live.say(ADMIN_ID, "/bind 青石镇", name="王主任")

    # 1. A reply refused with an error whose text quotes the request URL.
    def refuse(params):
        raise FakeAPIError(400, f"Bad Request: see POST {live.server.base_url}/bot{token}/sendMessage")
    live.server.set_handler("sendMessage", refuse)
    await live.say(ADMIN_ID, "青石镇今日无突发事件，零报告", name="王主任", at="2026-06-18T09:00")
    stored = [_everything_stored(live)]

    # 2. A scheduled push failing the same way (500, so the pacer-less bot raises at once).
    def broken(params):
        raise FakeAPIError(500, f"Internal error at {live.server.base_url}/bot{token}/sendMessage")
    live.server.set_handler("sendMessage", broken)
    pusher = Pusher(live.deps, push_sender(live.bot, live.deps))
    await pusher.deliver([Push("remind:test", Reply("请报送", chat_id=GROUP))])
    stored.append(_everything_stored(live))

    # 3. A Bot API server that redirects forever: the sweep's send fails with the URL.
    runner, base = await _redirect_loop(token)
    settings = live.deps.settings.model_copy(update={"telegram_api_server": base})
    looping = build_bot(settings)
    try:
        with live.deps.session_factory.engine.begin() as conn:      # the failed reply, due again
            conn.execute(text("UPDATE outbox SET lease_until = NULL, sent_at = NULL"))
        await drain_outbox(looping, live.deps)
    finally:
        await looping.session.close()
        await runner.cleanup()

    stored = "\n".join([*stored, _everything_stored(live)])
    assert "Bad Request" in stored and "Internal error" in stored and "TooManyRedirects" in stored
    logged = "\n".join(caplog.handler.format(r) for r in caplog.records)
    assert "Bad Request" in logged and "TooManyRedirects" in logged
    for place, content in (("database", stored), ("log", logged),
                           ("replies", "\n".join(live.server.sent_texts()))):
        assert token not in content, place
        assert token.split(":")[1] not in content, place
