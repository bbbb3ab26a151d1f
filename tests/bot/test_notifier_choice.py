"""Who hears what: the villager is told of each staff action on their case once, never of
their own or of moves inside an office; the staff who may claim a waiting case are
prompted, and when one claims it the others' prompts are edited to say who has it.

The notifier runs against a fake case service (the feed, the case as the villager sees
it, claimants, office staff) and the real bot store and templates."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from backend_client import As
from backend_client.errors import NotFound, Unavailable
from bot.notices import reachable_chat, villager_hears
from bot.notifier import GIVE_UP_AFTER, Notifier
from bot.store import BotStore
from handlers.resident.notices import notice_message
from texts import Texts
from wire.cases import CaseView, EventView, FeedPage
from wire.catalog import MaterialView, MatterDetail
from wire.followers import FollowerList
from wire.offices import OfficeView
from wire.residents import ResidentView
from wire.staff import StaffList, StaffView

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
STATION, TOWN = "110117108201", "110117108000"
CASE = "c0ffee00-0000-4000-8000-000000000001"
VILLAGER = "r-1"


class FixedClock:
    def now(self) -> dt.datetime:
        return NOW


def _event(action: str, version: int, *, role: str = "agent", to_state: str = "booked",
           holder: str | None = None, office: str = STATION, to_office: str | None = None,
           **data: Any) -> dict[str, Any]:
    """An event as the feed gives it; `tells_resident` as the case service's rule says
    (staff actions but claims and reassignments; never the villager's own)."""
    news = role != "resident" and action not in ("claim", "reassign", "reschedule", "rate")
    return {"tells_resident": news, "case_id": CASE, "case_number": "PG2026000123",
            "matter_code": "SJ01", "resident_id": VILLAGER, "station_code": STATION,
            "version": version, "action": action, "actor_id": "someone", "acting_role": role,
            "from_state": None, "to_state": to_state, "office_code": office,
            "to_office_code": to_office or office, "step": 0, "to_step": 0,
            "holder_id": holder, "reason": data.pop("reason", None), "data": data, "at": NOW}


def _view(event: dict[str, Any], position: int) -> EventView:
    return EventView.model_validate(event | {"position": position})


def _clock() -> dict[str, Any]:
    return {"started_at": NOW, "limit_days": 20, "unit": "working_days",
            "due": dt.date(2026, 12, 24), "remaining_days": 20, "paused": False,
            "stopped": False, "overdue": False}


def _case(version: int, state: str = "booked", holder: str | None = None) -> CaseView:
    return CaseView.model_validate({
        "id": CASE, "number": "PG2026000123", "matter_code": "SJ01",
        "matter_name": {"zh": "最低生活保障", "en": "Dibao"}, "state": state, "step": 0,
        "step_tier": "village", "step_action": "receive", "office_code": STATION,
        "station_code": STATION, "holder_id": holder, "return_count": 0,
        "version": version, "booking": {"kind": "drop_off"}, "answers": {},
        "service_clock": _clock(), "step_clock": _clock(),
        "resident": {"id": VILLAGER, "name": "王大爷", "phone": "+8613800138000",
                     "id_number": None},
        "allowed_actions": [], "created_at": NOW, "updated_at": NOW})


def _staff(staff_id: str, messaging_id: str, name: str, language: str = "zh",
           office: str = STATION) -> StaffView:
    return StaffView(id=staff_id, messaging_id=messaging_id, name=name, office_code=office,
                     role="agent", language=language, active=True, created_at=NOW)  # type: ignore[arg-type]


AGENT_A = _staff("s-a", "501", "李代办")
AGENT_B = _staff("s-b", "502", "Zhang", "en")


class FakeCases:
    """The case service as the notifier reads it; tests set the case and the claimants."""

    def __init__(self) -> None:
        self.events: list[EventView] = []
        self.now_case = _case(1)
        self.claimants_now: list[StaffView] = [AGENT_A, AGENT_B]
        self.staff_of: dict[str, list[StaffView]] = {STATION: [AGENT_A, AGENT_B]}
        self.messaging_id: str | None = "900"
        self.reachable = True
        self._positions = itertools.count(1)

    def happen(self, *events: dict[str, Any]) -> None:
        for event in events:
            self.events.append(_view(event, next(self._positions)))

    async def feed(self, after: int = 0, wait: float = 0, limit: int = 100) -> FeedPage:
        page = [event for event in self.events if event.position > after][:limit]
        return FeedPage(events=page, cursor=page[-1].position if page else after)

    async def resident(self, resident_id: str, *, actor: As) -> ResidentView:
        return ResidentView.model_validate({
            "id": resident_id, "messaging_id": self.messaging_id, "name": "王大爷",
            "phone_masked": None, "id_number_masked": None, "village_code": STATION,
            "language": "zh", "reachable": self.reachable,
            "notice_prefs": {"broadcasts": True, "reminders": True}, "consents": [],
            "sensitive_consent": False, "erased": False, "erased_at": None})

    async def case(self, case_id: str, *, actor: As) -> CaseView:
        return self.now_case

    async def office(self, code: str) -> OfficeView:
        return OfficeView(code=code, tier="village" if code == STATION else "town",
                          kind="station", name_zh=f"办公室{code[-3:]}", name_en=f"Office {code}",
                          parent_code=None, address="Main Street 1", phone="010-1",
                          opening_hours="08:30-17:00", slot_minutes=30, slot_capacity=2,
                          travel_minutes_to_town=20, travel_minutes_to_district=60)

    async def matter(self, code: str) -> MatterDetail:
        id_card = MaterialView.model_validate({
            "key": "id_card", "name": {"zh": "身份证", "en": "ID card"}, "originals": 1,
            "copies": 1, "requirement": "required", "station_keeps_original": False})
        return MatterDetail.model_construct(code=code, name={"zh": "低保", "en": "Dibao"},
                                            materials=[id_card])

    async def claimants(self, case_id: str, *, actor: As) -> StaffList:
        return StaffList(staff=self.claimants_now)

    async def followers(self, case_id: str, *, actor: As) -> FollowerList:
        """Nobody follows (family followers: tests/bot/test_notices_followers.py)."""
        return FollowerList(followers=[])

    async def office_staff(self, office_code: str, *, actor: As) -> StaffList:
        if office_code not in self.staff_of:
            raise NotFound(404, "office.unknown", "no such office", {})
        return StaffList(staff=self.staff_of[office_code])


@pytest.fixture
def cases() -> FakeCases:
    return FakeCases()


@pytest.fixture(scope="module")
def texts() -> Texts:
    return Texts.load()


@pytest.fixture
def notifier(cases: FakeCases, bot_store: BotStore, texts: Texts) -> Notifier:
    return Notifier(cases, bot_store, texts, FixedClock(), wait=0)  # type: ignore[arg-type]


async def _rows(store: BotStore, prefix: str = "") -> dict[str, dict[str, Any]]:
    return {row["dedupe_key"]: row for row in await store.outbox_rows()
            if row["dedupe_key"].startswith(prefix)}


async def _read_all(notifier: Notifier) -> None:
    while await notifier.step():
        pass


# -- the choice, as plain functions ---------------------------------------------------------


@pytest.mark.parametrize(("event", "hears"), [
    (_event("accept", 3, to_state="accepted"), True),
    (_event("book", 1, role="agent"), True),  # a walk-in booked by the station
    (_event("book", 1, role="resident"), False),  # they booked it themselves
    (_event("forward", 5, to_state="forwarded", to_office=TOWN), True),
    (_event("forward", 7, role="reviewer", office=TOWN, to_state="forwarded"), True),
    (_event("claim", 6, role="reviewer", office=TOWN, holder="s-t",
            to_state="under_review"), False),
    (_event("reassign", 4, role="supervisor", holder="s-b"), False),
    (_event("rate", 9, role="agent", to_state="delivered") | {"tells_resident": True},
     False),  # news by the service's word, but the bot has no screen for it
])
def test_the_villager_hears_what_the_case_service_calls_news_to_them(
        event: dict[str, Any], hears: bool) -> None:
    assert villager_hears(_view(event, 1)) is hears


async def test_a_forward_inside_one_office_is_told_as_the_next_step_not_a_move_up(
        texts: Texts) -> None:
    cases = FakeCases()
    inside = _view(_event("forward", 7, role="reviewer", office=TOWN,
                          to_state="forwarded"), 1)
    up = _view(_event("forward", 5, to_state="forwarded", to_office=TOWN), 2)

    async def text(event: EventView) -> str:
        office = await cases.office(event.to_office_code)
        params = notice_message(texts, "zh", event, _case(7, "forwarded"), office,
                                await cases.office(STATION), await cases.matter("SJ01"))
        return str(params["text"])

    assert "进入下一步" in await text(inside)
    assert "已经送到上一级" in await text(up)


def test_a_villager_without_a_chat_or_who_blocked_the_bot_is_not_written_to() -> None:
    def resident(**changes: Any) -> ResidentView:
        return ResidentView.model_validate({
            "id": "r", "messaging_id": "77", "name": None, "phone_masked": None,
            "id_number_masked": None, "village_code": None, "language": "zh",
            "reachable": True, "notice_prefs": {"broadcasts": True, "reminders": True},
            "consents": [], "sensitive_consent": False, "erased": False,
            "erased_at": None} | changes)
    assert reachable_chat(resident()) == 77
    assert reachable_chat(resident(messaging_id=None)) is None
    assert reachable_chat(resident(reachable=False)) is None
    assert reachable_chat(None) is None


# -- the notifier, event by event ---------------------------------------------------------


async def test_each_staff_action_is_one_notice_and_rereading_the_feed_adds_nothing(
        cases: FakeCases, notifier: Notifier, bot_store: BotStore) -> None:
    cases.claimants_now = []
    cases.happen(_event("book", 1, role="resident"),
                 _event("claim", 2, holder="s-a"),
                 _event("accept", 3, to_state="accepted", holder="s-a"),
                 _event("request_material", 4, to_state="awaiting_material", holder="s-a",
                        items=["id_card", "村委会证明"], reason="缺两样"))
    cases.now_case = _case(4, "awaiting_material", "s-a")
    await _read_all(notifier)
    notes = await _rows(bot_store, "note:")
    assert sorted(notes) == [f"note:{CASE}:v3", f"note:{CASE}:v4"]
    receipt, material = notes[f"note:{CASE}:v3"], notes[f"note:{CASE}:v4"]
    assert receipt["chat_id"] == 900 and "受理回执" in receipt["params"]["text"]
    assert "• 身份证\n• 村委会证明" in material["params"]["text"]  # one complete list
    assert await bot_store.cursor("cases") == 4

    await bot_store.set_cursor("cases", 0)  # as if the cursor had been lost: read again
    await _read_all(notifier)
    assert len(await _rows(bot_store, "note:")) == 2


async def test_a_villager_the_bot_cannot_reach_gets_nothing_but_the_staff_are_prompted(
        cases: FakeCases, notifier: Notifier, bot_store: BotStore) -> None:
    cases.messaging_id = None
    cases.happen(_event("book", 1, role="agent"))
    await _read_all(notifier)
    assert sorted(await _rows(bot_store)) == [f"prompt:{CASE}:v1:s-a", f"prompt:{CASE}:v1:s-b"]


async def test_a_waiting_case_prompts_each_claimant_in_their_language_with_a_claim_button(
        cases: FakeCases, notifier: Notifier, bot_store: BotStore) -> None:
    cases.happen(_event("book", 1, role="resident"))
    await _read_all(notifier)
    rows = await _rows(bot_store, "prompt:")
    a, b = rows[f"prompt:{CASE}:v1:s-a"], rows[f"prompt:{CASE}:v1:s-b"]
    assert (a["chat_id"], b["chat_id"]) == (501, 502)
    assert "新办件，待接手" in a["params"]["text"] and "New case" in b["params"]["text"]
    assert "138****8000" in a["params"]["text"] and "13800138000" not in a["params"]["text"]
    (button,) = a["params"]["reply_markup"]["inline_keyboard"][0]
    assert button["callback_data"] == f"cl1:{CASE}:1"
    assert a["memo"] == {"staff_id": "s-a", "language": "zh"}
    assert await _rows(bot_store, "note:") == {}  # they booked it themselves


async def test_a_claim_edits_the_other_claimants_prompts_to_name_the_winner(
        cases: FakeCases, notifier: Notifier, bot_store: BotStore) -> None:
    cases.happen(_event("book", 1, role="resident"))
    await _read_all(notifier)
    cases.happen(_event("claim", 2, holder="s-a"))
    cases.now_case = _case(2, holder="s-a")
    await _read_all(notifier)
    closes = await _rows(bot_store, "close:")
    (edit,) = closes.values()  # the winner's own prompt is left to their press
    assert edit["edits"] == f"prompt:{CASE}:v1:s-b" and edit["chat_id"] == 502
    assert edit["method"] == "editMessageText"
    assert "李代办 has claimed it" in edit["params"]["text"]
    assert "reply_markup" not in edit["params"]  # the button goes
    prompts = await _rows(bot_store, "prompt:")
    assert {row["state"] for row in prompts.values()} == {"withdrawn"}  # none sent yet


async def test_a_new_time_closes_the_old_prompts_and_prompts_again(
        cases: FakeCases, notifier: Notifier, bot_store: BotStore) -> None:
    cases.happen(_event("book", 1, role="resident"))
    await _read_all(notifier)
    cases.happen(_event("reschedule", 2, role="resident"))
    cases.now_case = _case(2)
    await _read_all(notifier)
    rows = await _rows(bot_store)
    assert rows[f"prompt:{CASE}:v2:s-a"]["state"] == "pending"
    assert rows[f"prompt:{CASE}:v1:s-a"]["state"] == "withdrawn"
    assert "请看下面新的提醒" in rows[f"close:prompt:{CASE}:v1:s-a"]["params"]["text"]


async def test_a_prompt_for_a_case_that_has_moved_on_since_is_not_sent(
        cases: FakeCases, notifier: Notifier, bot_store: BotStore) -> None:
    cases.happen(_event("book", 1, role="resident"))
    cases.now_case = _case(2)  # rescheduled already: its own event will prompt
    await _read_all(notifier)
    assert await _rows(bot_store, "prompt:") == {}


async def test_a_reassigned_case_tells_its_new_holder_and_not_the_villager(
        cases: FakeCases, notifier: Notifier, bot_store: BotStore) -> None:
    cases.claimants_now = []
    cases.happen(_event("reassign", 5, role="supervisor", to_state="accepted", holder="s-b"))
    await _read_all(notifier)
    rows = await _rows(bot_store)
    assert list(rows) == [f"assigned:{CASE}:v5"]
    assert rows[f"assigned:{CASE}:v5"]["chat_id"] == 502
    assert "This case is now yours" in rows[f"assigned:{CASE}:v5"]["params"]["text"]


async def test_a_later_round_leaves_the_earlier_winners_prompt_alone(
        cases: FakeCases, notifier: Notifier, bot_store: BotStore) -> None:
    cases.happen(_event("book", 1, role="resident"))
    await _read_all(notifier)
    cases.happen(_event("claim", 2, holder="s-a"),
                 _event("accept", 3, to_state="accepted", holder="s-a"),
                 _event("request_material", 4, to_state="awaiting_material", holder="s-a",
                        items=["id_card"]),
                 _event("refuse", 5, to_state="refused"))  # leaves it unheld: a new round?
    cases.claimants_now = []  # nobody may claim a refused case
    cases.now_case = _case(5, "refused")
    await _read_all(notifier)
    assert list(await _rows(bot_store, "close:")) == [f"close:prompt:{CASE}:v1:s-b"]


async def test_a_booking_made_by_the_station_is_confirmed_to_the_villager(
        cases: FakeCases, notifier: Notifier, bot_store: BotStore) -> None:
    cases.claimants_now = []
    cases.happen(_event("book", 1, role="agent"))
    await _read_all(notifier)
    (note,) = (await _rows(bot_store, "note:")).values()
    text = note["params"]["text"]
    assert "服务站替您预约好了" in text and "PG2026000123" in text and "Main Street 1" in text
    (button,) = note["params"]["reply_markup"]["inline_keyboard"][0]
    assert button["callback_data"] == f"mco1:{CASE}"  # [Open the case]: my cases' detail


async def test_an_outage_of_the_case_service_delays_a_notice_but_never_skips_it(
        cases: FakeCases, notifier: Notifier, bot_store: BotStore) -> None:
    cases.claimants_now = []
    cases.happen(_event("accept", 3, to_state="accepted", holder="s-a"))
    cases.now_case = _case(3, "accepted", "s-a")
    answer = cases.resident
    outage = iter(range(GIVE_UP_AFTER * 2))

    async def away(resident_id: str, *, actor: As) -> ResidentView:
        if next(outage, None) is not None:
            raise Unavailable(None, "connection", "refused")
        return await answer(resident_id, actor=actor)

    cases.resident = away  # type: ignore[method-assign]
    for _ in range(GIVE_UP_AFTER * 2):
        with pytest.raises(Unavailable):
            await notifier.step()
    assert await bot_store.cursor("cases") == 0
    await _read_all(notifier)
    assert list(await _rows(bot_store, "note:")) == [f"note:{CASE}:v3"]
