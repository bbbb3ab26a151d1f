"""The notifier's timing and the store's part in it: cursors, and reminders replaced and
withdrawn in one transaction (a plan), so that a replay repeats nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from bot.notifier import reminder_prefix, reminder_time, reminder_topic
from bot.store import BotStore
from bot.store.store import Plan

ZONE = ZoneInfo("Asia/Shanghai")


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=ZONE)


def test_a_reminder_is_due_at_six_the_evening_before_the_slot() -> None:
    assert reminder_time(_at(27, 9, 30), now=_at(25, 10)) == _at(26, 18)


def test_a_slot_booked_after_six_the_evening_before_is_reminded_at_once() -> None:
    assert reminder_time(_at(26, 9), now=_at(25, 20)) == _at(25, 20)


def test_a_slot_in_the_past_gets_no_reminder() -> None:
    assert reminder_time(_at(25, 9), now=_at(25, 10)) is None


def test_the_evening_before_is_the_districts_even_for_a_slot_given_in_utc() -> None:
    slot = _at(27, 7).astimezone(dt.UTC)  # 26 Nov 23:00 UTC
    assert reminder_time(slot, now=_at(25, 10)) == _at(26, 18)


def _reminder(case_id: str, cause: str, chat_id: int = 5) -> dict[str, Any]:
    return {"chat_id": chat_id, "kind": 1, "method": "sendMessage",
            "params": {"chat_id": chat_id, "text": cause}, "not_before": 100.0,
            "created_at": 1.0, "dedupe_key": f"{reminder_prefix(case_id)}{cause}",
            "topic": reminder_topic(case_id)}


def _replace(case_id: str, cause: str | None) -> Plan:
    """What the notifier plans for a case's reminder: this one (None: none), no other."""
    return Plan(rows=[_reminder(case_id, cause)] if cause else [],
                withdraw=[reminder_topic(case_id)])


async def _states(store: BotStore) -> dict[str, str]:
    return {row["dedupe_key"]: row["state"] for row in await store.outbox_rows()}


async def test_a_cursor_starts_at_zero_and_never_moves_back(bot_store: BotStore) -> None:
    assert await bot_store.cursor("cases") == 0
    await bot_store.set_cursor("cases", 7)
    await bot_store.set_cursor("cases", 3)
    assert await bot_store.cursor("cases") == 7


async def test_a_new_reminder_withdraws_the_pending_one_and_moves_the_cursor_with_it(
        bot_store: BotStore) -> None:
    assert await bot_store.apply(_replace("c1", "f1"), cursor=("cases", 1))
    await bot_store.apply(_replace("c2", "f2"), cursor=("cases", 2))
    assert await bot_store.apply(_replace("c1", "tg9"))
    assert await _states(bot_store) == {"remind:c1:f1": "withdrawn", "remind:c2:f2": "pending",
                                        "remind:c1:tg9": "pending"}
    assert await bot_store.cursor("cases") == 2


async def test_replaying_the_same_cause_adds_nothing_and_withdraws_nothing(
        bot_store: BotStore) -> None:
    await bot_store.apply(_replace("c1", "tg9"))
    assert not await bot_store.apply(_replace("c1", "tg9"))
    assert await _states(bot_store) == {"remind:c1:tg9": "pending"}


async def test_nothing_to_remind_withdraws_only_pending_rows_of_that_case(
        bot_store: BotStore) -> None:
    await bot_store.apply(_replace("c1", "f1"))
    await bot_store.apply(_replace("c10", "f2"))
    await bot_store.apply(_replace("c1", None), cursor=("cases", 5))
    assert await _states(bot_store) == {"remind:c1:f1": "withdrawn",
                                        "remind:c10:f2": "pending"}
    assert await bot_store.cursor("cases") == 5
    assert await bot_store.withdraw_pending("remind:c10:") == 1
    assert await bot_store.due(now=1000.0, limit=10) == []
