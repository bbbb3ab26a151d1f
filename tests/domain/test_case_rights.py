"""Who may do what: a table written out by hand, checked against the code both ways.

Each situation below is a case in one state at one step of its route. Beside it, by
hand, the (action, who) pairs that are allowed; everything else is denied. "Who" is
written `role@relation`, with `*` when that person holds the case:

    relation: same    - works at the office where the case is now
              station - works at the case's station while the case is elsewhere
              above   - works at the office above the case's current office
              other   - anywhere else
    owner / stranger  - the resident whose case it is / another resident

The test expands every situation over every action, both residents and every staff
role x relation x (holder or not, when someone holds the case), then checks that the
action is offered by `allowed_actions` exactly when the table allows it, and that `act`
succeeds exactly then (and raises a DomainError otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pytest

from backend.domain.case import NOT_OFFERED, act, allowed_actions
from backend.domain.errors import DomainError
from backend.domain.rights import Actor, OfficeRelation, Role
from backend.domain.route import Route
from backend.domain.snapshot import CaseSnapshot
from backend.domain.states import CaseAction, CaseState, Decision

from .builders import FULL, TOWN_NOW, VILLAGE_NOW, at, booked

A = CaseAction
S = CaseState

# -- shorthands for the table, written out (not derived from the code) ---------------

OWNER = {"owner"}
# the holder whose role fits the step, or the office's supervisor acting for them
AGENT_WORK = {"agent@same*", "supervisor@same", "supervisor@same*"}
REVIEWER_WORK = {"reviewer@same*", "supervisor@same", "supervisor@same*"}
APPROVER_WORK = {"approver@same*", "supervisor@same", "supervisor@same*"}
# a case nobody holds: staff of the office whose role fits, or its supervisor
AGENT_CLAIM = {"agent@same", "supervisor@same"}
REVIEWER_CLAIM = {"reviewer@same", "supervisor@same"}
APPROVER_CLAIM = {"approver@same", "supervisor@same"}
# 延期 needs the head of the office
HEAD = {"supervisor@same", "supervisor@same*"}
REASSIGNERS = {
    "supervisor@same", "supervisor@same*", "admin@same", "admin@same*",
    "supervisor@above", "supervisor@above*", "admin@above", "admin@above*",
}
# the station's people, who have the result in hand when it comes back
STATION_HANDS = {"agent@station", "agent@station*", "supervisor@station", "supervisor@station*"}


@dataclass(frozen=True)
class Situation:
    name: str
    route: Route
    state: CaseState
    step: int
    office: str
    held: bool
    allowed: dict[CaseAction, set[str]]
    assignee_role: Role = Role.AGENT
    resume: CaseState | None = None
    extended: bool = False
    asked_at: frozenset[int] = field(default_factory=frozenset)
    rating: int | None = None


# FULL = [village accept, town review, district approve, village deliver]
SITUATIONS = [
    Situation("booked, nobody holds it", FULL, S.BOOKED, 0, "V01", False, {
        A.CLAIM: AGENT_CLAIM, A.CANCEL: OWNER}),
    Situation("booked, an agent holds it", FULL, S.BOOKED, 0, "V01", True, {
        A.ACCEPT: AGENT_WORK, A.REFUSE: AGENT_WORK, A.REQUEST_MATERIAL: AGENT_WORK,
        A.CANCEL: OWNER, A.REASSIGN: REASSIGNERS}),
    Situation("accepted at the station", FULL, S.ACCEPTED, 0, "V01", True, {
        A.FORWARD: AGENT_WORK, A.REQUEST_MATERIAL: AGENT_WORK,
        A.START_PUBLIC_NOTICE: AGENT_WORK, A.EXTEND: HEAD, A.WITHDRAW: OWNER,
        A.REASSIGN: REASSIGNERS}),
    Situation("awaiting material before acceptance", FULL, S.AWAITING_MATERIAL, 0, "V01",
              True, {A.RECEIVE_MATERIAL: AGENT_WORK, A.REFUSE: AGENT_WORK, A.CANCEL: OWNER,
                     A.REASSIGN: REASSIGNERS}, resume=S.BOOKED, asked_at=frozenset({0})),
    Situation("awaiting material after acceptance", FULL, S.AWAITING_MATERIAL, 0, "V01",
              True, {A.RECEIVE_MATERIAL: AGENT_WORK, A.WITHDRAW: OWNER,
                     A.REASSIGN: REASSIGNERS}, resume=S.ACCEPTED, asked_at=frozenset({0})),
    Situation("public notice at the station", FULL, S.PUBLIC_NOTICE, 0, "V01", True, {
        A.END_PUBLIC_NOTICE: AGENT_WORK, A.WITHDRAW: OWNER, A.REASSIGN: REASSIGNERS},
        resume=S.ACCEPTED),
    Situation("forwarded to the town", FULL, S.FORWARDED, 1, "T01", False, {
        A.CLAIM: REVIEWER_CLAIM, A.WITHDRAW: OWNER}, assignee_role=Role.REVIEWER),
    Situation("under review at the town", FULL, S.UNDER_REVIEW, 1, "T01", True, {
        A.FORWARD: REVIEWER_WORK, A.REQUEST_MATERIAL: REVIEWER_WORK,
        A.RETURN_TO_LOWER_TIER: REVIEWER_WORK, A.START_PUBLIC_NOTICE: REVIEWER_WORK,
        A.EXTEND: HEAD, A.WITHDRAW: OWNER, A.REASSIGN: REASSIGNERS},
        assignee_role=Role.REVIEWER),
    Situation("under review at the town, already extended and asked", FULL, S.UNDER_REVIEW,
              1, "T01", True, {
        A.FORWARD: REVIEWER_WORK, A.RETURN_TO_LOWER_TIER: REVIEWER_WORK,
        A.START_PUBLIC_NOTICE: REVIEWER_WORK, A.WITHDRAW: OWNER,
        A.REASSIGN: REASSIGNERS}, assignee_role=Role.REVIEWER, extended=True,
        asked_at=frozenset({1})),
    Situation("public notice at the town", FULL, S.PUBLIC_NOTICE, 1, "T01", True, {
        A.END_PUBLIC_NOTICE: REVIEWER_WORK, A.WITHDRAW: OWNER, A.REASSIGN: REASSIGNERS},
        assignee_role=Role.REVIEWER, resume=S.UNDER_REVIEW),
    Situation("awaiting material at the town", FULL, S.AWAITING_MATERIAL, 1, "T01", True, {
        A.RECEIVE_MATERIAL: REVIEWER_WORK, A.WITHDRAW: OWNER, A.REASSIGN: REASSIGNERS},
        assignee_role=Role.REVIEWER, resume=S.UNDER_REVIEW, asked_at=frozenset({1})),
    Situation("returned to the town", FULL, S.RETURNED, 1, "T01", False, {
        A.CLAIM: REVIEWER_CLAIM, A.WITHDRAW: OWNER}, assignee_role=Role.REVIEWER),
    Situation("forwarded to the district", FULL, S.FORWARDED, 2, "D01", False, {
        A.CLAIM: APPROVER_CLAIM, A.WITHDRAW: OWNER}, assignee_role=Role.APPROVER),
    Situation("under review at the district", FULL, S.UNDER_REVIEW, 2, "D01", True, {
        A.APPROVE: APPROVER_WORK, A.REJECT: APPROVER_WORK,
        A.REQUEST_MATERIAL: APPROVER_WORK, A.RETURN_TO_LOWER_TIER: APPROVER_WORK,
        A.START_PUBLIC_NOTICE: APPROVER_WORK, A.EXTEND: HEAD, A.WITHDRAW: OWNER,
        A.REASSIGN: REASSIGNERS}, assignee_role=Role.APPROVER),
    Situation("awaiting material at the district", FULL, S.AWAITING_MATERIAL, 2, "D01",
              True, {A.RECEIVE_MATERIAL: APPROVER_WORK, A.REJECT: APPROVER_WORK,
                     A.WITHDRAW: OWNER, A.REASSIGN: REASSIGNERS},
              assignee_role=Role.APPROVER, resume=S.UNDER_REVIEW, asked_at=frozenset({2})),
    Situation("approved, still at the district", FULL, S.APPROVED, 3, "D01", True, {
        A.MARK_RESULT_READY: APPROVER_WORK | STATION_HANDS, A.REASSIGN: REASSIGNERS},
        assignee_role=Role.APPROVER),
    Situation("rejected, still at the district", FULL, S.REJECTED, 3, "D01", True, {
        A.MARK_RESULT_READY: APPROVER_WORK | STATION_HANDS, A.REASSIGN: REASSIGNERS},
        assignee_role=Role.APPROVER),
    Situation("result at the station, nobody holds it", FULL, S.RESULT_READY, 3, "V01",
              False, {A.CLAIM: AGENT_CLAIM}),
    Situation("result at the station, an agent holds it", FULL, S.RESULT_READY, 3, "V01",
              True, {A.DELIVER: AGENT_WORK, A.REASSIGN: REASSIGNERS}),
    Situation("delivered, not rated", FULL, S.DELIVERED, 3, "V01", False, {A.RATE: OWNER}),
    Situation("delivered and rated", FULL, S.DELIVERED, 3, "V01", False, {}, rating=4),
    Situation("refused", FULL, S.REFUSED, 0, "V01", False, {}),
    Situation("cancelled", FULL, S.CANCELLED, 0, "V01", False, {}),
    Situation("withdrawn", FULL, S.WITHDRAWN, 1, "T01", False, {}),
    Situation("returned to the station", FULL, S.RETURNED, 0, "V01", False, {
        A.CLAIM: AGENT_CLAIM, A.WITHDRAW: OWNER}),
    Situation("reworked at the station after a return", FULL, S.UNDER_REVIEW, 0, "V01",
              True, {A.FORWARD: AGENT_WORK, A.REQUEST_MATERIAL: AGENT_WORK,
                     A.START_PUBLIC_NOTICE: AGENT_WORK, A.EXTEND: HEAD,
                     A.WITHDRAW: OWNER, A.REASSIGN: REASSIGNERS}),
    # VILLAGE_NOW = [village accept, village decide]: the station decides itself
    Situation("deciding at the station", VILLAGE_NOW, S.UNDER_REVIEW, 1, "V01", True, {
        A.APPROVE: AGENT_WORK, A.REJECT: AGENT_WORK, A.REQUEST_MATERIAL: AGENT_WORK,
        A.START_PUBLIC_NOTICE: AGENT_WORK, A.EXTEND: HEAD, A.WITHDRAW: OWNER,
        A.REASSIGN: REASSIGNERS}),
    Situation("approved at the station", VILLAGE_NOW, S.APPROVED, 1, "V01", True, {
        A.MARK_RESULT_READY: AGENT_WORK | STATION_HANDS, A.REASSIGN: REASSIGNERS}),
    # TOWN_NOW = [village accept, town decide]: 即办 at the town
    Situation("forwarded to a deciding town", TOWN_NOW, S.FORWARDED, 1, "T01", False, {
        A.CLAIM: APPROVER_CLAIM, A.WITHDRAW: OWNER}, assignee_role=Role.APPROVER),
    Situation("deciding at the town", TOWN_NOW, S.UNDER_REVIEW, 1, "T01", True, {
        A.APPROVE: APPROVER_WORK, A.REJECT: APPROVER_WORK,
        A.REQUEST_MATERIAL: APPROVER_WORK, A.RETURN_TO_LOWER_TIER: APPROVER_WORK,
        A.START_PUBLIC_NOTICE: APPROVER_WORK, A.EXTEND: HEAD, A.WITHDRAW: OWNER,
        A.REASSIGN: REASSIGNERS}, assignee_role=Role.APPROVER),
]

STAFF_ROLES = [Role.AGENT, Role.REVIEWER, Role.APPROVER, Role.SUPERVISOR, Role.ADMIN]
RELATIONS = list(OfficeRelation)
HOLDER = "h1"
DECIDED = {S.APPROVED: Decision.APPROVED, S.REJECTED: Decision.REJECTED}


def _case(situation: Situation) -> CaseSnapshot:
    return replace(
        booked(situation.route), state=situation.state, step=situation.step,
        office_code=situation.office, holder_id=HOLDER if situation.held else None,
        resume_state=situation.resume, extended=situation.extended,
        material_requested_at=situation.asked_at, rating=situation.rating,
        decision=DECIDED.get(situation.state),
    )


def _viewers(situation: Situation) -> list[tuple[str, Actor]]:
    viewers = [("owner", Actor.resident("r1")), ("stranger", Actor.resident("r2"))]
    for role in STAFF_ROLES:
        for relation in RELATIONS:
            token = f"{role.value}@{relation.value}"
            viewers.append((token, Actor.staff("s2", role, "X", relation)))
            if situation.held:
                viewers.append((token + "*", Actor.staff(HOLDER, role, "X", relation)))
    return viewers


def _params(situation: Situation, action: CaseAction) -> dict[str, object]:
    if action is A.REASSIGN:
        return {"assignee": Actor.staff("s9", situation.assignee_role, "X",
                                        OfficeRelation.SAME)}
    return {"reason": "r", "days": 3, "items": ("id_card",), "score": 4}


def _actions() -> list[CaseAction]:
    return [action for action in CaseAction if action not in NOT_OFFERED]


@pytest.mark.parametrize("situation", SITUATIONS, ids=[s.name for s in SITUATIONS])
def test_the_hand_written_rights_table_matches_allowed_actions_and_act(
    situation: Situation,
) -> None:
    case = _case(situation)
    wrong: list[str] = []
    for token, viewer in _viewers(situation):
        offered = set(allowed_actions(case, viewer))
        for action in _actions():
            expected = token in situation.allowed.get(action, set())
            if (action in offered) != expected:
                wrong.append(f"allowed_actions: {token} {action.value}: expected {expected}")
            try:
                act(case, action, viewer, at(2026, 9, 25), **_params(situation, action))  # type: ignore[arg-type]
                done = True
            except DomainError:
                done = False
            if done != expected:
                wrong.append(f"act: {token} {action.value}: expected {expected}")
    assert wrong == []


def test_the_table_names_only_viewers_that_exist() -> None:
    """A typo in a token ('agnet@same') would silently deny; catch it here."""
    for situation in SITUATIONS:
        tokens = {token for token, _ in _viewers(situation)}
        for action, who in situation.allowed.items():
            assert who <= tokens, (situation.name, action, who - tokens)


def test_an_inactive_staff_member_may_do_nothing_anywhere() -> None:
    for situation in SITUATIONS:
        case = _case(situation)
        for role in STAFF_ROLES:
            for relation in RELATIONS:
                for person in ("s2", HOLDER):
                    viewer = Actor.staff(person, role, "X", relation, active=False)
                    assert allowed_actions(case, viewer) == [], (situation.name, role, relation)


def test_a_denied_action_in_a_possible_state_is_refused_as_not_allowed() -> None:
    case = _case(SITUATIONS[2])  # accepted at the station, held by h1
    with pytest.raises(DomainError) as refused:
        act(case, A.FORWARD, Actor.staff("s2", Role.AGENT, "X", OfficeRelation.SAME),
            at(2026, 9, 25))
    assert refused.value.code == "case.not_allowed"
