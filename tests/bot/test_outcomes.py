"""Every Bot API failure is recorded as one outcome; only "certainly not delivered" retries."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import warnings
from collections.abc import Callable

import httpx
import pytest
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import HTTPXRequest

from bot.outcomes import LimiterClosed, Outcome, classify, retry_after_seconds

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def _retry_after(seconds: int) -> RetryAfter:
    with warnings.catch_warnings():  # PTB warns about its own int-or-timedelta attribute
        warnings.simplefilter("ignore")
        return RetryAfter(seconds)


def _timed_out_from(cause: BaseException) -> TimedOut:
    try:
        raise TimedOut from cause
    except TimedOut as error:
        return error


@pytest.mark.parametrize(("error", "outcome"), [
    (Forbidden("Forbidden: bot was blocked by the user"), Outcome.UNREACHABLE),
    (BadRequest("Bad Request: chat not found"), Outcome.PERMANENT),
    (InvalidToken(), Outcome.PERMANENT),
    (Conflict("terminated by other getUpdates request"), Outcome.PERMANENT),
    (ChatMigrated(-100123), Outcome.PERMANENT),
    (NetworkError("Request Entity Too Large"), Outcome.PERMANENT),
    (NetworkError("I'm a Teapot (418)"), Outcome.PERMANENT),
    (NetworkError("Bad Gateway"), Outcome.TRANSIENT),
    (NetworkError("Internal Server Error (500)"), Outcome.TRANSIENT),
    (NetworkError("Too Many Requests (429)"), Outcome.TRANSIENT),
    (NetworkError("httpx.ConnectError: [Errno 111] Connection refused"), Outcome.TRANSIENT),
    (_retry_after(5), Outcome.TRANSIENT),
    (LimiterClosed(), Outcome.TRANSIENT),
    (_timed_out_from(httpx.ReadTimeout("read")), Outcome.IN_FLIGHT),
    (_timed_out_from(httpx.WriteTimeout("write")), Outcome.IN_FLIGHT),
    (_timed_out_from(httpx.ConnectTimeout("connect")), Outcome.TRANSIENT),
    (TimedOut("Pool timeout: All connections in the connection pool are occupied."),
     Outcome.TRANSIENT),
    (TimedOut(), Outcome.IN_FLIGHT),
    (asyncio.CancelledError(), Outcome.IN_FLIGHT),
    (ValueError("a bug"), Outcome.PERMANENT),
], ids=lambda value: type(value).__name__ if isinstance(value, BaseException) else str(value))
def test_each_failure_is_classified_as_one_outcome(error: BaseException,
                                                    outcome: Outcome) -> None:
    assert classify(error) is outcome


def test_a_429s_wait_is_read_in_seconds_whether_int_or_timedelta() -> None:
    assert retry_after_seconds(_retry_after(3)) == 3.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert retry_after_seconds(RetryAfter(dt.timedelta(milliseconds=1500))) == 1.5


def test_outcomes_are_the_words_the_outbox_stores() -> None:
    assert [outcome.value for outcome in Outcome] == [
        "sent", "unreachable", "permanent", "in_flight", "transient"]


def _answer(status: int, body: dict[str, object]) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(status, content=json.dumps(body).encode())


def _raise(error: Exception) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error
    return handler


@pytest.mark.parametrize(("handler", "outcome"), [
    (_answer(403, {"ok": False, "error_code": 403,
                   "description": "Forbidden: bot was blocked by the user"}),
     Outcome.UNREACHABLE),
    (_answer(400, {"ok": False, "error_code": 400,
                   "description": "Bad Request: chat not found"}), Outcome.PERMANENT),
    (_answer(413, {"ok": False, "error_code": 413,
                   "description": "Request Entity Too Large"}), Outcome.PERMANENT),
    (_answer(502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}),
     Outcome.TRANSIENT),
    (_answer(429, {"ok": False, "error_code": 429, "description": "Too Many Requests",
                   "parameters": {"retry_after": 3}}), Outcome.TRANSIENT),
    (_raise(httpx.ReadTimeout("read")), Outcome.IN_FLIGHT),
    (_raise(httpx.WriteTimeout("write")), Outcome.IN_FLIGHT),
    (_raise(httpx.ConnectTimeout("connect")), Outcome.TRANSIENT),
    (_raise(httpx.PoolTimeout("pool")), Outcome.TRANSIENT),
    (_raise(httpx.ConnectError("refused")), Outcome.TRANSIENT),
], ids=["403", "400", "413", "502", "429", "read-timeout", "write-timeout",
        "connect-timeout", "pool-timeout", "connect-error"])
async def test_ptbs_own_http_layer_maps_to_the_expected_outcome(
        handler: Callable[[httpx.Request], httpx.Response], outcome: Outcome) -> None:
    request = HTTPXRequest(httpx_kwargs={"transport": httpx.MockTransport(handler)})
    await request.initialize()
    try:
        with pytest.raises(TelegramError) as raised:
            await request.post("https://api.telegram.org/botTOKEN/sendMessage")
    finally:
        await request.shutdown()
    assert classify(raised.value) is outcome
