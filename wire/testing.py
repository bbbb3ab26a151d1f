"""Test-only request and response models (the clock control of end-to-end tests)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from wire.base import WireModel


class AdvanceClock(WireModel):
    seconds: int = Field(ge=0, le=366 * 24 * 3600)


class ClockNow(WireModel):
    now: dt.datetime
