"""The plain-JSON conventions of the sandbox's own API (not the Bot API's).

Answers are JSON with UTF-8 text left readable; a failure is ``{"error": "..."}`` with a
4xx status, so a test's assertion message shows what went wrong in words.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from sandbox.botapi import dumps
from sandbox.people import UserActionError

API_PREFIX = "/sandbox/api/"


class ApiFailure(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def reply(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, dumps=dumps)


@web.middleware
async def errors(request: web.Request,
                 handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                 ) -> web.StreamResponse:
    if not request.path.startswith(API_PREFIX):
        return await handler(request)
    try:
        return await handler(request)
    except (ApiFailure, UserActionError) as failure:
        return reply({"error": failure.message}, failure.status)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        return reply({"error": error.reason}, error.status)


async def read_body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        raise ApiFailure(400, "the body must be a JSON object") from None
    if not isinstance(body, dict):
        raise ApiFailure(400, "the body must be a JSON object")
    return body


def number(value: Any, name: str, default: float) -> float:
    if value in (None, ""):
        return default
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ApiFailure(400, f"{name} must be a number") from None
