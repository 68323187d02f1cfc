"""The scrub function and the logging filter."""
from __future__ import annotations

import logging

from core import redact

TOKEN = "7012345678:AAH-realistic_Token-shape0123456789"


def test_scrub_masks_tokens_urls_and_keys():
    redact.register("short", "my-odd-secret-value")
    text = (f"GET https://api.telegram.org/bot{TOKEN}/getMe redirect to /botweird:value/x; "
            "Authorization: Bearer abcdefghijk; key sk-proj-ABCDEFGH123; my-odd-secret-value; short")
    out = redact.scrub(text)
    for secret in (TOKEN, "weird:value", "abcdefghijk", "sk-proj-ABCDEFGH123", "my-odd-secret-value"):
        assert secret not in out
    assert out.endswith("short")         # a short registered word would mask ordinary text


def test_filter_scrubs_message_args_and_traceback(caplog):
    logger = logging.getLogger("tests.redact")
    with caplog.at_level(logging.INFO):
        redact.install()
        caplog.handler.addFilter(redact.RedactingFilter())
        try:
            raise RuntimeError(f"HTTP 404 for https://x/bot{TOKEN}/sendMessage")
        except RuntimeError:
            logger.exception("send failed for %s", f"/bot{TOKEN}/x")
    assert TOKEN not in caplog.text and "send failed" in caplog.text and "RuntimeError" in caplog.text
