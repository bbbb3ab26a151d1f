"""Side moves on a case that change no state: the villager's answer to a material
request, and a missed appointment. Each is one event (the case's version moves on), so
the feed tells the right people, and the timeline and the audit trail keep it.

- **reply**: while the case waits for material (补正), the villager answers in the chat
  with words and photos; the holder gets them and decides whether the material is now
  complete (receive_material is theirs).
- **mark_missed**: the slot passed and the villager did not come. The station's staff
  say so; the place is freed and the villager is offered a new time (reschedule).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from backend.domain.case import Transition
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.events import CaseEvent
from backend.domain.rights import Actor, OfficeRelation, Role
from backend.domain.snapshot import CaseSnapshot
from backend.domain.states import CaseAction, CaseState

MAX_PHOTOS = 10
MAX_TEXT = 1000


def _event(case: CaseSnapshot, action: CaseAction, actor: Actor, now: datetime, *,
           reason: str | None = None, items: tuple[str, ...] = ()) -> Transition:
    after = replace(case, version=case.version + 1)
    return Transition(after, CaseEvent(
        case_id=case.case_id, version=after.version, action=action,
        actor_id=actor.person_id, acting_role=actor.role,
        actor_office_code=actor.office_code, from_state=case.state, to_state=after.state,
        office_code=case.office_code, to_office_code=after.office_code, step=case.step,
        to_step=after.step, holder_id=after.holder_id, at=now, reason=reason, items=items))


def reply(case: CaseSnapshot, actor: Actor, now: datetime, text: str | None,
          photos: tuple[str, ...]) -> Transition:
    """The villager's answer to a material request: words (reason) and photos (items)."""
    if case.state is not CaseState.AWAITING_MATERIAL:
        raise DomainError(ErrorCode.WRONG_STATE)
    if actor.role is not Role.RESIDENT or actor.person_id != case.resident_id:
        raise DomainError(ErrorCode.NOT_ALLOWED)
    words = " ".join((text or "").split())
    if not words and not photos:
        raise DomainError(ErrorCode.REPLY_EMPTY)
    if len(words) > MAX_TEXT or len(photos) > MAX_PHOTOS:
        raise DomainError(ErrorCode.REPLY_TOO_LONG)
    return _event(case, CaseAction.REPLY, actor, now, reason=words or None, items=photos)


def may_mark_missed(case: CaseSnapshot, actor: Actor, slot_start: datetime | None,
                    now: datetime) -> bool:
    """Station staff, once a booked slot has passed without the villager."""
    return (case.state is CaseState.BOOKED and slot_start is not None and slot_start <= now
            and actor.role in (Role.AGENT, Role.SUPERVISOR) and actor.active
            and actor.relation is OfficeRelation.SAME)


def mark_missed(case: CaseSnapshot, actor: Actor, now: datetime,
                slot_start: datetime | None) -> Transition:
    if case.state is not CaseState.BOOKED or slot_start is None:
        raise DomainError(ErrorCode.WRONG_STATE)
    if not may_mark_missed(case, actor, slot_start, now):
        raise DomainError(ErrorCode.NOT_ALLOWED if slot_start <= now else
                          ErrorCode.NOT_YET_MISSED)
    return _event(case, CaseAction.MARK_MISSED, actor, now)
