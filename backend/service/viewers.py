"""Who is calling, in the domain's terms: the caller's headers become an Actor per case.

The API trusts the actor headers only together with the service token; this module
turns them into a resident record or staff memberships, and computes for each case how
the staff member's office relates to where the case is now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backend.domain.rights import Actor, OfficeRelation, Role
from backend.domain.snapshot import CaseSnapshot
from backend.service.errors import ServiceError
from backend.service.uow import UnitOfWork


@dataclass(frozen=True)
class CallerIdentity:
    """The messaging-app user behind a call and the capacity they act in."""

    actor_id: str | None
    role: str | None


async def resident_of(uow: UnitOfWork, caller: CallerIdentity) -> Any:
    """The calling resident's record; refuses staff callers and unknown people."""
    if caller.actor_id is None:
        raise ServiceError("rights.actor_required")
    if caller.role != "resident":
        raise ServiceError("rights.not_resident")
    row = await uow.residents.by_messaging_id(caller.actor_id)
    if row is None:
        raise ServiceError("resident.unknown")
    return row


async def memberships_of(uow: UnitOfWork, caller: CallerIdentity) -> list[Any]:
    """The caller's active staff memberships (one per office)."""
    if caller.actor_id is None:
        raise ServiceError("rights.actor_required")
    if caller.role != "staff":
        raise ServiceError("rights.not_staff")
    rows = [row for row in await uow.staff.by_messaging_id(caller.actor_id) if row.active]
    if not rows:
        raise ServiceError("rights.not_staff")
    return rows


async def relation(uow: UnitOfWork, office_code: str, case: CaseSnapshot) -> OfficeRelation:
    if office_code == case.office_code:
        return OfficeRelation.SAME
    if office_code == case.offices.village:
        return OfficeRelation.STATION
    here = await uow.offices.get(case.office_code)
    if here is not None and here.parent_code == office_code:
        return OfficeRelation.ABOVE
    return OfficeRelation.OTHER


_PREFERENCE = [OfficeRelation.SAME, OfficeRelation.STATION, OfficeRelation.ABOVE,
               OfficeRelation.OTHER]


async def actor_for(uow: UnitOfWork, caller: CallerIdentity, case: CaseSnapshot) -> Actor:
    """The caller as an Actor on this case: a resident, or the staff membership that
    stands closest to the case (same office first, then its station, then above)."""
    if caller.role == "resident":
        return Actor.resident((await resident_of(uow, caller)).id)
    best: Actor | None = None
    for row in await memberships_of(uow, caller):
        actor = Actor.staff(row.id, Role(row.role), row.office_code,
                            await relation(uow, row.office_code, case), active=row.active)
        if best is None or _PREFERENCE.index(actor.relation) < _PREFERENCE.index(best.relation):
            best = actor
    assert best is not None
    return best


async def staff_actor(uow: UnitOfWork, staff_id: str, case: CaseSnapshot) -> Actor | None:
    """Another staff member (a reassignment's target) as an Actor on this case."""
    row = await uow.staff.get(staff_id)
    if row is None:
        return None
    return Actor.staff(row.id, Role(row.role), row.office_code,
                       await relation(uow, row.office_code, case), active=row.active)
