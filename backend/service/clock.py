"""'Now' for the case service: the only place that reads the system time.

Everything else receives instants from here, so a test can run a process days ahead:
with the test-only setting, the API exposes a call that moves this clock forward.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The system time in the district's zone, plus an offset only tests ever change."""

    def __init__(self, zone: ZoneInfo) -> None:
        self._zone = zone
        self._offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(self._zone) + self._offset

    def advance(self, delta: timedelta) -> datetime:
        if delta < timedelta():
            raise ValueError("time only moves forward")
        self._offset += delta
        return self.now()


class FixedClock:
    """A clock that stands still until moved: for tests of the service layer."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("a fixed clock needs an aware instant")
        self._at = at

    def now(self) -> datetime:
        return self._at

    def advance(self, delta: timedelta) -> datetime:
        self._at += delta
        return self._at
