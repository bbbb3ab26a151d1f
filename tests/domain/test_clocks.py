"""The clocks: working days across National Day 2026, pauses, an extension, into 2027.

Expected dates are counted by hand on the fake calendar (fakes.py): 2026-10-01..08 off,
Saturday 2026-10-10 worked, 2027-01-01 off.
"""

from __future__ import annotations

from datetime import date

from backend.domain.case import act
from backend.domain.clocks import Clock, Limit, LimitUnit, WorkCalendar
from backend.domain.rights import Role
from backend.domain.states import CaseAction

from .builders import AGENT, APPROVER, FULL, REVIEWER, SUPERVISOR, at, booked, run, staff
from .fakes import FakeCalendar

A = CaseAction
CAL = FakeCalendar()
NATURAL = LimitUnit.NATURAL_DAYS


def test_the_fake_calendar_satisfies_the_domains_protocol() -> None:
    assert isinstance(CAL, WorkCalendar)


def test_a_limit_counts_from_the_next_day_and_skips_national_day_but_not_its_saturday() -> None:
    clock = Clock(at(2026, 9, 30), Limit(3))
    # Oct 1-8 off; Fri Oct 9 is 1, Sat Oct 10 (调休) is 2, Mon Oct 12 is 3
    assert clock.due_date(CAL) == date(2026, 10, 12)


def test_remaining_days_count_down_to_zero_on_the_due_day_then_go_negative() -> None:
    clock = Clock(at(2026, 9, 30), Limit(3))
    assert clock.remaining(at(2026, 10, 9), CAL) == 2  # Sat 10th and Mon 12th to go
    assert clock.remaining(at(2026, 10, 11), CAL) == 1  # a Sunday: Monday is left
    assert clock.remaining(at(2026, 10, 12, 17), CAL) == 0
    assert not clock.overdue(at(2026, 10, 12, 23), CAL)
    assert clock.remaining(at(2026, 10, 13), CAL) == -1
    assert clock.overdue(at(2026, 10, 13, 8), CAL)


def test_a_limit_missed_on_friday_is_overdue_on_saturday_already() -> None:
    clock = Clock(at(2026, 10, 13), Limit(3))  # Wed 14, Thu 15, Fri 16
    assert clock.due_date(CAL) == date(2026, 10, 16)
    assert clock.overdue(at(2026, 10, 17), CAL)
    assert clock.remaining(at(2026, 10, 17), CAL) == -1
    assert clock.remaining(at(2026, 10, 19), CAL) == -1
    assert clock.remaining(at(2026, 10, 20), CAL) == -2


def test_a_pause_moves_the_due_date_by_the_working_days_it_lasted() -> None:
    clock = Clock(at(2026, 10, 12), Limit(5))  # 13, 14, 15, 16, 19
    assert clock.due_date(CAL) == date(2026, 10, 19)
    paused = clock.pause(at(2026, 10, 14, 15))
    assert paused.is_paused
    # while it lasts, the due date moves with "now": by Fri 16th, two working days
    assert paused.due_date(CAL, as_of=at(2026, 10, 16)) == date(2026, 10, 21)
    resumed = paused.resume(at(2026, 10, 19, 9))  # Thu, Fri, Mon paused: 3
    assert resumed.paused_days(CAL) == 3
    assert resumed.due_date(CAL) == date(2026, 10, 22)


def test_the_statutory_limit_across_new_year_with_a_pause_and_an_extension() -> None:
    clock = Clock(at(2026, 12, 15), Limit(20))
    # Dec 16..31 gives 12 working days, Jan 1 is off, Jan 4..13 gives 8 more
    assert clock.due_date(CAL) == date(2027, 1, 13)
    # material asked Fri Dec 18, it came Wed Dec 23: Mon, Tue, Wed do not count
    clock = clock.pause(at(2026, 12, 18, 15)).resume(at(2026, 12, 23, 9))
    assert clock.due_date(CAL) == date(2027, 1, 18)
    clock = clock.extend(10)
    assert clock.due_date(CAL) == date(2027, 2, 1)
    assert clock.remaining(at(2027, 1, 29), CAL) == 1
    assert not clock.overdue(at(2027, 2, 1, 18), CAL)


def test_an_invented_2027_spring_festival_and_its_saturday_are_respected() -> None:
    # Feb 5..11 off, Fri 12 is 1, Sat 13 (调休) is 2, Mon 15 is 3
    assert Clock(at(2027, 2, 4), Limit(3)).due_date(CAL) == date(2027, 2, 15)


def test_a_natural_day_limit_ending_in_the_holiday_ends_on_the_next_working_day() -> None:
    notice = Clock(at(2026, 9, 30), Limit(7, NATURAL))
    assert notice.due_date(CAL) == date(2026, 10, 9)
    assert notice.remaining(at(2026, 10, 2), CAL) == 7


def test_a_natural_day_clock_counts_its_pauses_in_natural_days() -> None:
    clock = Clock(at(2026, 10, 12), Limit(7, NATURAL))
    assert clock.due_date(CAL) == date(2026, 10, 19)
    clock = clock.pause(at(2026, 10, 13, 10)).resume(at(2026, 10, 15, 9))
    assert clock.due_date(CAL) == date(2026, 10, 21)


def test_on_the_spot_means_due_the_same_day() -> None:
    clock = Clock(at(2026, 10, 12, 9), Limit(0))
    assert clock.due_date(CAL) == date(2026, 10, 12)
    assert clock.overdue(at(2026, 10, 13, 9), CAL)


