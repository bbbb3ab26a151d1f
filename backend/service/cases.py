"""Cases: what a viewer may see and do, and each workflow action in one transaction.

The domain decides; this module loads, asks, saves the new snapshot with its one event,
and keeps the slot in step (a cancelled or refused booking gives its place back).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from backend.domain.appointment import mark_missed, may_mark_missed
from backend.domain.appointment import reply as domain_reply
from backend.domain.case import act, allowed_actions
from backend.domain.case import reschedule as domain_reschedule
from backend.domain.clocks import Clock
from backend.domain.rights import Actor, OfficeRelation, Role, can_view
from backend.domain.states import CaseAction, CaseState
from backend.service.booking import take_slot
from backend.service.calls import record_event
from backend.service.context import ServiceContext
from backend.service.custody import on_case_moved
from backend.service.errors import ServiceError
from backend.service.privacy import PersonalDataError, mask_id_number, mask_phone
from backend.service.uow import UnitOfWork
from backend.service.viewers import (
    CallerIdentity,
    actor_for,
    memberships_of,
    resident_of,
    staff_actor,
)
from backend.storage.cases import CaseRecord
from matter_catalog.models import Text

_RELEASES_SLOT = {CaseState.CANCELLED, CaseState.REFUSED}


@dataclass(frozen=True)
class ClockReading:
    clock: Clock
    due: dt.date
    remaining: int
    overdue: bool


@dataclass(frozen=True)
class CaseDetails:
    record: CaseRecord
    matter_name: Text
    viewer: Actor
    allowed: list[CaseAction]
    resident: dict[str, str | None]
    clocks: dict[str, ClockReading | None]
    slot_start: dt.datetime | None
    holder_name: str | None = None


def _reading(ctx: ServiceContext, clock: Clock | None) -> ClockReading | None:
    if clock is None:
        return None
    now = ctx.clock.now()
    return ClockReading(clock, clock.due_date(ctx.calendar, now),
                        clock.remaining(now, ctx.calendar), clock.overdue(now, ctx.calendar))


async def _resident_card(ctx: ServiceContext, uow: UnitOfWork, record: CaseRecord,
                         viewer: Actor, in_list: bool) -> dict[str, str | None]:
    """Full details only for staff of the office holding the case looking at that one
    case; masked in every list and for everyone else."""
    row = await uow.residents.get(record.snapshot.resident_id)
    if row is None:
        return {"id": record.snapshot.resident_id, "name": None, "phone": None,
                "id_number": None}
    id_number: str | None = None
    if row.id_number_enc:
        try:
            id_number = ctx.cipher.decrypt(row.id_number_enc)
        except PersonalDataError:
            id_number = None
    holding = viewer.role.is_staff and viewer.relation is OfficeRelation.SAME and not in_list
    return {
        "id": row.id,
        "name": row.name,
        "phone": row.phone if holding else (mask_phone(row.phone) or None),
        "id_number": id_number if holding else (mask_id_number(id_number) or None),
    }


async def details(ctx: ServiceContext, uow: UnitOfWork, record: CaseRecord, viewer: Actor,
                  *, in_list: bool = False) -> CaseDetails:
    case = record.snapshot
    slot_start = await uow.cases.slot_start(record.slot_id) if record.slot_id else None
    allowed = allowed_actions(case, viewer)
    if may_mark_missed(case, viewer, slot_start, ctx.clock.now()):
        allowed.append(CaseAction.MARK_MISSED)
    return CaseDetails(
        record=record, matter_name=ctx.catalog.matter(record.matter_code).name,
        viewer=viewer, allowed=allowed,
        resident=await _resident_card(ctx, uow, record, viewer, in_list),
        clocks={"service": _reading(ctx, case.service_clock),
                "step": _reading(ctx, case.step_clock),
                "statutory": _reading(ctx, case.statutory_clock)},
        slot_start=slot_start, holder_name=await _holder_name(uow, case.holder_id),
    )


async def _holder_name(uow: UnitOfWork, holder_id: str | None) -> str | None:
    """Who has the case, by name: staff see it on the card ("claimed by 李站长")."""
    row = await uow.staff.get(holder_id) if holder_id else None
    return row.name if row is not None else None


async def _visible(uow: UnitOfWork, caller: CallerIdentity, case_id: str,
                   *, for_update: bool = False) -> tuple[CaseRecord, Actor]:
    record = await uow.cases.get(case_id, for_update=for_update)
    if record is None:
        raise ServiceError("case.unknown", case_id=case_id)
    viewer = await actor_for(uow, caller, record.snapshot)
    if not can_view(record.snapshot, viewer):
        raise ServiceError("rights.not_yours")
    return record, viewer


async def get_case(ctx: ServiceContext, uow: UnitOfWork, caller: CallerIdentity,
                   case_id: str) -> CaseDetails:
    record, viewer = await _visible(uow, caller, case_id)
    return await details(ctx, uow, record, viewer)


async def case_by_number(ctx: ServiceContext, uow: UnitOfWork, caller: CallerIdentity,
                         number: str) -> CaseDetails:
    """A case by its public number (as printed on the receipt), for whoever may see it."""
    typed = "".join(ch for ch in number if ch.isascii() and ch.isalnum()).upper()
    if typed.isdigit():  # the villager read out the digits only
        typed = f"{ctx.case_number_prefix}{typed}"
    record = await uow.cases.by_number(typed)
    if record is None:
        raise ServiceError("case.unknown", number=number)
    return await get_case(ctx, uow, caller, record.snapshot.case_id)


async def my_cases(ctx: ServiceContext, uow: UnitOfWork, caller: CallerIdentity,
                   limit: int = 50, offset: int = 0) -> list[CaseDetails]:
    resident = await resident_of(uow, caller)
    viewer = Actor.resident(resident.id)
    records = await uow.cases.list(resident_id=resident.id, limit=limit, offset=offset)
    return [await details(ctx, uow, record, viewer, in_list=True) for record in records]


async def office_queue(ctx: ServiceContext, uow: UnitOfWork, caller: CallerIdentity,
                       office_code: str, *, state: str | None, unclaimed: bool, mine: bool,
                       limit: int, offset: int, open_only: bool = False,
                       holder: str | None = None, at_station: bool = False
                       ) -> list[CaseDetails]:
    """An office's cases, for its own staff and the office above it: those at the office
    now, or (`at_station`) the station's own wherever they are now."""
    memberships = await memberships_of(uow, caller)
    office = await uow.offices.get(office_code)
    if office is None:
        raise ServiceError("office.unknown", office=office_code)
    allowed = {row.office_code for row in memberships}
    if office_code not in allowed and office.parent_code not in allowed:
        raise ServiceError("rights.not_yours")
    if state is not None and state not in {s.value for s in CaseState}:
        raise ServiceError("request.unknown_state", state=state)
    mine_id = next((row.id for row in memberships if row.office_code == office_code), None)
    records = await uow.cases.list(
        office_code=None if at_station else office_code,
        station_code=office_code if at_station else None, states=[state] if state else None,
        not_states=[s.value for s in CaseState if s.is_terminal] if open_only else None,
        holder_id=mine_id if mine else holder, unclaimed=unclaimed, limit=limit,
        offset=offset)
    results = []
    for record in records:
        viewer = await actor_for(uow, caller, record.snapshot)
        results.append(await details(ctx, uow, record, viewer, in_list=True))
    return results


