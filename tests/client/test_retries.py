"""Retries against a scripted stand-in server: what is repeated, with which key, how often.

The stand-in answers each attempt from a script, so a test says exactly which failures
happen in which order; the backoff's sleep is recorded instead of waited out.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from backend_client import (
    As,
    Backoff,
    CaseServiceClient,
    CaseServiceError,
    Conflict,
    Invalid,
    Unavailable,
)
from backend_client.errors import BAD_RESPONSE, TIMEOUT, UNREACHABLE
from backend_client.retry import is_retryable, retrying
from wire.base import ErrorBody
from wire.residents import NoticePrefs, ResidentView

TOKEN = "stand-in-token"
RESIDENT = ResidentView(
    id="r-1", messaging_id="42", name=None, phone_masked=None, id_number_masked=None,
    village_code=None, language="zh", reachable=False,
    notice_prefs=NoticePrefs(broadcasts=True, reminders=True), consents=[],
    sensitive_consent=False, erased=False, erased_at=None)


def _error(status: int, code: str) -> web.Response:
    body = ErrorBody(code=code, message="scripted", details={})
    return web.json_response(text=body.model_dump_json(), status=status)


async def _drop(request: web.Request) -> web.Response:
    assert request.transport is not None
    request.transport.close()
    return web.Response(status=500)


async def _slow(_request: web.Request) -> web.Response:
    await asyncio.sleep(2)
    return web.json_response(text=RESIDENT.model_dump_json())


ANSWERS: dict[str, Callable[[web.Request], web.Response]] = {
    "ok": lambda _r: web.json_response(text=RESIDENT.model_dump_json()),
    "503": lambda _r: _error(503, "server.unavailable"),
    "500": lambda _r: _error(500, "server.internal"),
    "html502": lambda _r: web.Response(status=502, text="<html>Bad Gateway</html>",
                                       content_type="text/html"),
    "422": lambda _r: _error(422, "answer.not_a_number"),
    "running": lambda _r: _error(409, "idempotency.in_progress"),
    "claimed": lambda _r: _error(409, "case.already_claimed"),
    "garbage": lambda _r: web.json_response({"unexpected": True}),
}


@dataclass
class StandIn:
    """Answers attempt n with script[n]; records what each attempt carried."""

    script: list[str] = field(default_factory=list)
    seen: list[dict[str, str | bytes | None]] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.seen.append({
            "key": request.headers.get("Idempotency-Key"),
            "token": request.headers.get("Authorization"),
            "actor": request.headers.get("X-Daiban-Actor"),
            "role": request.headers.get("X-Daiban-Role"),
            "body": await request.read(),
        })
        step = self.script[len(self.seen) - 1]
        if step == "drop":
            return await _drop(request)
        if step == "slow":
            return await _slow(request)
        return ANSWERS[step](request)


@pytest.fixture
async def stand_in() -> AsyncIterator[tuple[StandIn, TestServer]]:
    script = StandIn()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", script.handle)
    async with TestServer(app) as server:
        yield script, server


@pytest.fixture
def delays() -> list[float]:
    return []


def _record(delays: list[float]) -> Callable[[float], Awaitable[None]]:
    async def sleep(seconds: float) -> None:
        delays.append(seconds)

    return sleep


def _client(server: TestServer, delays: list[float], **options) -> CaseServiceClient:
    backoff = Backoff(base=0.1, cap=1.0, sleep=_record(delays), random=lambda: 1.0)
    return CaseServiceClient(str(server.make_url("/")), TOKEN, backoff=backoff, **options)


async def _report_unreachable(client: CaseServiceClient, **options) -> ResidentView:
    return await client.set_reachable("r-1", False, actor=As.service(), **options)


async def test_two_503s_are_retried_with_the_same_idempotency_key_and_then_succeed(
        stand_in, delays):
    script, server = stand_in
    script.script = ["503", "503", "ok"]
    async with _client(server, delays) as client:
        assert await _report_unreachable(client) == RESIDENT
    keys = [attempt["key"] for attempt in script.seen]
    assert len(keys) == 3 and len(set(keys)) == 1 and keys[0]
    assert len({attempt["body"] for attempt in script.seen}) == 1
    assert delays == [0.1, 0.2]


async def test_a_dropped_connection_is_retried_with_the_callers_own_key(stand_in, delays):
    script, server = stand_in
    script.script = ["drop", "500", "ok"]
    async with _client(server, delays) as client:
        await _report_unreachable(client, idempotency_key="update-99")
    assert [attempt["key"] for attempt in script.seen] == ["update-99"] * 3


async def test_a_first_attempt_still_running_is_asked_again(stand_in, delays):
    script, server = stand_in
    script.script = ["running", "running", "ok"]
    async with _client(server, delays) as client:
        await _report_unreachable(client)
    assert len(script.seen) == 3


async def test_an_attempt_that_times_out_is_retried(stand_in, delays):
    script, server = stand_in
    script.script = ["slow", "ok"]
    async with _client(server, delays, timeout=0.3) as client:
        await _report_unreachable(client)
    assert len({attempt["key"] for attempt in script.seen}) == 1
    assert len(script.seen) == 2


@pytest.mark.parametrize("step, family, code", [
    ("422", Invalid, "answer.not_a_number"),
    ("claimed", Conflict, "case.already_claimed"),
])
async def test_a_refusal_is_not_retried(stand_in, delays, step, family, code):
    script, server = stand_in
    script.script = [step, "ok"]
    async with _client(server, delays) as client:
        with pytest.raises(family) as refused:
            await _report_unreachable(client)
    assert refused.value.code == code
    assert (len(script.seen), delays) == (1, [])


async def test_a_service_that_stays_down_is_unavailable_after_the_retries(stand_in, delays):
    script, server = stand_in
    script.script = ["503"] * 3
    async with _client(server, delays, retries=2) as client:
        with pytest.raises(Unavailable) as refused:
            await client.categories()
    assert (refused.value.status, refused.value.code) == (503, "server.unavailable")
    assert len(script.seen) == 3
    assert script.seen[0]["key"] is None  # a read carries no key


async def test_a_gateway_error_without_the_error_body_still_has_a_code(stand_in, delays):
    script, server = stand_in
    script.script = ["html502"]
    async with _client(server, delays, retries=0) as client:
        with pytest.raises(Unavailable) as refused:
            await client.categories()
    assert (refused.value.status, refused.value.code) == (502, "http.502")


async def test_timeouts_that_never_end_are_unavailable_with_the_timeout_code(
        stand_in, delays):
    script, server = stand_in
    script.script = ["slow", "slow"]
    async with _client(server, delays, timeout=0.2, retries=1) as client:
        with pytest.raises(Unavailable) as refused:
            await client.categories()
    assert (refused.value.status, refused.value.code) == (None, TIMEOUT)


async def test_an_answer_that_is_not_the_promised_model_is_not_retried(stand_in, delays):
    script, server = stand_in
    script.script = ["garbage", "ok"]
    async with _client(server, delays) as client:
        with pytest.raises(CaseServiceError) as refused:
            await _report_unreachable(client)
    assert (refused.value.status, refused.value.code) == (200, BAD_RESPONSE)
    assert len(script.seen) == 1


async def test_a_service_nobody_listens_on_is_unreachable(unused_tcp_port, delays):
    async with CaseServiceClient(f"http://127.0.0.1:{unused_tcp_port}", TOKEN, retries=2,
                                 backoff=Backoff(sleep=_record(delays))) as client:
        with pytest.raises(Unavailable) as refused:
            await client.categories()
    assert (refused.value.status, refused.value.code) == (None, UNREACHABLE)
    assert len(delays) == 2


async def test_every_call_carries_the_token_and_the_person_it_is_made_for(stand_in, delays):
    script, server = stand_in
    script.script = ["ok"]
    async with _client(server, delays) as client:
        await client.resident("r-1", actor=As.staff(77))
    assert script.seen[0] | {"body": b""} == {
        "key": None, "token": f"Bearer {TOKEN}", "actor": "77", "role": "staff", "body": b""}


async def test_a_session_given_to_the_client_is_used_and_left_open(stand_in, delays):
    script, server = stand_in
    script.script = ["ok"]
    async with aiohttp.ClientSession() as session:
        async with CaseServiceClient(str(server.make_url("/")), TOKEN, session=session
                                     ) as client:
            await client.resident("r-1", actor=As.service())
        assert not session.closed


# --- the retry loop on its own -------------------------------------------------------


def test_the_backoff_doubles_stays_under_its_cap_and_jitters_the_upper_half():
    low = Backoff(base=0.1, cap=1.0, random=lambda: 0.0)
    high = Backoff(base=0.1, cap=1.0, random=lambda: 1.0)
    assert [high.delay(n) for n in range(6)] == pytest.approx([0.1, 0.2, 0.4, 0.8, 1.0, 1.0])
    assert [low.delay(n) for n in range(6)] == pytest.approx([0.05, 0.1, 0.2, 0.4, 0.5, 0.5])


async def test_retrying_gives_up_after_its_retries_and_raises_the_last_error():
    delays: list[float] = []
    attempts = 0

    async def attempt() -> None:
        nonlocal attempts
        attempts += 1
        raise Unavailable(503, f"attempt.{attempts}")

    with pytest.raises(Unavailable) as failed:
        await retrying(attempt, retries=3, backoff=Backoff(sleep=_record(delays)))
    assert (attempts, len(delays), failed.value.code) == (4, 3, "attempt.4")


def test_only_no_answer_a_5xx_and_a_running_first_attempt_are_retryable():
    assert is_retryable(Unavailable(None, UNREACHABLE))
    assert is_retryable(Unavailable(500, "server.internal"))
    assert is_retryable(Conflict(409, "idempotency.in_progress"))
    assert not is_retryable(Conflict(409, "slot.full"))
    assert not is_retryable(Invalid(422, "answer.not_a_number"))
    assert not is_retryable(ValueError("a bug"))
