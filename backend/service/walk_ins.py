"""Walk-ins (窗口/电话代办): station staff register a villager who came to the counter or
phoned, and book for them. The villager's consent to the privacy notice is given in
person, and the written authorization (委托书) is recorded on the draft, so the district
can always show on whose word a case was opened."""

from __future__ import annotations

import uuid
from typing import Any

from backend.domain.rights import Actor, OfficeRelation, Role
from backend.domain.tier import Tier
from backend.service.answers import validate_answer
from backend.service.context import ServiceContext
from backend.service.errors import ServiceError
from backend.service.uow import UnitOfWork
from backend.service.viewers import CallerIdentity, memberships_of
from matter_catalog.models import FieldType, FormField, Text

_PHONE = FormField(key="phone", label=Text(zh="phone", en="phone"), type=FieldType.PHONE)
STATION_ROLES = {Role.AGENT.value, Role.SUPERVISOR.value}


async def station_staff(uow: UnitOfWork, caller: CallerIdentity, station_code: str) -> Any:
    """The caller's membership at this station, if they are its agent or supervisor."""
    for row in await memberships_of(uow, caller):
        if row.office_code == station_code and row.role in STATION_ROLES:
            return row
    raise ServiceError("rights.not_station_staff", office=station_code)


def station_actor(row: Any) -> Actor:
    return Actor.staff(row.id, Role(row.role), row.office_code, OfficeRelation.SAME)


def check_authorization(authorization: dict[str, Any] | None) -> dict[str, Any]:
    """A walk-in booking needs the villager's authorization: written (signed 委托书 kept
    at the station) or by phone (with who said so), and a note of what was agreed."""
    if not authorization or authorization.get("kind") not in ("written", "phone"):
        raise ServiceError("walk_in.authorization_required")
    note = str(authorization.get("note") or "").strip()
    if not note:
        raise ServiceError("walk_in.authorization_note_required")
    return {"kind": authorization["kind"], "note": note[:500]}


async def register_walk_in(ctx: ServiceContext, uow: UnitOfWork, caller: CallerIdentity, *,
                           station_code: str, name: str, phone: str | None, language: str
                           ) -> str:
    """A resident without a messaging account, registered at the counter; returns the id."""
    office = await uow.offices.get(station_code)
    if office is None or office.tier is not Tier.VILLAGE:
        raise ServiceError("resident.unknown_village", village_code=station_code)
    staff = await station_staff(uow, caller, station_code)
    clean_name = " ".join(name.split())
    if not clean_name:
        raise ServiceError("walk_in.name_required")
    stored_phone = validate_answer(_PHONE, phone, today=ctx.clock.now().date()) if phone else None
    now = ctx.clock.now()
    resident_id = str(uuid.uuid4())
    await uow.residents.add(
        id=resident_id, messaging_id=None, name=clean_name[:100], phone=stored_phone,
        village_code=station_code, language=language, reachable=False, notice_prefs={},
        created_at=now, updated_at=now)
    await uow.residents.add_consent(resident_id, "privacy", ctx.privacy_notice_version, now,
                                    recorded_by=staff.id)
    return resident_id