async def act_on_case(ctx: ServiceContext, uow: UnitOfWork, caller: CallerIdentity,
                      case_id: str, action: str, *, reason: str | None = None,
                      days: int | None = None, items: tuple[str, ...] = (),
                      assignee_id: str | None = None, score: int | None = None,
                      expected_version: int | None = None) -> CaseDetails:
    """One workflow action: the domain checks every right again, whatever the button said."""
    record, viewer = await _visible(uow, caller, case_id, for_update=True)
    case = record.snapshot
    if expected_version is not None and expected_version != case.version:
        raise ServiceError("case.moved_on", version=case.version)
    assignee = await staff_actor(uow, assignee_id, case) if assignee_id else None
    if assignee_id and assignee is None:
        raise ServiceError("case.bad_assignee", assignee_id=assignee_id)
    now = ctx.clock.now()
    data: dict[str, Any] = {}
    if action == CaseAction.MARK_MISSED:
        slot_start = await uow.cases.slot_start(record.slot_id) if record.slot_id else None
        transition = mark_missed(case, viewer, now, slot_start)
        if slot_start is not None:  # the villager is told which time they missed
            data["slot_start"] = slot_start.isoformat()
    else:
        transition = act(case, CaseAction(action), viewer, now, reason=(reason or None),
                         days=days, items=tuple(items), assignee=assignee, score=score)
    changes: dict[str, Any] = {}
    frees_slot = (transition.case.state in _RELEASES_SLOT
                  or transition.event.action is CaseAction.MARK_MISSED)
    if frees_slot and record.slot_id is not None:
        await uow.slots.release(record.slot_id)
        changes["slot_id"] = None
    await uow.cases.save(case, transition.case, now, **changes)
    await record_event(uow, transition.event, resident_id=case.resident_id,
                       station_code=record.station_code, **data)
    await on_case_moved(ctx, uow, record.station_code, transition.event)
    updated = await uow.cases.get(case_id)
    assert updated is not None
    viewer = await actor_for(uow, caller, updated.snapshot)
    return await details(ctx, uow, updated, viewer)


