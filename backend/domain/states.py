"""The vocabulary of the tier workflow: where a case can be and what can be done to it.

Kept apart from the state machine so that events, rights and the service can name
states and actions without importing the machine itself.
"""

from __future__ import annotations

from enum import StrEnum


class CaseState(StrEnum):
    """Where a case stands. The values are stored and published: never rename one."""

    BOOKED = "booked"  # 预约/委托登记: at the station, waiting for acceptance
    ACCEPTED = "accepted"  # 受理: the station's receipt; its agent holds the case
    REFUSED = "refused"  # 不予受理: terminal, with a reason
    AWAITING_MATERIAL = "awaiting_material"  # 补正: clocks paused; returns where it came from
    FORWARDED = "forwarded"  # 报送/转办: at the next step's office, nobody holds it yet
    RETURNED = "returned"  # 退回: back at a lower tier's office, nobody holds it yet
    UNDER_REVIEW = "under_review"  # held and worked at a step after the station's receipt
    PUBLIC_NOTICE = "public_notice"  # 公示: clocks paused; returns where it came from
    APPROVED = "approved"  # 准予: decided at the deciding step
    REJECTED = "rejected"  # 不予: decided, with a reason
    RESULT_READY = "result_ready"  # the result (and the originals) are back at the station
    DELIVERED = "delivered"  # 送达/办结: handed over; only a rating can follow
    CANCELLED = "cancelled"  # the villager called it off before acceptance
    WITHDRAWN = "withdrawn"  # 撤回: the villager called it off after acceptance, with a reason

    @property
    def is_terminal(self) -> bool:
        """No handling action applies any more (a delivered case can still be rated)."""
        return self in _TERMINAL

    @property
    def is_paused(self) -> bool:
        """The case waits on something outside the office; every running clock stops."""
        return self in (CaseState.AWAITING_MATERIAL, CaseState.PUBLIC_NOTICE)


_TERMINAL = frozenset(
    {CaseState.REFUSED, CaseState.DELIVERED, CaseState.CANCELLED, CaseState.WITHDRAWN}
)


class CaseAction(StrEnum):
    """A command on a case, in the imperative. Each successful one writes one event."""

    BOOK = "book"  # opens the case; never offered on an existing case
    RESCHEDULE = "reschedule"  # moves a booked appointment; its own call, never offered
    REPLY = "reply"  # the villager answers a material request; its own call, never offered
    MARK_MISSED = "mark_missed"  # the villager did not come to the slot; the place is freed
    CLAIM = "claim"
    ACCEPT = "accept"
    REFUSE = "refuse"
    REQUEST_MATERIAL = "request_material"
    RECEIVE_MATERIAL = "receive_material"
    FORWARD = "forward"
    RETURN_TO_LOWER_TIER = "return_to_lower_tier"
    START_PUBLIC_NOTICE = "start_public_notice"
    END_PUBLIC_NOTICE = "end_public_notice"
    EXTEND = "extend"
    APPROVE = "approve"
    REJECT = "reject"
    MARK_RESULT_READY = "mark_result_ready"
    DELIVER = "deliver"
    CANCEL = "cancel"
    WITHDRAW = "withdraw"
    REASSIGN = "reassign"
    RATE = "rate"


class Decision(StrEnum):
    """The outcome, kept on the case after it leaves the approved/rejected states."""

    APPROVED = "approved"
    REJECTED = "rejected"
