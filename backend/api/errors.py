"""The one error type of the API and the table from error codes to HTTP statuses."""

from __future__ import annotations

from typing import Any

_EXACT = {
    "case.not_allowed": 403,
    "rights.not_yours": 403,
    "rights.not_staff": 403,
    "rights.not_resident": 403,
    # A front end that forgot to say whom it acts for: its bug, not an auth failure.
    "rights.actor_required": 400,
    "catalog.unknown_matter": 404,
    "case.reason_required": 422,
    "case.material_list_required": 422,
    "case.bad_extension_days": 422,
    "case.bad_assignee": 422,
    "case.bad_score": 422,
    "case.reply_empty": 422,
    "case.reply_too_long": 422,
    "slot.full": 409,
    "idempotency.key_mismatch": 422,
    "idempotency.in_progress": 409,
    "draft.stale_version": 409,
    "draft.already_submitted": 409,
    "resident.already_registered": 409,
    "invite.used": 409,
    "invite.expired": 409,
    "staff.already_member": 409,
    "staff.already_retired": 409,
    "staff.not_allowed": 403,
    "staff.cannot_retire_self": 403,
    "rights.for_services_only": 403,
    "call_task.already_done": 409,
    "custody.not_allowed": 403,
    "carry_run.already_departed": 409,
    "carry_run.already_settled": 409,
    "carry_run.not_departed": 409,
    "follow.not_yours": 403,
    "follow.unknown": 404,
    "follow.unknown_follower": 404,
}
_BY_PREFIX = (
    ("request.", 400),
    ("rights.", 403),
    ("answer.", 422),
    ("booking.", 422),
    ("draft.", 422),
    ("resident.", 422),
    ("consent.", 422),
    ("walk_in.", 422),
    ("slot.", 422),
    ("staff.", 422),
    ("call_task.", 422),
    ("custody.", 409),
    ("carry_run.", 422),
    ("follow.", 409),
    ("case.", 409),
    ("route.", 409),
)


def status_for(code: str) -> int:
    """404 for anything unknown, else by the table: a code's status never changes."""
    if code in _EXACT:
        return _EXACT[code]
    if code.endswith(".unknown") or code.startswith("unknown."):
        return 404
    for prefix, status in _BY_PREFIX:
        if code.startswith(prefix):
            return status
    return 400


class ApiError(Exception):
    """Refuses a call with a stable machine code; the front end turns the code into words."""

    def __init__(
        self, status: int, code: str, message: str, details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}
        self.headers = headers or {}


def not_found(error_code: str, message: str, /, **details: Any) -> ApiError:
    return ApiError(404, error_code, message, details)