def test_a_stopped_clock_is_read_at_the_moment_it_stopped() -> None:
    clock = Clock(at(2026, 10, 12), Limit(2)).stop(at(2026, 10, 13))
    assert clock.remaining(at(2027, 1, 5), CAL) == 1
    assert not clock.overdue(at(2027, 1, 5), CAL)
    late = Clock(at(2026, 10, 12), Limit(2)).stop(at(2026, 10, 20))
    assert late.overdue(at(2027, 1, 5), CAL)


def test_stopping_a_paused_clock_ends_its_pause() -> None:
    clock = Clock(at(2026, 10, 12), Limit(5)).pause(at(2026, 10, 13)).stop(at(2026, 10, 15))
    assert not clock.is_paused and clock.paused_days(CAL) == 2


# -- the clocks of a case ------------------------------------------------------------------


def test_the_service_clock_runs_from_booking_and_pauses_for_a_public_notice() -> None:
    case = booked(when=at(2026, 9, 28))  # promised 15 working days
    assert case.service_clock.due_date(CAL) == date(2026, 10, 26)
    case = run(case, (A.CLAIM, AGENT, {}), (A.ACCEPT, AGENT, {}), (A.FORWARD, AGENT, {}),
               (A.CLAIM, REVIEWER, {}), now=at(2026, 9, 29))[-1].case
    case = act(case, A.START_PUBLIC_NOTICE, REVIEWER, at(2026, 10, 12)).case
    case = act(case, A.END_PUBLIC_NOTICE, REVIEWER, at(2026, 10, 19)).case
    # 13, 14, 15, 16, 19 October did not count
    assert case.service_clock.due_date(CAL) == date(2026, 11, 2)
    assert case.step_clock.paused_days(CAL) == 5


def test_the_statutory_clock_starts_when_the_deciding_office_takes_the_case() -> None:
    case = run(booked(), (A.CLAIM, AGENT, {}), (A.ACCEPT, AGENT, {}), (A.FORWARD, AGENT, {}),
               (A.CLAIM, REVIEWER, {}), (A.FORWARD, REVIEWER, {}),
               now=at(2026, 12, 10))[-1].case
    assert case.statutory_clock is None
    claimed = act(case, A.CLAIM, APPROVER, at(2026, 12, 15)).case
    assert claimed.statutory_clock is not None
    assert claimed.statutory_clock.due_date(CAL) == date(2027, 1, 13)


def test_a_return_does_not_reset_the_statutory_clock_but_a_decision_stops_it() -> None:
    case = run(booked(), (A.CLAIM, AGENT, {}), (A.ACCEPT, AGENT, {}), (A.FORWARD, AGENT, {}),
               (A.CLAIM, REVIEWER, {}), (A.FORWARD, REVIEWER, {}), (A.CLAIM, APPROVER, {}),
               now=at(2026, 12, 15))[-1].case
    started = case.statutory_clock
    moves = run(case, (A.RETURN_TO_LOWER_TIER, APPROVER, {"reason": "r"}),
                (A.CLAIM, REVIEWER, {}), (A.FORWARD, REVIEWER, {}), (A.CLAIM, APPROVER, {}),
                now=at(2026, 12, 22))
    assert moves[-1].case.statutory_clock == started
    decided = act(moves[-1].case, A.APPROVE, APPROVER, at(2027, 1, 6)).case
    assert decided.statutory_clock is not None and decided.statutory_clock.is_stopped
    assert not decided.service_clock.is_stopped


def test_waiting_for_material_pauses_all_three_clocks_and_an_extension_moves_them() -> None:
    case = run(booked(when=at(2026, 12, 1)), (A.CLAIM, AGENT, {}), (A.ACCEPT, AGENT, {}),
               (A.FORWARD, AGENT, {}), (A.CLAIM, REVIEWER, {}), (A.FORWARD, REVIEWER, {}),
               (A.CLAIM, APPROVER, {}), now=at(2026, 12, 15))[-1].case
    case = act(case, A.REQUEST_MATERIAL, APPROVER, at(2026, 12, 18, 15), items=("hukou",)).case
    assert case.statutory_clock is not None and case.statutory_clock.is_paused
    assert case.service_clock.is_paused and case.step_clock.is_paused
    case = act(case, A.RECEIVE_MATERIAL, APPROVER, at(2026, 12, 23, 9)).case
    case = act(case, A.EXTEND, SUPERVISOR, at(2026, 12, 28), reason="expert review",
               days=10).case
    assert case.statutory_clock is not None
    assert case.statutory_clock.due_date(CAL) == date(2027, 2, 1)
    # the step's 8 working days from Dec 15, moved by the same 3 + 10: 21 working days
    # (12 in December, Jan 1 off, then Jan 4..14)
    assert case.step_clock.due_date(CAL) == date(2027, 1, 14)


def test_a_decision_starts_the_delivery_steps_clock_and_delivery_stops_the_service_clock(
) -> None:
    case = run(booked(FULL), (A.CLAIM, AGENT, {}), (A.ACCEPT, AGENT, {}),
               (A.FORWARD, AGENT, {}), (A.CLAIM, REVIEWER, {}), (A.FORWARD, REVIEWER, {}),
               (A.CLAIM, APPROVER, {}), now=at(2026, 10, 12))[-1].case
    decided = act(case, A.APPROVE, APPROVER, at(2026, 10, 14)).case
    assert decided.step == 3 and decided.step_clock.due_date(CAL) == date(2026, 10, 16)
    station = staff(Role.AGENT, person_id="agent-9")
    done = run(decided, (A.MARK_RESULT_READY, APPROVER, {}), (A.CLAIM, station, {}),
               (A.DELIVER, station, {}), now=at(2026, 10, 15))[-1].case
    assert done.service_clock.stopped_at == at(2026, 10, 15)
    assert not done.service_clock.overdue(at(2027, 3, 1), CAL)
