"""The call list's handlers against a fake case service: every station's open tasks,
oldest first; a task shows who, their full number, the case and the villager's own
message in the villager's language; [No answer] counts a try and moves on, [Reached]
closes; a task closed meanwhile is answered; [Call the villager] on a card shows the
number and says the look is logged."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace
from typing import Any
from unittest.mock import AsyncMock

import pytest

from backend_client.errors import Conflict, NotAllowed
from handlers.callbacks import Expired, Page, parse
from handlers.errors import template_for
from handlers.resident.notices import notice_message
from handlers.staff import calls
from handlers.staff._views import CallVillager, OpenCard, StaffHome, card
from handlers.staff.calls import CALL_LIST, Finish
from texts import Texts
from texts.names import T
from wire.calls import CallTaskList, CallTaskView, CallView
from wire.cases import CaseView, EventView
from wire.catalog import MatterDetail
from wire.offices import OfficeTree, OfficeView
from wire.staff import StaffList, StaffView

NOW = dt.datetime(2026, 11, 25, 2, tzinfo=dt.UTC)
DISTRICT, TOWN = "110117000000", "110117108000"
STATION, OTHER = "110117108201", "110117108202"
CASE_ID = str(uuid.uuid4())
PHONE = "+8613900139000"


@pytest.fixture(scope="module")
def texts() -> Texts:
    return Texts.load()


def office(code: str, tier: str, parent: str | None) -> OfficeView:
    return OfficeView(code=code, tier=tier, kind=tier, name_zh=f"单位{code[-3:]}",
                      name_en=f"Office {code[-3:]}", parent_code=parent, address="1 Road",
                      phone="010-1", opening_hours="9-17", slot_minutes=30, slot_capacity=2,
                      travel_minutes_to_town=0, travel_minutes_to_district=0)


def a_tree() -> OfficeTree:
    return OfficeTree.model_validate({"count": 4, "roots": [
        {"office": office(DISTRICT, "district", None), "children": [
            {"office": office(TOWN, "town", DISTRICT), "children": [
                {"office": office(STATION, "village", TOWN)},
                {"office": office(OTHER, "village", TOWN)}]}]}]})


def member(at: str, role: str = "agent") -> StaffView:
    return StaffView(id=str(uuid.uuid4()), messaging_id="901", name="Li", office_code=at,
                     role=role, language="zh", active=True, created_at=NOW)  # type: ignore[arg-type]


def a_case() -> CaseView:
    clock = {"started_at": NOW, "limit_days": 5, "unit": "working_days",
             "due": dt.date(2026, 12, 2), "remaining_days": 5, "paused": False,
             "stopped": False, "overdue": False}
    return CaseView.model_validate({
        "id": CASE_ID, "number": "PG2026000123", "matter_code": "WJ01",
        "matter_name": {"zh": "生育登记", "en": "Birth registration"}, "state": "accepted",
        "step": 0, "step_tier": "village", "step_action": "accept", "office_code": STATION,
        "station_code": STATION, "holder_id": None, "return_count": 0, "version": 3,
        "booking": {"kind": "drop_off"}, "answers": {}, "service_clock": clock,
        "step_clock": clock, "resident": {"id": "r", "name": "Li Si", "phone": PHONE,
                                          "id_number": None},
        "allowed_actions": [], "created_at": NOW, "updated_at": NOW})


def a_task(task_id: int, minutes: int, action: str = "accept", station: str = STATION,
           language: str = "en", attempts: int = 0) -> CallTaskView:
    event = EventView(
        position=task_id, case_id=CASE_ID, case_number="PG2026000123", matter_code="WJ01",
        resident_id="r", station_code=station, version=task_id, action=action,
        actor_id="s", acting_role="agent", from_state="booked", to_state="accepted",
        office_code=station, to_office_code=station, step=0, to_step=0, holder_id=None,
        reason=None, data={}, at=NOW, tells_resident=True)
    return CallTaskView(
        id=task_id, case_id=CASE_ID, case_number="PG2026000123", matter_code="WJ01",
        matter_name={"zh": "生育登记", "en": "Birth registration"},  # type: ignore[arg-type]
        station_code=station, resident_name=f"Villager {task_id}", phone=PHONE,
        language=language, event=event, created_at=NOW + dt.timedelta(minutes=minutes),
        attempts=attempts, done_at=None, outcome=None, note=None)


class FakeCases:
    """The case service as the call list uses it; records the state-changing calls."""

    def __init__(self, memberships: list[StaffView], tasks: dict[str, list[CallTaskView]],
                 refused: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        self.memberships, self.tasks, self.refused = memberships, tasks, refused
        self.asked: list[str] = []
        self.finished: list[tuple[int, str, dict[str, Any]]] = []
        self.conflict = False

    async def my_memberships(self, *, actor: Any) -> StaffList:
        return StaffList(staff=self.memberships)

    async def office_tree(self) -> OfficeTree:
        return a_tree()

    async def office(self, code: str) -> OfficeView:
        return office(code, "village", TOWN)

    async def matter(self, code: str) -> MatterDetail:
        return MatterDetail.model_construct(code=code, materials=[], form=[])

    async def case(self, case_id: str, *, actor: Any) -> CaseView:
        return a_case()

    async def call_tasks(self, station: str, *, open_only: bool, limit: int, actor: Any
                         ) -> CallTaskList:
        self.asked.append(station)
        if station in self.refused:
            raise NotAllowed(403, "rights.not_station_staff")
        return CallTaskList(tasks=self.tasks.get(station, []))

    async def finish_call_task(self, task_id: int, outcome: str, **kwargs: Any
                               ) -> CallTaskView:
        if self.conflict:
            raise Conflict(409, "call_task.already_done")
        self.finished.append((task_id, outcome, kwargs))
        for tasks in self.tasks.values():
            for n, task in enumerate(tasks):
                if task.id == task_id:
                    done = task.model_copy(update={"attempts": task.attempts + 1,
                                                   "outcome": outcome})
                    if outcome == "not_reached":
                        tasks[n] = done
                    else:
                        tasks.remove(task)
                    return done
        raise AssertionError(task_id)

    async def call_resident(self, case_id: str, *, actor: Any, idempotency_key: str
                            ) -> CallView:
        self.finished.append((0, "call", {"case": case_id, "key": idempotency_key}))
        return CallView(case_id=case_id, name="Li Si", phone=PHONE, at=NOW)


def press(data: str) -> Any:
    query = SimpleNamespace(data=data, answer=AsyncMock(), edit_message_text=AsyncMock())
    return SimpleNamespace(callback_query=query, update_id=77,
                           effective_chat=SimpleNamespace(send_message=AsyncMock()))


def typed(text: str) -> Any:
    return SimpleNamespace(callback_query=None, update_id=77,
                           effective_message=SimpleNamespace(text=text),
                           effective_chat=SimpleNamespace(send_message=AsyncMock()))


def context_for(texts: Texts, cases: FakeCases, language: str = "zh") -> Any:
    return SimpleNamespace(cases=cases, texts=texts, language=language, messaging_id=901,
                           user_data={}, idempotency_key=lambda step="": f"tg:77:{step}")


def shown(update: Any) -> tuple[str, list[str]]:
    """The text and the buttons' data of the screen a handler showed."""
    sent = (update.callback_query.edit_message_text if update.callback_query
            else update.effective_chat.send_message)
    text, markup = sent.call_args.args[0], sent.call_args.kwargs["reply_markup"]
    return text, [button.callback_data for row in markup.inline_keyboard for button in row]


