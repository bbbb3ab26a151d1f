"""The tier workflow: a case climbs village -> town -> district and comes back."""

from __future__ import annotations

from dataclasses import replace

import pytest

from backend.domain.case import NOT_OFFERED, act, allowed_actions, open_case, reschedule
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.rights import Actor, OfficeRelation, Role, can_view
from backend.domain.snapshot import CaseSnapshot, is_flagged_for_returns
from backend.domain.states import CaseAction, CaseState, Decision

from .builders import (
    AGENT,
    AGENT_2,
    APPROVER,
    FULL,
    OFFICES,
    RESIDENT,
    REVIEWER,
    STATION_AGENT,
    STRANGER,
    SUPERVISOR,
    TOWN_NOW,
    VILLAGE_NOW,
    D,
    T,
    V,
    at,
    booked,
    route,
    run,
    staff,
)

A = CaseAction
S = CaseState
NOW = at(2026, 9, 22)


def _refused(case: CaseSnapshot, action: CaseAction, actor: Actor, **params: object) -> str:
    with pytest.raises(DomainError) as refused:
        act(case, action, actor, NOW, **params)  # type: ignore[arg-type]
    return refused.value.code


def _at_town(case: CaseSnapshot | None = None) -> CaseSnapshot:
    """Accepted at the station, forwarded, and claimed by the town's reviewer."""
    moves = run(case or booked(), (A.CLAIM, AGENT, {}), (A.ACCEPT, AGENT, {}),
                (A.FORWARD, AGENT, {}), (A.CLAIM, REVIEWER, {}))
    return moves[-1].case


def _at_district() -> CaseSnapshot:
    return run(_at_town(), (A.FORWARD, REVIEWER, {}), (A.CLAIM, APPROVER, {}))[-1].case


# -- the happy path -------------------------------------------------------------------


def test_a_case_climbs_to_the_district_and_comes_back_to_the_villager() -> None:
    opened = open_case(case_id="c1", resident_id="r1", route=FULL, offices=OFFICES,
                       promised_limit=booked().service_clock.limit, legal_limit=None,
                       actor=RESIDENT, now=at(2026, 9, 21))
    assert (opened.case.state, opened.event.action, opened.event.from_state) == (
        S.BOOKED, A.BOOK, None)
    moves = run(
        opened.case,
        (A.CLAIM, AGENT, {}),
        (A.ACCEPT, AGENT, {}),
        (A.FORWARD, AGENT, {}),
        (A.CLAIM, REVIEWER, {}),
        (A.FORWARD, REVIEWER, {}),
        (A.CLAIM, APPROVER, {}),
        (A.APPROVE, APPROVER, {}),
        (A.MARK_RESULT_READY, STATION_AGENT, {}),
        # the result is at the station now: the same agent works where the case is
        (A.DELIVER, staff(Role.AGENT, person_id="agent-9"), {}),
        (A.RATE, RESIDENT, {"score": 5}),
    )
    trail = [(m.event.action, m.event.from_state, m.event.to_state, m.event.to_office_code,
              m.event.to_step, m.case.holder_id) for m in moves]
    assert trail == [
        (A.CLAIM, S.BOOKED, S.BOOKED, "V01", 0, "agent-1"),
        (A.ACCEPT, S.BOOKED, S.ACCEPTED, "V01", 0, "agent-1"),
        (A.FORWARD, S.ACCEPTED, S.FORWARDED, "T01", 1, None),
        (A.CLAIM, S.FORWARDED, S.UNDER_REVIEW, "T01", 1, "reviewer-1"),
        (A.FORWARD, S.UNDER_REVIEW, S.FORWARDED, "D01", 2, None),
        (A.CLAIM, S.FORWARDED, S.UNDER_REVIEW, "D01", 2, "approver-1"),
        (A.APPROVE, S.UNDER_REVIEW, S.APPROVED, "D01", 3, "approver-1"),
        (A.MARK_RESULT_READY, S.APPROVED, S.RESULT_READY, "V01", 3, "agent-9"),
        (A.DELIVER, S.RESULT_READY, S.DELIVERED, "V01", 3, None),
        (A.RATE, S.DELIVERED, S.DELIVERED, "V01", 3, None),
    ]
    final = moves[-1].case
    assert (final.decision, final.rating, final.version) == (Decision.APPROVED, 5, 11)
    assert [m.event.version for m in moves] == list(range(2, 12))
    assert final.service_clock.is_stopped and final.step_clock.is_stopped


