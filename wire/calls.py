"""The station's call list and staff ringing a villager, as the API shows them."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from wire.base import LocalText, QueryModel, WireModel
from wire.cases import EventView

OUTCOMES = Literal["reached", "visited", "not_reached"]


class CallTaskView(WireModel):
    """News to pass on to a villager the bot cannot reach: the event says what."""

    id: int
    case_id: str
    case_number: str
    matter_code: str
    matter_name: LocalText
    station_code: str
    resident_name: str | None
    phone: str | None = Field(description="In full: the station rings this number.")
    language: str
    event: EventView
    created_at: dt.datetime
    attempts: int
    done_at: dt.datetime | None
    outcome: str | None
    note: str | None


class CallTaskList(WireModel):
    tasks: list[CallTaskView]


class CallTaskQuery(QueryModel):
    open: bool = True
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0, le=1_000_000)


class FinishCallTask(WireModel):
    outcome: OUTCOMES
    note: str | None = Field(default=None, max_length=500)


class CallView(WireModel):
    """The villager's number for the staff member about to ring them (the look is logged)."""

    case_id: str
    name: str | None
    phone: str | None
    at: dt.datetime
