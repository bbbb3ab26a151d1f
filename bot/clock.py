"""The bot's "now": injected, so that the outbox and the case service share one clock.

The composition root passes the case service's clock (which a test-only setting can move
forward); anything with a `now()` returning an aware datetime will do.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
    def now(self) -> dt.datetime: ...


class WallClock:
    """The real time, for a bot run on its own."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


def epoch(clock: Clock) -> float:
    return clock.now().timestamp()