async def reschedule(ctx: ServiceContext, uow: UnitOfWork, caller: CallerIdentity,
                     case_id: str, slot_start: dt.datetime) -> CaseDetails:
    """The villager moves their appointment before acceptance: old place freed, new
    place taken, in one transaction (a full new slot leaves the old one booked)."""
    record, viewer = await _visible(uow, caller, case_id, for_update=True)
    if viewer.role is not Role.RESIDENT:
        raise ServiceError("rights.not_yours")
    if record.snapshot.state is not CaseState.BOOKED or record.booking_kind != "slot":
        raise ServiceError("booking.not_reschedulable", state=record.snapshot.state.value)
    now = ctx.clock.now()
    transition = domain_reschedule(record.snapshot, viewer, now)
    new_slot = await take_slot(ctx, uow, record.station_code, slot_start,
                               ctx.booking_days_ahead)
    if record.slot_id is not None:
        await uow.slots.release(record.slot_id)
    await uow.cases.save(record.snapshot, transition.case, now, slot_id=new_slot)
    await record_event(uow, transition.event, resident_id=record.snapshot.resident_id,
                       station_code=record.station_code)
    updated = await uow.cases.get(case_id)
    assert updated is not None
    return await details(ctx, uow, updated, viewer)


async def reply(ctx: ServiceContext, uow: UnitOfWork, caller: CallerIdentity, case_id: str,
                text: str | None, photos: list[str]) -> CaseDetails:
    """The villager answers a material request; the holder is told through the feed."""
    record, viewer = await _visible(uow, caller, case_id, for_update=True)
    transition = domain_reply(record.snapshot, viewer, ctx.clock.now(), text, tuple(photos))
    await uow.cases.save(record.snapshot, transition.case, ctx.clock.now())
    await record_event(uow, transition.event, resident_id=record.snapshot.resident_id,
                       station_code=record.station_code)
    updated = await uow.cases.get(case_id)
    assert updated is not None
    return await details(ctx, uow, updated, viewer)


async def case_events(uow: UnitOfWork, caller: CallerIdentity, case_id: str) -> list[Any]:
    record, _viewer = await _visible(uow, caller, case_id)
    return await uow.cases.events(record.snapshot.case_id)


def check_feed_reader(caller: CallerIdentity) -> None:
    """The feed is the bot's (and other front ends') view of everything: no person reads it."""
    if caller.actor_id is not None:
        raise ServiceError("rights.feed_is_for_services")
