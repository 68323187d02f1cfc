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


def test_scrub_masks_dingtalk_access_tokens():
    """DingTalk's token rides in the oapi URL's query and in a v1.0 header; an error quoting
    either (it reaches the shared pacer's log line) must not carry it."""
    token = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"
    text = (f"POST https://oapi.dingtalk.com/media/upload?access_token={token}&type=file: 500; "
            f"headers {{'x-acs-dingtalk-access-token': '{token}'}}")
    out = redact.scrub(text)
    assert token not in out and "media/upload" in out