def test_every_transition_writes_one_event_naming_actor_role_office_step_and_time() -> None:
    case = _at_town()
    when = at(2026, 9, 24, 15)
    done = act(case, A.RETURN_TO_LOWER_TIER, REVIEWER, when, reason="  stamp missing ")
    event = done.event
    assert (event.case_id, event.actor_id, event.acting_role, event.actor_office_code) == (
        "c1", "reviewer-1", Role.REVIEWER, "X")
    assert (event.from_state, event.to_state, event.office_code, event.to_office_code) == (
        S.UNDER_REVIEW, S.RETURNED, "T01", "V01")
    assert (event.step, event.to_step, event.reason, event.at) == (1, 0, "stamp missing", when)
    assert event.version == done.case.version == case.version + 1


def test_the_booking_event_is_written_by_the_resident_or_by_station_staff_for_them() -> None:
    by_agent = open_case(case_id="c2", resident_id="r1", route=FULL, offices=OFFICES,
                         promised_limit=booked().service_clock.limit, legal_limit=None,
                         actor=AGENT, now=NOW)
    assert by_agent.event.acting_role is Role.AGENT
    for outsider in (STRANGER, staff(Role.AGENT, OfficeRelation.OTHER),
                     staff(Role.AGENT, active=False), staff(Role.REVIEWER)):
        with pytest.raises(DomainError) as refused:
            open_case(case_id="c3", resident_id="r1", route=FULL, offices=OFFICES,
                      promised_limit=booked().service_clock.limit, legal_limit=None,
                      actor=outsider, now=NOW)
        assert refused.value.code == "case.not_allowed"


# -- claiming ---------------------------------------------------------------------------


def test_a_case_cannot_be_forwarded_before_it_is_accepted() -> None:
    case = run(booked(), (A.CLAIM, AGENT, {}))[-1].case
    assert _refused(case, A.FORWARD, AGENT) == "case.wrong_state"


def test_the_first_claim_wins_and_the_second_is_told_it_is_already_claimed() -> None:
    case = booked()
    first = act(case, A.CLAIM, AGENT, NOW).case
    assert first.holder_id == "agent-1"
    assert _refused(first, A.CLAIM, AGENT_2) == "case.already_claimed"
    assert _refused(first, A.CLAIM, AGENT) == "case.already_claimed"
    assert A.CLAIM not in allowed_actions(first, AGENT_2)


def test_a_reviewer_cannot_claim_a_case_waiting_for_the_district_approvers() -> None:
    case = run(_at_town(), (A.FORWARD, REVIEWER, {}))[-1].case
    assert _refused(case, A.CLAIM, REVIEWER) == "case.not_allowed"
    assert act(case, A.CLAIM, SUPERVISOR, NOW).case.holder_id == "supervisor-1"


def test_the_supervisor_acts_for_the_holder_without_taking_the_case() -> None:
    case = act(_at_town(), A.REQUEST_MATERIAL, SUPERVISOR, NOW, items=("hukou",)).case
    assert case.holder_id == "reviewer-1"


# -- material (补正) ---------------------------------------------------------------------


@pytest.mark.parametrize("prior", ["booked", "accepted", "under_review"])
def test_material_arriving_returns_the_case_to_the_state_it_came_from(prior: str) -> None:
    held = run(booked(), (A.CLAIM, AGENT, {}))[-1].case
    case = {"booked": held, "accepted": act(held, A.ACCEPT, AGENT, NOW).case,
            "under_review": _at_town()}[prior]
    holder = AGENT if prior != "under_review" else REVIEWER
    waiting = act(case, A.REQUEST_MATERIAL, holder, NOW, items=("hukou", "photo")).case
    assert (waiting.state, waiting.resume_state) == (S.AWAITING_MATERIAL, CaseState(prior))
    assert waiting.service_clock.is_paused and waiting.step_clock.is_paused
    back = act(waiting, A.RECEIVE_MATERIAL, holder, at(2026, 9, 24)).case
    assert (back.state, back.resume_state, back.holder_id) == (CaseState(prior), None,
                                                                case.holder_id)
    assert not back.service_clock.is_paused and not back.step_clock.is_paused


