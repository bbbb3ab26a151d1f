"""Working days and office hours as the API answers them."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from wire.base import QueryModel, WireModel


class WorkingDaysQuery(QueryModel):
    start: dt.datetime = Field(description="An instant with its UTC offset.")
    days: int = Field(ge=0, le=3650)
    unit: str = Field(default="working_days", pattern="^(working_days|natural_days)$")


class DueDate(WireModel):
    start: dt.datetime
    days: int
    unit: str
    due: dt.date


class OpeningQuery(QueryModel):
    office: str = Field(min_length=1, max_length=32)
    at: dt.datetime


class Opening(WireModel):
    office: str
    at: dt.datetime
    open_now: bool
    next_opening: dt.datetime
