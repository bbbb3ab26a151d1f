"""A page of the feed: different cases at once, each case's events in order, each event
acted on exactly once, also when the page is cut off and read again."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from backend_client.errors import Unavailable
from bot.notifier import Notifier
from bot.store import BotStore
from bot.store.store import Plan
from tests.bot.test_notifier_choice import FakeCases, FixedClock, _event, _view
from texts import Texts
from wire.cases import EventView

OTHER_CASE = "c0ffee00-0000-4000-8000-000000000002"


class Scripted(Notifier):
    """The notifier with its planning replaced: one row per event, slow for case A's
    first event, failing once where told."""

    def __init__(self, *args: Any, fail_once: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.planned: list[tuple[str, int]] = []
        self.fail_once = fail_once

    async def _plan(self, event: EventView) -> Plan:
        if event.position == 1:
            await asyncio.sleep(0.05)  # case B's events overtake it
        self.planned.append((event.case_id[-1], event.version))
        if event.position in self.fail_once:
            self.fail_once.discard(event.position)
            raise Unavailable(None, "client.unreachable")
        return Plan(rows=[{"chat_id": 1, "kind": 1, "method": "sendMessage",
                           "params": {"text": str(event.position)}, "not_before": 0.0,
                           "created_at": 0.0, "dedupe_key": f"e{event.position}"}])


def _pages(cases: FakeCases) -> None:
    cases.events = [_view(_event("accept", version) | {"case_id": case}, position)
                    for position, (case, version) in enumerate(
                        [(A, 1), (B, 1), (A, 2), (B, 2)], start=1)]


A, B = "c0ffee00-0000-4000-8000-000000000001", OTHER_CASE


@pytest.fixture
def scripted(bot_store: BotStore) -> tuple[Scripted, FakeCases]:
    cases = FakeCases()
    _pages(cases)
    notifier = Scripted(cases, bot_store, Texts.load(), FixedClock(), wait=0,  # type: ignore[arg-type]
                        fail_once={4})
    return notifier, cases


async def test_cases_go_at_once_and_a_cases_events_in_order(
        scripted: tuple[Scripted, FakeCases], bot_store: BotStore) -> None:
    notifier, _cases = scripted
    notifier.fail_once.clear()
    assert await notifier.step() == 4
    assert notifier.planned.index(("2", 1)) < notifier.planned.index(("1", 1))  # overtaken
    assert [v for c, v in notifier.planned if c == "1"] == [1, 2]  # never within a case
    assert await bot_store.cursor("cases") == 4


async def test_a_page_cut_off_is_read_again_and_only_what_was_not_done_is_done(
        scripted: tuple[Scripted, FakeCases], bot_store: BotStore) -> None:
    notifier, _cases = scripted
    with pytest.raises(Unavailable):
        await notifier.step()
    assert await bot_store.cursor("cases") == 0  # event 4 is not done: the page stays
    first = list(notifier.planned)
    assert await notifier.step() == 4
    assert notifier.planned[len(first):] == [("2", 2)]  # only the event that failed
    assert await bot_store.cursor("cases") == 4
    assert await bot_store.done_after("cases", 0) == set()  # passed marks are forgotten
    assert sorted(row["dedupe_key"] for row in await bot_store.outbox_rows()) == [
        "e1", "e2", "e3", "e4"]
