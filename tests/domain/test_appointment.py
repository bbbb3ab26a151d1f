"""The villager's answer to a material request and a missed appointment: one event each,
the state unchanged, only for the people they belong to."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest

from backend.domain.appointment import mark_missed, may_mark_missed, reply
from backend.domain.errors import DomainError
from backend.domain.rights import OfficeRelation, Role
from backend.domain.states import CaseAction, CaseState
from tests.domain.builders import AGENT, RESIDENT, STRANGER, at, booked, staff

NOW = at(2026, 9, 22)


def waiting():
    return replace(booked(), state=CaseState.AWAITING_MATERIAL, holder_id=AGENT.person_id)


def test_a_reply_is_one_event_that_keeps_the_case_waiting() -> None:
    case = waiting()
    done = reply(case, RESIDENT, NOW, "  the   photo ", ("p1",))
    assert (done.case.state, done.case.version) == (CaseState.AWAITING_MATERIAL,
                                                    case.version + 1)
    assert (done.event.action, done.event.reason, done.event.items) == (
        CaseAction.REPLY, "the photo", ("p1",))


@pytest.mark.parametrize(("case", "actor", "text", "photos", "code"), [
    (booked(), RESIDENT, "x", (), "case.wrong_state"),
    (waiting(), STRANGER, "x", (), "case.not_allowed"),
    (waiting(), AGENT, "x", (), "case.not_allowed"),
    (waiting(), RESIDENT, "   ", (), "case.reply_empty"),
    (waiting(), RESIDENT, "x", tuple(f"p{i}" for i in range(11)), "case.reply_too_long"),
])
def test_a_reply_is_refused_when_it_is_not_theirs_or_empty(case, actor, text, photos,
                                                            code) -> None:
    with pytest.raises(DomainError, match=re.escape(code)):
        reply(case, actor, NOW, text, photos)


def test_a_slot_is_missed_only_once_it_started_and_only_by_the_stations_staff() -> None:
    case, slot = booked(), NOW - timedelta(minutes=1)
    assert may_mark_missed(case, AGENT, slot, NOW)
    assert not may_mark_missed(case, AGENT, NOW + timedelta(minutes=1), NOW)
    assert not may_mark_missed(case, AGENT, None, NOW)
    assert not may_mark_missed(case, staff(Role.AGENT, OfficeRelation.ABOVE), slot, NOW)
    assert not may_mark_missed(case, RESIDENT, slot, NOW)
    done = mark_missed(case, AGENT, NOW, slot)
    assert (done.case.state, done.event.action) == (CaseState.BOOKED, CaseAction.MARK_MISSED)
    with pytest.raises(DomainError, match=re.escape("case.not_yet_missed")):
        mark_missed(case, AGENT, NOW, NOW + timedelta(hours=1))
