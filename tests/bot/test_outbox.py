"""The outbox remembers where each message went, and edits a sent message by the row that
sent it: an edit of a message that was never sent is skipped, one whose message still
waits is kept for later, and a plan's rows, withdrawals and cursor move together."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text

from bot.outbox import Outbox
from bot.store import BotStore
from bot.store.store import Plan

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


class FixedClock:
    def __init__(self, now: dt.datetime = NOW) -> None:
        self.at = now

    def now(self) -> dt.datetime:
        return self.at


@dataclass
class Message:
    message_id: int


class FakeBot:
    """Answers like the Bot API: sendMessage returns a Message with the next id."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.next_id = 100

    async def sendMessage(self, **params: Any) -> Message:
        params.pop("rate_limit_args", None)
        self.calls.append(("sendMessage", params))
        self.next_id += 1
        return Message(self.next_id)

    async def editMessageText(self, **params: Any) -> Message:
        params.pop("rate_limit_args", None)
        self.calls.append(("editMessageText", params))
        return Message(params["message_id"])


async def _drain(outbox: Outbox, store: BotStore) -> None:
    """Run the sender until nothing due is pending."""
    stop = asyncio.Event()
    task = asyncio.create_task(outbox.run(stop))
    try:
        async with asyncio.timeout(10):
            while True:
                if not (await store.due(outbox.clock.now().timestamp(), 10) or outbox._busy):
                    break
                await asyncio.sleep(0.01)
    finally:
        stop.set()
        await task


def _states(rows: list[dict[str, Any]]) -> dict[str, str]:
    return {row["dedupe_key"]: row["state"] for row in rows}


@pytest.fixture
def bot() -> FakeBot:
    return FakeBot()


@pytest.fixture
def outbox(bot: FakeBot, bot_store: BotStore) -> Outbox:
    return Outbox(bot, bot_store, FixedClock(), idle_poll=0.05)  # type: ignore[arg-type]


async def test_a_sent_message_is_remembered_with_its_chat_and_message_id(
        outbox: Outbox, bot_store: BotStore) -> None:
    await outbox.enqueue(7, params={"text": "hello"}, dedupe_key="prompt:c1:v1:s1")
    await _drain(outbox, bot_store)
    found = await bot_store.sent_message("prompt:c1:v1:s1")
    assert found is not None
    assert (found.state, found.chat_id, found.message_id) == ("sent", 7, 101)


async def test_an_edit_changes_the_sent_message_in_its_chat_by_its_message_id(
        outbox: Outbox, bot_store: BotStore, bot: FakeBot) -> None:
    await outbox.enqueue(7, params={"text": "claim me"}, dedupe_key="prompt:c1:v1:s1")
    await _drain(outbox, bot_store)
    await outbox.enqueue(7, method="editMessageText", params={"text": "Li has it"},
                         dedupe_key="close:prompt:c1:v1:s1", edits="prompt:c1:v1:s1")
    await _drain(outbox, bot_store)
    assert bot.calls[-1] == ("editMessageText",
                             {"chat_id": 7, "message_id": 101, "text": "Li has it"})
    assert _states(await bot_store.outbox_rows()) == {"prompt:c1:v1:s1": "sent",
                                                      "close:prompt:c1:v1:s1": "sent"}


async def test_an_edit_of_a_message_that_was_never_sent_is_skipped(
        outbox: Outbox, bot_store: BotStore, bot: FakeBot) -> None:
    await outbox.enqueue(7, params={"text": "claim me"}, dedupe_key="prompt:c1:v1:s1")
    await bot_store.withdraw_pending("prompt:c1:")
    await outbox.enqueue(7, method="editMessageText", params={"text": "Li has it"},
                         dedupe_key="close:prompt:c1:v1:s1", edits="prompt:c1:v1:s1")
    await outbox.enqueue(8, method="editMessageText", params={"text": "Li has it"},
                         dedupe_key="close:prompt:c1:v1:s2", edits="prompt:c1:v1:s2")
    await _drain(outbox, bot_store)
    assert bot.calls == []
    assert _states(await bot_store.outbox_rows()) == {
        "prompt:c1:v1:s1": "withdrawn", "close:prompt:c1:v1:s1": "skipped",
        "close:prompt:c1:v1:s2": "skipped"}


async def test_an_edit_waits_while_its_message_is_still_to_be_sent(
        outbox: Outbox, bot_store: BotStore, bot: FakeBot) -> None:
    later = NOW + dt.timedelta(minutes=10)
    await outbox.enqueue(7, params={"text": "claim me"}, dedupe_key="prompt:c1:v1:s1",
                         not_before=later)
    await outbox.enqueue(7, method="editMessageText", params={"text": "Li has it"},
                         dedupe_key="close:prompt:c1:v1:s1", edits="prompt:c1:v1:s1")
    await _drain(outbox, bot_store)
    assert bot.calls == []
    rows = {row["dedupe_key"]: row for row in await bot_store.outbox_rows()}
    assert rows["close:prompt:c1:v1:s1"]["state"] == "pending"
    assert rows["close:prompt:c1:v1:s1"]["not_before"] > NOW.timestamp()

    for minutes in (1, 2):  # the message goes first, its edit a few seconds later
        outbox.clock.at = later + dt.timedelta(minutes=minutes)  # type: ignore[attr-defined]
        await _drain(outbox, bot_store)
    assert [name for name, _ in bot.calls] == ["sendMessage", "editMessageText"]


