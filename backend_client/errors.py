"""What the case service refused, as exceptions a caller can catch by family.

Every exception carries the service's stable machine `code` (`case.already_claimed`,
`slot.full`, ...); the bot turns a code into words through its templates. The families
follow the HTTP status, so a handler catches what it can handle (a `Conflict` means "look
again", `NotAllowed` "not for you") and leaves the rest to the error handler.
"""

from __future__ import annotations

from typing import Any

# Codes the client itself gives when no answer came from the service.
UNREACHABLE = "client.unreachable"
TIMEOUT = "client.timeout"
BAD_RESPONSE = "client.bad_response"


class CaseServiceError(Exception):
    """A call the case service refused or could not answer.

    Attributes:
        status: the HTTP status, or None when no answer came (connection, timeout).
        code: the stable machine code, e.g. `case.already_claimed`.
        message: an English message for developers, never shown to users.
        details: the field and the reason, as the service gave them.
    """

    def __init__(self, status: int | None, code: str, message: str = "",
                 details: dict[str, Any] | None = None) -> None:
        super().__init__(f"{status or '-'} {code}: {message}" if message else code)
        self.status = status
        self.code = code
        self.message = message
        self.details: dict[str, Any] = details or {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, code={self.code!r})"


class Invalid(CaseServiceError):
    """400, 413 or 422: the request or an answer in it is not acceptable."""


class Unauthorized(CaseServiceError):
    """401: a wrong service token, or a person-scoped call made without a person."""


class NotAllowed(CaseServiceError):
    """403: the person the call is made for may not do or see this."""


class NotFound(CaseServiceError):
    """404: no such matter, office, resident, draft or case."""


class Conflict(CaseServiceError):
    """409: the world moved on (already claimed, slot full, stale version, ...)."""


class Unavailable(CaseServiceError):
    """5xx after the retries, a refused or dropped connection, or a timeout."""


_FAMILIES: dict[int, type[CaseServiceError]] = {
    400: Invalid, 401: Unauthorized, 403: NotAllowed, 404: NotFound, 409: Conflict,
    413: Invalid, 422: Invalid,
}


def error_for(status: int | None, code: str, message: str = "",
              details: dict[str, Any] | None = None) -> CaseServiceError:
    """The exception of the family that `status` belongs to."""
    if status is None or status >= 500:
        family: type[CaseServiceError] = Unavailable
    else:
        family = _FAMILIES.get(status, CaseServiceError)
    return family(status, code, message, details)
