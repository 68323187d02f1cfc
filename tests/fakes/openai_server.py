"""A fake OpenAI-compatible chat server on loopback, for tests through the real SDK.

    async with FakeOpenAI(reply="...") as server:
        llm = LLM(LLMSettings(base_url=server.base_url, api_key="k", model="fake"))
        ...

``POST /v1/chat/completions`` answers a ``chat.completion`` object. The reply is a string
or a callable given the request's messages; ``delay`` seconds are waited before answering
(for timeouts); ``status`` other than 200 answers an OpenAI-style error. Every request body
is recorded in ``server.requests``.
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

__all__ = ["FakeOpenAI"]

Reply = str | Callable[[list[dict[str, Any]]], str]


class FakeOpenAI:
    def __init__(self, reply: Reply = "", *, delay: float = 0.0, status: int = 200):
        self.reply: Reply = reply
        self.delay = delay
        self.status = status
        self.requests: list[dict[str, Any]] = []
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def last_messages(self) -> list[dict[str, Any]]:
        return self.requests[-1]["messages"]

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._completions)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeOpenAI:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _completions(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(body)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.status != 200:
            return web.json_response(
                {"error": {"message": "fake failure", "type": "server_error", "code": None}},
                status=self.status)
        messages = body.get("messages", [])
        text = self.reply(messages) if callable(self.reply) else self.reply
        return web.json_response({
            "id": f"chatcmpl-fake{len(self.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "fake"),
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        })
