"""Two middlewares: one error shape for every failure, and the service token on every call.

No client input may cause a 500: aiohttp's own HTTP errors (404, 405, 413) are reshaped
into the JSON error body, and an unexpected exception is logged and answered as a 500
without its text, so nothing internal leaks.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from backend.api.errors import ApiError
from backend.api.routing import CALLER, Caller
from wire.base import ErrorBody

log = logging.getLogger(__name__)

ACTOR_HEADER = "X-Daiban-Actor"
ROLE_HEADER = "X-Daiban-Role"
ROLES = ("resident", "staff")
PUBLIC_PATHS = ("/api/v1/openapi.json", "/api/v1/docs", "/healthz")

_HTTP_CODES = {
    404: "request.not_found",
    405: "request.method_not_allowed",
    413: "request.too_large",
    415: "request.unsupported_media_type",
}

Next = Callable[[web.Request], Awaitable[web.StreamResponse]]


def error_response(status: int, code: str, message: str, details: dict | None = None
                   ) -> web.Response:
    body = ErrorBody(code=code, message=message, details=details or {})
    return web.json_response(text=body.model_dump_json(), status=status)


@web.middleware
async def errors_middleware(request: web.Request, handler: Next) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as error:
        response = error_response(error.status, error.code, error.message, error.details)
        response.headers.update(error.headers)
        return response
    except web.HTTPException as error:
        if error.status < 400:
            raise
        code = _HTTP_CODES.get(error.status, f"request.http_{error.status}")
        response = error_response(error.status, code, error.reason)
        if "Allow" in error.headers:
            response.headers["Allow"] = error.headers["Allow"]
        return response
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "server.internal", "internal error; see the service log")


def auth_middleware(token: str) -> Callable[[web.Request, Next], Awaitable[web.StreamResponse]]:
    """Checks the bearer token in constant time; the actor headers count only with it."""
    expected = f"Bearer {token}".encode()

    @web.middleware
    async def check(request: web.Request, handler: Next) -> web.StreamResponse:
        if request.path in PUBLIC_PATHS:
            return await handler(request)
        given = request.headers.get("Authorization", "").encode()
        if not hmac.compare_digest(given, expected):
            raise ApiError(401, "auth.invalid_token", "a valid bearer service token is required")
        actor = request.headers.get(ACTOR_HEADER)
        role = request.headers.get(ROLE_HEADER)
        if (actor is None) != (role is None):
            raise ApiError(400, "request.actor_incomplete",
                           f"{ACTOR_HEADER} and {ROLE_HEADER} go together")
        if role is not None and role not in ROLES:
            raise ApiError(400, "request.invalid_role", f"{ROLE_HEADER} must be one of {ROLES}")
        if actor is not None and not (actor.isdigit() and len(actor) <= 20):
            raise ApiError(400, "request.invalid_actor", f"{ACTOR_HEADER} must be a user id")
        request[CALLER] = Caller(actor_id=actor, role=role)
        return await handler(request)

    return check
