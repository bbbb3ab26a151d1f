"""Which case events the villager is told of: one rule for the chat and the call list.

The villager hears of every move that changes what they can expect or must do: the
receipt, a request for material, each move between tiers, a public notice, an
extension, the decision, the result, delivery, a refusal. They are not told what they
did themselves (the chat already answered them), nor the offices' internal moves: a
claim (someone picked it up where it already was) or a reassignment between staff.
A villager the bot cannot reach gets the same news by phone or a visit: the station's
call list holds exactly the events this rule lets through.
"""

from __future__ import annotations

from backend.domain.events import CaseEvent
from backend.domain.rights import Role
from backend.domain.states import CaseAction

_INTERNAL = frozenset({CaseAction.CLAIM, CaseAction.REASSIGN, CaseAction.RESCHEDULE,
                       CaseAction.RATE, CaseAction.REPLY})


def is_news(action: CaseAction, acting_role: Role) -> bool:
    """Whether an event of this action, taken in this capacity, is news to the villager."""
    return action not in _INTERNAL and acting_role is not Role.RESIDENT


def tells_resident(event: CaseEvent) -> bool:
    """Whether this event is news the villager should get."""
    return is_news(event.action, event.acting_role)


def needs_call(event: CaseEvent, *, has_chat: bool, reachable: bool) -> bool:
    """Whether the station must pass this news on by phone or a visit instead."""
    return tells_resident(event) and not (has_chat and reachable)