def test_material_is_asked_for_once_per_step_and_completely() -> None:
    case = _at_town()
    assert _refused(case, A.REQUEST_MATERIAL, REVIEWER, items=()) == (
        "case.material_list_required")
    assert _refused(case, A.REQUEST_MATERIAL, REVIEWER, items=("hukou", " ")) == (
        "case.material_list_required")
    asked = act(case, A.REQUEST_MATERIAL, REVIEWER, NOW, items=("hukou",))
    assert asked.event.items == ("hukou",)
    back = act(asked.case, A.RECEIVE_MATERIAL, REVIEWER, NOW).case
    assert _refused(back, A.REQUEST_MATERIAL, REVIEWER, items=("photo",)) == (
        "case.material_already_requested")
    at_district = run(back, (A.FORWARD, REVIEWER, {}), (A.CLAIM, APPROVER, {}))[-1].case
    assert act(at_district, A.REQUEST_MATERIAL, APPROVER, NOW, items=("photo",)).case.state \
        is S.AWAITING_MATERIAL


def test_before_acceptance_a_waiting_case_is_cancelled_after_it_withdrawn() -> None:
    held = run(booked(), (A.CLAIM, AGENT, {}))[-1].case
    before = act(held, A.REQUEST_MATERIAL, AGENT, NOW, items=("hukou",)).case
    after = act(act(held, A.ACCEPT, AGENT, NOW).case, A.REQUEST_MATERIAL, AGENT, NOW,
                items=("hukou",)).case
    assert act(before, A.CANCEL, RESIDENT, NOW).case.state is S.CANCELLED
    assert _refused(before, A.WITHDRAW, RESIDENT, reason="moved away") == "case.wrong_state"
    assert act(after, A.WITHDRAW, RESIDENT, NOW, reason="moved away").case.state is S.WITHDRAWN
    assert _refused(after, A.CANCEL, RESIDENT) == "case.wrong_state"
    assert _refused(after, A.REFUSE, AGENT, reason="r") == "case.wrong_state"
    assert act(before, A.REFUSE, AGENT, NOW, reason="never came").case.state is S.REFUSED


# -- returns ---------------------------------------------------------------------------


def test_every_return_is_counted_and_lands_at_the_previous_tier() -> None:
    case = _at_district()
    first = act(case, A.RETURN_TO_LOWER_TIER, APPROVER, NOW, reason="wrong form").case
    assert (first.state, first.office_code, first.step, first.holder_id) == (
        S.RETURNED, "T01", 1, None)
    again = run(first, (A.CLAIM, REVIEWER, {}), (A.FORWARD, REVIEWER, {}),
                (A.CLAIM, APPROVER, {}),
                (A.RETURN_TO_LOWER_TIER, APPROVER, {"reason": "still wrong"}),
                (A.CLAIM, REVIEWER, {}),
                (A.RETURN_TO_LOWER_TIER, REVIEWER, {"reason": "ask the villager"}))
    at_station = again[-1].case
    assert (at_station.state, at_station.office_code, at_station.step) == (
        S.RETURNED, "V01", 0)
    assert at_station.return_count == 3
    assert is_flagged_for_returns(at_station, threshold=2)
    assert not is_flagged_for_returns(at_station, threshold=3)
    reworked = act(at_station, A.CLAIM, AGENT, NOW).case
    assert reworked.state is S.UNDER_REVIEW
    assert _refused(reworked, A.RETURN_TO_LOWER_TIER, AGENT, reason="r") == "case.wrong_step"
    assert act(reworked, A.FORWARD, AGENT, NOW).case.office_code == "T01"


def test_a_return_skips_earlier_steps_of_the_same_office() -> None:
    two_at_district = route((V, "accept", 1), (T, "review", 3), (D, "review", 5),
                            (D, "approve", 5))
    case = run(_at_town(booked(two_at_district)), (A.FORWARD, REVIEWER, {}),
               (A.CLAIM, REVIEWER, {}), (A.FORWARD, REVIEWER, {}),
               (A.CLAIM, APPROVER, {}))[-1].case
    assert (case.step, case.office_code) == (3, "D01")
    back = act(case, A.RETURN_TO_LOWER_TIER, APPROVER, NOW, reason="r").case
    assert (back.step, back.office_code) == (1, "T01")


# -- the shapes of routes ------------------------------------------------------------------


