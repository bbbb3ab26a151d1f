"""Pushing updates to a bot's webhook, in order, until its server says 2xx.

Telegram keeps an update until the webhook answers it with a 2xx and retries with a
growing pause; a bot that stores before answering 200 therefore loses nothing. The
sandbox does the same, one update at a time per bot (so order holds), with a short
back-off that tests can tune (``Sandbox(webhook_retry_base=..., webhook_retry_max=...)``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json

import aiohttp

from sandbox.models import BotState, now
from sandbox.state import Sandbox

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookDelivery:
    """One delivery task per bot with a webhook; started on demand, stopped on close."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.tasks: dict[int, asyncio.Task[None]] = {}
        self.session: aiohttp.ClientSession | None = None
        sandbox.on_update = self.kick

    def kick(self, bot: BotState) -> None:
        task = self.tasks.get(bot.account.id)
        if bot.webhook is not None and (task is None or task.done()):
            self.tasks[bot.account.id] = asyncio.create_task(self._deliver(bot))

    async def _post(self, bot: BotState, update: dict) -> str | None:
        """None when delivered, else the error as getWebhookInfo reports it."""
        assert bot.webhook is not None
        if self.session is None:
            self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        headers = {"Content-Type": "application/json"}
        if bot.webhook.secret_token:
            headers[SECRET_HEADER] = bot.webhook.secret_token
        body = json.dumps(update, ensure_ascii=False).encode()
        try:
            async with self.session.post(bot.webhook.url, data=body, headers=headers) as reply:
                if 200 <= reply.status < 300:
                    return None
                return f"Wrong response from the webhook: {reply.status} {reply.reason}"
        except (aiohttp.ClientError, TimeoutError) as error:
            return f"Connection failed: {error.__class__.__name__}"

    async def _deliver(self, bot: BotState) -> None:
        failures = 0
        sandbox = self.sandbox
        while bot.webhook is not None and not sandbox.closing:
            if not bot.updates:
                await sandbox.wait_updates(lambda: bool(bot.updates) or bot.webhook is None, 30)
                continue
            update = bot.updates[0]
            error = await self._post(bot, update)
            if error is None:
                failures = 0
                if bot.updates and bot.updates[0] is update:
                    bot.updates.pop(0)
                continue
            failures += 1
            if bot.webhook is not None:
                bot.webhook.last_error_date = now()
                bot.webhook.last_error_message = error
            pause = min(sandbox.webhook_retry_base * 2 ** (failures - 1),
                        sandbox.webhook_retry_max)
            await asyncio.sleep(pause)

    async def close(self) -> None:
        for task in self.tasks.values():
            task.cancel()
        for task in self.tasks.values():
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self.session is not None:
            await self.session.close()
