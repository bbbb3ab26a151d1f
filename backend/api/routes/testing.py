"""Test-only endpoints, registered only when DAIBAN_TEST_CLOCK_CONTROL is set."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from backend.api.errors import ApiError
from backend.api.routing import Call, Router
from wire.testing import AdvanceClock, ClockNow

if TYPE_CHECKING:
    from backend.api.app import ApiContext


async def advance_clock(ctx: ApiContext, call: Call) -> ClockNow:
    body: AdvanceClock = call.body
    advance = getattr(ctx.services.clock, "advance", None)
    if advance is None:
        raise ApiError(409, "testing.clock_fixed", "this clock cannot be moved")
    return ClockNow(now=advance(timedelta(seconds=body.seconds)))


def register(router: Router) -> None:
    router.add("POST", "/api/v1/testing/clock", summary="Move the service's clock forward "
               "(test-only)", tag="testing", response=ClockNow, body=AdvanceClock,
               errors=(409,))(advance_clock)
