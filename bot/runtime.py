"""BotRuntime: starts the bot (polling or webhook), its inbox and outbox; stops them in order.

The start order is what makes a restart safe: the store's unfinished updates are handled
before anything new is fetched, and the outbox resumes rows a crash left pending. Calls
that are only nice to have (the command menu) may fail on a server that lacks them: they
are logged and the bot runs on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from aiohttp import web
from telegram import BotCommand, Update

from backend_client import CaseServiceClient
from bot.app import DaibanApplication, build_application
from bot.clock import Clock, epoch
from bot.inbox import Inbox
from bot.notifier import Notifier
from bot.outbox import Outbox
from bot.pacing import Pacing
from bot.persistence import StorePersistence
from bot.polling import poll
from bot.settings import BotSettings
from bot.store import BotStore
from bot.webhook import webhook_app
from texts.names import COMMANDS, B
from texts.render import Texts

log = logging.getLogger(__name__)
PRUNE_EVERY = 3600.0
DAY_SECONDS = 86_400.0


@dataclass
class Started:
    """What a running bot exposes to the process that runs it (and to tests)."""

    application: DaibanApplication
    inbox: Inbox
    outbox: Outbox
    webhook_address: str | None


class BotRuntime:
    """One bot process: `await start()`, then `await stop()` (SIGTERM does that)."""

    def __init__(self, settings: BotSettings, token: str, *, store: BotStore, texts: Texts,
                 clock: Clock, cases: CaseServiceClient | None = None,
                 webhook_secret: str | None = None, pacing: Pacing | None = None) -> None:
        self.settings = settings
        self.token = token
        self.store = store
        self.texts = texts
        self.clock = clock
        self.cases = cases
        self.webhook_secret = webhook_secret
        self.pacing = pacing
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._site_runner: web.AppRunner | None = None
        self.started: Started | None = None

    async def start(self) -> Started:
        application = build_application(self.settings, self.token, store=self.store,
                                        texts=self.texts, cases=self.cases, pacing=self.pacing)
        await application.initialize()  # getMe: a wrong token or address fails here
        await application.start()
        persistence = application.persistence
        assert isinstance(persistence, StorePersistence)
        inbox = Inbox(application, self.store, persistence, self.clock,
                      max_concurrent=self.settings.bot_max_concurrent_updates,
                      keep_seconds=self.settings.bot_inbox_keep_hours * 3600)
        outbox = Outbox(application.bot, self.store, self.clock)
        notifier = None
        if self.cases is not None:  # reads the case feed and keeps the reminders
            notifier = Notifier(self.cases, self.store, self.texts, self.clock,
                                on_planned=outbox.wake)
        await self._set_menu(application)
        resumed = await inbox.resume()
        if resumed:
            log.info("handling %d update(s) left unfinished by the last run", resumed)
        address = None
        if self.settings.bot_mode == "webhook":
            address = await self._start_webhook(application, inbox)
        else:
            self._spawn(poll(application, inbox, self._stop,
                             long_poll=self.settings.bot_poll_timeout), "polling")
        self._spawn(outbox.run(self._stop), "outbox")
        if notifier is not None:
            self._spawn(notifier.run(self._stop), "notifier")
        self._spawn(self._prune(inbox), "prune")
        self.started = Started(application, inbox, outbox, address)
        return self.started

    async def stop(self, grace: float = 10.0) -> None:
        """Stop fetching, let handlers in progress finish (up to `grace`), then shut down."""
        self._stop.set()
        if self._site_runner is not None:
            await self._site_runner.cleanup()
        if self.started is not None:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(grace):
                    await self.started.inbox.drain()
        for task in self._tasks:
            if task.get_name() == "prune":
                task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.started is not None:
            application = self.started.application
            if application.running:
                await application.stop()
            await application.shutdown()  # flushes staged conversation state

    def _spawn(self, work: object, name: str) -> None:
        self._tasks.append(asyncio.create_task(work, name=name))  # type: ignore[arg-type]

    async def _start_webhook(self, application: DaibanApplication, inbox: Inbox) -> str:
        if not self.settings.webhook_url or not self.webhook_secret:
            raise RuntimeError("webhook mode needs DAIBAN_WEBHOOK_URL and a webhook secret")
        runner = web.AppRunner(webhook_app(inbox, self.webhook_secret,
                                           self.settings.webhook_path),
                               access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, self.settings.webhook_host, self.settings.webhook_port)
        await site.start()
        self._site_runner = runner
        await application.bot.set_webhook(
            self.settings.webhook_url, secret_token=self.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
            max_connections=min(100, self.settings.bot_max_concurrent_updates))
        sockets = site._server.sockets if site._server else []  # type: ignore[union-attr]
        port = sockets[0].getsockname()[1] if sockets else self.settings.webhook_port
        return f"http://{self.settings.webhook_host}:{port}{self.settings.webhook_path}"

    async def _set_menu(self, application: DaibanApplication) -> None:
        """The command menu in each language; nice to have, so a refusal is only logged."""
        for language in self.texts.languages:
            commands = [BotCommand(name, self.texts.button(B(f"command_{name}"),
                                                           language=language))
                        for name in COMMANDS]
            try:
                await application.bot.set_my_commands(
                    commands, language_code=None if language == "zh" else language)
            except Exception as error:  # any refusal, of any server: log it, run on
                log.warning("the Bot API server refused setMyCommands (%s: %s); running on",
                            type(error).__name__, error)
                return

    async def _prune(self, inbox: Inbox) -> None:
        while not self._stop.is_set():
            try:
                removed = await inbox.prune()
                if removed:
                    log.info("forgot %d handled update id(s)", removed)
                now = epoch(self.clock)
                blanked, deleted = await self.store.prune_outbox(
                    now - DAY_SECONDS, now - self.settings.bot_outbox_keep_days * DAY_SECONDS)
                if blanked or deleted:
                    log.info("outbox: blanked %d sent message(s), forgot %d", blanked, deleted)
            except Exception:
                log.exception("pruning the inbox or the outbox failed")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(PRUNE_EVERY):
                    await self._stop.wait()
