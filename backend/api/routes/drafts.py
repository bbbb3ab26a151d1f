"""Draft, slot and submit endpoints: a villager's booking, one answer at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.api.routes.cases import case_view
from backend.api.routes.catalog import field_view, text_view
from backend.api.routing import Call, Router
from backend.service import booking, cases, drafts, walk_ins
from wire.cases import CaseView
from wire.drafts import (
    AnswerField,
    CreateDraft,
    DraftView,
    Reschedule,
    SlotList,
    SlotQuery,
    SlotView,
    SubmitDraft,
    WalkIn,
    WalkInRegistered,
)

if TYPE_CHECKING:
    from backend.api.app import ApiContext



def draft_view(state: drafts.DraftState) -> DraftView:
    row = state.row
    return DraftView(
        id=row.id, matter_code=row.matter_code, matter_name=text_view(state.matter.name),
        resident_id=row.resident_id, version=row.version, status=row.status,
        answers=dict(row.answers or {}),
        next_question=field_view(state.next_question) if state.next_question else None,
        missing_required=state.missing_required, station_fields=state.station_fields,
        case_id=row.case_id, registered_by=row.registered_by,
    )


async def create_draft(ctx: ApiContext, call: Call) -> DraftView:
    assert call.uow is not None
    body: CreateDraft = call.body
    authorization = body.authorization.model_dump() if body.authorization else None
    return draft_view(await drafts.create_draft(
        ctx.services, call.uow, call.identity, body.matter_code,
        resident_id=body.resident_id, authorization=authorization))


async def register_walk_in(ctx: ApiContext, call: Call) -> WalkInRegistered:
    assert call.uow is not None
    body: WalkIn = call.body
    resident_id = await walk_ins.register_walk_in(
        ctx.services, call.uow, call.identity, station_code=body.station_code,
        name=body.name, phone=body.phone, language=body.language)
    return WalkInRegistered(resident_id=resident_id)


async def get_draft(ctx: ApiContext, call: Call) -> DraftView:
    assert call.uow is not None
    return draft_view(await drafts.get_draft(ctx.services, call.uow, call.identity,
                                             call.path["draft_id"]))


async def answer_draft(ctx: ApiContext, call: Call) -> DraftView:
    assert call.uow is not None
    body: AnswerField = call.body
    return draft_view(await drafts.answer_field(
        ctx.services, call.uow, call.identity, call.path["draft_id"], body.field,
        body.value, body.version))


async def submit_draft(ctx: ApiContext, call: Call) -> CaseView:
    assert call.uow is not None
    body: SubmitDraft = call.body
    caller = call.identity
    case_id = await booking.submit_draft(ctx.services, call.uow, caller, call.path["draft_id"],
                                         body.booking, body.slot_start, body.note)
    return case_view(await cases.get_case(ctx.services, call.uow, caller, case_id))


async def list_slots(ctx: ApiContext, call: Call) -> SlotList:
    assert call.uow is not None
    query: SlotQuery = call.query
    found = await booking.free_slots(ctx.services, call.uow, query.office, query.days)
    return SlotList(office=query.office, slots=[
        SlotView(starts_at=s.starts_at, ends_at=s.ends_at, capacity=s.capacity,
                 booked=s.booked, free=max(0, s.capacity - s.booked)) for s in found])


async def reschedule_case(ctx: ApiContext, call: Call) -> CaseView:
    assert call.uow is not None
    body: Reschedule = call.body
    return case_view(await cases.reschedule(ctx.services, call.uow, call.identity,
                                            call.path["case_id"], body.slot_start))


def register(router: Router) -> None:
    router.add("POST", "/api/v1/walk-ins",
               summary="Station staff register a villager at the counter or by phone",
               tag="drafts", response=WalkInRegistered, body=WalkIn, status=201,
               errors=(403, 404, 422), database="write")(register_walk_in)
    router.add("POST", "/api/v1/drafts", summary="Start a booking draft for a matter",
               tag="drafts", response=DraftView, body=CreateDraft, status=201,
               errors=(403, 404, 409, 422), database="write")(create_draft)
    router.add("GET", "/api/v1/drafts/{draft_id}", summary="A draft with its next question",
               tag="drafts", response=DraftView, errors=(403, 404), database="read")(get_draft)
    router.add("POST", "/api/v1/drafts/{draft_id}/answers",
               summary="Answer one question against the draft's version", tag="drafts",
               response=DraftView, body=AnswerField, errors=(403, 404, 409, 422),
               database="write")(answer_draft)
    router.add("POST", "/api/v1/drafts/{draft_id}/submit",
               summary="Make the draft's one case and book it at the station", tag="drafts",
               response=CaseView, body=SubmitDraft, status=201, errors=(403, 404, 409, 422),
               database="write")(submit_draft)
    router.add("GET", "/api/v1/slots", summary="Booking slots at a station, with free places",
               tag="bookings", response=SlotList, query=SlotQuery, errors=(404,),
               database="read")(list_slots)
    router.add("POST", "/api/v1/cases/{case_id}/reschedule",
               summary="Move the appointment before acceptance (old place freed)",
               tag="bookings", response=CaseView, body=Reschedule,
               errors=(403, 404, 409, 422), database="write")(reschedule_case)
