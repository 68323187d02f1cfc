"""DingTalk's send limits, kept by the shared pacer (bot/pacing.py).

DingTalk documents for a group robot: at most 20 messages a minute to a group; over that
the robot is throttled for 10 minutes (自定义机器人 "每个机器人每分钟最多发送20条消息到群里，
如果超过20条，会限流10分钟"). We apply the same 20 a minute to every group the app's robot
speaks in, and card updates count too (ASSUMPTION: the internal app robot's exact per-group
figure is not published beside the OpenAPI; 20/min is the documented robot limit). Per
application the v1.0 OpenAPI is rate-limited per API (ASSUMPTION: 20 calls a second per
app, the common default); we stay at 10 a second so replies and pushes never reach it.
A throttling answer (429, a QpsLimit / 130101 code) pauses that chat and retries."""
from __future__ import annotations

import logging

from bot.dingtalk.api import DingTalkError, DingTalkThrottled, DingTalkUnavailable
from bot.pacing import ErrorKinds, Pacer

log = logging.getLogger(__name__)

GROUP_PER_MINUTE = 20
APP_PER_SECOND = 10.0
CHAT_PER_SECOND = 1.0


def _retry_after(exc: BaseException) -> float | None:
    return exc.retry_after if isinstance(exc, DingTalkThrottled) else None


DINGTALK_ERRORS = ErrorKinds(retry_after=_retry_after, transient=(DingTalkUnavailable,),
                             refused=(DingTalkError,))


def dingtalk_pacer(**overrides) -> Pacer:
    options = dict(global_per_second=APP_PER_SECOND, chat_per_second=CHAT_PER_SECOND,
                   group_per_minute=GROUP_PER_MINUTE, errors=DINGTALK_ERRORS, logger=log)
    options.update(overrides)
    return Pacer(**options)