@pytest.mark.parametrize("data", [Finish(2**31, "n", 999), CallVillager(CASE_ID),
                                  Page(CALL_LIST, 999)])
def test_every_call_button_fits_in_64_bytes_and_comes_back_as_it_went(data: Any) -> None:
    packed = data.pack()
    assert len(packed.encode()) <= 64
    assert parse(packed) == data


async def test_the_list_is_every_station_s_open_tasks_oldest_first(texts: Texts) -> None:
    cases = FakeCases([member(STATION), member(OTHER), member(TOWN, "reviewer"),
                       member(OTHER, "supervisor")],
                      {STATION: [a_task(1, 30), a_task(2, 10)], OTHER: [a_task(3, 20)]})
    found = await calls.open_tasks(context_for(texts, cases))
    assert [task.id for task in found] == [2, 3, 1]
    assert sorted(cases.asked) == [STATION, OTHER]  # stations only, each once


async def test_a_station_whose_calls_are_not_this_member_s_adds_nothing(texts: Texts) -> None:
    cases = FakeCases([member(STATION), member(OTHER)],
                      {STATION: [a_task(1, 30)], OTHER: [a_task(3, 20)]}, refused={OTHER})
    assert [task.id for task in await calls.open_tasks(context_for(texts, cases))] == [1]