def test_within_one_office_the_holder_keeps_the_case_only_if_their_role_fits_the_next_step(
) -> None:
    two_at_district = route((V, "accept", 1), (D, "review", 5), (D, "approve", 5))
    case = run(booked(two_at_district), (A.CLAIM, AGENT, {}), (A.ACCEPT, AGENT, {}),
               (A.FORWARD, AGENT, {}), (A.CLAIM, REVIEWER, {}))[-1].case
    by_reviewer = act(case, A.FORWARD, REVIEWER, NOW).case
    assert (by_reviewer.state, by_reviewer.holder_id, by_reviewer.step) == (
        S.FORWARDED, None, 2)
    held_by_supervisor = replace(case, holder_id="supervisor-1")
    by_supervisor = act(held_by_supervisor, A.FORWARD, SUPERVISOR, NOW).case
    assert (by_supervisor.state, by_supervisor.holder_id) == (S.UNDER_REVIEW, "supervisor-1")


def test_a_village_review_step_stays_with_the_station_agent() -> None:
    village_first = route((V, "accept", 1), (V, "review", 4), (T, "review", 15),
                          (D, "approve", 10))
    case = run(booked(village_first), (A.CLAIM, AGENT, {}), (A.ACCEPT, AGENT, {}),
               (A.FORWARD, AGENT, {}))[-1].case
    assert (case.state, case.step, case.holder_id, case.office_code) == (
        S.UNDER_REVIEW, 1, "agent-1", "V01")
    assert act(case, A.FORWARD, AGENT, NOW).case.office_code == "T01"


def test_a_matter_done_on_the_spot_at_the_town_walks_accept_claim_approve() -> None:
    moves = run(booked(TOWN_NOW), (A.CLAIM, AGENT, {}), (A.ACCEPT, AGENT, {}),
                (A.FORWARD, AGENT, {}), (A.CLAIM, APPROVER, {}), (A.APPROVE, APPROVER, {}),
                (A.MARK_RESULT_READY, APPROVER, {}), (A.CLAIM, AGENT, {}),
                (A.DELIVER, AGENT, {}))
    states = [m.case.state for m in moves]
    assert states == [S.BOOKED, S.ACCEPTED, S.FORWARDED, S.UNDER_REVIEW, S.APPROVED,
                      S.RESULT_READY, S.RESULT_READY, S.DELIVERED]
    assert moves[5].case.holder_id is None  # sent down by the town: a station agent claims
    assert _refused(moves[3].case, A.FORWARD, APPROVER) == "case.wrong_step"


def test_a_matter_the_station_itself_completes_needs_no_handoff() -> None:
    moves = run(booked(VILLAGE_NOW), (A.CLAIM, AGENT, {}), (A.ACCEPT, AGENT, {}),
                (A.FORWARD, AGENT, {}), (A.REJECT, AGENT, {"reason": "not eligible"}),
                (A.MARK_RESULT_READY, AGENT, {}), (A.DELIVER, AGENT, {}))
    assert [m.case.holder_id for m in moves[:5]] == ["agent-1"] * 5
    assert {m.case.office_code for m in moves} == {"V01"}
    final = moves[-1].case
    assert (final.state, final.decision) == (S.DELIVERED, Decision.REJECTED)


def test_approval_happens_only_at_the_deciding_step() -> None:
    assert _refused(_at_town(), A.APPROVE, REVIEWER) == "case.wrong_step"
    assert _refused(_at_district(), A.FORWARD, APPROVER) == "case.wrong_step"


# -- public notice, extension, reassignment, rating ------------------------------------------


def test_a_public_notice_pauses_the_clocks_and_ends_where_it_started() -> None:
    case = _at_town()
    notice = act(case, A.START_PUBLIC_NOTICE, REVIEWER, NOW).case
    assert notice.state is S.PUBLIC_NOTICE and notice.service_clock.is_paused
    assert _refused(notice, A.FORWARD, REVIEWER) == "case.wrong_state"
    ended = act(notice, A.END_PUBLIC_NOTICE, REVIEWER, at(2026, 9, 29)).case
    assert ended.state is S.UNDER_REVIEW and not ended.service_clock.is_paused


def test_an_extension_needs_the_supervisor_a_reason_and_days_and_happens_once() -> None:
    case = _at_town()
    assert _refused(case, A.EXTEND, REVIEWER, reason="r", days=5) == "case.not_allowed"
    assert _refused(case, A.EXTEND, SUPERVISOR, reason="r", days=0) == (
        "case.bad_extension_days")
    done = act(case, A.EXTEND, SUPERVISOR, NOW, reason="home visit", days=10)
    assert done.event.days == 10 and done.case.extended
    assert done.case.service_clock.extension_days == done.case.step_clock.extension_days == 10
    moved_on = run(done.case, (A.FORWARD, REVIEWER, {}), (A.CLAIM, APPROVER, {}))[-1].case
    assert _refused(moved_on, A.EXTEND, SUPERVISOR, reason="r", days=5) == (
        "case.already_extended")


