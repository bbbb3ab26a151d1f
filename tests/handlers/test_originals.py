"""Originals and handover lists against a fake case service: the buttons fit and come back
as they went; the staff screen offers exactly the moves the custody view lists (and never
the villager's); ticks flip one original each; a press sends what its button names with
the update's key, and forged data reaches no move; the villager's [I got them back]
appears only once the station handed them back; a list's buttons follow its side and
state; every custody refusal has its own words."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace
from typing import Any
from unittest.mock import AsyncMock

import pytest

from backend_client import As
from backend_client.errors import CaseServiceError, NotAllowed
from handlers.callbacks import Expired, parse
from handlers.errors import template_for
from handlers.resident import originals as resident
from handlers.resident.originals_views import GotThemBack, MyOriginals
from handlers.staff import carry, originals
from handlers.staff._views import OpenCard, StaffHome
from handlers.staff.carry_views import DepartRun, OpenRun, SettleDossier, open_run
from handlers.staff.originals_views import (
    MoveOriginals,
    OpenOriginals,
    TickOriginals,
    items_of,
    mask_of,
)
from handlers.staff.team_views import short
from tests.handlers.test_staff_team import context_for, office, press, shown
from texts import T, Texts
from wire.custody import CarryRunList, CarryRunView, CustodyView
from wire.staff import StaffList, StaffView

CASE = str(uuid.uuid4())
OTHER = str(uuid.uuid4())
STATION, TOWN = "110117108201", "110117108000"
KEYS = ["application", "id_cards", "household_register", "declaration", "authorization"]
NOW = dt.datetime(2026, 11, 25, 2, 30, tzinfo=dt.UTC)
CODES = ["custody.not_allowed", "custody.not_with_resident", "custody.not_held_here",
         "custody.not_in_transit", "custody.not_ready", "custody.bad_destination",
         "custody.not_handed_back", "custody.not_an_original", "custody.no_items",
         "custody.not_at_station", "carry_run.already_departed", "carry_run.not_departed",
         "carry_run.already_settled", "carry_run.not_on_run"]


@pytest.fixture(scope="module")
def texts() -> Texts:
    return Texts.load()


def villager(texts: Texts, cases: FakeCases) -> Any:
    context = context_for(texts, cases)
    context.resident = As.resident(context.messaging_id)
    return context


def a_view(holders: list[str], moves: list[dict[str, Any]]) -> CustodyView:
    return CustodyView.model_validate({
        "case_id": CASE, "case_number": "PG2026000123", "history": [], "moves": moves,
        "originals": [{"key": key, "name": {"zh": f"原件{i}", "en": f"Original {i}"},
                       "count": 1, "holder": holder, "since": NOW}
                      for i, (key, holder) in enumerate(zip(KEYS, holders, strict=True))]})


def a_run(departed: bool, items: list[tuple[bool, bool]], run_id: int = 7,
          day: dt.date = dt.date(2026, 11, 25), seq: int = 1) -> CarryRunView:
    """A list from the station to the town; each item (received, flagged missing)."""
    return CarryRunView.model_validate({
        "id": run_id, "station_code": STATION, "to_office_code": TOWN, "day": day,
        "seq": seq, "created_at": NOW, "departed_at": NOW if departed else None,
        "items": [{"case_id": CASE if n == 0 else OTHER, "case_number": f"PG{n}",
                   "matter_code": "SJ01", "added_at": NOW,
                   "received_at": NOW if received else None,
                   "missing_at": NOW if missing else None,
                   "originals": {"id_cards": f"transit:{TOWN}"}}
                  for n, (received, missing) in enumerate(items)]})


class FakeCases:
    """The case service as the originals screens use it; records every change."""

    def __init__(self, view: CustodyView | None = None,
                 runs: dict[str, list[CarryRunView]] | None = None) -> None:
        self.view, self.runs = view, runs or {}
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    async def custody(self, case_id: str, *, actor: Any) -> CustodyView:
        assert self.view is not None
        return self.view

    async def move_originals(self, *args: Any, **kwargs: Any) -> CustodyView:
        self.calls.append(("move", args, kwargs))
        assert self.view is not None
        return self.view

    async def office(self, code: str) -> Any:
        return office(code, "town" if code == TOWN else "village", None)

    async def matter(self, code: str) -> Any:
        return SimpleNamespace(name={"zh": "低保", "en": "Dibao"}, materials=[
            SimpleNamespace(key=key, name={"zh": key, "en": key}) for key in KEYS])

    async def my_memberships(self, *, actor: Any) -> StaffList:
        return StaffList(staff=[
            StaffView(id=str(uuid.uuid4()), messaging_id="1", name="A", office_code=code,
                      role=role, language="zh", active=True, created_at=NOW)
            for code, role in ((STATION, "agent"), (TOWN, "reviewer"), ("1", "admin"))])

    async def carry_runs(self, office: str, day: Any = None, limit: int = 20, *,
                         actor: Any) -> CarryRunList:
        if office not in self.runs:
            raise NotAllowed(403, "custody.not_allowed")
        return CarryRunList(runs=self.runs[office])

    async def depart_carry_run(self, run_id: int, **kwargs: Any) -> CarryRunView:
        self.calls.append(("depart", (run_id,), kwargs))
        self.runs[STATION] = [a_run(True, [(False, False)], run_id)]
        return a_run(False, [(False, False)], run_id)  # as the service reads it before

    async def receive_dossier(self, run_id: int, case_id: str, **kwargs: Any) -> CarryRunView:
        self.calls.append(("received", (run_id, case_id), kwargs))
        return a_run(True, [(True, False)], run_id)

    async def flag_missing_dossier(self, run_id: int, case_id: str, **kwargs: Any
                                   ) -> CarryRunView:
        self.calls.append(("missing", (run_id, case_id), kwargs))
        return a_run(True, [(False, True)], run_id)


@pytest.mark.parametrize("data", [
    OpenOriginals(short(CASE)), TickOriginals(short(CASE), 2**16 - 1),
    MoveOriginals(short(CASE), "s", 2**16 - 1, "110117108201"), MyOriginals(CASE),
    GotThemBack(CASE, 2**16 - 1), OpenRun(2**31, STATION, "20261125", 99),
    DepartRun(2**31), SettleDossier(2**31, CASE, "m"),
])
def test_every_originals_button_fits_in_64_bytes_and_comes_back_as_it_went(data: Any) -> None:
    packed = data.pack()
    assert len(packed.encode()) <= 64
    assert parse(packed) == data


def test_a_mask_names_the_originals_by_their_place_and_nothing_else() -> None:
    view = a_view(["resident"] * 5, [])
    assert items_of(view, mask_of(view, ["id_cards", "declaration"])) == ["id_cards",
                                                                          "declaration"]
    for forged in (0, -1, 1 << 5):
        with pytest.raises(Expired):
            items_of(view, forged)


async def test_the_staff_screen_offers_exactly_the_moves_the_view_lists_and_no_others(
        texts: Texts) -> None:
    view = a_view(["resident", "resident", STATION, f"transit:{STATION}", STATION], [
        {"move": "take", "items": ["application", "id_cards"]},
        {"move": "send", "items": ["household_register", "authorization"], "to_office": TOWN},
        {"move": "receive", "items": ["declaration"]},
        {"move": "hand_back", "items": ["household_register"]},
        {"move": "confirm_back", "items": ["declaration"]}])
    update = press(OpenOriginals(short(CASE)).pack())
    await originals.open_originals(update, context_for(texts, FakeCases(view)))
    text, data = shown(update)
    assert "在村民手里" in text and "在送往单位201代办站的路上" in text
    assert data == [TickOriginals(short(CASE), 0).pack(),
                    MoveOriginals(short(CASE), "s", 0b10100, TOWN).pack(),
                    MoveOriginals(short(CASE), "r", 0b01000, "").pack(),
                    MoveOriginals(short(CASE), "h", 0b00100, "").pack(),
                    OpenOriginals(short(CASE)).pack(), OpenCard(CASE, "").pack(),
                    StaffHome().pack()]


async def test_each_tick_flips_its_own_original_of_those_still_with_the_villager(
        texts: Texts) -> None:
    view = a_view(["resident", STATION, "resident", "resident", STATION],
                  [{"move": "take", "items": ["application", "household_register",
                                              "declaration"]}])
    update = press(TickOriginals(short(CASE), 0b00011).pack())  # a stale bit: id_cards
    await originals.tick(update, context_for(texts, FakeCases(view), "en"))
    text, data = shown(update)
    assert "1 ticked" in text
    ticks = [parse(d) for d in data if d.startswith(TickOriginals.PREFIX)]
    assert [t.mask for t in ticks] == [0b00000, 0b00101, 0b01001]
    assert MoveOriginals(short(CASE), "t", 0b00001, "").pack() in data
    update = press(TickOriginals(short(CASE), 0).pack())
    await originals.tick(update, context_for(texts, FakeCases(view)))
    assert not [d for d in shown(update)[1] if d.startswith(MoveOriginals.PREFIX)]


async def test_a_press_moves_what_its_button_names_with_the_updates_key(texts: Texts) -> None:
    cases = FakeCases(a_view(["resident"] * 5, []))
    update = press(MoveOriginals(short(CASE), "s", 0b00110, TOWN).pack())
    await originals.make_move(update, context_for(texts, cases))
    assert cases.calls == [("move", (CASE, "send", ["id_cards", "household_register"], TOWN),
                            {"actor": cases.calls[0][2]["actor"],
                             "idempotency_key": "tg:77:custody"})]
    assert "已登记：原件送出" in shown(update)[0]


@pytest.mark.parametrize("data", [
    MoveOriginals(short(CASE), "c", 1, ""),  # the villager's confirm_back
    MoveOriginals(short(CASE), "x", 1, ""), MoveOriginals(short(CASE), "t", 0, ""),
    MoveOriginals(short(CASE), "t", 1 << 9, ""), MoveOriginals("not-a-case", "t", 1, ""),
])
async def test_forged_move_data_is_expired_and_reaches_no_move(texts: Texts, data: Any) -> None:
    cases = FakeCases(a_view(["resident"] * 5, []))
    with pytest.raises(Expired):
        await originals.make_move(press(data.pack()), context_for(texts, cases))
    assert cases.calls == []


@pytest.mark.parametrize("code", CODES)
def test_every_custody_refusal_is_answered_by_its_own_words(code: str) -> None:
    assert template_for(CaseServiceError(409, code)) is T(f"errors/{code}")


async def test_the_villager_may_say_they_got_them_back_only_once_they_were_handed_back(
        texts: Texts) -> None:
    away = a_view(["resident", STATION, f"transit:{TOWN}", TOWN, "resident"], [])
    update = press(MyOriginals(CASE).pack())
    await resident.show_originals(update, villager(texts, FakeCases(away)))
    text, data = shown(update)
    assert "在您自己手里" in text and "正送往单位000政务服务中心" in text
    assert not [d for d in data if d.startswith(GotThemBack.PREFIX)]

    back = a_view(["resident", "transit:resident", "transit:resident", STATION, "resident"],
                  [{"move": "confirm_back", "items": ["id_cards", "household_register"]}])
    cases = FakeCases(back)
    update = press(MyOriginals(CASE).pack())
    await resident.show_originals(update, villager(texts, cases))
    text, data = shown(update)
    assert "服务站已还给您" in text and GotThemBack(CASE, 0b00110).pack() in data
    update = press(GotThemBack(CASE, 0b00110).pack())
    await resident.got_them_back(update, villager(texts, cases))
    assert [(c[0], c[1]) for c in cases.calls] == [
        ("move", (CASE, "confirm_back", ["id_cards", "household_register"]))]
    assert cases.calls[0][2]["idempotency_key"] == "tg:77:confirm_back"


@pytest.mark.parametrize(("leaving", "departed", "items", "wanted"), [
    (True, False, [(False, False)], ["crd"]),
    (True, True, [(False, True)], []),
    (False, False, [(False, False)], []),
    (False, True, [(False, False), (False, True), (True, False)], ["r1", "m1", "r2"]),
])
def test_a_lists_buttons_follow_its_side_and_state(texts: Texts, leaving: bool,
                                                   departed: bool, items: Any,
                                                   wanted: list[str]) -> None:
    run = a_run(departed, items)
    markup = carry.run_keyboard(texts, "zh", run, leaving, 0)
    pressed = []
    for row in markup.inline_keyboard:
        for button in row:
            data = parse(button.callback_data)
            if isinstance(data, DepartRun):
                pressed.append("crd")
            elif isinstance(data, SettleDossier):
                number = 1 + [i.case_id for i in run.items].index(data.case_id)
                pressed.append(f"{data.outcome}{number if data.case_id == CASE else 2}")
    assert pressed == wanted


async def test_the_lists_come_from_every_office_newest_first_and_skip_refused_offices(
        texts: Texts) -> None:
    older = a_run(True, [(True, False)], 1, dt.date(2026, 11, 24))
    newer = a_run(False, [(False, False)], 2)
    cases = FakeCases(runs={STATION: [newer, older], TOWN: [older]})  # "1": an admin's
    chat = SimpleNamespace(send_message=AsyncMock())
    await carry.show_lists(SimpleNamespace(callback_query=None, effective_chat=chat),
                           context_for(texts, cases))  # the staff menu's button
    text, markup = chat.send_message.call_args.args[0], chat.send_message.call_args.kwargs[
        "reply_markup"]
    data = [button.callback_data for row in markup.inline_keyboard for button in row]
    assert data[:3] == [open_run(newer, True).pack(), open_run(older, True).pack(),
                        open_run(older, False).pack()]
    assert "第 2 趟" not in text and "共 3 张" in text


async def test_received_and_missing_settle_the_dossier_pressed_with_the_updates_key(
        texts: Texts) -> None:
    cases = FakeCases()
    await carry.settle(press(SettleDossier(7, CASE, "r").pack()), context_for(texts, cases))
    update = press(SettleDossier(7, CASE, "m").pack())
    await carry.settle(update, context_for(texts, cases))
    assert [(c[0], c[1], c[2]["idempotency_key"]) for c in cases.calls] == [
        ("received", (7, CASE), "tg:77:settle"), ("missing", (7, CASE), "tg:77:settle")]
    assert "标记为没收到" in shown(update)[0]
    with pytest.raises(Expired):
        await carry.settle(press(SettleDossier(7, CASE, "x").pack()), context_for(texts, cases))
    await carry.depart(update := press(DepartRun(7).pack()), context_for(texts, cases))
    assert cases.calls[-1][:2] == ("depart", (7,)) and "等对方确认收到" in shown(update)[0]
