"""Why the workflow refused: stable machine codes, never words.

The API puts the code in its error body and the bot renders `errors/<code>.j2`, so a
code, once published, keeps its spelling. The optional `field` names the parameter at
fault (`reason`, `days`, ...) for the API's `details`.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Every refusal the tier workflow can give."""

    # The state of the case does not allow the action at all.
    WRONG_STATE = "case.wrong_state"
    # The state would, but not at this step of the route (forward at the deciding step).
    WRONG_STEP = "case.wrong_step"
    # The actor may not take this action on this case (deny by default).
    NOT_ALLOWED = "case.not_allowed"
    # Someone else holds the case: the first claim won.
    ALREADY_CLAIMED = "case.already_claimed"
    REASON_REQUIRED = "case.reason_required"
    # 一次性告知: one complete list per step, and it cannot be empty.
    MATERIAL_LIST_REQUIRED = "case.material_list_required"
    MATERIAL_ALREADY_REQUESTED = "case.material_already_requested"
    ALREADY_EXTENDED = "case.already_extended"
    BAD_EXTENSION_DAYS = "case.bad_extension_days"
    BAD_ASSIGNEE = "case.bad_assignee"
    BAD_SCORE = "case.bad_score"
    ALREADY_RATED = "case.already_rated"
    # The villager's answer to a material request: words or photos, not too many.
    REPLY_EMPTY = "case.reply_empty"
    REPLY_TOO_LONG = "case.reply_too_long"
    # A slot cannot be missed before it starts.
    NOT_YET_MISSED = "case.not_yet_missed"
    # A route the workflow cannot walk; the service maps the catalog's routes into ours.
    ROUTE_EMPTY = "route.empty"
    ROUTE_NOT_AT_STATION = "route.must_start_with_station_accept"
    ROUTE_NO_DECISION = "route.no_deciding_step"
    ROUTE_GOES_DOWN = "route.goes_down_before_decision"
    ROUTE_BAD_AFTER_DECISION = "route.only_station_delivery_after_decision"
    ROUTE_MISPLACED_STEP = "route.misplaced_step"
    ROUTE_NEGATIVE_LIMIT = "route.negative_limit"


class DomainError(Exception):
    """A refused command. Carries a code (and maybe a field), never a sentence."""

    def __init__(self, code: ErrorCode, field: str | None = None) -> None:
        super().__init__(code.value if field is None else f"{code.value} ({field})")
        self.code = code
        self.field = field
