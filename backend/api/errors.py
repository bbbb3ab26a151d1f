"""The one error type of the API and the table from error codes to HTTP statuses."""

from __future__ import annotations

from typing import Any

STATUS_BY_PREFIX = {
    "auth.": 401,
    "rights.": 403,
    "request.": 400,
    "idempotency.conflict": 422,
    "idempotency.in_progress": 409,
}


class ApiError(Exception):
    """Refuses a call with a stable machine code; the front end turns the code into words."""

    def __init__(
        self, status: int, code: str, message: str, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}


def not_found(error_code: str, message: str, /, **details: Any) -> ApiError:
    return ApiError(404, error_code, message, details)
