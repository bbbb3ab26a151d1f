"""Endpoints declared once: the aiohttp routes and the OpenAPI document both come from them.

A handler receives a `Call` (validated query, body and path parameters, the caller) and
returns a wire model; it never touches aiohttp's request, so it stays a thin adapter over
a use case and every endpoint is documented the same way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web
from pydantic import BaseModel, ValidationError

from backend.api.errors import ApiError, status_for
from backend.domain.errors import DomainError
from backend.service import uow as units
from backend.service.answers import AnswerRefused
from backend.service.errors import ServiceError
from backend.service.viewers import CallerIdentity
from backend.storage import idempotency
from wire.base import ErrorBody, WireModel

if TYPE_CHECKING:
    from backend.api.app import ApiContext


@dataclass(frozen=True)
class Caller:
    """Who calls: the front end holding the token, and the person it acts for, if any."""

    actor_id: str | None
    role: str | None


@dataclass(frozen=True)
class Call:
    query: Any
    body: Any
    path: dict[str, str]
    caller: Caller
    idempotency_key: str | None
    uow: units.UnitOfWork | None = None

    @property
    def identity(self) -> CallerIdentity:
        """The caller in the service layer's terms."""
        return CallerIdentity(self.caller.actor_id, self.caller.role)

    def path_id(self, name: str) -> int:
        """A numeric id from the path; 0 (found nowhere) for anything not a plain
        integer that a database column holds, so a wild id is a 404, never a crash."""
        text = self.path[name]
        return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else 0


Handler = Callable[[Any, Call], Awaitable[WireModel]]

CALLER = web.RequestKey("caller", Caller)


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    handler: Handler
    summary: str
    tag: str
    response: type[WireModel]
    query: type[BaseModel] | None = None
    body: type[WireModel] | None = None
    status: int = 200
    errors: tuple[int, ...] = ()
    public: bool = False
    # "none": no database; "read": a read-only unit of work; "write": a write transaction
    # with an Idempotency-Key, the stored answer committed together with the action.
    database: str = "none"

    @property
    def operation_id(self) -> str:
        return self.handler.__name__


@dataclass
class Router:
    endpoints: list[Endpoint] = field(default_factory=list)

    def add(self, method: str, path: str, **options: Any) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            if options.get("body") is not None:  # any text in it may be refused (_storable)
                options["errors"] = tuple(sorted({*options.get("errors", ()), 422}))
            self.endpoints.append(Endpoint(method=method, path=path, handler=handler, **options))
            return handler

        return register


def _validation_details(error: ValidationError, where: str) -> dict[str, Any]:
    return {
        "errors": [
            {"field": ".".join(str(part) for part in item["loc"]) or where,
             "reason": item["type"], "message": item["msg"]}
            for item in error.errors()
        ]
    }


def _storable(value: Any) -> bool:
    """Whether every text in a JSON value can be stored: PostgreSQL refuses NUL in text,
    and a lone surrogate is no character at all (no person types either)."""
    if isinstance(value, str):
        return "\x00" not in value and not any("\ud800" <= ch <= "\udfff" for ch in value)
    if isinstance(value, list):
        return all(_storable(item) for item in value)
    if isinstance(value, dict):
        return all(_storable(key) and _storable(item) for key, item in value.items())
    return True


