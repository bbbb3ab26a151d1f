"""Custody of originals and carry runs: the domain decides, this loads and saves.

A case forwarded out of its station joins the day's carry run to that office in the
forward's own transaction; when the agent leaves with the run, the station's originals
of its cases go in transit; the receiving office confirms each dossier (its originals
arrive with it) or flags it missing at once. Other handovers (town ↔ district, and
back down) are single moves on a case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from backend.domain.custody import (
    RESIDENT,
    TRANSIT,
    CustodyError,
    Move,
    Movement,
    Possible,
    carried_to,
    check_carrier,
    holders,
    plan,
    possible_moves,
    transit,
)
from backend.domain.events import CaseEvent
from backend.domain.rights import Actor, OfficeRelation, Role, can_view
from backend.service.context import ServiceContext
from backend.service.errors import ServiceError
from backend.service.uow import UnitOfWork
from backend.service.viewers import CallerIdentity, actor_for, memberships_of, resident_of
from backend.storage.cases import CaseRecord
from matter_catalog.models import Material

__all__ = ["RESIDENT", "CustodyReport", "RunReport", "custody_of", "depart", "move",
           "on_case_moved", "originals", "runs", "settle"]


def originals(ctx: ServiceContext, matter_code: str) -> list[Material]:
    """The matter's materials of which the villager brings originals."""
    return [m for m in ctx.catalog.matter(matter_code).materials if m.originals > 0]


async def _actors(uow: UnitOfWork, caller: CallerIdentity) -> list[Actor]:
    """Every capacity the caller may act in: the resident, or each staff membership."""
    if caller.role == "resident":
        return [Actor.resident((await resident_of(uow, caller)).id)]
    return [Actor.staff(row.id, Role(row.role), row.office_code, OfficeRelation.OTHER,
                        active=row.active) for row in await memberships_of(uow, caller)]


def _refuse(error: CustodyError) -> ServiceError:
    return ServiceError(error.code, **({"item": error.item} if error.item else {}))


@dataclass(frozen=True)
class CustodyReport:
    case_id: str
    number: str
    materials: list[Material]
    holders: dict[str, str]
    history: list[Movement]
    possible: list[Possible]


async def _visible(uow: UnitOfWork, caller: CallerIdentity, case_id: str,
                   for_update: bool = False) -> CaseRecord:
    """Whoever may see the case, and staff of any office on its path: originals travel
    the whole path, and a town still holds them after the case went on to the district.
    The view carries no personal data; each move is checked by the domain."""
    record = await uow.cases.get(case_id, for_update=for_update)
    if record is None:
        raise ServiceError("case.unknown", case_id=case_id)
    if can_view(record.snapshot, await actor_for(uow, caller, record.snapshot)):
        return record
    path = {record.snapshot.offices.village, record.snapshot.offices.town,
            record.snapshot.offices.district}
    if caller.role == "staff" and any(
            row.office_code in path for row in await memberships_of(uow, caller)):
        return record
    raise ServiceError("rights.not_yours")


async def _report(ctx: ServiceContext, uow: UnitOfWork, record: CaseRecord,
                  caller: CallerIdentity) -> CustodyReport:
    history = await uow.custody.history(record.snapshot.case_id)
    materials = originals(ctx, record.matter_code)
    possible = possible_moves(record.snapshot, await _actors(uow, caller), history,
                              frozenset(m.key for m in materials), ctx.clock.now(),
                              resident_has_chat=await _has_chat(uow, record))
    return CustodyReport(record.snapshot.case_id, record.number, materials,
                         holders(history), history, possible)


async def _has_chat(uow: UnitOfWork, record: CaseRecord) -> bool:
    """Whether the villager can confirm getting originals back in the chat."""
    resident = await uow.residents.get(record.snapshot.resident_id)
    return bool(resident is not None and resident.messaging_id and resident.reachable)


async def custody_of(ctx: ServiceContext, uow: UnitOfWork, caller: CallerIdentity,
                     case_id: str) -> CustodyReport:
    """Where each original is: for the villager always, and for staff who see the case."""
    return await _report(ctx, uow, await _visible(uow, caller, case_id), caller)


