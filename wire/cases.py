"""Cases, their events and the event feed, as the API shows them."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from wire.base import LocalText, QueryModel, WireModel

ACTIONS = Literal[
    "claim", "accept", "refuse", "request_material", "receive_material", "forward",
    "return_to_lower_tier", "start_public_notice", "end_public_notice", "extend", "approve",
    "reject", "mark_result_ready", "deliver", "cancel", "withdraw", "reassign", "rate",
    "mark_missed",
]


class ClockView(WireModel):
    started_at: dt.datetime
    limit_days: int
    unit: str
    due: dt.date
    remaining_days: int
    paused: bool
    stopped: bool
    overdue: bool


class BookingView(WireModel):
    kind: str
    slot_start: dt.datetime | None = None
    note: str | None = None


class ResidentCard(WireModel):
    """The villager as the viewer may see them: full details only for the holding office."""

    id: str
    name: str | None
    phone: str | None
    id_number: str | None


class CaseView(WireModel):
    id: str
    number: str
    matter_code: str
    matter_name: LocalText
    state: str
    step: int
    step_tier: str
    step_action: str
    office_code: str
    station_code: str
    holder_id: str | None
    holder_name: str | None = None
    return_count: int
    version: int
    booking: BookingView
    answers: dict[str, Any]
    service_clock: ClockView
    step_clock: ClockView
    statutory_clock: ClockView | None = None
    decision: str | None = None
    rating: int | None = None
    resident: ResidentCard
    allowed_actions: list[str]
    created_at: dt.datetime
    updated_at: dt.datetime


class CaseList(WireModel):
    cases: list[CaseView]


STATES = Literal[
    "booked", "accepted", "refused", "awaiting_material", "forwarded", "returned",
    "under_review", "public_notice", "approved", "rejected", "result_ready", "delivered",
    "cancelled", "withdrawn",
]
MAX_POSITION = 2**63 - 1  # a BIGINT on both databases


class QueueQuery(QueryModel):
    office: str = Field(min_length=1, max_length=32)
    state: STATES | None = None
    unclaimed: bool = False
    mine: bool = False
    open: bool = Field(default=False, description="Only cases still being handled.")
    holder: str | None = Field(default=None, max_length=36,
                               description="Only cases this staff member holds.")
    where: Literal["here", "station"] = Field(
        default="here", description="here: cases at the office now; station: the "
                                    "station's cases wherever they are now.")
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0, le=1_000_000)


class CaseActionBody(WireModel):
    """One workflow action. Parameters only where the action takes them."""

    action: ACTIONS
    reason: str | None = Field(default=None, max_length=1000)
    days: int | None = Field(default=None, description="Extension: working days, 1-60.")
    items: list[str] = Field(default_factory=list, max_length=50)
    assignee_id: str | None = Field(default=None, max_length=36)
    score: int | None = None
    expected_version: int | None = Field(
        default=None, ge=1, description="Refuse if the case moved on since it was shown.")


class ReplyBody(WireModel):
    """The villager's answer to a material request: words, photos (file ids), or both."""

    text: str | None = Field(default=None, max_length=1000)
    photos: list[str] = Field(default_factory=list, max_length=10)


class EventView(WireModel):
    position: int
    case_id: str
    case_number: str
    matter_code: str
    resident_id: str
    station_code: str
    version: int
    action: str
    actor_id: str
    acting_role: str
    from_state: str | None
    to_state: str
    office_code: str
    to_office_code: str
    step: int
    to_step: int
    holder_id: str | None
    reason: str | None
    data: dict[str, Any]
    at: dt.datetime
    tells_resident: bool = Field(
        default=False, description="News the villager gets: in the chat, or from their "
                                   "station's call list when the bot cannot reach them.")


class EventList(WireModel):
    events: list[EventView]


class FeedQuery(QueryModel):
    after: int = Field(default=0, ge=0, le=MAX_POSITION)
    wait: float = Field(default=0, ge=0, le=60, description="Seconds to wait for news.")
    limit: int = Field(default=100, ge=1, le=1000)


class FeedPage(WireModel):
    events: list[EventView]
    cursor: int = Field(description="Pass as `after` next time; never goes backwards.")
