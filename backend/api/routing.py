"""Endpoints declared once: the aiohttp routes and the OpenAPI document both come from them.

A handler receives a `Call` (validated query, body and path parameters, the caller) and
returns a wire model; it never touches aiohttp's request, so it stays a thin adapter over
a use case and every endpoint is documented the same way.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from pydantic import BaseModel, ValidationError

from backend.api.errors import ApiError
from wire.base import WireModel


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

    @property
    def operation_id(self) -> str:
        return self.handler.__name__


@dataclass
class Router:
    endpoints: list[Endpoint] = field(default_factory=list)

    def add(self, method: str, path: str, **options: Any) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
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


async def _parse_body(request: web.Request, model: type[WireModel]) -> WireModel:
    raw = await request.read()
    try:
        data = json.loads(raw or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ApiError(400, "request.malformed_json", f"the body is not JSON: {error}") from None
    try:
        return model.model_validate(data)
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


def aiohttp_handler(endpoint: Endpoint, context: Any) -> Callable[[web.Request], Awaitable[
    web.StreamResponse
]]:
    async def handle(request: web.Request) -> web.StreamResponse:
        call = Call(
            query=_parse_query(request, endpoint.query) if endpoint.query else None,
            body=await _parse_body(request, endpoint.body) if endpoint.body else None,
            path=dict(request.match_info),
            caller=request.get(CALLER, Caller(None, None)),
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        result = await endpoint.handler(context, call)
        return web.json_response(
            text=result.model_dump_json(), status=endpoint.status
        )

    handle.__name__ = endpoint.operation_id
    return handle
