"""The case event: one append-only record per transition.

Notifications, clocks in reports, appraisal figures and the audit trail all read these,
so an event says everything about the change on its own: who, in which capacity, from
where, what, from which state to which, and why. Reasons are free text written by staff
or the villager; the domain stores them and never logs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backend.domain.rights import Role
from backend.domain.states import CaseAction, CaseState


@dataclass(frozen=True, slots=True)
class CaseEvent:
    """What one transition did. `version` is the case's version after it (1 = booked).

    `office_code`/`step` are where the case was when it happened; `to_office_code`/
    `to_step` where it is after. `holder_id` is who holds it after (None: in a queue, or
    done). The optional fields carry the action's parameters: `days` for an extension,
    `items` for a material request (the complete list), `assignee_id` for a
    reassignment, `score` for a rating.
    """

    case_id: str
    version: int
    action: CaseAction
    actor_id: str
    acting_role: Role
    actor_office_code: str | None
    from_state: CaseState | None
    to_state: CaseState
    office_code: str
    to_office_code: str
    step: int
    to_step: int
    holder_id: str | None
    at: datetime
    reason: str | None = None
    days: int | None = None
    items: tuple[str, ...] = ()
    assignee_id: str | None = None
    score: int | None = None