async def _parse_body(request: web.Request, model: type[WireModel]) -> WireModel:
    raw = await request.read()
    try:
        parsed = json.loads(raw or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ApiError(400, "request.malformed_json", f"the body is not JSON: {error}") from None
    if not _storable(parsed):
        raise ApiError(422, "request.invalid_text",
                       "a text in the body holds a NUL character or a lone surrogate")
    try:
        # JSON mode: strict about types ("5" is not an integer) yet reads ISO dates.
        return model.model_validate_json(raw or b"null")
    except ValidationError as error:
        raise ApiError(
            400, "request.invalid_body", "the body does not match the schema",
            _validation_details(error, "body"),
        ) from None


def _parse_query(request: web.Request, model: type[BaseModel]) -> BaseModel:
    params: dict[str, Any] = {}
    for key in request.query:
        values = request.query.getall(key)
        params[key] = values if len(values) > 1 else values[0]
    try:
        return model.model_validate(params)
    except ValidationError as error:
        raise ApiError(
            400, "request.invalid_query", "the query string does not match the schema",
            _validation_details(error, "query"),
        ) from None


def _refusal(error: Exception) -> ApiError:
    if isinstance(error, DomainError):
        details = {"field": error.field} if error.field else {}
        return ApiError(status_for(error.code.value), error.code.value,
                        f"refused by the workflow: {error.code.value}", details)
    if isinstance(error, AnswerRefused):
        return ApiError(422, str(error.code), f"answer refused: {error.code}", error.details)
    assert isinstance(error, ServiceError)
    return ApiError(status_for(error.code), error.code, f"refused: {error.code}",
                    error.details)


_REFUSALS = (DomainError, ServiceError, AnswerRefused)


def _json(status: int, text: str) -> web.Response:
    return web.json_response(text=text, status=status)


def aiohttp_handler(endpoint: Endpoint, context: ApiContext) -> Callable[
    [web.Request], Awaitable[web.StreamResponse]
]:
    engine = context.services.engine

    async def handle(request: web.Request) -> web.StreamResponse:
        raw = await request.read() if endpoint.body else b""
        call = Call(
            query=_parse_query(request, endpoint.query) if endpoint.query else None,
            body=await _parse_body(request, endpoint.body) if endpoint.body else None,
            path=dict(request.match_info),
            caller=request.get(CALLER, Caller(None, None)),
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        if endpoint.database == "write":
            return await _write(endpoint, context, call, request, raw)
        try:
            if endpoint.database == "read":
                async with units.reading(engine) as uow:
                    result = await endpoint.handler(context, _with(call, uow))
            else:
                result = await endpoint.handler(context, call)
        except _REFUSALS as error:
            raise _refusal(error) from None
        return _json(endpoint.status, result.model_dump_json())

    handle.__name__ = endpoint.operation_id
    return handle


def _with(call: Call, uow: units.UnitOfWork) -> Call:
    return Call(call.query, call.body, call.path, call.caller, call.idempotency_key, uow)


async def _write(endpoint: Endpoint, context: ApiContext, call: Call, request: web.Request,
                 raw: bytes) -> web.StreamResponse:
    """Run a state-changing call at most once per Idempotency-Key."""
    key = call.idempotency_key
    if not key or len(key) > 100 or not key.isprintable():
        raise ApiError(400, "request.idempotency_key_required",
                       "state-changing calls need an Idempotency-Key header (1-100 chars)")
    services = context.services
    scoped = f"{call.caller.role or '-'}:{call.caller.actor_id or '-'}:{key}"
    fingerprint = hashlib.sha256(
        b"\0".join([request.method.encode(), request.path.encode(), raw])).hexdigest()
    async with units.writing(services.engine) as uow:
        claim = await idempotency.claim(uow.connection, scoped, fingerprint,
                                        services.clock.now(), services.idempotency_stale_after)
    if claim.outcome == "replay":
        assert claim.status is not None and claim.body is not None
        return _json(claim.status, claim.body)
    if claim.outcome == "mismatch":
        raise ApiError(422, "idempotency.key_mismatch",
                       "this Idempotency-Key was used with a different request")
    if claim.outcome == "running":
        raise ApiError(409, "idempotency.in_progress",
                       "a request with this Idempotency-Key is still running",
                       headers={"Retry-After": "1"})
    try:
        async with units.writing(services.engine) as uow:
            result = await endpoint.handler(context, _with(call, uow))
            text = result.model_dump_json()
            await idempotency.finish(uow.connection, scoped, endpoint.status, text)
        return _json(endpoint.status, text)
    except (ApiError, *_REFUSALS) as error:
        refusal = error if isinstance(error, ApiError) else _refusal(error)
        text = ErrorBody(code=refusal.code, message=refusal.message,
                         details=refusal.details).model_dump_json()
        async with units.writing(services.engine) as uow:
            await idempotency.finish(uow.connection, scoped, refusal.status, text)
        return _json(refusal.status, text)
    except BaseException:
        async with units.writing(services.engine) as uow:
            await idempotency.forget(uow.connection, scoped)
        raise
