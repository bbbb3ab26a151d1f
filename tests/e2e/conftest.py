"""End to end: a real `daiban run` process, its bot talking HTTP to a separate sandbox.

The sandbox runs as its own process (`python -m sandbox`), and daiban is pointed at it by
base URL and token exactly as it would be at Telegram; tests act as people through the
sandbox's user side and read what the bot sent, the call record included. The daiban
process can be killed with SIGKILL and started again on the same var directory.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.storage.engine import create_engine
from backend.storage.settings import StorageSettings
from bot.store import BotStore

TOKEN = "7100000001:e2e-sandbox-token-abcdefghijklmnop"
USERNAME = "daiban_test_bot"
BIN = Path(sys.executable).parent
READY_TIMEOUT = 90.0


class People:
    """The sandbox's user side: act as a person, read what the bot did."""

    def __init__(self, url: str, session: aiohttp.ClientSession) -> None:
        self.url = url
        self.session = session

    async def call(self, method: str, path: str, **kwargs: Any) -> Any:
        async with self.session.request(method, f"{self.url}/sandbox/api{path}",
                                        **kwargs) as response:
            body = await response.json()
            assert response.status < 400, f"{method} {path} -> {response.status} {body}"
            return body

    async def person(self, user_id: int, first_name: str = "王大爷",
                     language_code: str = "zh") -> Person:
        await self.call("POST", "/users", json={"id": user_id, "first_name": first_name,
                                                "language_code": language_code})
        return Person(self, user_id)

    async def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        params = {"method": method} if method else {}
        return (await self.call("GET", "/calls", params=params))["calls"]

    async def fault(self, **body: Any) -> None:
        await self.call("POST", "/faults", json=body)

    async def hold(self, **body: Any) -> None:
        await self.call("POST", "/holds", json=body)

    async def held(self) -> list[dict[str, Any]]:
        return (await self.call("GET", "/holds"))["held_calls"]

    async def wait_until_held(self, seconds: float = 20.0) -> None:
        async with asyncio.timeout(seconds):
            while True:
                if await self.held():
                    return
                await asyncio.sleep(0.05)

    async def release(self) -> None:
        await self.call("POST", "/holds/release", json={})

    async def commands(self) -> list[dict[str, Any]]:
        bots = (await self.call("GET", "/bots"))["bots"]
        return bots[0]["commands"]


class Person:
    """One user of the sandbox, in their chat with the bot."""

    def __init__(self, people: People, user_id: int) -> None:
        self.people = people
        self.id = user_id
        self.seen = 0

    async def says(self, text: str) -> dict[str, Any]:
        return await self.people.call("POST", f"/chats/{self.id}/messages", json={"text": text})

    async def presses(self, message_id: int, data: str) -> dict[str, Any]:
        return await self.people.call("POST", f"/chats/{self.id}/press",
                                      json={"message_id": message_id, "data": data})

    async def blocks_the_bot(self) -> None:
        await self.people.call("POST", f"/users/{self.id}/block", json={})

    async def bot_messages(self, after: int = 0) -> list[dict[str, Any]]:
        found = await self.people.call("GET", f"/chats/{self.id}/messages",
                                       params={"after": after, "sender": "bot"})
        return found["messages"]

    async def next_from_bot(self, count: int = 1, wait: float = 20.0) -> list[dict[str, Any]]:
        """The bot's next `count` messages since the last read (waits for them)."""
        found: list[dict[str, Any]] = []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while len(found) < count and loop.time() < deadline:
            page = await self.people.call(
                "GET", f"/chats/{self.id}/messages",
                params={"after": self.seen, "sender": "bot",
                        "wait": max(0.1, min(5.0, deadline - loop.time()))})
            for message in page["messages"]:
                self.seen = max(self.seen, message["seq"])
                found.append(message)
        assert len(found) >= count, f"waited for {count} message(s), got {found}"
        return found


class DaibanProcess:
    """`daiban run` (or `command`, e.g. "demo") as its own process, on one var directory,
    against the sandbox."""

    def __init__(self, workdir: Path, env: dict[str, str]) -> None:
        self.workdir = workdir
        self.env = env
        self.command = "run"
        self.process: asyncio.subprocess.Process | None = None
        self.api_url = ""
        self.web_chat_url = ""
        self.log = workdir / "daiban.log"

    async def start(self) -> DaibanProcess:
        with self.log.open("a") as log:
            self.process = await asyncio.create_subprocess_exec(
                str(BIN / "daiban"), "--log-level", "INFO", self.command, cwd=self.workdir,
                env=self.env, stdout=asyncio.subprocess.PIPE, stderr=log)
        assert self.process.stdout is not None
        async with asyncio.timeout(READY_TIMEOUT):
            while True:
                line = (await self.process.stdout.readline()).decode()
                if not line:
                    raise AssertionError(f"daiban exited early:\n{self.log.read_text()[-3000:]}")
                if line.startswith("web chat: "):
                    self.web_chat_url = line.split()[2].rstrip("/")
                if line.startswith("case service API: "):
                    self.api_url = line.split()[3].removesuffix("/api/v1/docs")
                    return self

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)

    async def wait(self) -> int:
        assert self.process is not None
        return await self.process.wait()

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            async with asyncio.timeout(30):
                await self.process.wait()
        except TimeoutError:
            self.process.kill()
            await self.process.wait()

    @property
    def database_url(self) -> str:
        return f"sqlite+aiosqlite:///{self.workdir / 'var' / 'daiban.db'}"

    def service_token(self) -> str:
        return (self.workdir / "var" / "secrets" / "service_token").read_text().strip()


@pytest.fixture
async def sandbox_url(tmp_path: Path) -> AsyncIterator[str]:
    with (tmp_path / "sandbox.log").open("w") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "sandbox", "--port", "0", "--token", TOKEN,
            "--username", USERNAME, "--first-name", "daiban", "--webhook-retry-base", "0.1",
            stdout=asyncio.subprocess.PIPE, stderr=log)
    assert process.stdout is not None
    async with asyncio.timeout(30):
        line = (await process.stdout.readline()).decode()
    assert line.startswith("sandbox listening on "), line
    try:
        yield line.split()[-1]
    finally:
        process.terminate()
        await process.wait()


@pytest.fixture
async def people(sandbox_url: str) -> AsyncIterator[People]:
    async with aiohttp.ClientSession() as session:
        yield People(sandbox_url, session)


@pytest.fixture
def daiban_env(tmp_path: Path, sandbox_url: str) -> dict[str, str]:
    """The environment of the daiban process: nothing inherited of DAIBAN_*."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DAIBAN_")}
    env.update({
        "DAIBAN_VAR_DIR": str(tmp_path / "var"),
        "DAIBAN_API_PORT": "0",
        "DAIBAN_BOT_TOKEN": TOKEN,
        "DAIBAN_TELEGRAM_API_URL": sandbox_url,
        "DAIBAN_BOT_POLL_TIMEOUT": "2",
        "COLUMNS": "200",
    })
    return env


@pytest.fixture
async def daiban(tmp_path: Path, daiban_env: dict[str, str]) -> AsyncIterator[DaibanProcess]:
    """A daiban process, not yet started (a test may change its environment first)."""
    process = DaibanProcess(tmp_path, daiban_env)
    try:
        yield process
    finally:
        await process.stop()


@pytest.fixture
async def bot_store(daiban: DaibanProcess) -> AsyncIterator[BotStore]:
    """The running process's bot store, opened beside it (start the process first)."""
    engine: AsyncEngine = create_engine(StorageSettings(database_url=daiban.database_url))
    try:
        yield BotStore(engine)
    finally:
        await engine.dispose()
