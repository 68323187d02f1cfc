"""The OpenAPI client against the fake DingTalk, and DingTalk's limits in the pacer."""
from __future__ import annotations

import asyncio
import json

import pytest

from bot.dingtalk.api import DingTalkError, DingTalkThrottled, OpenApi
from bot.dingtalk.pacing import GROUP_PER_MINUTE, dingtalk_pacer
from tests.fakes.dingtalk import CLIENT_ID, CLIENT_SECRET, ROBOT_CODE, FakeDingTalk


@pytest.fixture
async def fake():
    server = await FakeDingTalk().start()
    yield server
    await server.stop()


def _api(fake, secret=CLIENT_SECRET) -> OpenApi:
    return OpenApi(client_id=CLIENT_ID, client_secret=secret, robot_code=ROBOT_CODE,
                   api_base=fake.base_url, oapi_base=fake.base_url)


async def test_token_is_reused_and_renewed_after_a_401(fake):
    api = _api(fake)
    try:
        await api.send_group("cidA==", "sampleText", {"content": "一"})
        await api.send_group("cidA==", "sampleText", {"content": "二"})
        assert len(fake.named("token")) == 1
        fake.token = "rotated"                      # revoked on DingTalk's side
        await api.send_group("cidA==", "sampleText", {"content": "三"})
        assert len(fake.named("token")) == 2
        assert [json.loads(b["msgParam"])["content"] for b in fake.named("group_send")] == ["一", "二", "三"]
    finally:
        await api.close()


async def test_bad_credentials_are_refused(fake):
    api = _api(fake, secret="wrong")
    try:
        with pytest.raises(DingTalkError):
            await api.send_group("cidA==", "sampleText", {"content": "x"})
    finally:
        await api.close()


async def test_upload_goes_to_the_oapi_base_with_the_file_name_intact(fake):
    api = _api(fake)
    try:
        media = await api.upload("隐患台账.xlsx", b"PK\x03\x04data")
    finally:
        await api.close()
    assert fake.files == [{"media_id": media, "type": "file", "filename": "隐患台账.xlsx", "content": b"PK\x03\x04data"}]


class VirtualTime:
    def __init__(self):
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        self.now += delay
        await asyncio.sleep(0)


async def test_a_group_gets_twenty_a_minute_and_throttling_is_waited_out():
    vt = VirtualTime()
    pacer = dingtalk_pacer(sleep=vt.sleep, monotonic=vt.monotonic)
    times: list[float] = []
    refused = [True]

    async def send():
        if len(times) == 3 and refused:
            refused.clear()
            raise DingTalkThrottled(200, "130101", retry_after=5.0)
        times.append(vt.now)
    for _ in range(GROUP_PER_MINUTE + 1):
        await pacer.call(-42, send, key="text")
    assert len(times) == GROUP_PER_MINUTE + 1
    assert times[-1] - times[0] >= 60.0, "the 21st message waits for the first to leave the minute"
    assert times[3] - times[2] >= 5.0 and pacer.stats.retried_429 == 1
