"""Demo staff accounts for `daiban demo`: every tier and role, played from the web chat."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.domain.tier import Tier
from backend.service.uow import writing

DEMO_STAFF = Path(__file__).parent / "staff.yaml"


@dataclass(frozen=True)
class DemoPerson:
    messaging_id: int
    name: str
    tier: Tier
    role: str


def demo_people(path: Path = DEMO_STAFF) -> list[DemoPerson]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [DemoPerson(int(p["id"]), str(p["name"]), Tier(p["tier"]), str(p["role"]))
            for p in data["people"]]


async def ensure_demo_staff(engine: AsyncEngine, now: dt.datetime,
                            people: list[DemoPerson] | None = None) -> int:
    """Make each demo person a member of every office of their tier (those missing
    only, so a restart adds nothing); returns how many memberships were added. Written
    to the staff audit log like any other joining, marked as the demo's."""
    added = 0
    async with writing(engine) as uow:
        offices = await uow.offices.all()
        for person in people or demo_people():
            for office in (o for o in offices if o.tier is person.tier):
                messaging_id = str(person.messaging_id)
                if await uow.staff.by_person_and_office(messaging_id, office.code):
                    continue
                staff_id = str(uuid.uuid4())
                await uow.staff.add(id=staff_id, messaging_id=messaging_id, name=person.name,
                                    office_code=office.code, role=person.role, active=True,
                                    language="zh", created_at=now, updated_at=now)
                await uow.audit.record(at=now, action="joined", actor_id=None,
                                       staff_id=staff_id, office_code=office.code,
                                       role=person.role, detail={"demo": "true"})
                added += 1
    return added
