"""The route a matter's cases walk: the tiers' steps, each with its own limit.

The catalog has its own route models; the service maps them into these types, so the
domain never depends on how the catalog is stored. A route is checked once, when it is
built, for the shape the state machine can walk:

- it starts with the station's acceptance (代办: every case begins at the villager's
  station, even when the town or district does the real work);
- it climbs (village -> town -> district, several steps at one tier allowed) up to the
  deciding step, the last approve/decide step;
- after the decision, at most one step: the station's delivery (送达), whose limit
  covers carrying the result down and handing it over.

Earlier approve/decide steps (a town "decide" before the district's approval, as in a
life-event bundle) are worked like reviews: signed off, then forwarded.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from backend.domain.errors import DomainError, ErrorCode
from backend.domain.tier import Tier


class StepAction(StrEnum):
    """What an office does at one step of the route."""

    ACCEPT = "accept"  # 受理: the station takes the request and the materials
    REVIEW = "review"  # 审核/初审: check, then forward
    APPROVE = "approve"  # 审批/核定: a deciding sign-off
    DECIDE = "decide"  # 决定/办结: the deciding act (即办 matters too)
    DELIVER = "deliver"  # 送达: the station hands the result back

    @property
    def decides(self) -> bool:
        return self in (StepAction.APPROVE, StepAction.DECIDE)


@dataclass(frozen=True, slots=True)
class Step:
    """One office's part: which tier, what it does, and its limit in working days."""

    tier: Tier
    action: StepAction
    limit_days: int


@dataclass(frozen=True, slots=True)
class Route:
    """The steps of one matter, checked for a shape the state machine can walk.

    Raises DomainError(route.*) on a malformed route, so a bad catalog entry fails when
    a case is opened for it rather than half-way up the tiers.
    """

    steps: tuple[Step, ...]

    def __post_init__(self) -> None:
        _check(self.steps)

    @property
    def deciding_index(self) -> int:
        """The index of the last approve/decide step: where the case is decided."""
        return max(i for i, step in enumerate(self.steps) if step.action.decides)

    @property
    def deciding_step(self) -> Step:
        return self.steps[self.deciding_index]

    @property
    def delivery_index(self) -> int | None:
        """The index of the station's delivery step, if the route names one."""
        last = len(self.steps) - 1
        return last if self.steps[last].action is StepAction.DELIVER else None

    def lower_tier_index(self, index: int) -> int:
        """Where a return from step `index` lands: the last earlier step at a lower tier.

        A return goes to the previous tier's office, not to an earlier step of the same
        office (that would be an internal hand-back, not a 退回 between tiers).
        """
        tier = self.steps[index].tier
        for earlier in range(index - 1, -1, -1):
            if self.steps[earlier].tier.rank > tier.rank:
                return earlier
        raise ValueError(f"step {index} is at the lowest tier of the route")


def _check(steps: tuple[Step, ...]) -> None:
    if not steps:
        raise DomainError(ErrorCode.ROUTE_EMPTY)
    if any(step.limit_days < 0 for step in steps):
        raise DomainError(ErrorCode.ROUTE_NEGATIVE_LIMIT)
    first = steps[0]
    if first.tier is not Tier.VILLAGE or first.action is not StepAction.ACCEPT:
        raise DomainError(ErrorCode.ROUTE_NOT_AT_STATION)
    deciding = [i for i, step in enumerate(steps) if step.action.decides]
    if not deciding:
        raise DomainError(ErrorCode.ROUTE_NO_DECISION)
    decided_at = deciding[-1]
    for i in range(1, decided_at + 1):
        if steps[i].action in (StepAction.ACCEPT, StepAction.DELIVER):
            raise DomainError(ErrorCode.ROUTE_MISPLACED_STEP)
        if steps[i].tier.rank > steps[i - 1].tier.rank:
            raise DomainError(ErrorCode.ROUTE_GOES_DOWN)
    after = steps[decided_at + 1 :]
    if after and (
        len(after) > 1 or after[0].tier is not Tier.VILLAGE
        or after[0].action is not StepAction.DELIVER
    ):
        raise DomainError(ErrorCode.ROUTE_BAD_AFTER_DECISION)
