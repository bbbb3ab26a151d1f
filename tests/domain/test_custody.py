"""Custody of originals: who may move which original where, and who holds it after."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from backend.domain.custody import (
    RESIDENT,
    CustodyError,
    Move,
    Movement,
    carried_to,
    holders,
    plan,
    transit,
)
from backend.domain.rights import Actor, OfficeRelation, Role
from backend.domain.states import CaseState
from tests.domain.builders import OFFICES, at, booked
from tests.domain.builders import RESIDENT as OWNER

ORIGINALS = frozenset({"id_card", "hukou"})
NOW = at(2026, 9, 22)


def member(office: str, role: Role = Role.AGENT, person: str = "s1") -> Actor:
    return Actor.staff(person, role, office, OfficeRelation.OTHER)


def moved(history: list[Movement], case, move: Move, actors: list[Actor], **kw) -> list[
        Movement]:
    return history + plan(case, move, ["id_card"], actors, history, ORIGINALS, NOW, **kw)


def test_the_station_takes_originals_from_the_villager_while_the_case_is_there() -> None:
    case = booked()
    history = moved([], case, Move.TAKE, [member("X"), member(OFFICES.village)])
    assert holders(history) == {"id_card": OFFICES.village}
    assert history[0].from_party == RESIDENT


def test_an_original_goes_one_office_at_a_time_and_arrives_only_when_received() -> None:
    case = booked()
    station, town = member(OFFICES.village), member(OFFICES.town, Role.REVIEWER, "s2")
    history = moved([], case, Move.TAKE, [station])
    with pytest.raises(CustodyError, match=re.escape("custody.bad_destination")):
        moved(history, case, Move.SEND, [station], to_office=OFFICES.district)
    history = moved(history, case, Move.SEND, [station], to_office=OFFICES.town)
    assert holders(history)["id_card"] == transit(OFFICES.town)
    with pytest.raises(CustodyError, match=re.escape("custody.not_allowed")):
        moved(history, case, Move.RECEIVE, [station])
    history = moved(history, case, Move.RECEIVE, [town])
    assert holders(history)["id_card"] == OFFICES.town
    assert history[-1].confirmed_by == "s2"


def test_admins_carry_nothing_and_strangers_move_nothing() -> None:
    case = booked()
    for actors in ([member(OFFICES.village, Role.ADMIN)], [member("V99")], [OWNER]):
        with pytest.raises(CustodyError, match=re.escape("custody.not_allowed")):
            moved([], case, Move.TAKE, actors)


def test_originals_go_back_only_once_the_result_is_ready_and_the_villager_confirms() -> None:
    station = member(OFFICES.village)
    history = moved([], booked(), Move.TAKE, [station])
    with pytest.raises(CustodyError, match=re.escape("custody.not_ready")):
        moved(history, booked(), Move.HAND_BACK, [station])
    ready = replace(booked(), state=CaseState.RESULT_READY)
    history = moved(history, ready, Move.HAND_BACK, [station])
    assert holders(history)["id_card"] == transit(RESIDENT)
    with pytest.raises(CustodyError, match=re.escape("custody.not_allowed")):
        moved(history, ready, Move.CONFIRM_BACK, [Actor.resident("someone-else")])
    history = moved(history, ready, Move.CONFIRM_BACK, [OWNER])
    assert holders(history)["id_card"] == RESIDENT


def test_a_villager_without_a_chat_signs_at_the_counter_so_the_hand_back_is_final() -> None:
    station = member(OFFICES.village)
    ready = replace(booked(), state=CaseState.RESULT_READY)
    history = moved([], booked(), Move.TAKE, [station])
    history = moved(history, ready, Move.HAND_BACK, [station], resident_has_chat=False)
    assert holders(history)["id_card"] == RESIDENT


def test_only_the_matters_originals_and_at_least_one_are_moved() -> None:
    station = member(OFFICES.village)
    with pytest.raises(CustodyError, match=re.escape("custody.not_an_original")):
        plan(booked(), Move.TAKE, ["bank_card"], [station], [], ORIGINALS, NOW)
    with pytest.raises(CustodyError, match=re.escape("custody.no_items")):
        plan(booked(), Move.TAKE, [], [station], [], ORIGINALS, NOW)


def test_a_case_leaving_its_station_travels_on_the_carry_run_and_no_other_move_does() -> None:
    assert carried_to(OFFICES.village, OFFICES.town, OFFICES.village) == OFFICES.town
    assert carried_to(OFFICES.town, OFFICES.district, OFFICES.village) is None
    assert carried_to(OFFICES.village, OFFICES.village, OFFICES.village) is None
