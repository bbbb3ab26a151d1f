"""A case as the workflow sees it: an immutable snapshot that each transition replaces.

The service loads one from storage, asks the state machine for the next one, and saves
it together with the single event that explains the change, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.domain.clocks import Clock, Limit
from backend.domain.route import Route, Step, StepAction
from backend.domain.states import CaseState, Decision
from backend.domain.tier import Tier


@dataclass(frozen=True, slots=True)
class OfficePath:
    """The three offices a case can visit, fixed when it is booked.

    The villager's station, that station's town center and the district center: the
    service resolves them once, so every later move is decided by the domain alone.
    """

    village: str
    town: str
    district: str

    def at(self, tier: Tier) -> str:
        return {Tier.VILLAGE: self.village, Tier.TOWN: self.town, Tier.DISTRICT: self.district}[
            tier
        ]


@dataclass(frozen=True, slots=True)
class CaseSnapshot:
    """Everything the rules need to know about one case, and nothing they do not.

    `step` indexes the route step whose clock runs; `office_code` is where the case
    physically is. They agree except between the decision and the result's arrival at
    the station, when the delivery step's clock already runs (the result is travelling
    down) while the case is still at the deciding office.

    `resume_state` is the state to go back to when material arrives or a public notice
    ends. `material_requested_at` lists the steps that already asked for material, so
    each step asks once and completely (一次性告知). `version` counts transitions, for the
    storage's optimistic check and the event's sequence number.
    """

    case_id: str
    resident_id: str
    route: Route
    offices: OfficePath
    state: CaseState
    step: int
    office_code: str
    holder_id: str | None
    service_clock: Clock
    step_clock: Clock
    legal_limit: Limit | None = None
    statutory_clock: Clock | None = None
    resume_state: CaseState | None = None
    decision: Decision | None = None
    return_count: int = 0
    extended: bool = False
    material_requested_at: frozenset[int] = frozenset()
    rating: int | None = None
    version: int = 1

    @property
    def current_step(self) -> Step:
        return self.route.steps[self.step]

    @property
    def at_deciding_step(self) -> bool:
        return self.step == self.route.deciding_index

    @property
    def at_station(self) -> bool:
        return self.office_code == self.offices.village

    @property
    def work_step(self) -> Step:
        """The step whose work the current office does: the deciding step once decided."""
        if self.state in (CaseState.APPROVED, CaseState.REJECTED):
            return self.route.deciding_step
        if self.state in (CaseState.RESULT_READY, CaseState.DELIVERED):
            return Step(Tier.VILLAGE, StepAction.DELIVER, 0)
        return self.current_step


def is_flagged_for_returns(case: CaseSnapshot, threshold: int) -> bool:
    """Whether the case bounced between tiers more than the district tolerates (踢皮球)."""
    return case.return_count > threshold