@pytest.mark.parametrize(("action", "actor", "params"), [
    (A.REFUSE, AGENT, {}),
    (A.REJECT, APPROVER, {}),
    (A.RETURN_TO_LOWER_TIER, APPROVER, {}),
    (A.WITHDRAW, RESIDENT, {}),
    (A.EXTEND, SUPERVISOR, {"days": 3}),
])
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_these_actions_need_a_reason(action: CaseAction, actor: Actor,
                                     params: dict[str, object], reason: str | None) -> None:
    case = (run(booked(), (A.CLAIM, AGENT, {}))[-1].case if action is A.REFUSE
            else _at_district())
    with pytest.raises(DomainError) as refused:
        act(case, action, actor, NOW, reason=reason, **params)  # type: ignore[arg-type]
    assert (refused.value.code, refused.value.field) == ("case.reason_required", "reason")


def test_a_case_is_reassigned_only_to_active_staff_of_its_office_who_can_work_it() -> None:
    case = _at_town()
    other_reviewer = staff(Role.REVIEWER, person_id="reviewer-2")
    for bad in (APPROVER, staff(Role.REVIEWER, OfficeRelation.OTHER, "reviewer-3"),
                staff(Role.REVIEWER, person_id="reviewer-4", active=False), REVIEWER,
                RESIDENT):
        assert _refused(case, A.REASSIGN, SUPERVISOR, assignee=bad) == "case.bad_assignee"
    done = act(case, A.REASSIGN, staff(Role.ADMIN, OfficeRelation.ABOVE), NOW,
               assignee=other_reviewer)
    assert (done.case.holder_id, done.event.assignee_id) == ("reviewer-2", "reviewer-2")
    assert done.case.state is S.UNDER_REVIEW


def test_a_delivered_case_is_rated_once_from_one_to_five() -> None:
    case = replace(booked(), state=S.DELIVERED)
    for score in (0, 6, True, None):
        assert _refused(case, A.RATE, RESIDENT, score=score) == "case.bad_score"
    assert _refused(case, A.RATE, STRANGER, score=5) == "case.not_allowed"
    rated = act(case, A.RATE, RESIDENT, NOW, score=2)
    assert (rated.case.rating, rated.event.score, rated.case.state) == (2, 2, S.DELIVERED)
    assert _refused(rated.case, A.RATE, RESIDENT, score=5) == "case.already_rated"


def test_only_the_resident_cancels_and_withdraws_their_own_case() -> None:
    assert _refused(booked(), A.CANCEL, STRANGER) == "case.not_allowed"
    assert _refused(booked(), A.CANCEL, SUPERVISOR) == "case.not_allowed"
    accepted = run(booked(), (A.CLAIM, AGENT, {}), (A.ACCEPT, AGENT, {}))[-1].case
    assert _refused(accepted, A.CANCEL, RESIDENT) == "case.wrong_state"
    assert _refused(accepted, A.WITHDRAW, STRANGER, reason="r") == "case.not_allowed"
    decided = replace(_at_district(), state=S.APPROVED)
    assert _refused(decided, A.WITHDRAW, RESIDENT, reason="r") == "case.wrong_state"


# -- wrong states ----------------------------------------------------------------------------

