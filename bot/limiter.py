"""The one rate limiter every Bot API call of the bot passes through.

It is PTB's `BaseRateLimiter`, so replies made with shortcuts (`reply_text`,
`edit_text`) cannot bypass it. What PTB's AIORateLimiter lacks and this adds: a token
bucket per private chat, priorities (REPLY before NOTIFY before BULK, then first come
first served) when the global budget is the bottleneck, and a retry policy that tells
"certainly not delivered" (retry) from "possibly delivered" (never retry: a second copy).

How a paced call goes: the caller puts a future into its chat's priority heap; one
dispatcher task releases the best waiting call whose chat has a token, whenever the global
bucket has one and no 429 pause is running; the caller then makes the network call itself
(so no lock or queue is held while it runs), and on a retryable failure waits and queues
again with its original place in line. A 429 holds every paced call for its retry_after
(button answers and methods that send nothing are never held); a 403 is reported through
`on_unreachable`. See `bot.pacing.route_of` for what is paced, `bot.outcomes.classify`
for what is retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import random
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from telegram.error import RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter

from bot.outcomes import LimiterClosed, Outcome, classify, retry_after_seconds
from bot.pacing import (
    ChatKey,
    Kind,
    Pacing,
    Route,
    TokenBucket,
    backoff_delay,
    chat_key,
    is_group,
    kind_of,
    route_of,
)

log = logging.getLogger(__name__)

JSONDict = dict[str, Any]
Callback = Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]]
UnreachableHook = Callable[[int], Awaitable[None]]
_NO_CHAT = "\0no-chat"  # calls that name no chat (inline edits): only the global pace
_SWEEP_FLOOR = 256  # buckets kept before the first sweep of idle chats


@dataclass(slots=True, eq=False)
class _Chat:
    """One chat's bucket and waiting calls; `entry` is its one live entry in a heap."""

    bucket: TokenBucket | None
    waiting: list[tuple[int, int, asyncio.Future[None]]] = field(default_factory=list)
    entry: tuple[Any, ...] | None = None
    ready: bool = False


