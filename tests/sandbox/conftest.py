"""Fixtures for the sandbox's tests: a running sandbox, a user-side client, a PTB bot.

Also the browser fixture: headless Chromium (installed by apt when missing) driven by
playwright, for the web chat test.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from sandbox.models import BotAccount
from sandbox.server import RunningSandbox, start_sandbox
from sandbox.state import Sandbox

TOKEN = "123456:ABC-sandbox-token"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


class UserSide:
    """The sandbox's user-side API, as a test calls it."""

    def __init__(self, url: str, session: aiohttp.ClientSession) -> None:
        self.url = url
        self.session = session

    async def call(self, method: str, path: str, expect: int | None = None,
                   **kwargs: Any) -> Any:
        async with self.session.request(method, f"{self.url}/sandbox/api{path}",
                                        **kwargs) as response:
            body = await response.json()
            if expect is not None:
                assert response.status == expect, body
            elif response.status >= 400:
                raise AssertionError(f"{method} {path} -> {response.status} {body}")
            return body

    async def user(self, first_name: str = "Wang", **fields: Any) -> dict[str, Any]:
        return await self.call("POST", "/users", json={"first_name": first_name, **fields})

    async def say(self, user_id: int, text: str) -> dict[str, Any]:
        return await self.call("POST", f"/chats/{user_id}/messages", json={"text": text})

    async def messages(self, user_id: int, after: int = 0, wait: float = 0,
                       sender: str = "any") -> dict[str, Any]:
        return await self.call("GET", f"/chats/{user_id}/messages",
                               params={"after": after, "wait": wait, "sender": sender})

    async def next_from_bot(self, user_id: int, after: int, wait: float = 5
                            ) -> list[dict[str, Any]]:
        found = await self.messages(user_id, after, wait, sender="bot")
        assert found["messages"], f"the bot sent nothing after seq {after}"
        return found["messages"]

    async def press(self, user_id: int, message_id: int, **fields: Any) -> dict[str, Any]:
        return await self.call("POST", f"/chats/{user_id}/press",
                               json={"message_id": message_id, **fields})

    async def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        params = {"method": method} if method else {}
        return (await self.call("GET", "/calls", params=params))["calls"]


@pytest.fixture
async def running() -> AsyncIterator[RunningSandbox]:
    sandbox = Sandbox([BotAccount(TOKEN, "daiban_bot", "daiban")], webhook_retry_base=0.05,
                      webhook_retry_max=0.2)
    started = await start_sandbox(sandbox)
    try:
        yield started
    finally:
        await started.stop()


@pytest.fixture
async def users(running: RunningSandbox) -> AsyncIterator[UserSide]:
    async with aiohttp.ClientSession() as session:
        yield UserSide(running.url, session)


@pytest.fixture
async def bot(running: RunningSandbox) -> AsyncIterator[Bot]:
    """A real PTB Bot configured exactly as the app configures it against the sandbox."""
    client = Bot(TOKEN, base_url=f"{running.url}/bot", base_file_url=f"{running.url}/file/bot")
    async with client:
        yield client


@pytest.fixture
async def started_user(users: UserSide) -> dict[str, Any]:
    """A user who has opened the chat with /start, so the bot may write to them."""
    user = await users.user("Li", last_name="Ming", username="liming", phone="+8613800000000")
    await users.say(user["id"], "/start")
    return user


async def eventually(check: Callable[[], Coroutine[Any, Any, bool]], seconds: float = 5
                     ) -> None:
    """Poll a condition the sandbox cannot signal (e.g. a webhook server's own list)."""
    async with asyncio.timeout(seconds):
        while not await check():  # noqa: ASYNC110 - nothing to wait on but the condition
            await asyncio.sleep(0.02)


@pytest.fixture
def wait_until() -> Callable[..., Coroutine[Any, Any, None]]:
    return eventually


async def _welcome(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_text("<b>欢迎</b>使用代办", parse_mode="HTML")


async def _echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("确认", callback_data="ok:1")]])
    await update.message.reply_text(f"收到：{update.message.text}", reply_markup=keyboard)


async def _pressed(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer(f"已确认 {query.data}")
    await query.edit_message_text(f"已确认：{query.data}")


@pytest.fixture
async def echo_app(running: RunningSandbox) -> AsyncIterator[Application]:
    """A real PTB Application polling the sandbox: /start, an echo with a button, presses."""
    app = (ApplicationBuilder().token(TOKEN).base_url(f"{running.url}/bot")
           .base_file_url(f"{running.url}/file/bot").build())
    app.add_handler(CommandHandler("start", _welcome))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    app.add_handler(CallbackQueryHandler(_pressed))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
