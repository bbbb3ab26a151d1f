"""One HTTP call to the case service: headers, timeout, retries, and the answer parsed.

The typed methods in client.py say what to send and what comes back; this module does
the sending the same way for all of them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any, TypeVar
from urllib.parse import quote

import aiohttp
from pydantic import BaseModel, ValidationError

from backend_client.actor import As
from backend_client.errors import (
    BAD_RESPONSE,
    TIMEOUT,
    UNREACHABLE,
    CaseServiceError,
    Invalid,
    Unavailable,
    error_for,
)
from backend_client.retry import Backoff, retrying
from wire.base import ErrorBody, WireModel

M = TypeVar("M", bound=BaseModel)

IDEMPOTENCY_HEADER = "Idempotency-Key"
_SERVICE = As.service()


def segment(value: str | int) -> str:
    """A path parameter, escaped so that it stays one segment."""
    return quote(str(value), safe="")


def body(model: type[M], **fields: Any) -> M:
    """A request body, checked here the way the service would check it (400 if not)."""
    try:
        return model(**fields)
    except ValidationError as error:
        raise Invalid(400, "request.invalid_body", "the body does not match the schema", {
            "errors": [{"field": ".".join(str(part) for part in item["loc"]) or "body",
                        "reason": item["type"], "message": item["msg"]}
                       for item in error.errors()]}) from None


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _refusal(status: int, raw: bytes) -> CaseServiceError:
    try:
        error = ErrorBody.model_validate_json(raw)
    except ValidationError:
        text = raw[:200].decode("utf-8", errors="replace")
        return error_for(status, f"http.{status}", text)
    return error_for(status, error.code, error.message, error.details)


class Transport:
    """Sends calls over one reused aiohttp session; owns the session if it made it."""

    def __init__(self, base_url: str, token: str, *, session: aiohttp.ClientSession | None,
                 timeout: float, retries: int, backoff: Backoff) -> None:
        self.base_url = str(base_url).rstrip("/")
        self._token = token
        self._session = session
        self._owns_session = session is None
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff

    def _session_now(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return self._session

    async def close(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None

    async def call(self, method: str, path: str, answer: type[M], *, actor: As = _SERVICE,
                   query: Mapping[str, Any] | None = None, send: WireModel | None = None,
                   write: bool = False, idempotency_key: str | None = None,
                   extra_wait: float = 0.0) -> M:
        """One logical call: retried as a whole, with one Idempotency-Key if it writes."""
        headers = {"Authorization": f"Bearer {self._token}", "Accept": "application/json",
                   **actor.headers()}
        if write:
            headers[IDEMPOTENCY_HEADER] = idempotency_key or uuid.uuid4().hex
        data: bytes | None = None
        if send is not None:
            headers["Content-Type"] = "application/json"
            data = send.model_dump_json(exclude_unset=True).encode()
        params = {key: _query_value(value) for key, value in (query or {}).items()
                  if value is not None}
        url = f"{self.base_url}{path}"
        timeout = aiohttp.ClientTimeout(total=self.timeout + extra_wait)

        async def attempt() -> M:
            try:
                async with self._session_now().request(
                        method, url, params=params, data=data, headers=headers,
                        timeout=timeout) as response:
                    status, raw = response.status, await response.read()
            except TimeoutError as error:
                raise Unavailable(None, TIMEOUT, f"{method} {path}: no answer in time"
                                  ) from error
            except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as error:
                raise Unavailable(None, UNREACHABLE, f"{method} {path}: {error!r}") from error
            if status >= 400:
                raise _refusal(status, raw)
            try:
                return answer.model_validate_json(raw)
            except ValidationError as error:
                raise CaseServiceError(status, BAD_RESPONSE,
                                       f"{method} {path}: not a {answer.__name__}: {error}"
                                       ) from None

        return await retrying(attempt, retries=self.retries, backoff=self.backoff)
