"""Secrets never leave: one scrub function for every text that is logged, stored or shown,
and a logging filter that runs it over each record.

A bot token travels inside every Bot API URL (`/bot<token>/sendMessage`), so any error
that quotes its URL (aiohttp's ClientResponseError, a redirect loop, a proxy's HTML page)
carries it. The patterns catch a token of any bot; `register` adds the exact secrets this
process knows (the token, the model's API key, the webhook secret) so odd shapes go too.
"""
from __future__ import annotations

import logging
import re
import threading

MASK = "***"
_PATTERNS = (
    re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}"),                   # a Telegram bot token
    re.compile(r"(?<=/bot)[^/\s\"'<>]+(?=/)"),                   # whatever sits at /bot…/
    re.compile(r"\bsk-[A-Za-z0-9_-]{8,}"),                       # an OpenAI-style API key
    re.compile(r"(?i)(?<=bearer )[A-Za-z0-9._~+/=-]{8,}"),       # an Authorization header
    re.compile(r"(?i)(?<=api[_-]key=)[^&\s\"']+"),               # a key in a query string
    re.compile(r"(?i)(?<=access_token=)[^&\s\"']+"),            # DingTalk's oapi token in a URL
    re.compile(r"(?i)(?<=x-acs-dingtalk-access-token)[\"':\s]+[A-Za-z0-9._-]{8,}"),  # ... in a header
)
_known: set[str] = set()
_lock = threading.Lock()


def register(*secrets: str | None) -> None:
    """Remember secrets to mask verbatim (short ones are ignored: they would mask words)."""
    with _lock:
        _known.update(s for s in secrets if s and len(s) >= 8)


def scrub(text: object) -> str:
    """`text` as a string with every known secret and token-shaped string masked."""
    out = text if isinstance(text, str) else str(text)
    for secret in sorted(_known, key=len, reverse=True):
        if secret in out:
            out = out.replace(secret, MASK)
    for pattern in _PATTERNS:
        out = pattern.sub(MASK, out)
    return out


class RedactingFilter(logging.Filter):
    """Formats each record's message and traceback, scrubbed, before any handler sees it.
    Installed on handlers (a logger's filter would miss its children's records)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:               # a bad format string: log what there is
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = scrub(message), None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


def install(logger: logging.Logger | None = None) -> RedactingFilter:
    """Put the filter on every handler of `logger` (the root by default), once."""
    target = logger or logging.getLogger()
    flt = next((f for h in target.handlers for f in h.filters if isinstance(f, RedactingFilter)),
               RedactingFilter())
    for handler in target.handlers:
        if flt not in handler.filters:
            handler.addFilter(flt)
    return flt
