"""Team management's handlers against a fake case service: the buttons fit and come back
as they went, /team lists what a manager manages, an invite shows its code, command,
link and expiry, a retirement and a handover send exactly what was chosen, and the cases
to hand over are the holder's open ones."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace
from typing import Any
from unittest.mock import AsyncMock

import pytest

from backend_client.errors import CaseServiceError
from handlers.callbacks import Expired, parse
from handlers.errors import template_for
from handlers.staff import team, team_invite, team_reassign
from handlers.staff.team_views import (
    FORMER,
    HELD_BACK,
    SCAN_PAGE,
    AskRetire,
    AskRole,
    DoInvite,
    DoReassign,
    DoRetire,
    HeldCases,
    PickAssignee,
    TeamMember,
    TeamOffice,
    long,
    short,
)
from texts import Texts
from wire.cases import CaseList, CaseView
from wire.offices import OfficeTree, OfficeView
from wire.staff import InviteView, StaffList, StaffView

NOW = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)
TOWN, STATION = "110117108000", "110117108201"
BOSS, ANNA, BEN = (str(uuid.uuid4()) for _ in range(3))


@pytest.fixture(scope="module")
def texts() -> Texts:
    return Texts.load()


def office(code: str, tier: str, parent: str | None) -> OfficeView:
    return OfficeView(code=code, tier=tier, kind=tier, name_zh=f"单位{code[-3:]}",
                      name_en=f"Office {code[-3:]}", parent_code=parent, address="",
                      phone="", opening_hours="", slot_minutes=30, slot_capacity=2,
                      travel_minutes_to_town=0, travel_minutes_to_district=0)


def a_tree() -> OfficeTree:
    return OfficeTree.model_validate({"count": 3, "roots": [
        {"office": office("110117000000", "district", None), "children": [
            {"office": office(TOWN, "town", "110117000000"), "children": [
                {"office": office(STATION, "village", TOWN)}]}]}]})


def member(staff_id: str, name: str, role: str, at: str = STATION) -> StaffView:
    return StaffView(id=staff_id, messaging_id="1", name=name, office_code=at, role=role,
                     language="zh", active=True, created_at=NOW)


def a_case(holder: str | None, allowed: list[str], version: int = 4) -> CaseView:
    clock = {"started_at": NOW, "limit_days": 5, "unit": "working_days",
             "due": dt.date(2026, 12, 2), "remaining_days": 5, "paused": False,
             "stopped": False, "overdue": False}
    return CaseView.model_validate({
        "id": str(uuid.uuid4()), "number": f"PG{uuid.uuid4().int % 10**10:010d}",
        "matter_code": "SJ01", "matter_name": {"zh": "低保", "en": "Dibao"},
        "state": "accepted", "step": 0, "step_tier": "village", "step_action": "accept",
        "office_code": STATION, "station_code": STATION, "holder_id": holder,
        "return_count": 0, "version": version, "booking": {"kind": "drop_off"},
        "answers": {}, "service_clock": clock, "step_clock": clock,
        "resident": {"id": "r", "name": "W*", "phone": None, "id_number": None},
        "allowed_actions": allowed, "created_at": NOW, "updated_at": NOW})


class FakeCases:
    """The case service as the team screens use it; records the state-changing calls."""

    def __init__(self, memberships: list[StaffView], staff: list[StaffView],
                 cases: list[CaseView] = ()) -> None:  # type: ignore[assignment]
        self.memberships, self.staff, self.cases = memberships, staff, list(cases)
        self.calls: list[tuple[str, Any, dict[str, Any]]] = []

    async def my_memberships(self, *, actor: Any) -> StaffList:
        return StaffList(staff=self.memberships)

    async def office_staff(self, office_code: str, *, actor: Any) -> StaffList:
        return StaffList(staff=self.staff)

    async def office_tree(self) -> OfficeTree:
        return a_tree()

    async def office(self, code: str) -> OfficeView:
        return office(code, "village", TOWN)

    async def queue(self, office: str, *, limit: int, offset: int, actor: Any) -> CaseList:
        self.calls.append(("queue", office, {"offset": offset}))
        return CaseList(cases=self.cases[offset:offset + limit])

    async def case(self, case_id: str, *, actor: Any) -> CaseView:
        return next(case for case in self.cases if case.id == case_id)

    async def create_invite(self, office: str, role: str, **kwargs: Any) -> InviteView:
        self.calls.append(("invite", (office, role), kwargs))
        return InviteView(code="s-AbCdEf123", office_code=office, role=role,  # type: ignore[arg-type]
                          expires_at=dt.datetime(2026, 11, 26, 9, 5, tzinfo=dt.UTC))

    async def retire_staff(self, staff_id: str, **kwargs: Any) -> StaffView:
        self.calls.append(("retire", staff_id, kwargs))
        found = next(row for row in self.staff if row.id == staff_id)
        return found.model_copy(update={"active": False})

    async def act(self, case_id: str, action: str, **kwargs: Any) -> CaseView:
        self.calls.append((action, case_id, kwargs))
        case = next(case for case in self.cases if case.id == case_id)
        return case.model_copy(update={"holder_id": kwargs["assignee_id"]})


def press(data: str | None) -> Any:
    """An update: a button pressed with `data`, or (None) a typed command."""
    query = None if data is None else SimpleNamespace(
        data=data, answer=AsyncMock(), edit_message_text=AsyncMock())
    return SimpleNamespace(callback_query=query, update_id=77,
                           effective_message=SimpleNamespace(reply_text=AsyncMock()))


def context_for(texts: Texts, cases: FakeCases, language: str = "zh") -> Any:
    return SimpleNamespace(
        cases=cases, texts=texts, language=language, messaging_id=901, user_data={},
        bot=SimpleNamespace(username="daiban_test_bot"),
        idempotency_key=lambda step="": f"tg:77:{step}")


def shown(update: Any) -> tuple[str, list[str]]:
    """The text and the buttons' data of the screen a handler showed."""
    sent = (update.callback_query.edit_message_text if update.callback_query
            else update.effective_message.reply_text)
    text, markup = sent.call_args.args[0], sent.call_args.kwargs["reply_markup"]
    return text, [button.callback_data for row in markup.inline_keyboard for button in row]


