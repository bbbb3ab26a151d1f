"""The inbox hands stored updates to the real PTB Application: once each, per chat in order.

The Application talks to an in-process sandbox only for getMe; updates are given to the
inbox directly, as the getUpdates loop and the webhook do.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.clock import WallClock
from bot.inbox import Inbox
from bot.persistence import StorePersistence
from bot.store import BotStore
from sandbox.models import BotAccount
from sandbox.server import start_sandbox
from sandbox.state import Sandbox

TOKEN = "7200000001:inbox-test-token-abcdefghijklmnop"


def _message(update_id: int, chat: int, text: str) -> dict[str, Any]:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 1_790_000_000, "text": text,
        "chat": {"id": chat, "type": "private", "first_name": "W"},
        "from": {"id": chat, "is_bot": False, "first_name": "W"}}}


class Recorder:
    """Handlers that take as long as the text says and note when they start and end."""

    def __init__(self) -> None:
        self.log: list[tuple[str, int, str]] = []
        self.fail_on: set[str] = set()

    async def handle(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        assert update.effective_message and update.effective_chat
        text = update.effective_message.text or ""
        chat = update.effective_chat.id
        self.log.append(("start", chat, text))
        await asyncio.sleep(float(text.split()[-1]) if text[-1].isdigit() else 0)
        self.log.append(("end", chat, text))
        if text in self.fail_on:
            raise RuntimeError("a handler failed")
        return 1


@pytest.fixture
async def application(bot_store: BotStore) -> AsyncIterator[Application[Any, Any, Any, Any,
                                                                        Any, Any]]:
    running = await start_sandbox(Sandbox([BotAccount(TOKEN, "inbox_bot", "inbox")]))
    app = (ApplicationBuilder().token(TOKEN).base_url(f"{running.url}/bot")
           .base_file_url(f"{running.url}/file/bot").updater(None)
           .persistence(StorePersistence(bot_store)).build())
    app.bot_data["recorder"] = Recorder()
    recorder: Recorder = app.bot_data["recorder"]
    app.add_handler(ConversationHandler(
        entry_points=[MessageHandler(filters.TEXT, recorder.handle)],
        states={1: [MessageHandler(filters.TEXT, recorder.handle)]},
        fallbacks=[], name="talk", persistent=True))
    app.add_error_handler(lambda update, context: asyncio.sleep(0))
    await app.initialize()
    try:
        yield app
    finally:
        await app.shutdown()
        await running.stop()


def _inbox(application: Any, bot_store: BotStore, **options: Any) -> Inbox:
    return Inbox(application, bot_store, application.persistence, WallClock(), **options)


async def test_one_chats_updates_are_handled_in_order_while_other_chats_go_on(
        application, bot_store: BotStore) -> None:
    inbox = _inbox(application, bot_store)
    await inbox.accept([_message(1, 10, "slow 0.3"), _message(2, 10, "fast 0"),
                        _message(3, 20, "other 0")])
    async with asyncio.timeout(5):
        await inbox.drain()
    log = application.bot_data["recorder"].log
    chat_10 = [entry for entry in log if entry[1] == 10]
    assert chat_10 == [("start", 10, "slow 0.3"), ("end", 10, "slow 0.3"),
                       ("start", 10, "fast 0"), ("end", 10, "fast 0")]
    assert log.index(("end", 20, "other 0")) < log.index(("end", 10, "slow 0.3"))
    assert await bot_store.update_states() == {"done": 3}


async def test_a_repeated_update_is_dropped(application, bot_store: BotStore) -> None:
    inbox = _inbox(application, bot_store)
    assert await inbox.accept([_message(1, 10, "hi 0")]) == [1]
    async with asyncio.timeout(5):
        await inbox.drain()
    assert await inbox.accept([_message(1, 10, "hi 0")]) == []
    assert len(application.bot_data["recorder"].log) == 2


async def test_the_conversation_state_is_committed_with_the_update_that_changed_it(
        application, bot_store: BotStore) -> None:
    inbox = _inbox(application, bot_store)
    await inbox.accept([_message(1, 10, "hi 0")])
    async with asyncio.timeout(5):
        await inbox.drain()
    assert await bot_store.conversations("talk") == {(10, 10): 1}


async def test_a_failing_handler_still_finishes_its_update_after_the_error_handler(
        application, bot_store: BotStore) -> None:
    application.bot_data["recorder"].fail_on.add("boom 0")
    inbox = _inbox(application, bot_store)
    await inbox.accept([_message(1, 10, "boom 0"), _message(2, 10, "next 0")])
    async with asyncio.timeout(5):
        await inbox.drain()
    assert await bot_store.update_states() == {"done": 2}


async def test_unfinished_updates_are_handled_at_start_and_a_poisonous_one_is_given_up(
        application, bot_store: BotStore) -> None:
    now = dt.datetime.now(dt.UTC).timestamp()
    await bot_store.accept_updates([(1, "10", _message(1, 10, "left 0")),
                                    (2, "20", _message(2, 20, "poison 0"))], now)
    for _ in range(3):  # three earlier starts were cut off while handling it
        await bot_store.count_attempt(2)
    inbox = _inbox(application, bot_store, max_attempts=3)
    assert await inbox.resume() == 2
    async with asyncio.timeout(5):
        await inbox.drain()
    assert application.bot_data["recorder"].log == [("start", 10, "left 0"),
                                                    ("end", 10, "left 0")]
    assert await bot_store.update_states() == {"done": 1, "failed": 1}


async def test_an_update_that_is_not_bot_api_json_is_dropped_without_logging_its_content(
        application, bot_store: BotStore, caplog: pytest.LogCaptureFixture) -> None:
    inbox = _inbox(application, bot_store)
    junk = {"update_id": 5, "message": {"text": "13800138000", "chat": "not a chat"}}
    assert await inbox.accept([junk, _message(6, 10, "fine 0")]) == [6]
    async with asyncio.timeout(5):
        await inbox.drain()
    assert "13800138000" not in caplog.text and "dropped update 5" in caplog.text
