"""The walk-in flow's handlers against a fake case service: the station (asked only of
an agent of several), the name, the phone (a refused number asked again with the
reason), the authorization, the matter, the catalog's questions asked as the villager's
own booking asks them, and the booking as a drop-off made once."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace
from typing import Any
from unittest.mock import AsyncMock

import pytest
from telegram.ext import ConversationHandler

from backend_client.errors import Invalid
from handlers.callbacks import parse
from handlers.staff import walk_in, walk_in_form, walk_in_matter
from handlers.staff._views import OpenCard, StaffHome
from handlers.staff.walk_in_states import (
    AUTHORIZATION,
    DRAFT,
    KEYS,
    NAME,
    RESIDENT,
    STATION,
    Answer,
    Authorize,
    Book,
    Change,
    NoPhone,
    PickCategory,
    PickMatter,
    PickStation,
    Step,
)
from texts import Texts
from texts.names import T
from wire.cases import CaseView
from wire.catalog import CategoryList, FormFieldView, MatterDetail, SearchResult
from wire.drafts import DraftView, WalkInRegistered
from wire.offices import OfficeTree, OfficeView
from wire.staff import StaffList, StaffView

NOW = dt.datetime(2026, 11, 25, 2, tzinfo=dt.UTC)
DISTRICT, TOWN = "110117000000", "110117108000"
STATION_A, STATION_B = "110117108201", "110117108202"
DRAFT_ID, RESIDENT_ID = str(uuid.uuid4()), str(uuid.uuid4())
CHILD = FormFieldView.model_validate({
    "key": "child_order", "label": {"zh": "第几个孩子？", "en": "Which child?"},
    "type": "choice", "required": True, "sensitive": False, "choices": [
        {"key": "first", "label": {"zh": "第一个", "en": "First child"}},
        {"key": "second", "label": {"zh": "第二个", "en": "Second child"}}]})


@pytest.fixture(scope="module")
def texts() -> Texts:
    return Texts.load()


def office(code: str, tier: str, parent: str | None, name: str = "") -> OfficeView:
    return OfficeView(code=code, tier=tier, kind=tier, name_zh=name or f"单位{code[-3:]}",
                      name_en=f"Office {code[-3:]}", parent_code=parent, address="",
                      phone="", opening_hours="", slot_minutes=30, slot_capacity=2,
                      travel_minutes_to_town=0, travel_minutes_to_district=0)


def a_tree() -> OfficeTree:
    return OfficeTree.model_validate({"count": 4, "roots": [
        {"office": office(DISTRICT, "district", None), "children": [
            {"office": office(TOWN, "town", DISTRICT), "children": [
                {"office": office(STATION_A, "village", TOWN, "西双营村")},
                {"office": office(STATION_B, "village", TOWN, "东双营村")}]}]}]})


def member(at: str, role: str = "agent") -> StaffView:
    return StaffView(id=str(uuid.uuid4()), messaging_id="901", name="Li", office_code=at,
                     role=role, language="zh", active=True, created_at=NOW)  # type: ignore[arg-type]


def a_draft(answers: dict[str, Any], version: int = 1) -> DraftView:
    return DraftView.model_validate({
        "id": DRAFT_ID, "matter_code": "WJ01", "matter_name": {"zh": "生育登记",
                                                               "en": "Birth registration"},
        "resident_id": RESIDENT_ID, "version": version, "status": "open", "answers": answers,
        "next_question": None if answers else CHILD.model_dump(), "missing_required": [],
        "station_fields": []})


def a_case() -> CaseView:
    clock = {"started_at": NOW, "limit_days": 5, "unit": "working_days",
             "due": dt.date(2026, 12, 2), "remaining_days": 5, "paused": False,
             "stopped": False, "overdue": False}
    return CaseView.model_validate({
        "id": str(uuid.uuid4()), "number": "PG2026000777", "matter_code": "WJ01",
        "matter_name": {"zh": "生育登记", "en": "Birth registration"}, "state": "booked",
        "step": 0, "step_tier": "village", "step_action": "accept",
        "office_code": STATION_A, "station_code": STATION_A, "holder_id": None,
        "return_count": 0, "version": 1, "booking": {"kind": "drop_off"}, "answers": {},
        "service_clock": clock, "step_clock": clock,
        "resident": {"id": RESIDENT_ID, "name": "李四", "phone": None, "id_number": None},
        "allowed_actions": ["claim"], "created_at": NOW, "updated_at": NOW})


class FakeCases:
    """The case service as the walk-in flow uses it; records the state-changing calls."""

    def __init__(self, memberships: list[StaffView], refuse_phone: str = "") -> None:
        self.memberships, self.refuse_phone = memberships, refuse_phone
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
        self.current = a_draft({})

    async def my_memberships(self, *, actor: Any) -> StaffList:
        return StaffList(staff=self.memberships)

    async def office_tree(self) -> OfficeTree:
        return a_tree()

    async def register_walk_in(self, *args: Any, **kwargs: Any) -> WalkInRegistered:
        self.calls.append(("register_walk_in", args, kwargs))
        if self.refuse_phone and self.refuse_phone in args:
            raise Invalid(422, "answer.invalid_phone")
        return WalkInRegistered(resident_id=RESIDENT_ID)

    async def categories(self) -> CategoryList:
        return CategoryList.model_validate({"categories": [
            {"key": "health", "name": {"zh": "卫生健康", "en": "Health"}, "matter_count": 4}]})

    async def search(self, words: str, **kwargs: Any) -> SearchResult:
        return SearchResult.model_validate({"hits": [] if words == "nothing" else [
            {"code": "WJ01", "name": {"zh": "生育登记", "en": "Birth registration"},
             "score": 1.0}]})

    async def matter(self, code: str) -> MatterDetail:
        return MatterDetail.model_construct(code=code, name=self.current.matter_name,
                                            materials=[], form=[CHILD])

    async def create_draft(self, code: str, **kwargs: Any) -> DraftView:
        self.calls.append(("create_draft", (code,), kwargs))
        return self.current

    async def draft(self, draft_id: str, *, actor: Any) -> DraftView:
        return self.current

    async def answer(self, *args: Any, **kwargs: Any) -> DraftView:
        self.calls.append(("answer", args, kwargs))
        self.current = a_draft({"child_order": "first"}, version=2)
        return self.current

    async def submit(self, *args: Any, **kwargs: Any) -> CaseView:
        self.calls.append(("submit", args, kwargs))
        return a_case()


def press(data: str) -> Any:
    query = SimpleNamespace(data=data, answer=AsyncMock(), edit_message_text=AsyncMock())
    return SimpleNamespace(callback_query=query, update_id=77, effective_message=None,
                           effective_chat=SimpleNamespace(send_message=AsyncMock()))


def typed(text: str) -> Any:
    return SimpleNamespace(callback_query=None, update_id=77,
                           effective_message=SimpleNamespace(text=text),
                           effective_chat=SimpleNamespace(send_message=AsyncMock()))


def context_for(texts: Texts, cases: FakeCases, user_data: dict[str, Any] | None = None,
                language: str = "en") -> Any:
    return SimpleNamespace(cases=cases, texts=texts, language=language, messaging_id=901,
                           user_data={} if user_data is None else user_data,
                           idempotency_key=lambda step="": f"tg:77:{step}")


def shown(update: Any) -> tuple[str, list[str]]:
    """The text and the buttons' data of the screen a handler showed."""
    sent = (update.callback_query.edit_message_text if update.callback_query
            else update.effective_chat.send_message)
    text, markup = sent.call_args.args[0], sent.call_args.kwargs.get("reply_markup")
    rows = markup.inline_keyboard if markup is not None else []
    return text, [button.callback_data for row in rows for button in row]


