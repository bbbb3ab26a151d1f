"""The one rate limiter: per-chat and global pace, priorities, 429 pauses, careful retries.

Most tests run on the real clock with raised rates. Those about seconds-long waits (a 429's
retry_after, the backoff) run the limiter on a clock fifty times faster than the loop's,
through the injectable `time` and `sleep`, so that they stay real and still take
milliseconds.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
import logging
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from telegram import Chat, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import ExtBot
from telegram.request import BaseRequest, RequestData

from bot.limiter import PacedRateLimiter
from bot.outcomes import LimiterClosed, Outcome, classify
from bot.pacing import Kind, Pacing, Route, kind_of, route_of

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

FAST = 0.02  # one limiter second lasts 20 ms
EPS = 0.005


class Fast:
    """A clock fifty times faster than the loop's, as the limiter's `time` and `sleep`."""

    def time(self) -> float:
        return asyncio.get_running_loop().time() / FAST

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds * FAST)


class Api:
    """A fake Bot API: records each call (limiter time, method, chat, kind) and can fail."""

    def __init__(self, limiter: PacedRateLimiter, clock: Callable[[], float],
                 sleep: Callable[[float], Awaitable[None]]) -> None:
        self.limiter = limiter
        self.clock = clock
        self.sleep = sleep
        self.latency = 0.0  # how long the platform takes to answer
        self.calls: list[tuple[float, str, Any, Kind | None]] = []
        self.failures: dict[Any, list[BaseException]] = {}

    def fail(self, chat: Any, *errors: BaseException) -> None:
        self.failures.setdefault(chat, []).extend(errors)

    async def call(self, chat: Any = 1, endpoint: str = "sendMessage",
                   kind: Kind | None = None) -> Any:
        data = {"chat_id": chat, "text": "x"} if chat is not None else {"text": "x"}

        async def callback(*args: Any, **kwargs: Any) -> dict[str, Any]:
            self.calls.append((self.clock(), endpoint, chat, kind))
            if self.latency:
                await self.sleep(self.latency)
            pending = self.failures.get(chat)
            if pending:
                raise pending.pop(0)
            return {"ok": True}

        return await self.limiter.process_request(
            callback=callback, args=(endpoint, data), kwargs={}, endpoint=endpoint, data=data,
            rate_limit_args=None if kind is None else {"kind": kind})

    def times(self, chat: Any = None, endpoint: str | None = None) -> list[float]:
        return [at for at, method, to, _ in self.calls
                if (chat is None or to == chat) and (endpoint is None or method == endpoint)]


Make = Callable[..., Api]


@pytest.fixture
async def make() -> AsyncIterator[Make]:
    """Build limiters (shut down after the test) and a fake API in front of each."""
    made: list[PacedRateLimiter] = []

    def build(fast: bool = False, **pacing: Any) -> Api:
        hook = pacing.pop("on_unreachable", None)
        clock = Fast() if fast else None
        limiter = PacedRateLimiter(
            Pacing(**pacing), on_unreachable=hook, rng=random.Random(7),
            time=clock.time if clock else None,
            sleep=clock.sleep if clock else asyncio.sleep)
        made.append(limiter)
        if clock:
            return Api(limiter, clock.time, clock.sleep)
        return Api(limiter, asyncio.get_running_loop().time, asyncio.sleep)

    yield build
    for limiter in made:
        await limiter.shutdown()


def gaps(times: list[float]) -> list[float]:
    return [later - earlier for earlier, later in itertools.pairwise(times)]


# --- pace ---------------------------------------------------------------------------------


async def test_one_chats_messages_are_spaced_by_the_chat_rate_after_its_burst(make: Make) -> None:
    api = make(global_rate=1000, chat_rate=20, chat_burst=3)
    start = asyncio.get_running_loop().time()
    await asyncio.gather(*(api.call(chat=1) for _ in range(6)))
    times = api.times()
    assert times[2] - start < 0.02  # the burst goes at once
    assert all(gap >= 1 / 20 - EPS for gap in gaps(times[2:]))
    assert times[-1] - start < 3 / 20 + 0.05


async def test_different_chats_are_not_paced_against_each_other_beyond_the_global_rate(
        make: Make) -> None:
    api = make(global_rate=100, chat_rate=1, chat_burst=3)
    start = asyncio.get_running_loop().time()
    await asyncio.gather(*(api.call(chat=chat) for chat in range(10) for _ in range(2)))
    times = sorted(api.times())
    assert len(times) == 20
    assert all(gap >= 1 / 100 - EPS for gap in gaps(times))  # the global cap holds
    assert times[-1] - start < 19 / 100 + 0.1  # and nobody waited for a chat's 1/s


async def test_with_the_global_budget_saturated_later_replies_go_before_earlier_notify_and_bulk(
        make: Make) -> None:
    api = make(global_rate=20, chat_rate=100)
    queued = [asyncio.create_task(api.call(chat=100 + n, kind=Kind.BULK)) for n in range(4)]
    queued += [asyncio.create_task(api.call(chat=200 + n, kind=Kind.NOTIFY)) for n in range(4)]
    await asyncio.sleep(0.01)  # one call is out; the next may go 50 ms after it
    assert len(api.calls) == 1
    queued += [asyncio.create_task(api.call(chat=300 + n)) for n in range(3)]
    await asyncio.gather(*queued)
    kinds = [kind or Kind.REPLY for _, _, _, kind in api.calls[1:]]
    assert kinds == [Kind.REPLY] * 3 + [Kind.NOTIFY] * 3 + [Kind.BULK] * 4


async def test_within_one_chat_a_reply_overtakes_waiting_notifications(make: Make) -> None:
    api = make(global_rate=1000, chat_rate=20, chat_burst=1)
    queued = [asyncio.create_task(api.call(chat=1, kind=Kind.NOTIFY)) for _ in range(3)]
    await asyncio.sleep(0.01)
    queued.append(asyncio.create_task(api.call(chat=1)))
    await asyncio.gather(*queued)
    assert [kind for *_, kind in api.calls] == [Kind.NOTIFY, None, Kind.NOTIFY, Kind.NOTIFY]


async def test_a_call_without_rate_limit_args_is_a_reply_and_the_outbox_names_its_kind() -> None:
    assert kind_of(None) is Kind.REPLY
    assert kind_of({}) is Kind.REPLY
    assert kind_of({"kind": Kind.BULK}) is Kind.BULK
    assert Kind.REPLY < Kind.NOTIFY < Kind.BULK


@pytest.mark.parametrize(("endpoint", "route"), [
    ("sendMessage", Route.PACED), ("sendPhoto", Route.PACED), ("sendChatAction", Route.PACED),
    ("editMessageText", Route.PACED), ("editMessageReplyMarkup", Route.PACED),
    ("copyMessage", Route.PACED), ("forwardMessages", Route.PACED),
    ("deleteMessage", Route.PACED), ("pinChatMessage", Route.PACED),
    ("answerCallbackQuery", Route.ONCE), ("getUpdates", Route.ONCE),
    ("getMe", Route.DIRECT), ("getFile", Route.DIRECT), ("setWebhook", Route.DIRECT),
    ("deleteWebhook", Route.DIRECT), ("setMyCommands", Route.DIRECT),
    ("getWebhookInfo", Route.DIRECT), ("getChat", Route.DIRECT),
])
def test_only_what_puts_something_in_a_chat_is_paced(endpoint: str, route: Route) -> None:
    assert route_of(endpoint) is route


async def test_get_updates_is_not_delayed_even_when_chat_queues_are_full(make: Make) -> None:
    api = make(global_rate=5, chat_rate=1, chat_burst=1)
    queued = [asyncio.create_task(api.call(chat=chat % 3)) for chat in range(30)]
    await asyncio.sleep(0.01)
    start = asyncio.get_running_loop().time()
    await api.call(chat=None, endpoint="getUpdates")
    await api.call(chat=None, endpoint="getMe")
    assert api.times(endpoint="getUpdates")[0] - start < 0.005
    assert api.times(endpoint="getMe")[0] - start < 0.005
    for task in queued:
        task.cancel()
    await asyncio.gather(*queued, return_exceptions=True)


async def test_idle_chat_buckets_are_forgotten(make: Make) -> None:
    api = make(global_rate=1e9, chat_rate=1000, chat_burst=1)
    for batch in range(10):
        await asyncio.gather(*(api.call(chat=batch * 100 + n) for n in range(100)))
        await asyncio.sleep(0.005)
    assert len(api.calls) == 1000
    assert api.limiter.chat_count <= 400


# --- 429 ----------------------------------------------------------------------------------


async def test_a_429_pauses_other_chats_until_retry_after_has_passed_then_the_call_succeeds(
        make: Make) -> None:
    api = make(fast=True)
    api.fail(1, RetryAfter(2))
    first = asyncio.create_task(api.call(chat=1))
    await asyncio.sleep(0.1 * FAST)
    hit = api.times(chat=1)[0]
    assert await asyncio.gather(first, api.call(chat=2)) == [{"ok": True}] * 2
    retried, other = api.times(chat=1)[1], api.times(chat=2)[0]
    assert retried >= hit + 2 - EPS
    assert other >= hit + 2 - EPS
    assert retried - hit < 2.5


async def test_overlapping_429s_pause_until_the_latest_end_not_the_sum(make: Make) -> None:
    api = make(fast=True)
    api.latency = 0.5  # both calls are on the wire when the first 429 comes back
    api.fail(1, RetryAfter(2))
    api.fail(2, RetryAfter(3))
    both = [asyncio.create_task(api.call(chat=1)), asyncio.create_task(api.call(chat=2))]
    await asyncio.sleep(1 * FAST)
    await api.call(chat=3)
    second_429 = api.times(chat=2)[0] + 0.5
    late = api.times(chat=3)[0]
    assert second_429 + 3 - EPS <= late < second_429 + 3.5  # not 2 + 3 after the first
    await asyncio.gather(*both)


async def test_answer_callback_query_goes_through_at_once_even_during_a_429_pause(
        make: Make) -> None:
    api = make(fast=True)
    api.fail(1, RetryAfter(5))
    paused = asyncio.create_task(api.call(chat=1))
    await asyncio.sleep(0.1 * FAST)
    before = api.limiter._time()
    await api.call(chat=None, endpoint="answerCallbackQuery")
    assert api.times(endpoint="answerCallbackQuery")[0] - before < 0.1
    assert len(api.times(chat=1)) == 1  # the send is still held
    await paused


# --- failures -----------------------------------------------------------------------------


async def test_forbidden_calls_the_hook_once_and_is_not_retried(make: Make) -> None:
    blocked: list[int] = []

    async def hook(chat_id: int) -> None:
        blocked.append(chat_id)

    api = make(on_unreachable=hook)
    api.fail(7, Forbidden("Forbidden: bot was blocked by the user"))
    with pytest.raises(Forbidden) as raised:
        await api.call(chat=7)
    assert blocked == [7]
    assert len(api.calls) == 1
    assert classify(raised.value) is Outcome.UNREACHABLE


async def test_a_failing_unreachable_hook_is_logged_and_the_caller_still_gets_forbidden(
        make: Make, caplog: pytest.LogCaptureFixture) -> None:
    async def hook(chat_id: int) -> None:
        raise RuntimeError("case service down")

    api = make(on_unreachable=hook)
    api.fail(7, Forbidden("Forbidden: bot was blocked by the user"))
    with pytest.raises(Forbidden):
        await api.call(chat=7)
    assert "on_unreachable hook failed for chat 7" in caplog.text


async def test_bad_request_is_not_retried(make: Make) -> None:
    api = make(fast=True)
    api.fail(1, BadRequest("Bad Request: message is too long"))
    with pytest.raises(BadRequest):
        await api.call(chat=1)
    assert len(api.calls) == 1


def _timed_out(cause: BaseException) -> TimedOut:
    try:
        raise TimedOut from cause
    except TimedOut as error:
        return error


async def test_a_read_timeout_is_not_retried_and_counts_as_in_flight(make: Make) -> None:
    api = make(fast=True)
    api.fail(1, _timed_out(httpx.ReadTimeout("read")))
    with pytest.raises(TimedOut) as raised:
        await api.call(chat=1)
    assert len(api.calls) == 1
    assert classify(raised.value) is Outcome.IN_FLIGHT


async def test_a_pool_or_connect_timeout_is_retried_because_nothing_was_sent(make: Make) -> None:
    api = make(fast=True)
    api.fail(1, _timed_out(httpx.ConnectTimeout("connect")),
             TimedOut("Pool timeout: All connections in the connection pool are occupied."))
    assert await api.call(chat=1) == {"ok": True}
    assert len(api.calls) == 3


async def test_network_errors_are_retried_with_growing_backoff_up_to_max_attempts_then_raised(
        make: Make) -> None:
    api = make(fast=True, max_attempts=4, backoff_base=0.5, chat_burst=10)
    api.fail(1, *(NetworkError("Bad Gateway") for _ in range(4)))
    with pytest.raises(NetworkError) as raised:
        await api.call(chat=1)
    assert len(api.calls) == 4
    assert classify(raised.value) is Outcome.TRANSIENT
    waits = gaps(api.times())
    for attempt, wait in enumerate(waits, start=1):
        ceiling = 0.5 * 2 ** (attempt - 1)
        assert ceiling / 2 - EPS <= wait <= ceiling + 0.3  # equal jitter, plus loop slack
    assert waits == sorted(waits)


# --- lifecycle ----------------------------------------------------------------------------


async def test_shutdown_releases_waiting_calls_with_limiter_closed_and_initialize_reopens(
        make: Make) -> None:
    api = make(chat_rate=1, chat_burst=1)
    await api.limiter.initialize()
    queued = [asyncio.create_task(api.call(chat=1)) for _ in range(3)]
    await asyncio.sleep(0.01)
    await api.limiter.shutdown()
    results = await asyncio.gather(*queued, return_exceptions=True)
    assert results[0] == {"ok": True}
    assert all(isinstance(result, LimiterClosed) for result in results[1:])
    assert classify(results[1]) is Outcome.TRANSIENT
    assert len(api.calls) == 1
    await api.limiter.initialize()
    assert await api.call(chat=2) == {"ok": True}


async def test_a_cancelled_waiting_caller_does_not_hold_up_the_others(make: Make) -> None:
    api = make(global_rate=1000, chat_rate=20, chat_burst=1)
    first = asyncio.create_task(api.call(chat=1))
    doomed = asyncio.create_task(api.call(chat=1, kind=Kind.REPLY))
    last = asyncio.create_task(api.call(chat=1, kind=Kind.NOTIFY))
    await asyncio.sleep(0.01)
    doomed.cancel()
    await asyncio.gather(first, last)
    assert len(api.calls) == 2
    assert doomed.cancelled()


# --- through a real PTB bot ---------------------------------------------------------------


class CannedApi(BaseRequest):
    """A Bot API that answers every method with a canned result, without a network."""

    def __init__(self) -> None:
        self.endpoints: list[str] = []

    async def initialize(self) -> None: ...

    async def shutdown(self) -> None: ...

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = None, write_timeout: Any = None,
                         connect_timeout: Any = None, pool_timeout: Any = None,
                         ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        self.endpoints.append(endpoint)
        if endpoint == "getMe":
            result: Any = {"id": 42, "is_bot": True, "first_name": "daiban",
                           "username": "daiban_bot"}
        else:
            params = request_data.parameters if request_data else {}
            result = {"message_id": 9, "date": 0, "text": params.get("text"),
                      "chat": {"id": params.get("chat_id"), "type": "private"}}
        return 200, json_bytes({"ok": True, "result": result})


def json_bytes(value: Any) -> bytes:
    return json.dumps(value).encode()


class SpyLimiter(PacedRateLimiter):
    """The real limiter, noting which kind each call arrived as."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seen: list[tuple[str, Kind]] = []

    async def process_request(self, callback: Any, args: Any, kwargs: dict[str, Any],
                              endpoint: str, data: dict[str, Any],
                              rate_limit_args: dict[str, Any] | None) -> Any:
        self.seen.append((endpoint, kind_of(rate_limit_args)))
        return await super().process_request(callback, args, kwargs, endpoint, data,
                                              rate_limit_args)


async def test_a_real_bot_hands_every_call_to_the_limiter_with_its_kind_and_logs_no_text(
        caplog: pytest.LogCaptureFixture) -> None:
    limiter = SpyLimiter(pacing=Pacing(global_rate=1000, chat_rate=1000))
    bot: ExtBot[dict[str, Any]] = ExtBot("42:TOKEN", request=CannedApi(),
                                         get_updates_request=CannedApi(), rate_limiter=limiter)
    caplog.set_level(logging.DEBUG, logger="bot.limiter")
    async with bot:
        sent = await bot.send_message(chat_id=5, text="secret words",
                                      rate_limit_args={"kind": Kind.NOTIFY})
        message = Message(message_id=1, date=dt.datetime.now(dt.UTC),
                          chat=Chat(id=5, type=Chat.PRIVATE))
        message.set_bot(bot)
        await message.reply_text("more secret words")
    assert sent.text == "secret words"
    assert ("sendMessage", Kind.NOTIFY) in limiter.seen
    assert limiter.seen[-1] == ("sendMessage", Kind.REPLY)
    assert "sendMessage to chat 5" in caplog.text
    assert "secret" not in caplog.text
