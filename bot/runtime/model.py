"""The optional language model, behind an OpenAI-compatible API.

It only ever rewords a template draft (reports/polish.py); it never supplies a figure.
The key is never logged nor shown in a repr.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import openai

log = logging.getLogger(__name__)

# Local servers (vLLM, Ollama, llama.cpp) accept any key; the SDK insists on one.
NO_KEY = "not-needed"


class LLMError(Exception):
    """The model answered nothing usable."""


@dataclass(frozen=True)
class LLMSettings:
    base_url: str | None
    api_key: str = field(repr=False)
    model: str
    timeout: float = 30.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> LLMSettings | None:
        """LLM_BASE_URL, LLM_API_KEY, LLM_MODEL (and LLM_TIMEOUT); None when unconfigured."""
        env = os.environ if env is None else env
        timeout = env.get("LLM_TIMEOUT")
        return cls._build(env.get("LLM_BASE_URL"), env.get("LLM_API_KEY"), env.get("LLM_MODEL"),
                          float(timeout) if timeout else None)

    @classmethod
    def from_settings(cls, settings: Any) -> LLMSettings | None:
        """From a Settings-like object with llm_base_url, llm_api_key (str or SecretStr),
        llm_model and optionally llm_timeout; None when unconfigured."""
        key = getattr(settings, "llm_api_key", None)
        if key is not None and hasattr(key, "get_secret_value"):
            key = key.get_secret_value()
        return cls._build(getattr(settings, "llm_base_url", None), key,
                          getattr(settings, "llm_model", None),
                          getattr(settings, "llm_timeout", None))

    @classmethod
    def _build(cls, base_url: str | None, api_key: str | None, model: str | None,
               timeout: float | None) -> LLMSettings | None:
        base_url, api_key, model = (x.strip() if x else None for x in (base_url, api_key, model))
        if not model or not (base_url or api_key):
            return None
        return cls(base_url=base_url or None, api_key=api_key or NO_KEY, model=model,
                   timeout=timeout if timeout else 30.0)


class LLM:
    """One chat model. Close it (`await llm.aclose()` or `async with`) when done."""

    def __init__(self, settings: LLMSettings):
        self.settings = settings
        self._client = openai.AsyncOpenAI(base_url=settings.base_url, api_key=settings.api_key,
                                          timeout=settings.timeout, max_retries=1)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> LLM | None:
        settings = LLMSettings.from_env(env)
        return cls(settings) if settings else None

    @classmethod
    def from_settings(cls, settings: Any) -> LLM | None:
        llm_settings = LLMSettings.from_settings(settings)
        return cls(llm_settings) if llm_settings else None

    @property
    def name(self) -> str:
        return self.settings.model

    def __repr__(self) -> str:
        return f"LLM(model={self.settings.model!r}, base_url={self.settings.base_url!r})"

    async def complete(self, system: str, user: str) -> str:
        """The model's answer to one system + user exchange. Raises openai.OpenAIError
        (timeouts included) or LLMError for an empty answer."""
        response = await self._client.chat.completions.create(
            model=self.settings.model,
            messages=[{"role": "system", "content": system},
                      {"role": "user", "content": user}],
            temperature=0.2,
        )
        if not response.choices or not (response.choices[0].message.content or "").strip():
            raise LLMError("the model returned no text")
        log.info("model %s answered (%d characters)", self.settings.model,
                 len(response.choices[0].message.content or ""))
        return response.choices[0].message.content or ""

    async def aclose(self) -> None:
        await self._client.close()

    async def __aenter__(self) -> LLM:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def from_env(env: Mapping[str, str] | None = None) -> LLM | None:
    """The configured model, or None when LLM_MODEL (with LLM_BASE_URL or LLM_API_KEY)
    is not set."""
    return LLM.from_env(env)


def model_opener(settings: Any):
    """What handlers call for a model: a new client from `settings` each time (read at the
    call, so a changed setting counts), or None when no model is configured."""
    return lambda: LLM.from_settings(settings)
