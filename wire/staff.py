"""Staff members, invites and the people a case's prompt goes to, as the API shows them."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from wire.base import WireModel
from wire.residents import Language

STAFF_ROLES = Literal["agent", "reviewer", "approver", "supervisor", "admin"]


class StaffView(WireModel):
    """One membership: a person's role at one office (a person may hold several)."""

    id: str
    messaging_id: str
    name: str
    office_code: str
    role: STAFF_ROLES
    language: Language
    active: bool
    created_at: dt.datetime


class StaffList(WireModel):
    staff: list[StaffView]


class CreateInvite(WireModel):
    office_code: str = Field(min_length=1, max_length=32)
    role: STAFF_ROLES
    valid_hours: int = Field(default=24, ge=1, le=168)


class InviteView(WireModel):
    """A one-time code: whoever sends `/start <code>` to the bot joins the office."""

    code: str
    office_code: str
    role: STAFF_ROLES
    expires_at: dt.datetime


class JoinStaff(WireModel):
    """The person who sent the invite's code, joining with it (the bot's call for them)."""

    code: str = Field(min_length=1, max_length=64)
    messaging_id: str = Field(min_length=1, max_length=32, pattern=r"^[0-9]+$")
    name: str = Field(min_length=1, max_length=100)
    language: Language = "zh"


class RetireStaff(WireModel):
    reason: str | None = Field(default=None, max_length=500)


class AuditEntry(WireModel):
    """One change to who works where: invited, joined, retired, ... with actor and time."""

    at: dt.datetime
    action: str
    actor_id: str | None
    staff_id: str | None
    office_code: str
    role: str | None
    detail: dict[str, str]


class AuditList(WireModel):
    entries: list[AuditEntry]