# Written by hand: the states in which each action is possible at all.
POSSIBLE: dict[CaseAction, set[CaseState]] = {
    A.CLAIM: {S.BOOKED, S.FORWARDED, S.RETURNED, S.RESULT_READY},
    A.ACCEPT: {S.BOOKED},
    A.REFUSE: {S.BOOKED, S.AWAITING_MATERIAL},
    A.REQUEST_MATERIAL: {S.BOOKED, S.ACCEPTED, S.UNDER_REVIEW},
    A.RECEIVE_MATERIAL: {S.AWAITING_MATERIAL},
    A.FORWARD: {S.ACCEPTED, S.UNDER_REVIEW},
    A.RETURN_TO_LOWER_TIER: {S.UNDER_REVIEW},
    A.START_PUBLIC_NOTICE: {S.ACCEPTED, S.UNDER_REVIEW},
    A.END_PUBLIC_NOTICE: {S.PUBLIC_NOTICE},
    A.EXTEND: {S.ACCEPTED, S.UNDER_REVIEW},
    A.APPROVE: {S.UNDER_REVIEW},
    A.REJECT: {S.UNDER_REVIEW, S.AWAITING_MATERIAL},
    A.MARK_RESULT_READY: {S.APPROVED, S.REJECTED},
    A.DELIVER: {S.RESULT_READY},
    A.CANCEL: {S.BOOKED, S.AWAITING_MATERIAL},
    A.WITHDRAW: {S.ACCEPTED, S.FORWARDED, S.RETURNED, S.UNDER_REVIEW, S.PUBLIC_NOTICE,
                 S.AWAITING_MATERIAL},
    A.REASSIGN: {S.BOOKED, S.ACCEPTED, S.AWAITING_MATERIAL, S.UNDER_REVIEW,
                 S.PUBLIC_NOTICE, S.APPROVED, S.REJECTED, S.RESULT_READY},
    A.RATE: {S.DELIVERED},
}


@pytest.mark.parametrize("action", [a for a in CaseAction if a not in NOT_OFFERED])
def test_each_action_in_each_wrong_state_is_refused_as_wrong_state(action: CaseAction) -> None:
    everyone = [RESIDENT, AGENT, REVIEWER, APPROVER, SUPERVISOR, STATION_AGENT]
    for state in set(CaseState) - POSSIBLE[action]:
        case = replace(_at_district(), state=state)
        for actor in everyone:
            code = _refused(case, action, actor, reason="r", days=1, items=("x",),
                            assignee=AGENT_2, score=3)
            assert code == "case.wrong_state", (state, actor.role)


def test_after_a_return_the_lower_office_may_ask_the_villager_once_more() -> None:
    held = run(booked(), (A.CLAIM, AGENT, {}))[-1].case
    asked = run(held, (A.REQUEST_MATERIAL, AGENT, {"items": ("hukou",)}),
                (A.RECEIVE_MATERIAL, AGENT, {}), (A.ACCEPT, AGENT, {}))[-1].case
    assert _refused(asked, A.REQUEST_MATERIAL, AGENT, items=("photo",)) == (
        "case.material_already_requested")
    returned = run(asked, (A.FORWARD, AGENT, {}), (A.CLAIM, REVIEWER, {}),
                   (A.RETURN_TO_LOWER_TIER, REVIEWER, {"reason": "photo missing"}),
                   (A.CLAIM, AGENT, {}))[-1].case
    again = act(returned, A.REQUEST_MATERIAL, AGENT, NOW, items=("photo",)).case
    assert (again.state, again.resume_state) == (S.AWAITING_MATERIAL, S.UNDER_REVIEW)


# -- who sees a case ---------------------------------------------------------------------


def test_a_case_is_seen_by_its_resident_and_by_staff_where_it_is_its_station_and_above(
) -> None:
    case = _at_town()
    assert can_view(case, RESIDENT)
    assert not can_view(case, STRANGER)
    for relation in (OfficeRelation.SAME, OfficeRelation.STATION, OfficeRelation.ABOVE):
        assert can_view(case, staff(Role.AGENT, relation))
    assert not can_view(case, staff(Role.SUPERVISOR, OfficeRelation.OTHER))
    assert not can_view(case, staff(Role.REVIEWER, active=False))
    assert allowed_actions(case, STRANGER) == []


def test_a_villager_moves_their_own_booked_appointment_and_one_event_says_so() -> None:
    case = booked()
    moved = reschedule(case, RESIDENT, NOW)
    assert (moved.case.state, moved.case.version) == (S.BOOKED, case.version + 1)
    assert (moved.event.action, moved.event.from_state, moved.event.to_state) == (
        A.RESCHEDULE, S.BOOKED, S.BOOKED)
    assert A.RESCHEDULE not in allowed_actions(case, RESIDENT)


def test_only_the_villager_moves_an_appointment_and_only_before_acceptance() -> None:
    with pytest.raises(DomainError) as refused:
        reschedule(booked(), AGENT, NOW)
    assert refused.value.code is ErrorCode.NOT_ALLOWED
    accepted = run(booked(), (A.CLAIM, AGENT, {}), (A.ACCEPT, AGENT, {}))[-1].case
    with pytest.raises(DomainError) as refused:
        reschedule(accepted, RESIDENT, NOW)
    assert refused.value.code is ErrorCode.WRONG_STATE
