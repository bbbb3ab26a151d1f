"""The update inbox: every update stored before it is confirmed, handled once, in order.

PTB's own updater confirms updates as soon as it has queued them, so a crash loses what
was in flight. Here an update is written to the store first (keyed by update_id, so a
repeat is dropped), then handled by `Application.process_update`, then marked done in
the same transaction that saves the conversation state it changed. Updates of one chat
are handled one after another; different chats concurrently, up to a bound.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from collections.abc import Iterable
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.clock import Clock, epoch
from bot.persistence import StorePersistence
from bot.store import BotStore
from bot.store.store import StoredUpdate

log = logging.getLogger(__name__)

DAY = 24 * 3600.0


def chat_key(update: Update) -> str:
    """What orders updates: the chat, else the user, else one shared line."""
    if update.effective_chat is not None:
        return str(update.effective_chat.id)
    if update.effective_user is not None:
        return f"u{update.effective_user.id}"
    return "-"


class Inbox:
    """Stores and dispatches updates; see the module docstring for the guarantee.

    Args:
        max_concurrent: how many chats are handled at once.
        max_attempts: an update whose handling was cut off this many times (by crashes)
            is given up, so one poisonous update cannot stop the bot for good.
    """

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any],
                 store: BotStore, persistence: StorePersistence, clock: Clock, *,
                 max_concurrent: int = 64, max_attempts: int = 3,
                 keep_seconds: float = DAY) -> None:
        self.application = application
        self.store = store
        self.persistence = persistence
        self.clock = clock
        self.max_attempts = max_attempts
        self.keep_seconds = keep_seconds
        self._slots = asyncio.Semaphore(max_concurrent)
        self._queues: dict[str, collections.deque[tuple[StoredUpdate, Update | None]]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._idle = asyncio.Event()
        self._idle.set()

    async def accept(self, received: Iterable[Update | dict[str, Any]]) -> list[int]:
        """Store updates (the caller confirms them only after this returns) and start them.

        The getUpdates loop passes the Update objects it already has, the webhook the
        JSON it was sent; each is parsed once and handled from that object.
        """
        parsed: dict[int, tuple[Update, dict[str, Any]]] = {}
        for item in received:
            update = item if isinstance(item, Update) else self._parse(item)
            if update is not None:
                payload = item if isinstance(item, dict) else update.to_dict()
                parsed[update.update_id] = (update, payload)
        fresh = await self.store.accept_updates(
            ((update_id, chat_key(update), payload)
             for update_id, (update, payload) in parsed.items()), epoch(self.clock))
        for update_id in fresh:
            update, payload = parsed[update_id]
            self._dispatch(StoredUpdate(update_id, chat_key(update), payload, 0), update)
        if len(fresh) < len(parsed):
            log.info("dropped %d repeated update(s)", len(parsed) - len(fresh))
        return fresh

    def _parse(self, payload: dict[str, Any]) -> Update | None:
        try:
            return Update.de_json(payload, self.application.bot)
        except Exception:  # nothing could ever handle it: say so and let it go
            # Its id and keys only: the payload itself can hold personal data.
            log.error("dropped update %s: not valid Bot API JSON (keys: %s)",
                      payload.get("update_id"), ", ".join(sorted(payload)[:8]))
            return None

    async def resume(self) -> int:
        """Handle what a previous run stored but did not finish, before anything new."""
        pending = await self.store.pending_updates()
        for item in pending:
            attempts = await self.store.count_attempt(item.update_id)
            if attempts > self.max_attempts:
                log.error("giving up update %s after %d cut-off attempts",
                          item.update_id, attempts - 1)
                await self.store.finish_update(item.update_id, (), epoch(self.clock),
                                               failed=True)
                continue
            self._dispatch(item)
        return len(pending)

    async def prune(self) -> int:
        """Forget handled updates older than the dedupe window."""
        return await self.store.prune_updates(epoch(self.clock) - self.keep_seconds)

    async def drain(self) -> None:
        """Wait until every dispatched update is handled (bound it with asyncio.timeout)."""
        await self._idle.wait()

    @property
    def in_progress(self) -> int:
        return sum(len(queue) for queue in self._queues.values()) + len(self._workers)

    def _dispatch(self, item: StoredUpdate, update: Update | None = None) -> None:
        self._queues.setdefault(item.chat_key, collections.deque()).append((item, update))
        if item.chat_key not in self._workers:
            self._idle.clear()
            self._workers[item.chat_key] = asyncio.create_task(
                self._work(item.chat_key), name=f"inbox:{item.chat_key}")

    async def _work(self, key: str) -> None:
        queue = self._queues[key]
        try:
            while queue:
                item, update = queue[0]
                async with self._slots:
                    try:
                        await self._handle(item, update)
                    except Exception:
                        # It stays pending in the store and is tried again at the next start.
                        log.exception("handling update %s failed", item.update_id)
                queue.popleft()
        finally:
            del self._workers[key]
            if not queue:
                self._queues.pop(key, None)
            if not self._workers:
                self._idle.set()

    async def _handle(self, item: StoredUpdate, update: Update | None) -> None:
        if update is None:
            update = self._parse(item.payload)
        if update is None:
            await self.store.finish_update(item.update_id, (), epoch(self.clock), failed=True)
            return
        failures = len(self.persistence.failures)
        await self.application.process_update(update)
        await self.application.update_persistence()
        if len(self.persistence.failures) > failures:
            log.error("conversation state of update %s could not be staged; "
                      "it stays pending until the next start", item.update_id)
            return
        chat = update.effective_chat.id if update.effective_chat else None
        user = update.effective_user.id if update.effective_user else None
        staged = self.persistence.take(chat, user)
        for attempt in range(3):
            try:
                await self.store.finish_update(item.update_id, staged, epoch(self.clock))
                self.persistence.committed(staged)
                return
            except Exception:
                log.exception("could not mark update %s done (try %d)", item.update_id,
                              attempt + 1)
                await asyncio.sleep(0.2 * (attempt + 1))
        self.persistence.give_back(staged)
