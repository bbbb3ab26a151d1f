"""The state machine of a case: which actions are possible, and what each one does.

Pure functions over immutable snapshots. `act` checks a command and returns the next
snapshot with exactly one event; `allowed_actions` answers, with the very same checks,
which commands a viewer may give now (the bot shows those buttons and no others).
Checks run in a fixed order, so a refusal always names the first thing wrong:

1. the state does not allow the action at all          -> case.wrong_state
2. the state would, but not at this step of the route  -> case.wrong_step
3. this actor may not (rights.py)                      -> case.not_allowed
4. it was already done (claimed, asked, extended, ...) -> case.already_claimed, ...
5. a parameter is missing or wrong                     -> case.reason_required, ...

The diagram is case.mmd beside this file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from backend.domain.clocks import Clock, Limit
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.events import CaseEvent
from backend.domain.rights import Actor, OfficeRelation, Role, can_assign_to, fits, may
from backend.domain.route import Route
from backend.domain.snapshot import CaseSnapshot, OfficePath
from backend.domain.states import CaseAction, CaseState, Decision
from backend.domain.tier import Tier

A = CaseAction
S = CaseState

# In which states each action is possible at all (refinements in _state_refusal).
_POSSIBLE: dict[CaseAction, frozenset[CaseState]] = {
    A.CLAIM: frozenset({S.BOOKED, S.FORWARDED, S.RETURNED, S.RESULT_READY}),
    A.ACCEPT: frozenset({S.BOOKED}),
    A.REFUSE: frozenset({S.BOOKED, S.AWAITING_MATERIAL}),
    A.REQUEST_MATERIAL: frozenset({S.BOOKED, S.ACCEPTED, S.UNDER_REVIEW}),
    A.RECEIVE_MATERIAL: frozenset({S.AWAITING_MATERIAL}),
    A.FORWARD: frozenset({S.ACCEPTED, S.UNDER_REVIEW}),
    A.RETURN_TO_LOWER_TIER: frozenset({S.UNDER_REVIEW}),
    A.START_PUBLIC_NOTICE: frozenset({S.ACCEPTED, S.UNDER_REVIEW}),
    A.END_PUBLIC_NOTICE: frozenset({S.PUBLIC_NOTICE}),
    A.EXTEND: frozenset({S.ACCEPTED, S.UNDER_REVIEW}),
    A.APPROVE: frozenset({S.UNDER_REVIEW}),
    A.REJECT: frozenset({S.UNDER_REVIEW, S.AWAITING_MATERIAL}),
    A.MARK_RESULT_READY: frozenset({S.APPROVED, S.REJECTED}),
    A.DELIVER: frozenset({S.RESULT_READY}),
    A.CANCEL: frozenset({S.BOOKED, S.AWAITING_MATERIAL}),
    A.WITHDRAW: frozenset({S.ACCEPTED, S.FORWARDED, S.RETURNED, S.UNDER_REVIEW,
                           S.PUBLIC_NOTICE, S.AWAITING_MATERIAL}),
    A.REASSIGN: frozenset({S.BOOKED, S.ACCEPTED, S.AWAITING_MATERIAL, S.UNDER_REVIEW,
                           S.PUBLIC_NOTICE, S.APPROVED, S.REJECTED, S.RESULT_READY}),
    A.RATE: frozenset({S.DELIVERED}),
}

# The longest extension one approval may grant: a limit can at most be doubled in
# practice (e.g. 20 + 10 working days for a permit), so 60 covers every matter we list.
MAX_EXTENSION_DAYS = 60

_NEEDS_REASON = frozenset({A.REFUSE, A.REJECT, A.RETURN_TO_LOWER_TIER, A.WITHDRAW, A.EXTEND})


NOT_OFFERED = frozenset({CaseAction.BOOK, CaseAction.RESCHEDULE, CaseAction.REPLY,
                         CaseAction.MARK_MISSED})
"""Actions with calls of their own (opening a case, moving its appointment, the villager's
answer, a missed appointment): never taken through `act`; appointment.py offers
mark_missed when its slot has passed."""

@dataclass(frozen=True, slots=True)
class Transition:
    """The next snapshot and the one event that explains it; the service saves both."""

    case: CaseSnapshot
    event: CaseEvent


@dataclass(frozen=True, slots=True)
class _Params:
    reason: str | None = None
    days: int | None = None
    items: tuple[str, ...] = ()
    assignee: Actor | None = None
    score: int | None = None


_Effect = Callable[[CaseSnapshot, Actor, datetime, _Params], CaseSnapshot]


# -- opening --------------------------------------------------------------------------


def open_case(*, case_id: str, resident_id: str, route: Route, offices: OfficePath,
              promised_limit: Limit, legal_limit: Limit | None, actor: Actor,
              now: datetime, clocks_start: datetime | None = None) -> Transition:
    """Book a case at the villager's station: the resident, or station staff for them.

    The service clock and the station step's clock start at `clocks_start` (default:
    now); a booking for a slot days ahead may start them at the slot instead, so the
    promise does not run while the villager has not yet come. The statutory clock waits
    for formal acceptance by the deciding office.
    """
    by_resident = actor.role is Role.RESIDENT and actor.person_id == resident_id
    by_station = (actor.role in (Role.AGENT, Role.SUPERVISOR) and actor.active
                  and actor.relation is OfficeRelation.SAME)
    if not (by_resident or by_station):
        raise DomainError(ErrorCode.NOT_ALLOWED)
    start = clocks_start or now
    case = CaseSnapshot(
        case_id=case_id, resident_id=resident_id, route=route, offices=offices,
        state=S.BOOKED, step=0, office_code=offices.village, holder_id=None,
        service_clock=Clock(start, promised_limit),
        step_clock=Clock(start, Limit(route.steps[0].limit_days)),
        legal_limit=legal_limit,
    )
    event = CaseEvent(
        case_id=case_id, version=1, action=A.BOOK, actor_id=actor.person_id,
        acting_role=actor.role, actor_office_code=actor.office_code, from_state=None,
        to_state=S.BOOKED, office_code=offices.village, to_office_code=offices.village,
        step=0, to_step=0, holder_id=None, at=now,
    )
    return Transition(case, event)


def reschedule(case: CaseSnapshot, actor: Actor, now: datetime) -> Transition:
    """The villager moves their appointment: the case stays booked at its station, and one
    event says so, so that the feed, the timeline and the audit trail all see the move."""
    if case.state is not S.BOOKED:
        raise DomainError(ErrorCode.WRONG_STATE)
    if actor.role is not Role.RESIDENT or actor.person_id != case.resident_id:
        raise DomainError(ErrorCode.NOT_ALLOWED)
    after = replace(case, version=case.version + 1)
    event = CaseEvent(
        case_id=case.case_id, version=after.version, action=A.RESCHEDULE,
        actor_id=actor.person_id, acting_role=actor.role,
        actor_office_code=actor.office_code, from_state=case.state, to_state=after.state,
        office_code=case.office_code, to_office_code=after.office_code, step=case.step,
        to_step=after.step, holder_id=after.holder_id, at=now,
    )
    return Transition(after, event)


# -- checking -------------------------------------------------------------------------


def refusal(case: CaseSnapshot, action: CaseAction, actor: Actor) -> ErrorCode | None:
    """Why this actor cannot take this action now, or None if they can (params aside)."""
    code = _state_refusal(case, action)
    if code is not None:
        return code
    if not may(case, action, actor):
        return ErrorCode.NOT_ALLOWED
    return _availability_refusal(case, action)


def allowed_actions(case: CaseSnapshot, viewer: Actor) -> list[CaseAction]:
    """What this viewer may do to this case now, in the enum's order."""
    return [action for action in CaseAction
            if action not in NOT_OFFERED and refusal(case, action, viewer) is None]


