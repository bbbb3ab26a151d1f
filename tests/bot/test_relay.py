"""The villager's answer to a material request reaches the staff once: the holder gets the
words and each photo in their own language, with the staff card's button; a case nobody
holds goes to everyone who may claim it; reading the feed again adds nothing.

The notifier runs against a fake case service and the real bot store and templates."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from backend_client import As
from backend_client.errors import NotFound
from bot.notifier import Notifier
from bot.relay import relay_topic
from bot.store import BotStore
from handlers.callbacks import parse
from handlers.staff._views import OpenCard
from texts import Texts
from wire.cases import CaseView, EventView, FeedPage
from wire.catalog import MatterDetail
from wire.offices import OfficeView
from wire.staff import StaffList, StaffView

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
STATION = "110117108201"
CASE = "c0ffee00-0000-4000-8000-00000000beef"


class FixedClock:
    def now(self) -> dt.datetime:
        return NOW


def _staff(staff_id: str, messaging_id: str, name: str, language: str = "zh",
           active: bool = True) -> StaffView:
    return StaffView(id=staff_id, messaging_id=messaging_id, name=name, office_code=STATION,
                     role="agent", language=language, active=active,  # type: ignore[arg-type]
                     created_at=NOW)


LI, ZHANG = _staff("s-li", "501", "李代办"), _staff("s-zhang", "502", "Zhang", "en")
LI_AS_SUPERVISOR = _staff("s-li-2", "501", "李代办")  # one person, two memberships


def _reply(version: int, *, holder: str | None = "s-li", words: str | None = "户口簿拍好了",
           photos: tuple[str, ...] = ("photo-1", "photo-2"), action: str = "reply"
           ) -> dict[str, Any]:
    return {"tells_resident": False, "case_id": CASE, "case_number": "PG2026000777",
            "matter_code": "SJ01", "resident_id": "r-1", "station_code": STATION,
            "version": version, "action": action, "actor_id": "r-1",
            "acting_role": "resident", "from_state": "awaiting_material",
            "to_state": "awaiting_material", "office_code": STATION,
            "to_office_code": STATION, "step": 0, "to_step": 0, "holder_id": holder,
            "reason": words, "data": {"items": list(photos)}, "at": NOW}


class FakeCases:
    """The case service as the notifier reads it for an answer's event."""

    def __init__(self) -> None:
        self.events: list[EventView] = []
        self.office_members = [LI, ZHANG]
        self.claimants_now = [ZHANG, LI, LI_AS_SUPERVISOR]
        self._positions = itertools.count(1)

    def happen(self, *events: dict[str, Any]) -> None:
        for event in events:
            self.events.append(EventView.model_validate(
                event | {"position": next(self._positions)}))

    async def feed(self, after: int = 0, wait: float = 0, limit: int = 100) -> FeedPage:
        page = [event for event in self.events if event.position > after][:limit]
        return FeedPage(events=page, cursor=page[-1].position if page else after)

    async def office_staff(self, office_code: str, *, actor: As) -> StaffList:
        return StaffList(staff=self.office_members)

    async def claimants(self, case_id: str, *, actor: As) -> StaffList:
        return StaffList(staff=self.claimants_now)

    async def case(self, case_id: str, *, actor: As) -> CaseView:
        raise NotFound(404, "case.unknown")  # a prompt round finds nothing to prompt for

    async def matter(self, code: str) -> MatterDetail:
        return MatterDetail.model_construct(code=code, name={"zh": "低保", "en": "Dibao"},
                                            materials=[])

    async def office(self, code: str) -> OfficeView:
        raise AssertionError("an answer's relay needs no office")


@pytest.fixture
def cases() -> FakeCases:
    return FakeCases()


@pytest.fixture(scope="module")
def texts() -> Texts:
    return Texts.load()


@pytest.fixture
def notifier(cases: FakeCases, bot_store: BotStore, texts: Texts) -> Notifier:
    return Notifier(cases, bot_store, texts, FixedClock(), wait=0)  # type: ignore[arg-type]