async def move(ctx: ServiceContext, uow: UnitOfWork, caller: CallerIdentity, case_id: str,
               kind: str, items: list[str], to_office: str | None = None) -> CustodyReport:
    """One move of some of a case's originals (take, send, receive, hand back, confirm)."""
    record = await _visible(uow, caller, case_id, for_update=True)
    try:
        move_kind = Move(kind)
    except ValueError:
        raise ServiceError("custody.bad_move", move=kind) from None
    has_chat = await _has_chat(uow, record)
    try:
        movements = plan(record.snapshot, move_kind, items, await _actors(uow, caller),
                         await uow.custody.history(case_id),
                         frozenset(m.key for m in originals(ctx, record.matter_code)),
                         ctx.clock.now(), to_office=to_office, resident_has_chat=has_chat)
    except CustodyError as error:
        raise _refuse(error) from None
    await uow.custody.add(case_id, movements)
    return await _report(ctx, uow, record, caller)


# -- carry runs -------------------------------------------------------------------------


async def on_case_moved(ctx: ServiceContext, uow: UnitOfWork, station: str,
                        event: CaseEvent) -> None:
    """A case leaving its station joins the day's open run to where it goes."""
    destination = carried_to(event.office_code, event.to_office_code, station)
    if destination is None:
        return
    day = event.at.astimezone(ctx.calendar.zone).date()
    run = await uow.custody.open_run(station, destination, day)
    run_id = run.id if run is not None else await uow.custody.new_run(
        station, destination, day, event.at)
    await uow.custody.add_item(run_id, event.case_id, event.at)


@dataclass(frozen=True)
class RunReport:
    run: Any
    items: list[Any]
    holders: dict[str, dict[str, str]]


async def _run_report(uow: UnitOfWork, run: Any) -> RunReport:
    items = await uow.custody.items(run.id)
    where = {item.case_id: holders(await uow.custody.history(item.case_id)) for item in items}
    return RunReport(run, items, where)


async def runs(uow: UnitOfWork, caller: CallerIdentity, office: str,
               day: dt.date | None = None, limit: int = 20) -> list[RunReport]:
    """The runs leaving a station or coming to an office, for that office's staff."""
    try:
        check_carrier(await _actors(uow, caller), office)
    except CustodyError as error:
        raise _refuse(error) from None
    return [await _run_report(uow, run) for run in await uow.custody.runs(office, day, limit)]


async def _run(uow: UnitOfWork, run_id: int) -> Any:
    run = await uow.custody.run(run_id)
    if run is None:
        raise ServiceError("carry_run.unknown", run_id=run_id)
    return run


async def depart(ctx: ServiceContext, uow: UnitOfWork, caller: CallerIdentity,
                 run_id: int) -> RunReport:
    """The agent leaves with the run: the station's originals of its cases go in transit."""
    run = await _run(uow, run_id)
    try:
        actor = check_carrier(await _actors(uow, caller), run.station_code)
    except CustodyError as error:
        raise _refuse(error) from None
    now = ctx.clock.now()
    if not await uow.custody.depart(run_id, actor.person_id, now):
        raise ServiceError("carry_run.already_departed", run_id=run_id)
    for item in await uow.custody.items(run_id):
        held = holders(await uow.custody.history(item.case_id))
        await uow.custody.add(item.case_id, [
            Movement(key, run.station_code, transit(run.to_office_code), actor.person_id, now)
            for key, party in held.items() if party == run.station_code])
    return await _run_report(uow, await _run(uow, run_id))  # as it is now: departed


async def settle(ctx: ServiceContext, uow: UnitOfWork, caller: CallerIdentity, run_id: int,
                 case_id: str, *, received: bool) -> RunReport:
    """The destination confirms a dossier arrived (its originals with it) or flags it
    missing; a missing one that turns up later can still be confirmed."""
    run = await _run(uow, run_id)
    try:
        actor = check_carrier(await _actors(uow, caller), run.to_office_code)
    except CustodyError as error:
        raise _refuse(error) from None
    if run.departed_at is None:
        raise ServiceError("carry_run.not_departed", run_id=run_id)
    if case_id not in {item.case_id for item in await uow.custody.items(run_id)}:
        raise ServiceError("carry_run.not_on_run", case_id=case_id)
    now = ctx.clock.now()
    if not await uow.custody.settle_item(run_id, case_id, received=received,
                                         staff_id=actor.person_id, now=now):
        raise ServiceError("carry_run.already_settled", case_id=case_id)
    if received:
        held = holders(await uow.custody.history(case_id))
        await uow.custody.add(case_id, [
            Movement(key, party, run.to_office_code, actor.person_id, now)
            for key, party in held.items() if party == f"{TRANSIT}{run.to_office_code}"])
    return await _run_report(uow, run)