@pytest.mark.parametrize("data", [
    TeamOffice("1" * 32), TeamMember("1" * 32, short(BOSS)), AskRetire("1" * 32, short(BOSS)),
    DoRetire(short(BOSS)), AskRole("1" * 32), DoInvite("1" * 32, "supervisor"),
    HeldCases("1" * 32, short(BOSS), 999), HeldCases("1" * 32, FORMER, 0),
    PickAssignee(short(BOSS), short(ANNA)), DoReassign(short(BOSS), 99999, short(ANNA)),
])
def test_every_team_button_fits_in_64_bytes_and_comes_back_as_it_went(data: Any) -> None:
    packed = data.pack()
    assert len(packed.encode()) <= 64
    assert parse(packed) == data


def test_a_short_id_is_the_uuid_it_stands_for_and_anything_else_is_expired() -> None:
    assert long(short(BOSS)) == BOSS and len(short(BOSS)) == 22
    for forged in ("", "not-an-id", "x" * 40):
        with pytest.raises(Expired):
            long(forged)


async def test_team_opens_the_one_office_a_supervisor_runs_with_its_staff(texts: Texts) -> None:
    cases = FakeCases([member(BOSS, "Boss", "supervisor"), member(BOSS, "Boss", "agent", TOWN)],
                      [member(BOSS, "Boss", "supervisor"), member(ANNA, "Anna", "agent")])
    update = press(None)
    await team.show_team(update, context_for(texts, cases))
    text, data = shown(update)
    assert "Anna" in text and "Boss" in text
    assert TeamMember(STATION, short(ANNA)).pack() in data
    assert AskRole(STATION).pack() in data and HeldCases(STATION, FORMER, 0).pack() in data


async def test_team_lists_several_offices_and_none_for_someone_who_manages_none(
        texts: Texts) -> None:
    both = FakeCases([member(BOSS, "B", "admin", TOWN), member(BOSS, "B", "supervisor")], [])
    update = press(None)
    await team.show_team(update, context_for(texts, both))
    assert {TeamOffice(TOWN).pack(), TeamOffice(STATION).pack()} <= set(shown(update)[1])
    agent = FakeCases([member(ANNA, "Anna", "agent")], [])
    update = press(None)
    await team.show_team(update, context_for(texts, agent, "en"))
    text, data = shown(update)
    assert "not a supervisor or admin" in text
    assert not [item for item in data if item.startswith("tmo")]


async def test_a_town_office_offers_the_stations_below_it(texts: Texts) -> None:
    cases = FakeCases([], [member(BOSS, "Boss", "admin", TOWN)])
    update = press(TeamOffice(TOWN).pack())
    await team.show_office(update, context_for(texts, cases))
    assert "pg1:team" + TOWN + ":0" in shown(update)[1]
    update = press("pg1:team" + TOWN + ":0")
    await team.turn_page(update, context_for(texts, cases))
    assert TeamOffice(STATION).pack() in shown(update)[1]


