"""Our own getUpdates loop: an update is stored before the offset moves past it.

The offset given to getUpdates confirms every update below it to the server; it is
only advanced after the inbox has committed the batch, so a crash at any point leaves
each update either unconfirmed (the server sends it again) or stored (we handle it).
"""

from __future__ import annotations

import asyncio
import logging
import random
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from bot.inbox import Inbox

log = logging.getLogger(__name__)


async def poll(application: Application[Any, Any, Any, Any, Any, Any], inbox: Inbox,
               stop: asyncio.Event, *, long_poll: int = 25, limit: int = 100) -> None:
    """Fetch, store and dispatch updates until `stop` is set."""
    bot = application.bot
    await bot.delete_webhook(drop_pending_updates=False)
    offset: int | None = None
    failures = 0
    while not stop.is_set():
        fetch = asyncio.ensure_future(bot.get_updates(
            offset=offset, timeout=long_poll, limit=limit, allowed_updates=Update.ALL_TYPES))
        stopping = asyncio.ensure_future(stop.wait())
        done, _ = await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if fetch not in done:
            fetch.cancel()  # unconfirmed updates are simply sent again next time
            break
        stopping.cancel()
        try:
            updates = fetch.result()
        except InvalidToken:
            raise
        except (RetryAfter, Conflict, NetworkError, TelegramError) as error:
            failures += 1
            delay = _delay(error, failures)
            log.warning("getUpdates failed (%s); trying again in %.1f s",
                        type(error).__name__, delay)
            await _sleep_or_stop(stop, delay)
            continue
        failures = 0
        if not updates:
            continue
        await _store(inbox, list(updates), stop)
        offset = updates[-1].update_id + 1


async def _store(inbox: Inbox, payloads: list[Update], stop: asyncio.Event) -> None:
    """Store a batch, retrying: the offset must not move until it is in the store."""
    attempt = 0
    while True:
        try:
            await inbox.accept(payloads)
            return
        except Exception:
            attempt += 1
            log.exception("could not store %d update(s); retrying", len(payloads))
            if stop.is_set():
                raise
            await asyncio.sleep(min(30.0, 0.5 * 2 ** attempt))


def _delay(error: TelegramError, failures: int) -> float:
    if isinstance(error, RetryAfter):
        retry_after = error.retry_after
        return float(retry_after.total_seconds() if hasattr(retry_after, "total_seconds")
                     else retry_after)
    return min(30.0, 0.5 * 2 ** min(failures, 6)) * (0.5 + random.random() / 2)


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    try:
        async with asyncio.timeout(seconds):
            await stop.wait()
    except TimeoutError:
        pass
