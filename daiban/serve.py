"""The one-process runner: the case service's API on the embedded default, until stopped.

Later issues add the bot, the sandbox web chat and the dashboard to the same process;
each is started here and stopped in reverse order on SIGINT or SIGTERM.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from zoneinfo import ZoneInfo

from aiohttp import web

from backend.api import ApiContext, create_app
from backend.calendar import load_calendar
from backend.service.clock import SystemClock
from backend.service.context import ServiceContext
from backend.service.privacy import IdCipher
from daiban.settings import Settings
from daiban.wiring import database
from matter_catalog.loader import load_catalog


def _secret(value: object) -> str:
    secret = getattr(value, "get_secret_value", None)
    if secret is None:
        raise RuntimeError("a secret setting is missing")
    return str(secret())


async def serve(settings: Settings, announce: Callable[[str], None]) -> None:
    """Serve until SIGINT/SIGTERM; `announce` gets the address once it listens."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    calendar = load_calendar(settings.calendar)
    async with database(settings) as engine:
        services = ServiceContext(
            engine=engine, catalog=load_catalog(), calendar=calendar,
            clock=SystemClock(ZoneInfo(settings.calendar.time_zone)),
            cipher=IdCipher(_secret(settings.service.encryption_key)),
            case_number_prefix=settings.service.case_number_prefix,
        )
        app = create_app(ApiContext(
            services=services, service_token=_secret(settings.service.service_token),
            clock_control=settings.api.test_clock_control))
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, settings.api.api_host, settings.api.api_port)
        await site.start()
        sockets = site._server.sockets if site._server else []  # type: ignore[union-attr]
        port = sockets[0].getsockname()[1] if sockets else settings.api.api_port
        announce(f"http://{settings.api.api_host}:{port}")
        try:
            await stop.wait()
        finally:
            await runner.cleanup()
