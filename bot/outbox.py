"""The outbox: every message that is not a direct reply is a row first, then sent.

Notifications, reminders, alerts and broadcasts are enqueued with a priority, a
not-before time and a dedupe key; one sender task drains due rows through the rate
limiter (one message in flight per chat, so a chat's messages keep their order) and
marks each row sent right after the Bot API confirms it, with the message id the Bot API
returned (sendMessage returns the Message). A kill -9 can therefore repeat only the
messages that were in flight. "Now" comes from the injected clock, the same one the case
service uses, so a test that moves time moves both.

An edit row (e.g. editMessageText) names the row whose message it changes, by that row's
dedupe key, and goes to the same chat: the sender adds that message's chat_id and
message_id when its turn comes, and skips it when that row was never sent (withdrawn,
failed, or possibly delivered without an id). One message in flight per chat means an
edit never overtakes the message it edits.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.ext import ExtBot

from bot.clock import Clock, epoch
from bot.outcomes import Outcome, classify
from bot.pacing import Kind
from bot.store import BotStore
from bot.store.store import OutboxRow

log = logging.getLogger(__name__)


class Outbox:
    """Enqueue messages; `run()` sends them until stopped.

    Args:
        max_attempts: tries (each already retried by the limiter) before a message that
            keeps failing transiently is given up and recorded as failed.
        retry_delay: seconds before such a message is tried again (doubling, with jitter).
    """

    def __init__(self, bot: ExtBot[Any], store: BotStore, clock: Clock, *,
                 batch: int = 100, max_attempts: int = 5, retry_delay: float = 30.0,
                 idle_poll: float = 1.0) -> None:
        self.bot = bot
        self.store = store
        self.clock = clock
        self.batch = batch
        self.max_attempts = max_attempts
        self.retry_delay = retry_delay
        self.idle_poll = idle_poll
        self._busy: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()

    async def enqueue(self, chat_id: int, *, method: str = "sendMessage",
                      params: dict[str, Any], kind: Kind = Kind.NOTIFY,
                      not_before: dt.datetime | None = None,
                      dedupe_key: str | None = None, edits: str | None = None,
                      memo: dict[str, Any] | None = None) -> bool:
        """Add a message; False (and nothing added) if its dedupe key was seen before.

        `edits`: the dedupe key of the row whose message this one edits (`method` is then
        an edit, e.g. editMessageText, and `params` lack chat_id and message_id); `memo`:
        kept with the row for later rows, never sent."""
        if not callable(getattr(self.bot, method, None)):
            raise ValueError(f"{method!r} is not a Bot API method the bot knows")
        now = epoch(self.clock)
        due = not_before.timestamp() if not_before else now
        added = await self.store.enqueue(
            chat_id=chat_id, kind=int(kind), method=method,
            params={"chat_id": chat_id, **params}, not_before=due, now=now,
            dedupe_key=dedupe_key, edits=edits, memo=memo)
        if due <= now:
            self._wake.set()  # a later one is found by the sender's regular look
        return added

    def wake(self) -> None:
        """Look for due rows now (rows written by others, e.g. the notifier's plans)."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Send due messages until `stop` is set; in-flight sends finish first."""
        while not stop.is_set():
            self._wake.clear()
            try:
                rows = await self.store.due(epoch(self.clock), self.batch, self._busy)
            except Exception:
                log.exception("could not read the outbox")
                rows = []
            for row in _first_per_chat(rows):
                self._busy.add(row.chat_id)
                task = asyncio.create_task(self._deliver(row), name=f"outbox:{row.id}")
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            await self._sleep(stop, await self._pause(bool(rows)))
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _pause(self, had_work: bool) -> float:
        if had_work:
            return 0.0 if len(self._busy) < self.batch else self.idle_poll
        try:
            due = await self.store.next_due_at()
        except Exception:
            return self.idle_poll
        if due is None:
            return self.idle_poll
        return max(0.0, min(self.idle_poll, due - epoch(self.clock)))

    async def _sleep(self, stop: asyncio.Event, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        waiters = [asyncio.ensure_future(self._wake.wait()),
                   asyncio.ensure_future(stop.wait())]
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        for waiter in waiters:
            waiter.cancel()

    async def _deliver(self, row: OutboxRow) -> None:
        try:
            params = row.params
            if row.edits is not None:
                params = await self._edited(row)
                if params is None:
                    return
            # The Bot's own method (it has camelCase aliases), so that its defaults and
            # its parsing of the answer apply as for any other call.
            send = getattr(self.bot, row.method)
            result = await send(**params, rate_limit_args={"kind": Kind(row.kind)})
        except Exception as error:
            await self._record_failure(row, error)
        else:
            message_id = getattr(result, "message_id", None)
            now = epoch(self.clock)
            await self._record(lambda: self.store.mark_sent(row.id, message_id, now))
        finally:
            self._busy.discard(row.chat_id)
            self._wake.set()

    async def _edited(self, row: OutboxRow) -> dict[str, Any] | None:
        """An edit row's parameters with the edited message's place, or None when there
        is nothing to edit now (recorded: skipped, or tried again a little later while
        the message itself is still waiting to be sent)."""
        assert row.edits is not None
        target = await self.store.sent_message(row.edits)
        now = epoch(self.clock)
        if target is not None and target.state == "pending":
            later = now + min(self.retry_delay, 5.0)
            await self._record(lambda: self.store.retry_later(
                row.id, later, f"waits for {row.edits} to be sent"))
            return None
        if target is None or target.state != "sent" or target.message_id is None:
            state = target.state if target is not None else "missing"
            await self._record(lambda: self.store.mark_skipped(
                row.id, f"{row.edits} was never sent ({state})", now))
            return None
        return {**row.params, "chat_id": target.chat_id, "message_id": target.message_id}

    async def _record_failure(self, row: OutboxRow, error: Exception) -> None:
        outcome = classify(error)
        detail = f"{type(error).__name__}: {error}"
        log.warning("outbox row %s to chat %s: %s", row.id, row.chat_id, outcome.value)
        if outcome is Outcome.TRANSIENT and row.attempts + 1 < self.max_attempts:
            delay = self.retry_delay * 2 ** row.attempts * (0.75 + random.random() / 2)
            later = epoch(self.clock) + delay
            await self._record(lambda: self.store.retry_later(row.id, later, detail))
        else:
            now = epoch(self.clock)
            state = "uncertain" if outcome is Outcome.IN_FLIGHT else "failed"
            await self._record(lambda: self.store.mark_failed(
                row.id, outcome.value, detail, now, state=state))

    async def _record(self, write: Callable[[], Awaitable[None]]) -> None:
        """Write an outcome, trying hard: a lost "sent" mark would send the row again."""
        for attempt in range(5):
            try:
                await write()
                return
            except Exception:
                log.exception("could not record an outbox outcome (try %d)", attempt + 1)
                await asyncio.sleep(0.2 * 2 ** attempt)


def _first_per_chat(rows: list[OutboxRow]) -> list[OutboxRow]:
    """One row per chat per round: a chat's messages go out one after another."""
    seen: set[int] = set()
    first: list[OutboxRow] = []
    for row in rows:
        if row.chat_id not in seen:
            seen.add(row.chat_id)
            first.append(row)
    return first
