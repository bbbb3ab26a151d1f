"""create_app(): the case service's aiohttp application, built from what it is given.

Nothing is wired at import time: the composition root builds the engine, loads the
catalog and the calendar, and hands them over in an `ApiContext`.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from backend.api.middleware import auth_middleware, errors_middleware
from backend.api.openapi import build_document, docs_page
from backend.api.routes import (
    calendar,
    calls,
    cases,
    catalog,
    custody,
    drafts,
    followers,
    offices,
    residents,
    staff,
    testing,
)
from backend.api.routing import Router, aiohttp_handler
from backend.service.context import ServiceContext

API_VERSION = "1.0.0"
MAX_BODY_BYTES = 256 * 1024
OPENAPI = web.AppKey("openapi", dict)


@dataclass(frozen=True)
class ApiContext:
    """What the endpoints may use; each use case takes only the parts it needs."""

    services: ServiceContext
    service_token: str
    # Test-only: lets a test move the service's clock forward through the API.
    clock_control: bool = False


def build_router(*, clock_control: bool = False) -> Router:
    router = Router()
    for module in (catalog, offices, calendar, residents, drafts, cases, staff,
                   calls, custody, followers):
        module.register(router)
    if clock_control:
        testing.register(router)
    return router


def create_app(context: ApiContext) -> web.Application:
    router = build_router(clock_control=context.clock_control)
    app = web.Application(
        middlewares=[errors_middleware, auth_middleware(context.service_token)],
        client_max_size=MAX_BODY_BYTES,
    )
    for endpoint in router.endpoints:
        app.router.add_route(endpoint.method, endpoint.path, aiohttp_handler(endpoint, context))
    document = build_document(router.endpoints, API_VERSION)
    page = docs_page(document)

    async def openapi_json(_request: web.Request) -> web.Response:
        return web.json_response(document)

    async def docs(_request: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html")

    async def health(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app.router.add_get("/api/v1/openapi.json", openapi_json)
    app.router.add_get("/api/v1/docs", docs)
    app.router.add_get("/healthz", health)
    app[OPENAPI] = document
    return app
