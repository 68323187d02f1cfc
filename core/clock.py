"""The one source of "now". Injected everywhere so tests can travel in time."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Protocol
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware datetime (UTC)."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class FakeClock:
    """A clock that stands still until moved; accepts any aware datetime."""

    def __init__(self, at: datetime):
        if at.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._at = at.astimezone(timezone.utc)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at.astimezone(timezone.utc)

    def advance(self, **kwargs: float) -> None:
        self._at += timedelta(**kwargs)


class OffsetClock:
    """Real time shifted to start at a chosen moment, optionally running faster
    (the console's --clock option: watch 10:59 become 11:00)."""

    def __init__(self, start: datetime, speed: float = 1.0, base: Clock | None = None):
        self._base = base or SystemClock()
        self._origin = self._base.now()
        self._start = start.astimezone(timezone.utc)
        self._speed = speed

    def now(self) -> datetime:
        return self._start + (self._base.now() - self._origin) * self._speed


def local(dt: datetime, tz: str | ZoneInfo = CHINA) -> datetime:
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return dt.astimezone(zone)
