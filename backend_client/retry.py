"""Retries with exponential backoff and jitter, for calls that are safe to repeat.

Every call the client makes is safe to repeat: reads by nature, writes because each
logical call keeps one Idempotency-Key across its attempts. What is worth repeating:
no answer at all (connection refused or dropped, timeout), a 5xx, and 409
`idempotency.in_progress` (the first attempt is still running: wait and ask again).
Any other 4xx is an answer, and asking again would get the same one.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from backend_client.errors import CaseServiceError, Conflict, Unavailable

T = TypeVar("T")

IN_PROGRESS = "idempotency.in_progress"


@dataclass(frozen=True)
class Backoff:
    """How long to wait before each retry: `base * 2**n`, capped, half of it jittered.

    `sleep` and `random` are injectable so a test can record the delays instead of
    waiting them out.
    """

    base: float = 0.2
    cap: float = 5.0
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, repr=False)
    random: Callable[[], float] = field(default=random.random, repr=False)

    def delay(self, retry: int) -> float:
        """The wait before retry number `retry` (0 for the first): in [d/2, d]."""
        ceiling = min(self.cap, self.base * 2**retry)
        return ceiling / 2 + self.random() * ceiling / 2


def is_retryable(error: BaseException) -> bool:
    """No answer, a 5xx, or the first attempt still running; never another 4xx."""
    if isinstance(error, Unavailable):
        return True
    return isinstance(error, Conflict) and error.code == IN_PROGRESS


async def retrying(attempt: Callable[[], Awaitable[T]], *, retries: int, backoff: Backoff,
                   retryable: Callable[[BaseException], bool] = is_retryable) -> T:
    """Run `attempt`, then up to `retries` more times while it fails retryably.

    The last error is raised as it is once the retries are spent.
    """
    done = 0
    while True:
        try:
            return await attempt()
        except CaseServiceError as error:
            if done >= retries or not retryable(error):
                raise
        await backoff.sleep(backoff.delay(done))
        done += 1
