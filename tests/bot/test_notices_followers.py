"""Who hears what, family followers: each follower gets the villager's notice of every
event the villager hears, once, in their own language, without the villager's name,
phone or ID number and without buttons that act on the case; a removed follower gets
nothing more, a new one nothing from before; followers hear the news even when the
villager cannot be reached. And the villager's notice of a missed appointment offers a
new time.

The notifier runs against a fake case service (tests/bot/test_notifier_choice.py's,
with followers) and the real bot store and templates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from backend_client import As
from bot.notifier import Notifier
from bot.store import BotStore
from handlers.resident.family_views import ShareCase
from handlers.resident.reminders import ChangeTime
from tests.bot.test_notifier_choice import CASE, NOW, FakeCases, FixedClock, _case, _event
from texts import Texts
from wire.followers import FollowerList, FollowerView

SON, DAUGHTER = "f0110000-0000-4000-8000-00000000000a", "f0110000-0000-4000-8000-00000000000b"


def _follower(follower_id: str, messaging_id: str, language: str,
              joined: dt.datetime = NOW - dt.timedelta(hours=1)) -> FollowerView:
    return FollowerView(id=follower_id, case_id=CASE, name="小明", messaging_id=messaging_id,
                        language=language, joined_at=joined, removed_at=None)


class WithFollowers(FakeCases):
    """The fake case service, with the case's active followers (as the bot reads them)."""

    def __init__(self) -> None:
        super().__init__()
        self.claimants_now = []
        self.following = [_follower(SON, "701", "zh"), _follower(DAUGHTER, "702", "en")]
        self.asked_as: list[As] = []

    async def followers(self, case_id: str, *, actor: As) -> FollowerList:
        self.asked_as.append(actor)
        return FollowerList(followers=self.following)


@pytest.fixture
def cases() -> WithFollowers:
    return WithFollowers()


@pytest.fixture(scope="module")
def texts() -> Texts:
    return Texts.load()


@pytest.fixture
def notifier(cases: WithFollowers, bot_store: BotStore, texts: Texts) -> Notifier:
    return Notifier(cases, bot_store, texts, FixedClock(), wait=0)  # type: ignore[arg-type]


async def _notes(store: BotStore) -> dict[str, dict[str, Any]]:
    return {row["dedupe_key"]: row for row in await store.outbox_rows()
            if row["dedupe_key"].startswith("note:")}


async def _read_all(notifier: Notifier) -> None:
    while await notifier.step():
        pass


async def test_each_follower_hears_the_villagers_notice_once_in_their_own_language(
        cases: WithFollowers, notifier: Notifier, bot_store: BotStore) -> None:
    cases.happen(_event("claim", 2, holder="s-a"),
                 _event("accept", 3, to_state="accepted", holder="s-a"))
    cases.now_case = _case(3, "accepted", "s-a")
    await _read_all(notifier)
    notes = await _notes(bot_store)
    assert sorted(notes) == [f"note:{CASE}:v3", f"note:{CASE}:v3:f{SON}",
                             f"note:{CASE}:v3:f{DAUGHTER}"]  # no claim: not news
    villager, son = notes[f"note:{CASE}:v3"], notes[f"note:{CASE}:v3:f{SON}"]
    daughter = notes[f"note:{CASE}:v3:f{DAUGHTER}"]
    assert (villager["chat_id"], son["chat_id"], daughter["chat_id"]) == (900, 701, 702)
    assert "受理回执" in son["params"]["text"] and "您关注的家人办件" in son["params"]["text"]
    assert "Receipt" in daughter["params"]["text"]
    assert cases.asked_as == [As.service()]  # read as the bot itself, for the ids
    assert "reply_markup" not in son["params"]  # nothing to press: not their case
    (share,) = villager["params"]["reply_markup"]["inline_keyboard"][0]
    assert share["callback_data"] == ShareCase(CASE).pack()  # the receipt offers sharing

    await bot_store.set_cursor("cases", 0)  # read again: nothing new
    await _read_all(notifier)
    assert len(await _notes(bot_store)) == 3