def _state_refusal(case: CaseSnapshot, action: CaseAction) -> ErrorCode | None:
    if case.state not in _POSSIBLE.get(action, frozenset()):
        return ErrorCode.WRONG_STATE
    if case.state is S.AWAITING_MATERIAL:
        # Waiting for material keeps the case where it was: before acceptance it can
        # still be cancelled or refused, after it only withdrawn, and only a case under
        # review at the deciding step can be rejected for material that never came.
        before_acceptance = case.resume_state is S.BOOKED
        if action in (A.REFUSE, A.CANCEL) and not before_acceptance:
            return ErrorCode.WRONG_STATE
        if action is A.WITHDRAW and before_acceptance:
            return ErrorCode.WRONG_STATE
        if action is A.REJECT and case.resume_state is not S.UNDER_REVIEW:
            return ErrorCode.WRONG_STATE
    if action is A.FORWARD and case.at_deciding_step:
        return ErrorCode.WRONG_STEP
    if action in (A.APPROVE, A.REJECT) and not case.at_deciding_step:
        return ErrorCode.WRONG_STEP
    if action is A.RETURN_TO_LOWER_TIER and case.current_step.tier is Tier.VILLAGE:
        return ErrorCode.WRONG_STEP
    return None


def _availability_refusal(case: CaseSnapshot, action: CaseAction) -> ErrorCode | None:
    if action is A.CLAIM and case.holder_id is not None:
        return ErrorCode.ALREADY_CLAIMED
    if action is A.REQUEST_MATERIAL and case.step in case.material_requested_at:
        return ErrorCode.MATERIAL_ALREADY_REQUESTED
    if action is A.EXTEND and case.extended:
        return ErrorCode.ALREADY_EXTENDED
    if action is A.RATE and case.rating is not None:
        return ErrorCode.ALREADY_RATED
    return None