async def test_a_task_shows_who_the_full_number_and_the_villager_s_own_message(
        texts: Texts) -> None:
    task = a_task(1, 0, language="en")
    cases = FakeCases([member(STATION)], {STATION: [task]})
    update = typed("📞 待打电话")
    await calls.show_list(update, context_for(texts, cases, "zh"))
    text, data = shown(update)
    villager_would_read = notice_message(texts, "en", task.event, a_case(),
                                         office(STATION, "village", TOWN),
                                         office(STATION, "village", TOWN),
                                         await cases.matter("WJ01"))["text"]
    assert "Villager 1" in text and PHONE in text and "PG2026000123" in text
    assert f"<blockquote>{villager_would_read}</blockquote>" in text  # in English
    assert "待打电话" in text and "tel:" not in text
    assert data == [Finish(1, "r", 0).pack(), Finish(1, "v", 0).pack(),
                    Finish(1, "n", 0).pack(), StaffHome().pack()]


async def test_no_answer_counts_a_try_keeps_the_task_and_moves_on_to_the_next(
        texts: Texts) -> None:
    cases = FakeCases([member(STATION)], {STATION: [a_task(1, 0), a_task(2, 5)]})
    update = press(Finish(1, "n", 0).pack())
    await calls.finish(update, context_for(texts, cases, "en"))
    assert cases.finished == [(1, "not_reached", {
        "actor": cases.finished[0][2]["actor"], "idempotency_key": "tg:77:call_task"})]
    text, data = shown(update)
    assert "no answer from Villager 1 (1 tries)" in text and "2 of 2" in text
    assert Finish(2, "r", 1).pack() in data and Page(CALL_LIST, 0).pack() in data


async def test_reached_closes_the_task_and_the_next_takes_its_place(texts: Texts) -> None:
    cases = FakeCases([member(STATION)], {STATION: [a_task(1, 0), a_task(2, 5)]})
    update = press(Finish(1, "r", 0).pack())
    await calls.finish(update, context_for(texts, cases, "en"))
    text, data = shown(update)
    assert "Villager 1 was told by phone" in text and "1 of 1" in text
    assert Finish(2, "r", 0).pack() in data


async def test_the_last_task_done_leaves_nobody_to_call(texts: Texts) -> None:
    cases = FakeCases([member(STATION)], {STATION: [a_task(1, 0)]})
    update = press(Finish(1, "v", 0).pack())
    await calls.finish(update, context_for(texts, cases, "en"))
    text, data = shown(update)
    assert "told in person" in text and "Nobody to call" in text
    assert data == [StaffHome().pack()]


async def test_a_task_closed_meanwhile_is_answered_and_the_list_shown_as_it_is(
        texts: Texts) -> None:
    cases = FakeCases([member(STATION)], {STATION: [a_task(2, 5)]})
    cases.conflict = True
    update = press(Finish(1, "r", 0).pack())
    with pytest.raises(Conflict) as refused:
        await calls.finish(update, context_for(texts, cases, "en"))
    assert template_for(refused.value) is T.ERROR_CALL_TASK_ALREADY_DONE
    assert Finish(2, "r", 0).pack() in shown(update)[1]


async def test_a_forged_outcome_is_an_expired_button(texts: Texts) -> None:
    cases = FakeCases([member(STATION)], {STATION: [a_task(1, 0)]})
    with pytest.raises(Expired):
        await calls.finish(press(Finish(1, "x", 0).pack()), context_for(texts, cases))
    assert cases.finished == []


async def test_call_the_villager_shows_the_full_number_and_that_the_look_is_logged(
        texts: Texts) -> None:
    cases = FakeCases([member(STATION)], {})
    update = press(CallVillager(CASE_ID).pack())
    await calls.ring(update, context_for(texts, cases, "en"))
    text = update.effective_chat.send_message.call_args.args[0]
    assert PHONE in text and "logged" in text and "href" not in text
    assert cases.finished == [(0, "call", {"case": CASE_ID, "key": "tg:77:call"})]


async def test_the_staff_card_offers_call_the_villager_above_its_last_row(
        texts: Texts) -> None:
    cases = FakeCases([member(STATION)], {})
    _text, markup = await card(context_for(texts, cases), a_case(), "")
    rows = [[button.callback_data for button in row] for row in markup.inline_keyboard]
    assert rows[-2] == [CallVillager(CASE_ID).pack()]
    assert rows[-1][0] == OpenCard(CASE_ID, "").pack()
