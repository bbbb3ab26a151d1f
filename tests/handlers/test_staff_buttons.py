"""The staff screens' buttons: data that fits and comes back as it went, a card that offers
exactly the staff actions the case view allows, ticks that flip one material each, and
the small parsing the staff screens do (an invite, a typed case number, a list's page)."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from typing import Any

import pytest

from backend_client.errors import NotFound
from handlers.callbacks import Expired, Page, parse
from handlers.staff import lists
from handlers.staff._views import ACTIONS, BY_CODE, Act, OpenCard, StaffHome, card_keyboard
from handlers.staff.acting import (
    EXTEND_DAYS,
    RETURN_REASONS,
    ExtendBy,
    ReturnWhy,
    SendAct,
    reason_of,
)
from handlers.staff.joining import INVITE
from handlers.staff.material import SendMaterial, Tick, keyboard, ticked
from handlers.staff.originals_views import OpenOriginals
from handlers.staff.team_views import short
from texts import Texts
from wire.cases import ACTIONS as ALL_ACTIONS
from wire.cases import CaseList, CaseView
from wire.catalog import MaterialView
from wire.staff import StaffList, StaffView

CASE_ID = str(uuid.uuid4())
NOW = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def texts() -> Texts:
    return Texts.load()


def _clock() -> dict[str, Any]:
    return {"started_at": NOW, "limit_days": 5, "unit": "working_days",
            "due": dt.date(2026, 12, 2), "remaining_days": 5, "paused": False,
            "stopped": False, "overdue": False}


def a_case(allowed: list[str], version: int = 7) -> CaseView:
    return CaseView.model_validate({
        "id": CASE_ID, "number": "PG2026000123", "matter_code": "SJ01",
        "matter_name": {"zh": "低保", "en": "Dibao"}, "state": "under_review", "step": 1,
        "step_tier": "town", "step_action": "review", "office_code": "110117108000",
        "station_code": "110117108201", "holder_id": None, "return_count": 0,
        "version": version, "booking": {"kind": "drop_off"}, "answers": {},
        "service_clock": _clock(), "step_clock": _clock(),
        "resident": {"id": "r", "name": "W*", "phone": "138****8000", "id_number": None},
        "allowed_actions": allowed, "created_at": NOW, "updated_at": NOW})


def _data(markup: Any) -> list[str]:
    return [button.callback_data for row in markup.inline_keyboard for button in row]


@pytest.mark.parametrize("data", [
    OpenCard(CASE_ID, "d99"), StaffHome(), ReturnWhy(CASE_ID, 99999, "i"),
    ExtendBy(CASE_ID, 99999, 20), SendAct(CASE_ID, 99999), Tick(CASE_ID, 99999, 2**20 - 1),
    SendMaterial(CASE_ID, 99999, 2**20 - 1),
    *(Act(CASE_ID, code, 99999) for code, _label in ACTIONS.values()),
])
def test_every_staff_button_fits_in_64_bytes_and_comes_back_as_it_went(data: Any) -> None:
    packed = data.pack()
    assert len(packed.encode()) <= 64
    assert parse(packed) == data


def test_each_staff_action_has_its_own_short_code_and_only_real_actions_are_offered() -> None:
    assert len(BY_CODE) == len(ACTIONS)
    assert set(ACTIONS) <= set(ALL_ACTIONS.__args__)  # type: ignore[attr-defined]
    assert not set(ACTIONS) & {"cancel", "withdraw", "rate", "reassign"}


def test_the_card_offers_exactly_the_staff_actions_the_case_view_allows(texts: Texts) -> None:
    case = a_case(["claim", "cancel", "withdraw", "reassign", "rate", "forward", "extend"])
    data = _data(card_keyboard(texts, "zh", case))
    acts = [parse(item) for item in data if item.startswith("sac")]
    assert [(a.action, a.version) for a in acts] == [("cl", 7), ("fw", 7), ("ex", 7)]
    assert OpenCard(CASE_ID, "").pack() in data and StaffHome().pack() in data


def test_a_missed_slot_is_offered_when_the_service_offers_it(texts: Texts) -> None:
    acts = [parse(item) for item in _data(card_keyboard(texts, "zh", a_case(["mark_missed"])))
            if item.startswith("sac")]
    assert [(a.action, BY_CODE[a.action]) for a in acts] == [("mm", "mark_missed")]


def test_a_card_without_allowed_actions_only_refreshes_and_goes_home(texts: Texts) -> None:
    data = _data(card_keyboard(texts, "en", a_case([]), back="w2"))
    assert data == [OpenOriginals(short(CASE_ID)).pack(),  # where its originals are
                    OpenCard(CASE_ID, "w2").pack(), Page("stf.w", 2).pack(),
                    StaffHome().pack()]


def _materials(count: int) -> list[MaterialView]:
    return [MaterialView(key=f"m{i}", name={"zh": f"材料{i}", "en": f"Item {i}"},  # type: ignore[arg-type]
                         originals=1, copies=0, requirement="required",
                         station_keeps_original=False) for i in range(count)]


def test_each_tick_flips_its_own_material_and_send_carries_the_ticks(texts: Texts) -> None:
    materials = _materials(4)
    markup = keyboard(texts, "en", a_case([]), materials, 0b0101)
    ticks = [parse(item) for item in _data(markup) if item.startswith("smt")]
    assert [tick.mask for tick in ticks] == [0b0100, 0b0111, 0b0001, 0b1101]
    labels = [row[0].text for row in markup.inline_keyboard[:4]]
    assert labels[0].startswith("✅") and labels[1].startswith("⬜")
    assert SendMaterial(CASE_ID, 7, 0b0101).pack() in _data(markup)
    assert [m.key for m in ticked(materials, 0b0101)] == ["m0", "m2"]


def test_ticks_beyond_the_list_mean_nothing_and_a_negative_set_is_expired() -> None:
    assert [m.key for m in ticked(_materials(2), 0b1110)] == ["m1"]
    with pytest.raises(Expired):
        ticked(_materials(2), -1)


def test_a_return_reason_is_the_picked_label_in_chinese_and_the_note(texts: Texts) -> None:
    assert reason_of(texts, {"why": "i", "reason": "缺第二页"}) == "材料不全 — 缺第二页"
    assert reason_of(texts, {"why": "c", "reason": ""}) == "需要下级核实情况"
    assert reason_of(texts, {"reason": "not eligible"}) == "not eligible"
    assert set(RETURN_REASONS) == {"i", "w", "c", "n"} and EXTEND_DAYS == (5, 10, 15, 20)


@pytest.mark.parametrize(("text", "joins"), [
    ("/start s-AbC_12-xyz", True), ("/start@daiban_test_bot s-abc", True),
    ("/start " + "x" * 64, True), ("/start", False), ("/start " + "x" * 65, False),
    ("/start two words", False),
])
def test_only_start_with_one_code_of_1_to_64_characters_is_an_invite(text: str,
                                                                     joins: bool) -> None:
    assert bool(INVITE.match(text)) is joins


def test_a_typed_case_number_matches_whatever_its_case_and_dashes() -> None:
    assert lists.normalized(" pg-2026-000123 ") == lists.normalized("PG2026000123")
    assert lists.normalized("2026 000123") == "2026000123"


class _Queues:
    """The case service's queues, as a fake: each office's cases, filtered by a flag."""

    def __init__(self, by_office: dict[str, list[CaseView]]) -> None:
        self.by_office = by_office
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def my_memberships(self, *, actor: Any) -> Any:
        return StaffList(staff=[_member(office) for office in self.by_office])

    async def queue(self, office: str, *, actor: Any, limit: int, offset: int,
                    **query: Any) -> CaseList:
        self.calls.append((office, query))
        return CaseList(cases=self.by_office[office][offset:offset + limit])

    async def case_by_number(self, number: str, *, actor: Any) -> CaseView:
        self.calls.append(("by-number", {"number": number}))
        for case in itertools.chain.from_iterable(self.by_office.values()):
            if case.number in (number, f"PG{number}"):
                return case
        raise NotFound(404, "case.unknown")


def _member(office: str) -> StaffView:
    return StaffView(id=f"s-{office}", messaging_id="7", name="Li", office_code=office,
                     role="agent", language="zh", active=True, created_at=NOW)


class _Context:
    def __init__(self, cases: _Queues) -> None:
        self.cases = cases
        self.messaging_id = 7


def _due(case: CaseView, day: int, *, stopped: bool = False, claim: bool = True,
         number: str = "") -> CaseView:
    clock = {**_clock(), "due": dt.date(2026, 12, day), "stopped": stopped,
             "overdue": day < 3}
    return case.model_copy(update={
        "id": str(uuid.uuid4()), "number": number or f"PG20260001{day:02d}",
        "step_clock": case.step_clock.model_copy(update=clock),
        "allowed_actions": ["claim"] if claim else []})


async def test_new_cases_are_those_one_may_claim_and_due_ones_come_soonest_first() -> None:
    base = a_case([])
    station = [_due(base, 9), _due(base, 1, claim=False), _due(base, 20, stopped=True, claim=False)]
    town = [_due(base, 2), station[0]]  # a case seen from two offices is listed once
    context: Any = _Context(_Queues({"station": station, "town": town}))
    new = await lists.cases_of(context, lists.Kind.NEW)
    assert [case.number for case in new] == [station[0].number, town[0].number]
    due = await lists.cases_of(context, lists.Kind.DUE)
    assert [case.step_clock.due.day for case in due] == [1, 2, 9]  # the stopped one goes
    assert ("station", {"unclaimed": True}) in context.cases.calls


async def test_a_long_queue_is_read_page_after_page() -> None:
    many = [_due(a_case([]), 5, number=f"PG2026{n:06d}") for n in range(450)]
    context: Any = _Context(_Queues({"station": many}))
    assert len(await lists.cases_of(context, lists.Kind.NEW)) == 450


async def test_a_typed_number_is_asked_of_the_service_wherever_the_case_is_now() -> None:
    case = _due(a_case([]), 5, number="PG2026000449")
    context: Any = _Context(_Queues({"district": [case]}))
    found = await lists.find(context, "pg-2026-000449")
    assert found is not None and found.number == "PG2026000449"
    assert ("by-number", {"number": "PG2026000449"}) in context.cases.calls
    assert await lists.find(context, "PG2026999999") is None
    assert await lists.find(context, " - ") is None
