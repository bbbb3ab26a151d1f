"""The one-process runner: the case service's API, the bot, and (demo) the sandbox.

Each part is started in order and stopped in reverse on SIGINT or SIGTERM: the API
first (the bot talks to it), then the sandbox when there is no real Bot API to talk to,
then the bot. The bot reaches the case service over HTTP on loopback, exactly as it
would across machines.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.api import ApiContext, create_app
from backend.calendar import load_calendar
from backend.service.clock import SystemClock
from backend.service.context import ServiceContext
from backend.service.privacy import IdCipher
from backend.storage.engine import write_turn
from backend_client import CaseServiceClient
from bot.runtime import BotRuntime
from bot.store import BotStore
from daiban.demo.staff import DemoPerson, demo_people, ensure_demo_staff
from daiban.settings import Settings
from daiban.wiring import database
from matter_catalog.loader import load_catalog
from sandbox.models import BotAccount
from sandbox.server import start_sandbox
from sandbox.state import Sandbox
from texts.render import Texts

DEMO_TOKEN = "7000000001:DAIBAN-local-sandbox-demo-token-0001"
"""The sandbox's bot: any well-formed token works there, and this one nowhere else."""
DEMO_USERNAME = "daiban_demo_bot"
STOP_GRACE = 2.0


@dataclass(frozen=True)
class Addresses:
    """Where the parts listen, for the operator (and for tests reading stdout)."""

    api: str
    web_chat: str | None
    bot_api: str
    bot_username: str


def secret(value: object) -> str:
    reveal = getattr(value, "get_secret_value", None)
    if reveal is None:
        raise RuntimeError("a secret setting is missing")
    return str(reveal())


async def serve(settings: Settings, announce: Callable[[Addresses], None], *,
                demo: bool = False) -> None:
    """Serve until SIGINT/SIGTERM. Without a bot token (or with `demo`), the bot talks
    to an in-process sandbox whose web chat stands in for the messaging app."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    clock = SystemClock(ZoneInfo(settings.calendar.time_zone))
    async with database(settings) as engine, contextlib.AsyncExitStack() as parts:
        api = await parts.enter_async_context(_api(settings, engine, clock))
        use_sandbox = demo or settings.bot.bot_token is None
        bot_settings, token, web_chat = settings.bot, DEMO_TOKEN, None
        people: list[DemoPerson] = []
        if demo:
            people = demo_people()
            await ensure_demo_staff(engine, clock.now(), people)
        if use_sandbox:
            web_chat = await parts.enter_async_context(_sandbox(settings, people))
            bot_settings = settings.bot.model_copy(update={
                "telegram_api_url": web_chat, "bot_mode": "polling"})
        else:
            token = secret(settings.bot.bot_token)
        cases = await parts.enter_async_context(
            CaseServiceClient(api, secret(settings.service.service_token)))
        runtime = BotRuntime(
            bot_settings, token, store=BotStore(engine, lambda: write_turn(engine)),
            texts=Texts.load(), clock=clock, cases=cases,
            webhook_secret=secret(settings.bot.webhook_secret))
        started = await runtime.start()
        parts.push_async_callback(runtime.stop)
        username = started.application.bot.username or ""
        announce(Addresses(api=api, web_chat=web_chat, bot_api=bot_settings.api_base(),
                           bot_username=username))
        await stop.wait()


@contextlib.asynccontextmanager
async def _api(settings: Settings, engine: AsyncEngine, clock: SystemClock
               ) -> AsyncIterator[str]:
    services = ServiceContext(
        engine=engine, catalog=load_catalog(), calendar=load_calendar(settings.calendar),
        clock=clock, cipher=IdCipher(secret(settings.service.encryption_key)),
        case_number_prefix=settings.service.case_number_prefix,
    )
    app = create_app(ApiContext(
        services=services, service_token=secret(settings.service.service_token),
        clock_control=settings.api.test_clock_control))
    # A feed long-poll may be waiting when we stop: give requests a moment, not a minute.
    runner = web.AppRunner(app, access_log=None, handle_signals=False,
                           shutdown_timeout=STOP_GRACE)
    await runner.setup()
    site = web.TCPSite(runner, settings.api.api_host, settings.api.api_port)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        await runner.cleanup()


@contextlib.asynccontextmanager
async def _sandbox(settings: Settings, people: list[DemoPerson]) -> AsyncIterator[str]:
    """The local Bot API; the demo staff are its users, as if each had opened the bot."""
    account = BotAccount(token=DEMO_TOKEN, username=DEMO_USERNAME, first_name="daiban")
    sandbox = Sandbox([account])
    for person in people:
        sandbox.add_user(person.name, id=person.messaging_id, language_code="zh")
        sandbox.chat(account.id, person.messaging_id).started = True
    running = await start_sandbox(sandbox, settings.demo.sandbox_host,
                                  settings.demo.sandbox_port)
    try:
        yield running.url
    finally:
        await running.stop()