class PacedRateLimiter(BaseRateLimiter[dict[str, Any]]):
    """Per-chat and global pacing with priorities, 429 pauses and careful retries.

    Args:
        pacing: the rates and retry numbers.
        on_unreachable: awaited with the (numeric) chat id when a call to a chat gets 403:
            the user blocked the bot; its failure is logged, never raised into the caller.
        time: the clock, in seconds (default: the running loop's clock).
        sleep: how to wait (default: asyncio.sleep); tests may speed both up together.
        rng: the randomness of the backoff jitter.
    """

    def __init__(
        self,
        pacing: Pacing | None = None,
        *,
        on_unreachable: UnreachableHook | None = None,
        time: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.pacing = pacing or Pacing()
        self._on_unreachable = on_unreachable
        self._time = time or (lambda: asyncio.get_running_loop().time())
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._seq = itertools.count()
        self._chats: dict[ChatKey, _Chat] = {}
        self._ready: list[tuple[int, int, ChatKey]] = []  # (kind, seq, chat)
        self._blocked: list[tuple[float, int, ChatKey]] = []  # (token at, seq, chat)
        self._global: TokenBucket | None = None
        self._paused_until = float("-inf")
        self._sweep_at = _SWEEP_FLOOR
        self._closed = False
        self._dispatcher: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None

    @property
    def chat_count(self) -> int:
        """How many chats' buckets are remembered (idle full ones are dropped)."""
        return len(self._chats)

    async def initialize(self) -> None:
        """Open for calls (again, after a shutdown) and start the dispatcher."""
        self._closed = False
        self._ensure_dispatcher()

    async def shutdown(self) -> None:
        """Stop the dispatcher; every call still waiting for its turn gets LimiterClosed.

        Calls already on the network finish normally; their retries, if any, are refused.
        """
        self._closed = True
        task, self._dispatcher = self._dispatcher, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for chat in self._chats.values():
            for _, _, future in chat.waiting:
                if not future.done():
                    future.set_exception(LimiterClosed())
        self._chats.clear()
        self._ready.clear()
        self._blocked.clear()

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Make the call when its turn comes; retry only what certainly did not arrive."""
        route = route_of(endpoint)
        if route is Route.ONCE:
            return await callback(*args, **kwargs)
        kind = kind_of(rate_limit_args)
        key = chat_key(data)
        seq = next(self._seq)
        for attempt in range(1, self.pacing.max_attempts + 1):
            last = attempt == self.pacing.max_attempts
            if route is Route.PACED:
                await self._acquire(_NO_CHAT if key is None else key, kind, seq)
            try:
                result = await callback(*args, **kwargs)
            except RetryAfter as error:
                wait = retry_after_seconds(error)
                self._note(endpoint, key, kind, attempt, error, retrying=not last)
                if last:
                    raise
                if route is Route.PACED:
                    self._pause(wait)
                else:
                    await self._sleep(wait)
            except TelegramError as error:
                outcome = classify(error)
                retrying = outcome is Outcome.TRANSIENT and not last
                self._note(endpoint, key, kind, attempt, error, retrying=retrying)
                if outcome is Outcome.UNREACHABLE and isinstance(key, int):
                    await self._unreachable(key)
                if not retrying:
                    raise
                await self._sleep(backoff_delay(attempt, self.pacing, self._rng))
            else:
                log.debug("%s to chat %s (%s): %s", endpoint, key, kind.name, Outcome.SENT)
                return result
        raise AssertionError("unreachable: the last attempt returns or raises")

    # --- the queue -------------------------------------------------------------------

    async def _acquire(self, key: ChatKey, kind: Kind, seq: int) -> None:
        """Wait until the dispatcher releases this call."""
        if self._closed:
            raise LimiterClosed
        self._ensure_dispatcher()
        now = self._time()
        chat = self._chats.get(key)
        if chat is None:
            chat = self._chats[key] = _Chat(bucket=self._bucket(key, now))
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(chat.waiting, (int(kind), seq, future))
        if chat.entry is None or (chat.ready and (kind, seq) < chat.entry[:2]):
            self._schedule(key, chat, now)
        assert self._wake is not None
        self._wake.set()
        await future

    def _bucket(self, key: ChatKey, now: float) -> TokenBucket | None:
        if key == _NO_CHAT:
            return None
        if is_group(key):
            return TokenBucket.full(self.pacing.group_rate, self.pacing.group_burst, now)
        return TokenBucket.full(self.pacing.chat_rate, self.pacing.chat_burst, now)

    def _schedule(self, key: ChatKey, chat: _Chat, now: float) -> None:
        """Put the chat's best waiting call in the ready heap, or the chat in the blocked one."""
        while chat.waiting and chat.waiting[0][2].done():  # its caller was cancelled
            heapq.heappop(chat.waiting)
        if not chat.waiting:
            chat.entry, chat.ready = None, False
            return
        kind, seq, _ = chat.waiting[0]
        at = now if chat.bucket is None else chat.bucket.ready_at(now)
        chat.ready = at <= now
        if chat.ready:
            ready = (kind, seq, key)
            heapq.heappush(self._ready, ready)
            chat.entry = ready
        else:
            blocked = (at, seq, key)
            heapq.heappush(self._blocked, blocked)
            chat.entry = blocked

    def _release_due(self) -> float | None:
        """Release every call that may go now; seconds until the next may, None if idle."""
        now = self._time()
        if now < self._paused_until:
            return self._paused_until - now
        while self._blocked and self._blocked[0][0] <= now:
            entry = heapq.heappop(self._blocked)
            chat = self._chats.get(entry[2])
            if chat is not None and chat.entry is entry:
                self._schedule(entry[2], chat, now)
        if self._global is None:
            self._global = TokenBucket.full(self.pacing.global_rate, 1, now)
        while self._ready:
            entry = self._ready[0]
            chat = self._chats.get(entry[2])
            if chat is None or chat.entry is not entry:  # superseded
                heapq.heappop(self._ready)
                continue
            if chat.waiting[0][2].done():  # best caller gone: find the chat's next best
                heapq.heappop(self._ready)
                self._schedule(entry[2], chat, now)
                continue
            at = self._global.ready_at(now)
            if at > now:
                return at - now
            heapq.heappop(self._ready)
            _, _, future = heapq.heappop(chat.waiting)
            self._global.take(now)
            if chat.bucket is not None:
                chat.bucket.take(now)
            future.set_result(None)
            self._schedule(entry[2], chat, now)
        self._sweep(now)
        return self._blocked[0][0] - now if self._blocked else None

    def _sweep(self, now: float) -> None:
        """Forget chats with nothing waiting and a full bucket: a new bucket is the same."""
        if len(self._chats) < self._sweep_at:
            return
        idle = [key for key, chat in self._chats.items()
                if chat.entry is None and (chat.bucket is None or chat.bucket.is_full(now))]
        for key in idle:
            del self._chats[key]
        self._sweep_at = max(_SWEEP_FLOOR, 2 * len(self._chats))

    def _pause(self, seconds: float) -> None:
        """Hold every paced call; overlapping 429s extend to the latest end, never add up."""
        self._paused_until = max(self._paused_until, self._time() + seconds)
        if self._wake is not None:
            self._wake.set()

    def _ensure_dispatcher(self) -> None:
        if self._dispatcher is None or self._dispatcher.done():
            self._wake = asyncio.Event()  # bound to the loop the dispatcher runs on
            self._dispatcher = asyncio.create_task(self._dispatch(), name="rate-limiter")
            self._dispatcher.add_done_callback(_log_crash)

    async def _dispatch(self) -> None:
        assert self._wake is not None
        wake = self._wake
        while True:
            wake.clear()
            delay = self._release_due()
            if delay is None:
                await wake.wait()
                continue
            waiters = [asyncio.ensure_future(wake.wait()),
                       asyncio.ensure_future(self._sleep(max(delay, 0.0)))]
            try:
                await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for waiter in waiters:
                    waiter.cancel()

    # --- outcomes --------------------------------------------------------------------

    async def _unreachable(self, key: int) -> None:
        if self._on_unreachable is None:
            return
        try:
            await self._on_unreachable(key)
        except Exception:
            log.warning("on_unreachable hook failed for chat %s", key, exc_info=True)

    @staticmethod
    def _note(endpoint: str, key: ChatKey | None, kind: Kind, attempt: int,
              error: TelegramError, *, retrying: bool) -> None:
        """Log method, chat, kind and outcome: never the text (it can hold personal data)."""
        outcome = classify(error)
        if retrying:
            log.info("%s to chat %s (%s): try %d failed with %s, retrying", endpoint, key,
                     kind.name, attempt, type(error).__name__)
        else:
            log.warning("%s to chat %s (%s): %s after %d try(s) (%s)", endpoint, key,
                        kind.name, outcome, attempt, type(error).__name__)


def _log_crash(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("rate limiter dispatcher stopped", exc_info=task.exception())