@pytest.mark.parametrize("data", [
    PickStation("1" * 32), NoPhone(), Authorize("written"), PickCategory("x" * 40),
    PickMatter("WJ01"), Answer("household_monthly_income", 99, 99999), Change("x" * 40),
    Book(DRAFT_ID),
])
def test_every_walk_in_button_fits_in_64_bytes_and_comes_back_as_it_went(data: Any) -> None:
    packed = data.pack()
    assert len(packed.encode()) <= 64
    assert parse(packed) == data


async def test_an_agent_of_one_station_is_asked_the_name_straight_away(texts: Texts) -> None:
    user_data = {DRAFT: "an old draft"}
    context = context_for(texts, FakeCases([member(STATION_A), member(TOWN, "reviewer")]),
                          user_data)
    update = typed("🧓 Walk-in villager")
    assert await walk_in.start(update, context) == Step.NAME
    assert user_data == {STATION: STATION_A}  # what an earlier walk-in left is gone
    assert "name" in shown(update)[0]


async def test_an_agent_of_several_stations_picks_one_or_types_its_village(
        texts: Texts) -> None:
    context = context_for(texts, FakeCases([member(STATION_A), member(STATION_B)]))
    update = typed("🧓 Walk-in villager")
    assert await walk_in.start(update, context) == Step.STATION
    data = shown(update)[1]
    assert PickStation(STATION_A).pack() in data and PickStation(STATION_B).pack() in data
    update = typed("东双营")
    assert await walk_in.station_typed(update, context) == Step.STATION
    data = shown(update)[1]
    assert PickStation(STATION_B).pack() in data and PickStation(STATION_A).pack() not in data
    update = typed("nowhere")
    await walk_in.station_typed(update, context)
    text, data = shown(update)
    assert 'Nothing found for "nowhere"' in text and "2 stations" in text
    assert PickStation(STATION_A).pack() in data and PickStation(STATION_B).pack() in data