async def test_an_invite_shows_the_code_the_command_the_link_and_the_expiry_in_district_time(
        texts: Texts) -> None:
    cases = FakeCases([], [])
    update = press(DoInvite(STATION, "agent").pack())
    await team_invite.do_invite(update, context_for(texts, cases))
    assert cases.calls == [("invite", (STATION, "agent"), {
        "actor": cases.calls[0][2]["actor"], "idempotency_key": "tg:77:invite"})]
    text, _data = shown(update)
    assert "<code>/start s-AbCdEf123</code>" in text
    assert "https://t.me/daiban_test_bot?start=s-AbCdEf123" in text
    assert "2026年11月26日 17:05" in text  # 09:05 UTC in Beijing


async def test_the_role_buttons_offer_every_post_and_leave_the_choice_to_the_service(
        texts: Texts) -> None:
    update = press(AskRole(STATION).pack())
    await team_invite.ask_role(update, context_for(texts, FakeCases([], [])))
    roles = [parse(item).role for item in shown(update)[1] if item.startswith("tmc")]
    assert roles == ["agent", "reviewer", "approver", "supervisor", "admin"]


async def test_a_member_who_is_gone_is_an_expired_button(texts: Texts) -> None:
    cases = FakeCases([], [member(BOSS, "Boss", "supervisor")])
    with pytest.raises(Expired):
        await team.show_member(press(TeamMember(STATION, short(ANNA)).pack()),
                               context_for(texts, cases))


async def test_retiring_sends_the_chosen_member_once_and_offers_their_cases(
        texts: Texts) -> None:
    cases = FakeCases([], [member(ANNA, "Anna", "agent")])
    update = press(DoRetire(short(ANNA)).pack())
    await team.do_retire(update, context_for(texts, cases))
    (call,) = cases.calls
    assert call[:2] == ("retire", ANNA) and call[2]["idempotency_key"] == "tg:77:retire"
    text, data = shown(update)
    assert "Anna" in text and HeldCases(STATION, short(ANNA), 0).pack() in data


async def test_the_cases_to_hand_over_are_the_open_ones_the_holder_has_over_every_page(
        texts: Texts) -> None:
    mine = [a_case(ANNA, ["reassign"]) for _ in range(3)]
    finished = a_case(ANNA, [])
    others = [a_case(BEN, ["reassign"]) for _ in range(SCAN_PAGE)]
    cases = FakeCases([], [member(ANNA, "Anna", "agent"), member(BEN, "Ben", "agent")],
                      [*others, finished, *mine])
    update = press(HeldCases(STATION, short(ANNA), 0).pack())
    context = context_for(texts, cases)
    await team_reassign.show_held(update, context)
    assert [call[2]["offset"] for call in cases.calls] == [0, SCAN_PAGE]
    text, data = shown(update)
    assert [parse(item).case_id for item in data if item.startswith("tma")] == [
        short(case.id) for case in mine]
    assert finished.number not in text and others[0].number not in text
    assert context.user_data[HELD_BACK] == HeldCases(STATION, short(ANNA), 0).pack()


def test_former_staffs_cases_are_those_whose_holder_is_no_longer_active() -> None:
    gone = str(uuid.uuid4())
    cases = [a_case(ANNA, ["reassign"]), a_case(gone, ["reassign"])]
    members = [member(ANNA, "Anna", "agent")]
    assert team_reassign.held_by(cases, members, FORMER) == [cases[1]]
    assert team_reassign.held_by(cases, members, ANNA) == [cases[0]]


async def test_a_case_goes_to_a_colleague_at_the_version_shown_never_back_to_its_holder(
        texts: Texts) -> None:
    case = a_case(ANNA, ["reassign"], version=9)
    cases = FakeCases([], [member(ANNA, "Anna", "agent"), member(BEN, "Ben", "agent")], [case])
    update = press(PickAssignee(short(case.id), short(ANNA)).pack())
    await team_reassign.pick_assignee(update, context_for(texts, cases))
    choices = [item for item in shown(update)[1] if item.startswith("tmd")]
    assert choices == [DoReassign(short(case.id), 9, short(BEN)).pack()]

    update = press(choices[0])
    await team_reassign.do_reassign(update, context_for(texts, cases))
    (call,) = cases.calls
    assert call[:2] == ("reassign", case.id)
    assert {key: call[2][key] for key in ("assignee_id", "expected_version", "idempotency_key")
            } == {"assignee_id": BEN, "expected_version": 9, "idempotency_key": "tg:77:reassign"}
    assert "Ben" in shown(update)[0]


@pytest.mark.parametrize("code", [
    "staff.not_allowed", "staff.cannot_retire_self", "staff.already_retired",
    "staff.role_not_at_office", "staff.unknown", "office.unknown", "case.bad_assignee",
])
def test_each_refusal_of_team_management_has_its_own_words(code: str) -> None:
    assert template_for(CaseServiceError(403, code)).value == f"errors/{code}"
