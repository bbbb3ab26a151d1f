"""Booking drafts (暂存): answers validated one by one, the next question said by the
service, so any front end (the bot, a station's screen) resumes where the villager
stopped. The draft's version guards against a stale answer overwriting a newer one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from backend.service.answers import validate_answer
from backend.service.context import ServiceContext
from backend.service.errors import ServiceError
from backend.service.form import missing_required, next_question, station_fields
from backend.service.uow import UnitOfWork
from backend.service.viewers import CallerIdentity, resident_of
from backend.service.walk_ins import check_authorization, station_staff
from matter_catalog.models import FormField, Matter


@dataclass(frozen=True)
class DraftState:
    row: Any
    matter: Matter
    next_question: FormField | None
    missing_required: list[str]
    station_fields: list[str]


def matter_of(ctx: ServiceContext, code: str) -> Matter:
    matter = ctx.catalog.get(code)
    if matter is None:
        raise ServiceError("catalog.unknown_matter", code=code)
    return matter


def state_of(ctx: ServiceContext, row: Any) -> DraftState:
    matter = matter_of(ctx, row.matter_code)
    answers = row.answers or {}
    return DraftState(
        row=row, matter=matter, next_question=next_question(matter.form, answers),
        missing_required=missing_required(matter.form, answers),
        station_fields=[field.key for field in station_fields(matter.form)],
    )


async def own_draft(uow: UnitOfWork, caller: CallerIdentity, draft_id: str,
                    *, for_update: bool = False) -> tuple[Any, Any]:
    """The draft and its resident, if the caller is that resident or an agent of the
    resident's station (a walk-in booking); nothing leaks otherwise."""
    row = await uow.drafts.get(draft_id, for_update=for_update)
    if caller.role == "staff":
        if row is None:
            raise ServiceError("draft.unknown", draft_id=draft_id)
        resident = await uow.residents.get(row.resident_id)
        if resident is None or resident.village_code is None:
            raise ServiceError("rights.not_yours")
        await station_staff(uow, caller, resident.village_code)
        return row, resident
    resident = await resident_of(uow, caller)
    if row is None:
        raise ServiceError("draft.unknown", draft_id=draft_id)
    if row.resident_id != resident.id:
        raise ServiceError("rights.not_yours")
    return row, resident


async def create_draft(ctx: ServiceContext, uow: UnitOfWork, caller: CallerIdentity,
                       matter_code: str, *, resident_id: str | None = None,
                       authorization: dict[str, Any] | None = None) -> DraftState:
    """A resident starts their own draft; station staff start one for a walk-in, with
    the villager's authorization recorded."""
    registered_by: str | None = None
    recorded: dict[str, Any] | None = None
    if caller.role == "staff":
        resident = await uow.residents.get(resident_id or "")
        if resident is None:
            raise ServiceError("resident.unknown")
        if resident.village_code is None:
            raise ServiceError("resident.no_village")
        registered_by = (await station_staff(uow, caller, resident.village_code)).id
        recorded = check_authorization(authorization)
    else:
        if resident_id is not None or authorization is not None:
            raise ServiceError("rights.not_station_staff")
        resident = await resident_of(uow, caller)
    matter_of(ctx, matter_code)
    if resident.village_code is None:
        raise ServiceError("resident.no_village")
    now = ctx.clock.now()
    draft_id = str(uuid.uuid4())
    await uow.drafts.add(id=draft_id, resident_id=resident.id, matter_code=matter_code,
                         answers={}, version=1, status="open", registered_by=registered_by,
                         authorization=recorded, created_at=now, updated_at=now)
    row = await uow.drafts.get(draft_id)
    return state_of(ctx, row)


async def get_draft(ctx: ServiceContext, uow: UnitOfWork, caller: CallerIdentity,
                    draft_id: str) -> DraftState:
    row, _resident = await own_draft(uow, caller, draft_id)
    return state_of(ctx, row)


async def answer_field(ctx: ServiceContext, uow: UnitOfWork, caller: CallerIdentity,
                       draft_id: str, field_key: str, value: object, version: int
                       ) -> DraftState:
    """Validate and store one answer against the version the villager saw."""
    row, _resident = await own_draft(uow, caller, draft_id, for_update=True)
    if row.status != "open":
        raise ServiceError("draft.already_submitted", case_id=row.case_id)
    if row.version != version:
        raise ServiceError("draft.stale_version", current=row.version, given=version)
    matter = matter_of(ctx, row.matter_code)
    field = next((item for item in matter.form if item.key == field_key), None)
    if field is None:
        raise ServiceError("draft.unknown_field", field=field_key)
    stored = validate_answer(field, value, today=ctx.clock.now().date())
    answers = dict(row.answers or {}) | {field_key: stored}
    if not await uow.drafts.set_answers(draft_id, version, answers, ctx.clock.now()):
        raise ServiceError("draft.stale_version", given=version)
    return state_of(ctx, await uow.drafts.get(draft_id))
