"""Booking drafts (暂存) and their submission, as the API shows them."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from wire.base import LocalText, QueryModel, WireModel
from wire.catalog import FormFieldView


class Authorization(WireModel):
    """The villager's authorization for a booking made for them (委托): a signed form
    kept at the station, or given by phone; the note says who agreed to what."""

    kind: Literal["written", "phone"]
    note: str = Field(min_length=1, max_length=500)


class CreateDraft(WireModel):
    """A resident starts their own draft; station staff name the walk-in resident and
    the authorization they gave."""

    matter_code: str = Field(min_length=1, max_length=8, examples=["SJ01"])
    resident_id: str | None = Field(default=None, max_length=36)
    authorization: Authorization | None = None


class WalkIn(WireModel):
    """A villager registered at the counter (or on the phone) by station staff."""

    station_code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=100)
    phone: str | None = Field(default=None, max_length=40)
    language: Literal["zh", "en"] = "zh"


class WalkInRegistered(WireModel):
    resident_id: str


class AnswerField(WireModel):
    """One answer. `version` is the draft's version the answer was given against, so a
    stale answer (an old button, a second phone) cannot overwrite a newer one."""

    field: str = Field(min_length=1, max_length=64)
    value: Any = None
    version: int = Field(ge=1)


class DraftView(WireModel):
    id: str
    matter_code: str
    matter_name: LocalText
    resident_id: str
    version: int
    status: str
    answers: dict[str, Any]
    next_question: FormFieldView | None
    missing_required: list[str]
    station_fields: list[str]
    case_id: str | None = None
    registered_by: str | None = None


class SubmitDraft(WireModel):
    """How the villager hands the case over: at a booked time, by dropping the papers off,
    or by a home visit when the matter allows one (with the reason)."""

    booking: Literal["slot", "drop_off", "home_visit"]
    slot_start: dt.datetime | None = None
    note: str | None = Field(default=None, max_length=500)


class SlotQuery(QueryModel):
    office: str = Field(min_length=1, max_length=32)
    days: int = Field(default=5, ge=1, le=20, description="Working days ahead.")


class SlotView(WireModel):
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    booked: int
    free: int


class SlotList(WireModel):
    office: str
    slots: list[SlotView]


class Reschedule(WireModel):
    slot_start: dt.datetime