async def test_someone_of_no_station_is_told_walk_ins_are_booked_at_a_station(
        texts: Texts) -> None:
    update = typed("🧓 Walk-in villager")
    context = context_for(texts, FakeCases([member(TOWN, "reviewer")]))
    assert await walk_in.start(update, context) == ConversationHandler.END
    assert "village station" in shown(update)[0]


async def test_the_villager_is_registered_with_the_typed_name_and_phone_at_the_station(
        texts: Texts) -> None:
    cases = FakeCases([member(STATION_A)])
    user_data: dict[str, Any] = {STATION: STATION_A}
    context = context_for(texts, cases, user_data)
    assert await walk_in.name_typed(typed("  李   四 "), context) == Step.PHONE
    update = typed(" 13900139000 ")
    assert await walk_in.phone_typed(update, context) == Step.AUTH
    assert cases.calls == [("register_walk_in", (STATION_A, "李 四", "13900139000"),
                            {"actor": cases.calls[0][2]["actor"],
                             "idempotency_key": "tg:77:walk_in"})]
    assert user_data[RESIDENT] == RESIDENT_ID
    assert shown(update)[1] == [Authorize("written").pack(), Authorize("phone").pack(),
                                StaffHome().pack()]


async def test_a_refused_number_is_asked_again_with_the_reason(texts: Texts) -> None:
    cases = FakeCases([member(STATION_A)], refuse_phone="12")
    context = context_for(texts, cases, {STATION: STATION_A, NAME: "Li Si"})
    update = typed("12")
    assert await walk_in.phone_typed(update, context) == Step.PHONE
    text, data = shown(update)
    refusal = texts.render(T.ERROR_ANSWER_INVALID_PHONE, language="en")
    assert text.startswith(refusal) and "Li Si" in text
    assert RESIDENT not in context.user_data and NoPhone().pack() in data


async def test_a_refusal_that_is_not_about_the_number_goes_to_the_error_handler(
        texts: Texts) -> None:
    cases = FakeCases([member(STATION_A)])

    async def refuse(*args: Any, **kwargs: Any) -> WalkInRegistered:
        raise Invalid(422, "walk_in.name_required")
    cases.register_walk_in = refuse  # type: ignore[method-assign]
    with pytest.raises(Invalid):
        await walk_in.no_phone(press(NoPhone().pack()),
                               context_for(texts, cases, {STATION: STATION_A}))