def _row(key: str, chat_id: int = 7, **extra: Any) -> dict[str, Any]:
    return {"chat_id": chat_id, "kind": 1, "method": "sendMessage",
            "params": {"chat_id": chat_id, "text": key}, "not_before": 1.0,
            "created_at": 1.0, "dedupe_key": key, **extra}


async def test_a_plan_withdraws_enqueues_and_moves_the_cursor_together_and_replays_as_nothing(
        bot_store: BotStore) -> None:
    round_1 = "prompt:c1:v1"
    await bot_store.apply(Plan(rows=[_row("prompt:c1:v1:s1", topic=round_1),
                                     _row("prompt:c1:v1:s2", 8, topic=round_1)]),
                          cursor=("cases", 3))
    plan = Plan(rows=[_row("prompt:c1:v2:s1", topic="prompt:c1:v2"),
                      _row("close:prompt:c1:v1:s2", 8, method="editMessageText",
                           edits="prompt:c1:v1:s2")],
                withdraw=[round_1])
    assert await bot_store.apply(plan, cursor=("cases", 4)) == 2
    assert await bot_store.apply(plan, cursor=("cases", 4)) == 0
    assert _states(await bot_store.outbox_rows()) == {
        "prompt:c1:v1:s1": "withdrawn", "prompt:c1:v1:s2": "withdrawn",
        "prompt:c1:v2:s1": "pending", "close:prompt:c1:v1:s2": "pending"}
    assert await bot_store.cursor("cases") == 4
    assert [row["dedupe_key"] for row in await bot_store.rows_of(round_1)] == [
        "prompt:c1:v1:s1", "prompt:c1:v1:s2"]


async def test_a_plan_withdraws_only_pending_rows_of_its_topics_and_never_its_own(
        bot_store: BotStore) -> None:
    await bot_store.apply(Plan(rows=[_row("remind:c1:f1", topic="remind:c1"),
                                     _row("remind:c10:f2", topic="remind:c10")]))
    plan = Plan(rows=[_row("remind:c1:f7", topic="remind:c1")], withdraw=["remind:c1"])
    await bot_store.apply(plan, cursor=("cases", 7))
    await bot_store.apply(plan, cursor=("cases", 7))  # a replay keeps its own row
    assert _states(await bot_store.outbox_rows()) == {
        "remind:c1:f1": "withdrawn", "remind:c10:f2": "pending", "remind:c1:f7": "pending"}


async def test_a_planned_row_without_a_dedupe_key_is_refused_and_nothing_moves(
        bot_store: BotStore) -> None:
    with pytest.raises(ValueError, match="dedupe key"):
        await bot_store.apply(Plan(rows=[_row("x") | {"dedupe_key": None}]),
                              cursor=("cases", 9))
    assert await bot_store.cursor("cases") == 0
    assert await bot_store.outbox_rows() == []


async def test_a_prefix_with_an_underscore_withdraws_only_its_own_rows(
        bot_store: BotStore) -> None:
    await bot_store.apply(Plan(rows=[_row("note:a_b:v1"), _row("note:aXb:v1")]))
    assert await bot_store.withdraw_pending("note:a_b:") == 1
    assert _states(await bot_store.outbox_rows()) == {"note:a_b:v1": "withdrawn",
                                                      "note:aXb:v1": "pending"}


async def test_pending_reminders_join_their_cases_topic_when_the_store_is_upgraded(
        empty_engine: Any) -> None:
    from bot.store import migrate

    await migrate.upgrade(empty_engine, "bot0003")
    async with empty_engine.begin() as connection:  # rows as the bot0003 code wrote them
        for key, state in (("remind:c1:f3", "pending"), ("remind:c2:f4", "sent")):
            await connection.execute(text(
                "INSERT INTO bot_outbox (chat_id, kind, method, params, not_before, "
                "dedupe_key, state, attempts, created_at) VALUES (5, 1, 'sendMessage', "
                "'{}', 1.0, :key, :state, 0, 1.0)"), {"key": key, "state": state})
    await migrate.upgrade(empty_engine)
    store = BotStore(empty_engine)
    assert [row["dedupe_key"] for row in await store.rows_of("remind:c1")] == ["remind:c1:f3"]
    assert await store.rows_of("remind:c2") == []


async def test_old_sent_messages_lose_their_text_first_and_their_rows_later(
        outbox: Outbox, bot_store: BotStore) -> None:
    await outbox.enqueue(7, params={"text": "王大爷 138****8000"}, dedupe_key="note:c1:v2")
    await outbox.enqueue(8, params={"text": "later"}, dedupe_key="note:c2:v2",
                         not_before=outbox.clock.now() + dt.timedelta(hours=1))
    await _drain(outbox, bot_store)
    sent_at = outbox.clock.now().timestamp()
    assert await bot_store.prune_outbox(sent_at - 1, sent_at - 1) == (0, 0)
    assert await bot_store.prune_outbox(sent_at + 1, sent_at - 1) == (1, 0)
    assert await bot_store.prune_outbox(sent_at + 1, sent_at - 1) == (0, 0)
    found = await bot_store.sent_message("note:c1:v2")
    assert found is not None and found.message_id == 101  # still there for dedupe, edits
    assert await bot_store.prune_outbox(sent_at + 1, sent_at + 1) == (0, 1)
    assert await bot_store.sent_message("note:c1:v2") is None
    pending = await bot_store.sent_message("note:c2:v2")
    assert pending is not None and pending.state == "pending"  # never pruned
