"""The Bot API's error answers, raised anywhere and shaped once by the HTTP layer.

Telegram answers every failure with the same JSON: ``ok: false``, an ``error_code`` that
is also the HTTP status, a ``description`` whose wording clients match on (PTB maps
"chat not found" and friends to its own exceptions), and for 429 a ``parameters`` object
with ``retry_after``. Keeping the words identical to Telegram's is the point of a stand-in.
"""

from __future__ import annotations

from typing import Any


class BotApiError(Exception):
    """A refusal as Telegram would word it."""

    def __init__(self, error_code: int, description: str, retry_after: int | None = None
                 ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.error_code,
                                "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(what: str) -> BotApiError:
    return BotApiError(400, f"Bad Request: {what}")


def forbidden(what: str) -> BotApiError:
    return BotApiError(403, f"Forbidden: {what}")


def too_many_requests(retry_after: int) -> BotApiError:
    return BotApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)


def default_description(error_code: int, retry_after: int | None = None) -> str:
    """The wording Telegram uses for an error code when a test does not give its own."""
    if error_code == 429:
        return f"Too Many Requests: retry after {retry_after or 1}"
    return {
        400: "Bad Request: sandbox fault",
        401: "Unauthorized",
        403: "Forbidden: bot was blocked by the user",
        404: "Not Found",
        409: "Conflict: terminated by other getUpdates request; make sure that only one bot "
             "instance is running",
        500: "Internal Server Error",
        502: "Bad Gateway",
    }.get(error_code, f"Error {error_code}")


UNAUTHORIZED = BotApiError(401, "Unauthorized")
NOT_FOUND = BotApiError(404, "Not Found")
CHAT_NOT_FOUND = "chat not found"
BLOCKED = "bot was blocked by the user"