async def test_a_villager_without_a_phone_is_registered_without_one(texts: Texts) -> None:
    cases = FakeCases([member(STATION_A)])
    context = context_for(texts, cases, {STATION: STATION_A, NAME: "Li Si"})
    update = press(NoPhone().pack())
    assert await walk_in.no_phone(update, context) == Step.AUTH
    assert cases.calls[0][1] == (STATION_A, "Li Si", None)
    assert "visit" in shown(update)[0]


async def test_the_authorization_and_its_note_go_with_the_draft_of_the_matter_picked(
        texts: Texts) -> None:
    cases = FakeCases([member(STATION_A)])
    user_data: dict[str, Any] = {STATION: STATION_A, RESIDENT: RESIDENT_ID, NAME: "Li Si"}
    context = context_for(texts, cases, user_data)
    update = press(Authorize("phone").pack())
    assert await walk_in.authorized(update, context) == Step.NOTE
    assert "who agreed on the phone" in shown(update)[0]
    update = typed("She phoned at 9 and agreed")
    assert await walk_in.note_typed(update, context) == Step.MATTER
    assert PickCategory("health").pack() in shown(update)[1]
    update = typed("shengyu")
    assert await walk_in_matter.search(update, context) == Step.MATTER
    assert PickMatter("WJ01").pack() in shown(update)[1]
    update = typed("nothing")
    assert await walk_in_matter.search(update, context) == Step.MATTER
    assert 'Nothing found for "nothing"' in shown(update)[0]
    update = press(PickMatter("WJ01").pack())
    assert await walk_in_matter.picked(update, context) == Step.ASK
    assert cases.calls[-1] == ("create_draft", ("WJ01",), {
        "actor": cases.calls[-1][2]["actor"], "resident_id": RESIDENT_ID,
        "authorization": {"kind": "phone", "note": "She phoned at 9 and agreed"},
        "idempotency_key": "tg:77:walk_in_draft"})
    text, data = shown(update)
    assert "Which child?" in text
    assert data == [Answer("child_order", 1, 1).pack(), Answer("child_order", 2, 1).pack(),
                    StaffHome().pack()]


async def test_an_answer_goes_to_the_draft_and_the_last_one_shows_the_summary(
        texts: Texts) -> None:
    cases = FakeCases([member(STATION_A)])
    user_data: dict[str, Any] = {DRAFT: DRAFT_ID, NAME: "Li Si",
                                 AUTHORIZATION: {"kind": "written", "note": "cabinet 2"}}
    context = context_for(texts, cases, user_data)
    update = press(Answer("child_order", 1, 1).pack())
    assert await walk_in_form.answer_tapped(update, context) == Step.SUMMARY
    assert cases.calls[-1][1] == (DRAFT_ID, "child_order", 1, 1)
    text, data = shown(update)
    assert "Li Si" in text and "cabinet 2" in text and "handed in" in text
    assert data[0] == Book(DRAFT_ID).pack() and Change("").pack() in data


def test_an_optional_yes_no_question_offers_yes_no_and_skip(texts: Texts) -> None:
    field = CHILD.model_copy(update={"type": "yes_no", "required": False, "choices": []})
    markup = walk_in_form.question_keyboard(texts, "en", field, 4)
    data = [button.callback_data for row in markup.inline_keyboard for button in row]
    assert data == [Answer("child_order", 1, 4).pack(), Answer("child_order", 0, 4).pack(),
                    Answer("child_order", -1, 4).pack(), StaffHome().pack()]


async def test_booking_makes_one_drop_off_case_and_forgets_the_walk_in(texts: Texts) -> None:
    cases = FakeCases([member(STATION_A)])
    user_data: dict[str, Any] = {key: "x" for key in KEYS} | {NAME: "Li Si"}
    context = context_for(texts, cases, user_data)
    update = press(Book(DRAFT_ID).pack())
    assert await walk_in_form.book(update, context) == ConversationHandler.END
    assert cases.calls[-1] == ("submit", (DRAFT_ID, "drop_off"), {
        "actor": cases.calls[-1][2]["actor"], "idempotency_key": "tg:77:submit"})
    assert user_data == {}
    text, data = shown(update)
    assert "PG2026000777" in text and "Villagers to call" in text
    assert data[0].startswith(OpenCard.PREFIX)
