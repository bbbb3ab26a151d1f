"""What became of a Bot API call, in the words the outbox records per row.

One function decides it for every error, so that the limiter (which retries only what
`classify` calls TRANSIENT) and the outbox (which records the outcome and decides whether
to try the row again later) can never disagree.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import warnings
from enum import StrEnum
from http import HTTPStatus

import httpx
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)


class Outcome(StrEnum):
    SENT = "sent"
    UNREACHABLE = "unreachable"  # 403: the user blocked the bot (or left, or was deleted)
    PERMANENT = "permanent"  # 400 and the other 4xx: the same call would fail again
    IN_FLIGHT = "in_flight"  # timed out after the request left: possibly delivered
    TRANSIENT = "transient"  # not delivered, worth trying later (retries were exhausted)


class LimiterClosed(NetworkError):
    """The limiter shut down while the call waited for its turn: it was never sent.

    A NetworkError, so that code which already treats network trouble as "try later"
    (PTB's own error handling, the outbox) does the right thing with it.
    """

    def __init__(self) -> None:
        super().__init__("Rate limiter shut down before the request was sent")


# httpx timeouts that happen before a byte of the request reached the platform (a
# ConnectError is a plain NetworkError, transient anyway).
_NEVER_SENT = (httpx.ConnectTimeout, httpx.PoolTimeout)
# 4xx that PTB does not map to a class of its own surface as a plain NetworkError whose
# message is Telegram's description ("Request Entity Too Large") or "<phrase> (<code>)".
# 408 and 429 are about timing, not about the request, so they stay transient.
_CLIENT_PHRASES = tuple(
    status.phrase.lower() for status in HTTPStatus
    if 400 <= status < 500 and status not in (HTTPStatus.REQUEST_TIMEOUT,
                                              HTTPStatus.TOO_MANY_REQUESTS)
)
_CLIENT_CODE = re.compile(r"\((4(?!08|29)\d\d)\)")


def classify(error: BaseException) -> Outcome:
    """The outcome of a call that raised `error` (after the limiter's own retries).

    Order matters: in PTB, BadRequest and TimedOut are subclasses of NetworkError.
    """
    if isinstance(error, Forbidden):
        return Outcome.UNREACHABLE
    if isinstance(error, LimiterClosed | RetryAfter):
        return Outcome.TRANSIENT
    if isinstance(error, TimedOut):
        return Outcome.TRANSIENT if _never_sent(error) else Outcome.IN_FLIGHT
    if isinstance(error, BadRequest):
        return Outcome.PERMANENT
    if isinstance(error, NetworkError):
        return Outcome.PERMANENT if _client_error(error) else Outcome.TRANSIENT
    if isinstance(error, asyncio.CancelledError):
        # Cancelled while the request may have been on the wire: assume it arrived
        # rather than risk a second copy (a wait in the limiter's queue ends in
        # LimiterClosed instead).
        return Outcome.IN_FLIGHT
    if isinstance(error, TelegramError):
        return Outcome.PERMANENT  # InvalidToken, Conflict, ChatMigrated, EndPointNotFound
    return Outcome.PERMANENT  # a bug: trying again would fail the same way


def retry_after_seconds(error: RetryAfter) -> float:
    """A 429's wait in seconds, read without PTB's int-or-timedelta deprecation warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def _never_sent(error: TimedOut) -> bool:
    """A connect or pool timeout happened before sending; a read or write one after.

    PTB's HTTPXRequest raises TimedOut from the httpx exception (kept in __cause__);
    a pool timeout also says so in its message. A TimedOut of unknown origin is treated
    as possibly delivered.
    """
    if isinstance(error.__cause__, _NEVER_SENT):
        return True
    return error.message.lower().startswith("pool timeout")


def _client_error(error: NetworkError) -> bool:
    message = error.message.lower()
    return message.startswith(_CLIENT_PHRASES) or bool(_CLIENT_CODE.search(message))
