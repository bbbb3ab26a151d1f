"""Submitting a draft: one case, its number, its route and clocks, and the booking at
the villager's station, all in one transaction.

A submit retried (or raced) any number of times makes one case: the draft row is
locked and marked submitted in the same transaction, so a repeat finds the case the
first one made. The public number comes from a counter drawn in that transaction, so
a submit that fails afterwards gives its number back and numbers have no gaps.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from backend.calendar import OfficeHours
from backend.domain.case import open_case
from backend.domain.clocks import Limit, LimitUnit
from backend.domain.office import Office
from backend.domain.rights import Actor
from backend.domain.route import Route, Step, StepAction
from backend.domain.snapshot import OfficePath
from backend.domain.tier import Tier
from backend.service.calls import record_event
from backend.service.context import ServiceContext
from backend.service.drafts import matter_of, own_draft
from backend.service.errors import ServiceError
from backend.service.uow import UnitOfWork
from backend.service.walk_ins import station_actor, station_staff
from backend.storage.counters import case_number_counter, draw
from matter_catalog.models import Matter, TimeLimit


@dataclass(frozen=True)
class Slot:
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    booked: int


def route_of(matter: Matter) -> Route:
    """The catalog's route in the domain's own types (the domain knows no catalog)."""
    return Route(tuple(Step(Tier(step.tier.value), StepAction(step.action.value),
                            step.limit_days) for step in matter.route))


def limit_of(limit: TimeLimit | None) -> Limit | None:
    return Limit(limit.days, LimitUnit(limit.unit.value)) if limit else None


async def office_path(uow: UnitOfWork, station_code: str) -> OfficePath:
    station = await uow.offices.get(station_code)
    town = await uow.offices.get(station.parent_code or "") if station else None
    district = await uow.offices.get(town.parent_code or "") if town else None
    if station is None or town is None or district is None or station.tier is not Tier.VILLAGE:
        raise ServiceError("office.unknown_station", office=station_code)
    return OfficePath(village=station.code, town=town.code, district=district.code)


def slot_starts(ctx: ServiceContext, office: Office, days: int) -> list[dt.datetime]:
    """Slot start times over the next `days` working days, from the next full slot on."""
    hours = OfficeHours.parse(office.opening_hours)
    zone = ctx.calendar.zone
    now = ctx.clock.now().astimezone(zone)
    step = dt.timedelta(minutes=office.slot_minutes)
    starts: list[dt.datetime] = []
    day = now.date()
    counted = 0
    for _ in range(days * 7 + 30):  # bounded even across the longest holiday
        if counted == days:
            break
        if ctx.calendar.is_working_day(day):
            of_day = [
                moment
                for begin, end in hours.intervals
                for moment in _every(dt.datetime.combine(day, begin, zone),
                                     dt.datetime.combine(day, end, zone), step)
                if moment > now
            ]
            if of_day:
                starts.extend(of_day)
                counted += 1
        day += dt.timedelta(days=1)
    return starts


def _every(begin: dt.datetime, close: dt.datetime, step: dt.timedelta) -> list[dt.datetime]:
    moments = []
    while begin + step <= close:
        moments.append(begin)
        begin += step
    return moments


async def free_slots(ctx: ServiceContext, uow: UnitOfWork, office_code: str, days: int
                     ) -> list[Slot]:
    office = await uow.offices.get(office_code)
    if office is None:
        raise ServiceError("office.unknown", office=office_code)
    starts = slot_starts(ctx, office, days)
    if not starts:
        return []
    step = dt.timedelta(minutes=office.slot_minutes)
    booked = await uow.slots.booked_between(office_code, starts[0], starts[-1] + step)
    booked = {key.astimezone(dt.UTC): value for key, value in booked.items()}
    return [Slot(start, start + step, office.slot_capacity,
                 booked.get(start.astimezone(dt.UTC), 0)) for start in starts]


async def take_slot(ctx: ServiceContext, uow: UnitOfWork, office_code: str,
                    start: dt.datetime | None, days: int) -> int:
    """Take a place in an offered slot, or refuse: unknown time, or full."""
    office = await uow.offices.get(office_code)
    if start is None or office is None:
        raise ServiceError("booking.slot_required")
    if start.tzinfo is None:
        raise ServiceError("booking.slot_needs_offset")
    if start not in slot_starts(ctx, office, days):
        raise ServiceError("slot.not_offered", slot_start=start.isoformat())
    slot_id = await uow.slots.take(office_code, start.astimezone(dt.UTC), office.slot_capacity)
    if slot_id is None:
        raise ServiceError("slot.full", slot_start=start.isoformat())
    return slot_id


def case_number(prefix: str, year: int, sequence: int) -> str:
    """'PG2026000123': district prefix, year, six-digit sequence of that year."""
    return f"{prefix}{year}{sequence:06d}"


async def submit_draft(ctx: ServiceContext, uow: UnitOfWork, caller: Any, draft_id: str,
                       booking: str, slot_start: dt.datetime | None, note: str | None
                       ) -> str:
    """Make the draft's one case; returns its id (the same id for every repeat)."""
    row, resident = await own_draft(uow, caller, draft_id, for_update=True)
    if row.status == "submitted":
        return str(row.case_id)
    matter = matter_of(ctx, row.matter_code)
    missing = [f.key for f in matter.form if f.required and not f.sensitive
               and (row.answers or {}).get(f.key) is None]
    if missing:
        raise ServiceError("draft.incomplete", missing=missing)
    if resident.village_code is None:
        raise ServiceError("resident.no_village")
    offices = await office_path(uow, resident.village_code)
    slot_id: int | None = None
    if booking == "slot":
        slot_id = await take_slot(ctx, uow, offices.village, slot_start, ctx.booking_days_ahead)
    elif booking == "home_visit":
        if not matter.home_visit:
            raise ServiceError("booking.home_visit_not_offered", matter_code=matter.code)
        if not (note and note.strip()):
            raise ServiceError("booking.reason_required")
    now = ctx.clock.now()
    case_id = str(uuid.uuid4())
    if caller.role == "staff":
        actor = station_actor(await station_staff(uow, caller, offices.village))
    else:
        actor = Actor.resident(resident.id)
    transition = open_case(
        case_id=case_id, resident_id=resident.id, route=route_of(matter), offices=offices,
        promised_limit=limit_of(matter.promised_limit), legal_limit=limit_of(matter.legal_limit),
        actor=actor, now=now,
    )
    year = now.astimezone(ctx.calendar.zone).year
    sequence = await draw(uow.connection, case_number_counter(ctx.case_number_prefix, year))
    await uow.cases.add(
        transition.case, number=case_number(ctx.case_number_prefix, year, sequence),
        matter_code=matter.code, station_code=offices.village, answers=dict(row.answers or {}),
        booking_kind=booking, slot_id=slot_id, booking_note=(note or "").strip() or None,
        now=now,
    )
    await record_event(uow, transition.event, resident_id=resident.id,
                       station_code=offices.village)
    if not await uow.drafts.mark_submitted(draft_id, case_id, now):
        raise ServiceError("draft.already_submitted")
    return case_id