async def test_a_followers_notice_carries_no_personal_data_of_the_villager(
        cases: WithFollowers, notifier: Notifier, bot_store: BotStore) -> None:
    cases.happen(_event("request_material", 4, to_state="awaiting_material", holder="s-a",
                        items=["id_card", "王大爷的村委会证明 110105194912310029"],
                        reason="王大爷请带上户口簿，有事打 138 0013 8000 或 13800138000"))
    cases.now_case = _case(4, "awaiting_material", "s-a")
    await _read_all(notifier)
    notes = await _notes(bot_store)
    villager = notes[f"note:{CASE}:v4"]["params"]["text"]
    son = notes[f"note:{CASE}:v4:f{SON}"]["params"]["text"]
    assert "王大爷" in villager and "13800138000" in villager  # their own words, as sent
    for personal in ("王大爷", "13800138000", "138 0013 8000", "110105194912310029"):
        assert personal not in son
    assert "• 身份证" in son and "PG2026000123" in son  # the case, its matter: fine
    assert "请提醒家人把材料送到服务站" in son and "回复文字或照片" not in son


async def test_a_removed_follower_hears_nothing_more(
        cases: WithFollowers, notifier: Notifier, bot_store: BotStore) -> None:
    cases.happen(_event("accept", 3, to_state="accepted", holder="s-a"))
    cases.now_case = _case(3, "accepted", "s-a")
    await _read_all(notifier)
    cases.following = [row for row in cases.following if row.id != DAUGHTER]  # removed
    cases.happen(_event("forward", 4, to_state="forwarded", to_office="110117108000"))
    cases.now_case = _case(4, "forwarded")
    await _read_all(notifier)
    assert sorted(await _notes(bot_store)) == [
        f"note:{CASE}:v3", f"note:{CASE}:v3:f{SON}", f"note:{CASE}:v3:f{DAUGHTER}",
        f"note:{CASE}:v4", f"note:{CASE}:v4:f{SON}"]


async def test_a_new_follower_hears_nothing_from_before_they_followed(
        cases: WithFollowers, notifier: Notifier, bot_store: BotStore) -> None:
    cases.following = [_follower(SON, "701", "zh", joined=NOW + dt.timedelta(minutes=5))]
    cases.happen(_event("accept", 3, to_state="accepted", holder="s-a"))  # at NOW
    cases.now_case = _case(3, "accepted", "s-a")
    await _read_all(notifier)
    assert sorted(await _notes(bot_store)) == [f"note:{CASE}:v3"]


async def test_followers_hear_the_news_when_the_villager_cannot_be_reached(
        cases: WithFollowers, notifier: Notifier, bot_store: BotStore) -> None:
    cases.reachable = False  # they blocked the bot: the station calls them instead
    cases.happen(_event("accept", 3, to_state="accepted", holder="s-a"))
    cases.now_case = _case(3, "accepted", "s-a")
    await _read_all(notifier)
    assert sorted(await _notes(bot_store)) == [f"note:{CASE}:v3:f{SON}",
                                               f"note:{CASE}:v3:f{DAUGHTER}"]


async def test_followers_hear_nothing_the_villager_does_not(
        cases: WithFollowers, notifier: Notifier, bot_store: BotStore) -> None:
    cases.happen(_event("book", 1, role="resident"), _event("claim", 2, holder="s-a"),
                 _event("reassign", 3, role="supervisor", holder="s-b"))
    await _read_all(notifier)
    assert await _notes(bot_store) == {}


async def test_a_missed_appointment_offers_the_villager_a_new_time_and_tells_the_family(
        cases: WithFollowers, notifier: Notifier, bot_store: BotStore) -> None:
    missed = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC)  # the fake case's zone
    cases.happen(_event("mark_missed", 2, slot_start=missed.isoformat()))
    cases.now_case = _case(2)
    await _read_all(notifier)
    notes = await _notes(bot_store)
    villager = notes[f"note:{CASE}:v2"]["params"]
    assert "约好的时间没有到服务站" in villager["text"] and "09:30" in villager["text"]
    first, *_ = villager["reply_markup"]["inline_keyboard"]
    assert first[0]["callback_data"] == ChangeTime(CASE).pack()  # the reminder's own flow
    daughter = notes[f"note:{CASE}:v2:f{DAUGHTER}"]["params"]
    assert "Missed the appointment" in daughter["text"] and "09:30" in daughter["text"]
    assert "remind your family member" in daughter["text"]
    assert "reply_markup" not in daughter
