"""Case endpoints: one case, mine, an office's queue, actions, events, and the feed."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from backend.api.routes.catalog import text_view
from backend.api.routing import Call, Router
from backend.domain.notices import is_news
from backend.domain.rights import Role
from backend.domain.states import CaseAction
from backend.service import cases
from backend.service.cases import CaseDetails, ClockReading
from backend.service.uow import reading
from wire.cases import (
    BookingView,
    CaseActionBody,
    CaseList,
    CaseView,
    ClockView,
    EventList,
    EventView,
    FeedPage,
    FeedQuery,
    QueueQuery,
    ReplyBody,
    ResidentCard,
)

if TYPE_CHECKING:
    from backend.api.app import ApiContext

FEED_POLL_SECONDS = 0.2



def _clock(reading_: ClockReading | None) -> ClockView | None:
    if reading_ is None:
        return None
    clock = reading_.clock
    return ClockView(
        started_at=clock.started_at, limit_days=clock.limit.days, unit=clock.limit.unit.value,
        due=reading_.due, remaining_days=reading_.remaining, paused=clock.is_paused,
        stopped=clock.is_stopped, overdue=reading_.overdue)


def case_view(found: CaseDetails) -> CaseView:
    record = found.record
    case = record.snapshot
    step = case.work_step
    from_catalog = found.matter_name
    service_clock = _clock(found.clocks["service"])
    step_clock = _clock(found.clocks["step"])
    assert service_clock is not None and step_clock is not None
    return CaseView(
        id=case.case_id, number=record.number, matter_code=record.matter_code,
        matter_name=text_view(from_catalog), state=case.state.value, step=case.step,
        step_tier=step.tier.value, step_action=step.action.value,
        office_code=case.office_code, station_code=record.station_code,
        holder_id=case.holder_id, holder_name=found.holder_name,
        return_count=case.return_count, version=case.version,
        booking=BookingView(kind=record.booking_kind, slot_start=found.slot_start,
                            note=record.booking_note),
        answers=record.answers, service_clock=service_clock, step_clock=step_clock,
        statutory_clock=_clock(found.clocks["statutory"]),
        decision=case.decision.value if case.decision else None, rating=case.rating,
        resident=ResidentCard(**found.resident),
        allowed_actions=[action.value for action in found.allowed],
        created_at=record.created_at, updated_at=record.updated_at,
    )


def event_view(row: Any, number: str, matter_code: str, resident_id: str, station: str
               ) -> EventView:
    return EventView(
        position=row.position, case_id=row.case_id, case_number=number,
        matter_code=matter_code, resident_id=resident_id, station_code=station,
        version=row.version, action=row.action, actor_id=row.actor_id,
        acting_role=row.acting_role, from_state=row.from_state, to_state=row.to_state,
        office_code=row.office_code, to_office_code=row.to_office_code, step=row.step,
        to_step=row.to_step, holder_id=row.holder_id, reason=row.reason,
        data=dict(row.data or {}), at=row.at,
        tells_resident=is_news(CaseAction(row.action), Role(row.acting_role)))


async def get_case(ctx: ApiContext, call: Call) -> CaseView:
    assert call.uow is not None
    return case_view(await cases.get_case(ctx.services, call.uow, call.identity,
                                          call.path["case_id"]))


async def case_by_number(ctx: ApiContext, call: Call) -> CaseView:
    assert call.uow is not None
    return case_view(await cases.case_by_number(ctx.services, call.uow, call.identity,
                                                call.path["number"]))


async def my_cases(ctx: ApiContext, call: Call) -> CaseList:
    assert call.uow is not None
    found = await cases.my_cases(ctx.services, call.uow, call.identity)
    return CaseList(cases=[case_view(item) for item in found])


async def office_queue(ctx: ApiContext, call: Call) -> CaseList:
    assert call.uow is not None
    query: QueueQuery = call.query
    found = await cases.office_queue(
        ctx.services, call.uow, call.identity, query.office, state=query.state,
        unclaimed=query.unclaimed, mine=query.mine, limit=query.limit, offset=query.offset,
        open_only=query.open, holder=query.holder, at_station=query.where == "station")
    return CaseList(cases=[case_view(item) for item in found])


async def act_on_case(ctx: ApiContext, call: Call) -> CaseView:
    assert call.uow is not None
    body: CaseActionBody = call.body
    return case_view(await cases.act_on_case(
        ctx.services, call.uow, call.identity, call.path["case_id"], body.action,
        reason=body.reason, days=body.days, items=tuple(body.items),
        assignee_id=body.assignee_id, score=body.score,
        expected_version=body.expected_version))


async def reply_to_case(ctx: ApiContext, call: Call) -> CaseView:
    assert call.uow is not None
    body: ReplyBody = call.body
    return case_view(await cases.reply(ctx.services, call.uow, call.identity,
                                       call.path["case_id"], body.text, body.photos))


async def list_events(_ctx: ApiContext, call: Call) -> EventList:
    assert call.uow is not None
    rows = await cases.case_events(call.uow, call.identity, call.path["case_id"])
    record = await call.uow.cases.get(call.path["case_id"])
    assert record is not None
    return EventList(events=[event_view(row, record.number, record.matter_code,
                                        record.snapshot.resident_id, record.station_code)
                             for row in rows])


async def read_feed(ctx: ApiContext, call: Call) -> FeedPage:
    """Events after the cursor in commit order; waits up to `wait` seconds for news."""
    query: FeedQuery = call.query
    cases.check_feed_reader(call.identity)
    deadline = time.monotonic() + query.wait
    while True:
        async with reading(ctx.services.engine) as uow:
            rows = await uow.cases.feed(query.after, query.limit)
        if rows or time.monotonic() >= deadline:
            break
        await asyncio.sleep(FEED_POLL_SECONDS)
    events = [event_view(row, row.number, row.matter_code, row.resident_id, row.station_code)
              for row in rows]
    return FeedPage(events=events, cursor=events[-1].position if events else query.after)


def register(router: Router) -> None:
    router.add("GET", "/api/v1/cases/mine", summary="The calling resident's cases",
               tag="cases", response=CaseList, errors=(403, 404), database="read")(my_cases)
    router.add("GET", "/api/v1/cases", summary="An office's queue, with filters",
               tag="cases", response=CaseList, query=QueueQuery, errors=(403, 404),
               database="read")(office_queue)
    router.add("GET", "/api/v1/cases/by-number/{number}",
               summary="A case by its public number, for whoever may see it", tag="cases",
               response=CaseView, errors=(403, 404), database="read")(case_by_number)
    router.add("GET", "/api/v1/cases/{case_id}",
               summary="One case with the actions the viewer may take now", tag="cases",
               response=CaseView, errors=(403, 404), database="read")(get_case)
    router.add("POST", "/api/v1/cases/{case_id}/actions",
               summary="One workflow action (claim, accept, forward, cancel, ...)",
               tag="cases", response=CaseView, body=CaseActionBody,
               errors=(403, 404, 409, 422), database="write")(act_on_case)
    router.add("POST", "/api/v1/cases/{case_id}/replies",
               summary="The villager answers a material request (words and photos)",
               tag="cases", response=CaseView, body=ReplyBody,
               errors=(403, 404, 409, 422), database="write")(reply_to_case)
    router.add("GET", "/api/v1/cases/{case_id}/events", summary="A case's events in order",
               tag="cases", response=EventList, errors=(403, 404),
               database="read")(list_events)
    router.add("GET", "/api/v1/feed", summary="The event feed after a cursor (long-poll)",
               tag="feed", response=FeedPage, query=FeedQuery, errors=(403,))(read_feed)
