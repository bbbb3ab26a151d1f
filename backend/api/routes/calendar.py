"""Calendar endpoints: due dates in working days, and an office's next opening time."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from backend.api.errors import ApiError, not_found
from backend.api.routing import Call, Router
from backend.calendar import OfficeHours
from wire.calendar import DueDate, Opening, OpeningQuery, WorkingDaysQuery

if TYPE_CHECKING:
    from backend.api.app import ApiContext


def _aware(query_field: str, value: dt.datetime) -> None:
    if value.tzinfo is None:
        raise ApiError(400, "request.invalid_query", "instants need a UTC offset",
                       {"errors": [{"field": query_field, "reason": "timezone_required"}]})


def _out_of_range(query_field: str) -> ApiError:
    """An instant at the very ends of the representable dates, or a count running past
    them: nothing to count, but not the server's fault either."""
    return ApiError(422, "calendar.out_of_range", "the date falls outside what can be counted",
                    {"field": query_field})


async def due_date(ctx: ApiContext, call: Call) -> DueDate:
    query: WorkingDaysQuery = call.query
    _aware("start", query.start)
    try:
        if query.unit == "working_days":
            due = ctx.services.calendar.add_working_days(query.start, query.days)
        else:
            due = ctx.services.calendar.add_natural_days(query.start, query.days)
    except OverflowError:
        raise _out_of_range("start") from None
    return DueDate(start=query.start, days=query.days, unit=query.unit, due=due)


async def next_opening(ctx: ApiContext, call: Call) -> Opening:
    query: OpeningQuery = call.query
    _aware("at", query.at)
    assert call.uow is not None
    office = await call.uow.offices.get(query.office)
    if office is None:
        raise not_found("office.unknown", f"no office {query.office!r}", code=query.office)
    hours = OfficeHours.parse(office.opening_hours)
    try:
        return Opening(
            office=office.code, at=query.at,
            open_now=ctx.services.calendar.in_office_hours(query.at, hours),
            next_opening=ctx.services.calendar.next_opening(query.at, hours),
        )
    except OverflowError:
        raise _out_of_range("at") from None


def register(router: Router) -> None:
    router.add("GET", "/api/v1/calendar/due-date",
               summary="The due date N working (or natural) days after an instant",
               tag="calendar", response=DueDate, query=WorkingDaysQuery,
               errors=(422,))(due_date)
    router.add("GET", "/api/v1/calendar/next-opening",
               summary="Whether an office is open at an instant, and when it next opens",
               tag="calendar", response=Opening, query=OpeningQuery, errors=(404, 422),
               database="read")(next_opening)
