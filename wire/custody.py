"""Custody of originals and carry runs, as the API shows them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field, field_validator

from wire.base import LocalText, QueryModel, WireModel

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MOVES = Literal["take", "send", "receive", "hand_back", "confirm_back"]


class OriginalView(WireModel):
    """One original and who holds it: `resident`, an office code, or `transit:<to>`."""

    key: str
    name: LocalText
    count: int
    holder: str
    since: dt.datetime | None


class MovementView(WireModel):
    material_key: str
    from_party: str
    to_party: str
    confirmed_by: str
    at: dt.datetime


class PossibleMove(WireModel):
    """A move the caller may make now: the bot shows these and no others."""

    move: MOVES
    items: list[str]
    to_office: str | None = None


class CustodyView(WireModel):
    case_id: str
    case_number: str
    originals: list[OriginalView]
    history: list[MovementView]
    moves: list[PossibleMove] = Field(description="What the caller may do now.")


class CustodyMove(WireModel):
    move: MOVES
    items: list[str] = Field(min_length=1, max_length=50)
    to_office: str | None = Field(default=None, max_length=32,
                                  description="Where a `send` goes: the next office up or down.")


class CarryItemView(WireModel):
    case_id: str
    case_number: str
    matter_code: str
    added_at: dt.datetime
    received_at: dt.datetime | None
    missing_at: dt.datetime | None
    originals: dict[str, str] = Field(description="Each original's holder now.")


class CarryRunView(WireModel):
    """A handover list (交接单): the dossiers a station carries to an office on one trip."""

    id: int
    station_code: str
    to_office_code: str
    day: dt.date
    seq: int
    created_at: dt.datetime
    departed_at: dt.datetime | None
    items: list[CarryItemView]


class CarryRunList(WireModel):
    runs: list[CarryRunView]


class CarryRunQuery(QueryModel):
    day: dt.date | None = Field(default=None, description="A day as YYYY-MM-DD.")
    limit: int = Field(default=20, ge=1, le=100)

    @field_validator("day", mode="before")
    @classmethod
    def _iso_day(cls, value: object) -> object:
        """Only YYYY-MM-DD: lax parsing would read "0" as 1970-01-01."""
        if value is None or isinstance(value, dt.date):
            return value
        if not isinstance(value, str) or not _DAY.fullmatch(value):
            raise ValueError("a day is written YYYY-MM-DD")
        return value