async def _relayed(store: BotStore) -> list[dict[str, Any]]:
    return [row for row in await store.outbox_rows()
            if (row["dedupe_key"] or "").startswith("reply:")]


async def test_the_holder_gets_the_words_then_each_photo_once_with_the_cards_button(
        cases: FakeCases, notifier: Notifier, bot_store: BotStore) -> None:
    cases.happen(_reply(6))
    assert await notifier.step() == 1
    rows = await _relayed(bot_store)
    key = f"{relay_topic(CASE, 6)}:s-li"
    assert [(row["dedupe_key"], row["method"], row["chat_id"]) for row in rows] == [
        (key, "sendMessage", 501), (f"{key}:p1", "sendPhoto", 501),
        (f"{key}:p2", "sendPhoto", 501)]
    text = rows[0]["params"]["text"]
    assert "PG2026000777" in text and "户口簿拍好了" in text and "附照片 2 张" in text
    buttons = rows[0]["params"]["reply_markup"]["inline_keyboard"]
    assert parse(buttons[0][0]["callback_data"]) == OpenCard(CASE, "")
    assert [row["params"]["photo"] for row in rows[1:]] == ["photo-1", "photo-2"]
    assert "2/2" in rows[2]["params"]["caption"]
    assert {row["topic"] for row in rows} == {relay_topic(CASE, 6)}
    assert await bot_store.cursor("cases") == 1  # written with the cursor

    again = Notifier(cases, bot_store, notifier.texts, FixedClock(), wait=0,  # type: ignore[arg-type]
                     name="again")  # the same event read again: nothing new
    assert await again.step() == 1
    assert len(await _relayed(bot_store)) == 3


async def test_a_second_answer_is_a_second_relay_in_the_readers_language(
        cases: FakeCases, notifier: Notifier, bot_store: BotStore) -> None:
    cases.office_members = [LI, ZHANG]
    cases.happen(_reply(6, holder="s-zhang", photos=()),
                 _reply(7, holder="s-zhang", words="The bank card too", photos=("p-9",)))
    while await notifier.step():
        pass
    rows = await _relayed(bot_store)
    assert [(row["dedupe_key"], row["chat_id"]) for row in rows] == [
        (f"{relay_topic(CASE, 6)}:s-zhang", 502), (f"{relay_topic(CASE, 7)}:s-zhang", 502),
        (f"{relay_topic(CASE, 7)}:s-zhang:p1", 502)]
    assert "The villager answered the material request" in rows[0]["params"]["text"]
    assert "photo(s) attached" not in rows[0]["params"]["text"]  # words only
    assert "The bank card too" in rows[1]["params"]["text"]


async def test_a_case_nobody_holds_goes_to_each_person_who_may_claim_it_once(
        cases: FakeCases, notifier: Notifier, bot_store: BotStore) -> None:
    cases.happen(_reply(6, holder=None, photos=("photo-1",)))
    await notifier.step()
    rows = await _relayed(bot_store)
    assert sorted((row["chat_id"], row["method"]) for row in rows) == [
        (501, "sendMessage"), (501, "sendPhoto"), (502, "sendMessage"), (502, "sendPhoto")]
    assert "没有人接手" in next(row["params"]["text"] for row in rows if row["chat_id"] == 501)


async def test_a_holder_no_longer_on_the_offices_staff_hands_the_answer_to_the_claimants(
        cases: FakeCases, notifier: Notifier, bot_store: BotStore) -> None:
    cases.office_members = [_staff("s-li", "501", "李代办", active=False), ZHANG]
    cases.claimants_now = [ZHANG]
    cases.happen(_reply(6, photos=()))
    await notifier.step()
    assert [row["chat_id"] for row in await _relayed(bot_store)] == [502]


async def test_other_events_relay_nothing(
        cases: FakeCases, notifier: Notifier, bot_store: BotStore) -> None:
    cases.happen(_reply(6, action="receive_material") | {"to_state": "accepted"})
    await notifier.step()
    assert await _relayed(bot_store) == []