def _check_params(case: CaseSnapshot, action: CaseAction, params: _Params) -> None:
    if action in _NEEDS_REASON and not (params.reason and params.reason.strip()):
        raise DomainError(ErrorCode.REASON_REQUIRED, "reason")
    if action is A.EXTEND and not (_is_count(params.days, 1)
                                   and (params.days or 0) <= MAX_EXTENSION_DAYS):
        raise DomainError(ErrorCode.BAD_EXTENSION_DAYS, "days")
    if action is A.REQUEST_MATERIAL and (
        not params.items or any(not item.strip() for item in params.items)
    ):
        raise DomainError(ErrorCode.MATERIAL_LIST_REQUIRED, "items")
    if action is A.REASSIGN and (params.assignee is None
                                 or not can_assign_to(case, params.assignee)):
        raise DomainError(ErrorCode.BAD_ASSIGNEE, "assignee")
    if action is A.RATE and not (_is_count(params.score, 1) and (params.score or 0) <= 5):
        raise DomainError(ErrorCode.BAD_SCORE, "score")


def _is_count(value: object, least: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


# -- acting ---------------------------------------------------------------------------


def act(case: CaseSnapshot, action: CaseAction, actor: Actor, now: datetime, *,
        reason: str | None = None, days: int | None = None, items: tuple[str, ...] = (),
        assignee: Actor | None = None, score: int | None = None) -> Transition:
    """Take one action; raise DomainError(code) or return the next snapshot and its event.

    `reason` for refuse, reject, return, withdraw and extend (and optionally any other);
    `days` for extend; `items` (the complete list of missing material) for
    request_material; `assignee` for reassign; `score` (1-5) for rate.
    """
    code = refusal(case, action, actor)
    if code is not None:
        raise DomainError(code)
    params = _Params((reason or "").strip() or None, days, tuple(items), assignee, score)
    _check_params(case, action, params)
    after = replace(_EFFECTS[action](case, actor, now, params), version=case.version + 1)
    event = CaseEvent(
        case_id=case.case_id, version=after.version, action=action,
        actor_id=actor.person_id, acting_role=actor.role,
        actor_office_code=actor.office_code, from_state=case.state, to_state=after.state,
        office_code=case.office_code, to_office_code=after.office_code, step=case.step,
        to_step=after.step, holder_id=after.holder_id, at=now, reason=params.reason,
        days=params.days if action is A.EXTEND else None,
        items=params.items if action is A.REQUEST_MATERIAL else (),
        assignee_id=params.assignee.person_id
        if action is A.REASSIGN and params.assignee else None,
        score=params.score if action is A.RATE else None,
    )
    return Transition(after, event)


# -- what each action does ------------------------------------------------------------


def _claim(case: CaseSnapshot, actor: Actor, now: datetime, _: _Params) -> CaseSnapshot:
    held = replace(case, holder_id=actor.person_id)
    if case.state in (S.BOOKED, S.RESULT_READY):
        return held  # the station claims, then accepts or delivers
    return _start_statutory(replace(held, state=S.UNDER_REVIEW), now)


def _accept(case: CaseSnapshot, _: Actor, now: datetime, __: _Params) -> CaseSnapshot:
    return _start_statutory(replace(case, state=S.ACCEPTED), now)


def _request_material(case: CaseSnapshot, _: Actor, now: datetime,
                      __: _Params) -> CaseSnapshot:
    asked = replace(case, state=S.AWAITING_MATERIAL, resume_state=case.state,
                    material_requested_at=case.material_requested_at | {case.step})
    return _pause_all(asked, now)


def _start_public_notice(case: CaseSnapshot, _: Actor, now: datetime,
                         __: _Params) -> CaseSnapshot:
    return _pause_all(replace(case, state=S.PUBLIC_NOTICE, resume_state=case.state), now)


def _resume(case: CaseSnapshot, _: Actor, now: datetime, __: _Params) -> CaseSnapshot:
    back = case.resume_state or S.UNDER_REVIEW
    return _resume_all(replace(case, state=back, resume_state=None), now)


def _forward(case: CaseSnapshot, actor: Actor, now: datetime, _: _Params) -> CaseSnapshot:
    """To the next step; within one office the holder keeps the case if they may work it.

    So a station agent goes on to the station's own review or decision, while a town
    reviewer's case goes to the town's approvers' queue.
    """
    nxt = case.step + 1
    step = case.route.steps[nxt]
    moved = _enter_step(case, nxt, now)
    moved = replace(moved, office_code=case.offices.at(step.tier))
    keeps = (step.tier is case.current_step.tier and actor.person_id == case.holder_id
             and fits(actor, step))
    if keeps:
        return _start_statutory(replace(moved, state=S.UNDER_REVIEW), now)
    return replace(moved, state=S.FORWARDED, holder_id=None)


def _return(case: CaseSnapshot, _: Actor, now: datetime, __: _Params) -> CaseSnapshot:
    # The statutory clock keeps running: a return must not become a way to reset the
    # legal limit (踢皮球); the lower step starts a fresh step clock.
    target = case.route.lower_tier_index(case.step)
    moved = _enter_step(case, target, now)
    return replace(moved, state=S.RETURNED, holder_id=None, return_count=case.return_count + 1,
                   office_code=case.offices.at(case.route.steps[target].tier))


def _extend(case: CaseSnapshot, _: Actor, __: datetime, params: _Params) -> CaseSnapshot:
    days = params.days or 0
    extended = _each_clock(case, lambda clock: clock if clock.is_stopped else clock.extend(days))
    return replace(extended, extended=True)


def _decide(decision: Decision) -> _Effect:
    state = S.APPROVED if decision is Decision.APPROVED else S.REJECTED

    def effect(case: CaseSnapshot, _: Actor, now: datetime, __: _Params) -> CaseSnapshot:
        decided = replace(_resume_all(case, now), state=state, decision=decision,
                          resume_state=None)
        statutory = decided.statutory_clock
        if statutory is not None:
            decided = replace(decided, statutory_clock=_stopped(statutory, now))
        delivery = case.route.delivery_index
        if delivery is None:
            return replace(decided, step_clock=_stopped(decided.step_clock, now))
        # The delivery step's clock runs from the decision: the result travels down.
        return _enter_step(decided, delivery, now)

    return effect


def _mark_result_ready(case: CaseSnapshot, actor: Actor, _: datetime,
                       __: _Params) -> CaseSnapshot:
    if case.at_station:
        holder = case.holder_id
    elif actor.relation is OfficeRelation.STATION:
        holder = actor.person_id  # the agent who has the result in hand keeps the case
    else:
        holder = None  # sent down by the deciding office: a station agent claims it
    return replace(case, state=S.RESULT_READY, office_code=case.offices.village,
                   holder_id=holder)


def _finish(state: CaseState) -> _Effect:
    def effect(case: CaseSnapshot, _: Actor, now: datetime, __: _Params) -> CaseSnapshot:
        return replace(_stop_all(case, now), state=state, holder_id=None, resume_state=None)

    return effect


def _reassign(case: CaseSnapshot, _: Actor, __: datetime, params: _Params) -> CaseSnapshot:
    return replace(case, holder_id=params.assignee.person_id if params.assignee else None)


def _rate(case: CaseSnapshot, _: Actor, __: datetime, params: _Params) -> CaseSnapshot:
    return replace(case, rating=params.score)


# -- clocks ---------------------------------------------------------------------------


def _enter_step(case: CaseSnapshot, index: int, now: datetime) -> CaseSnapshot:
    """A fresh step clock; a step entered again after a return may ask for material again.

    The return's reason is a new finding, so the lower office gets one more complete
    request; the returns themselves are counted and flagged.
    """
    limit = Limit(case.route.steps[index].limit_days)
    return replace(case, step=index, step_clock=Clock(now, limit),
                   material_requested_at=case.material_requested_at - {index})


def _start_statutory(case: CaseSnapshot, now: datetime) -> CaseSnapshot:
    """Formal acceptance: the first time the deciding tier's office takes up the case."""
    if (case.legal_limit is None or case.statutory_clock is not None
            or case.current_step.tier is not case.route.deciding_step.tier):
        return case
    return replace(case, statutory_clock=Clock(now, case.legal_limit))


def _each_clock(case: CaseSnapshot, change: Callable[[Clock], Clock]) -> CaseSnapshot:
    statutory = case.statutory_clock
    return replace(case, service_clock=change(case.service_clock),
                   step_clock=change(case.step_clock),
                   statutory_clock=None if statutory is None else change(statutory))


def _pause_all(case: CaseSnapshot, now: datetime) -> CaseSnapshot:
    return _each_clock(
        case, lambda clock: clock if clock.is_stopped or clock.is_paused else clock.pause(now)
    )


def _resume_all(case: CaseSnapshot, now: datetime) -> CaseSnapshot:
    return _each_clock(case, lambda clock: clock.resume(now) if clock.is_paused else clock)


def _stop_all(case: CaseSnapshot, now: datetime) -> CaseSnapshot:
    return _each_clock(case, lambda clock: _stopped(clock, now))


def _stopped(clock: Clock, now: datetime) -> Clock:
    return clock if clock.is_stopped else clock.stop(now)


_EFFECTS: dict[CaseAction, _Effect] = {
    A.CLAIM: _claim,
    A.ACCEPT: _accept,
    A.REFUSE: _finish(S.REFUSED),
    A.REQUEST_MATERIAL: _request_material,
    A.RECEIVE_MATERIAL: _resume,
    A.FORWARD: _forward,
    A.RETURN_TO_LOWER_TIER: _return,
    A.START_PUBLIC_NOTICE: _start_public_notice,
    A.END_PUBLIC_NOTICE: _resume,
    A.EXTEND: _extend,
    A.APPROVE: _decide(Decision.APPROVED),
    A.REJECT: _decide(Decision.REJECTED),
    A.MARK_RESULT_READY: _mark_result_ready,
    A.DELIVER: _finish(S.DELIVERED),
    A.CANCEL: _finish(S.CANCELLED),
    A.WITHDRAW: _finish(S.WITHDRAWN),
    A.REASSIGN: _reassign,
    A.RATE: _rate,
}
