"""Telegram's binding of the shared pacer (bot/pacing.py): which Bot API errors mean
"wait" (429 retry after), "retry" (network, server) or "give up" (any other API error),
and the aiogram request middleware that routes every send*/edit*/copy*/forward* request
naming a chat through it, so handlers' replies and scheduled pushes share the limits."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

from bot import pacing as shared
from bot.pacing import PacerStats

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.client.session.middlewares.base import NextRequestMiddlewareType
    from aiogram.methods import Response, TelegramMethod
    from aiogram.methods.base import TelegramType

__all__ = ["Pacer", "PacerStats", "PacingMiddleware", "install_pacer", "is_paced_method", "TELEGRAM_ERRORS"]

log = logging.getLogger(__name__)


def _retry_after(exc: BaseException) -> float | None:
    return exc.retry_after if isinstance(exc, TelegramRetryAfter) else None


TELEGRAM_ERRORS = shared.ErrorKinds(retry_after=_retry_after,
                                    transient=(TelegramNetworkError, TelegramServerError),
                                    refused=(TelegramAPIError,))


class Pacer(shared.Pacer):
    """The shared pacer with Telegram's limits (its defaults) and Telegram's errors."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("errors", TELEGRAM_ERRORS)
        kwargs.setdefault("logger", log)
        super().__init__(**kwargs)


# ---------------------------------------------------------------------- aiogram glue
_PACED_PREFIXES = ("send", "edit", "copy", "forward")
_UNPACED = frozenset({"sendChatAction"})


def is_paced_method(api_method: str) -> bool:
    """send*/edit*/copy*/forward* Bot API methods, except chat actions."""
    return api_method.startswith(_PACED_PREFIXES) and api_method not in _UNPACED


class PacingMiddleware(BaseRequestMiddleware):
    """An aiogram request middleware sending paced methods through a :class:`Pacer`."""

    def __init__(self, pacer: Pacer) -> None:
        self.pacer = pacer

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        api_method = method.__api_method__
        chat_id = getattr(method, "chat_id", None)
        if chat_id is None or not is_paced_method(api_method):
            return await make_request(bot, method)
        return await self.pacer.call(
            chat_id, lambda: make_request(bot, method), key=api_method
        )


def install_pacer(bot: Bot, pacer: Pacer) -> PacingMiddleware:
    """Route ``bot``'s paced methods through ``pacer`` (once; returns the middleware)."""
    for existing in bot.session.middleware:
        if isinstance(existing, PacingMiddleware):
            existing.pacer = pacer
            return existing
    middleware = PacingMiddleware(pacer)
    bot.session.middleware(middleware)
    return middleware
