"""Webhook mode: Telegram POSTs updates to WEBHOOK_URL; aiohttp serves aiogram's request
handler there, listening on WEBHOOK_HOST:WEBHOOK_PORT (a reverse proxy terminates TLS).

- Every request must carry WEBHOOK_SECRET in X-Telegram-Bot-Api-Secret-Token; anything
  else is answered 401 and never reaches the dispatcher.
- An update is answered only after it has been handled (handle_in_background=False):
  the record and the update id are committed and the reply sent before Telegram hears
  200. A replica killed mid-update therefore gets that update redelivered (to any
  replica), and the processed-update record makes a second delivery a no-op.
- setWebhook is called once at start. Each replica doing so is harmless (same URL, same
  secret). Stopping never deletes the webhook: the other replicas still serve it.
"""
from __future__ import annotations

import asyncio
import hmac
import logging
import signal
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.telegram.client import TelegramSettings

log = logging.getLogger(__name__)
HEALTH_PATH = "/healthz"


class SecretHandler(SimpleRequestHandler):
    """aiogram's handler, with two changes:
    - the secret is compared as bytes: a header with non-ASCII characters is a wrong secret
      (401), not a crash (str compare_digest raises);
    - it does not close the bot session on the app's shutdown. aiohttp runs shutdown hooks
      before it waits for the requests in hand, so a reply being sent at SIGTERM was cut
      and the pacer sent it again. bot/run.py closes the session after serving ends."""

    def verify_secret(self, telegram_secret_token: str, bot: Bot) -> bool:
        given = telegram_secret_token.encode("utf-8", "surrogateescape")
        return hmac.compare_digest(given, (self.secret_token or "").encode())

    async def close(self) -> None:
        return None


def webhook_path(url: str) -> str:
    return urlsplit(url).path or "/"


def webhook_secret(settings: TelegramSettings) -> str:
    if settings.webhook_secret is None:
        raise SystemExit("设置了 WEBHOOK_URL 时必须同时设置 WEBHOOK_SECRET（1–256 位字母、数字、_ 或 -），"
                         "用于核对 Telegram 的 X-Telegram-Bot-Api-Secret-Token。")
    return settings.webhook_secret.get_secret_value()


def build_app(dispatcher: Dispatcher, bot: Bot, *, secret: str, path: str) -> web.Application:
    app = web.Application()
    SecretHandler(dispatcher, bot, handle_in_background=False, secret_token=secret).register(app, path=path)
    app.router.add_get(HEALTH_PATH, _health)        # for load balancers and start-up checks
    setup_application(app, dispatcher, bot=bot)
    return app


async def _health(_request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def serve_webhook(bot: Bot, dispatcher: Dispatcher, settings: TelegramSettings,
                        allowed_updates: list[str]) -> None:
    """Register the webhook, then serve until SIGTERM/SIGINT."""
    secret = webhook_secret(settings)
    path = webhook_path(settings.webhook_url)
    runner = web.AppRunner(build_app(dispatcher, bot, secret=secret, path=path), access_log=None)
    await runner.setup()
    try:
        # Listen first, then tell Telegram: updates sent right after setWebhook find us up.
        await web.TCPSite(runner, settings.webhook_host, settings.webhook_port).start()
        await bot.set_webhook(url=settings.webhook_url, secret_token=secret,
                              allowed_updates=allowed_updates, drop_pending_updates=False)
        log.info("webhook: serving %s on %s:%s", path, settings.webhook_host, settings.webhook_port)
        await _until_signalled()
    finally:
        await runner.cleanup()


async def _until_signalled() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
