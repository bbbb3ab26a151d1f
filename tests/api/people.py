"""Seeding people straight into the database, and driving the API like the bot would."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.service.uow import writing
from backend.storage.tables import offices
from matter_catalog.models import FieldType
from tests.api.conftest import AUTH

STATION = "110117108201"  # a village station of the demo district
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
_ids = itertools.count(1000)


async def add_resident(engine: AsyncEngine, village: str = STATION) -> str:
    """A registered, consenting resident; returns their messaging id."""
    messaging_id = str(next(_ids))
    async with writing(engine) as uow:
        resident_id = str(uuid.uuid4())
        await uow.residents.add(
            id=resident_id, messaging_id=messaging_id, name=f"Villager {messaging_id}",
            phone="+8613800138000", village_code=village, language="zh", reachable=True,
            notice_prefs={}, created_at=NOW, updated_at=NOW)
        await uow.residents.add_consent(resident_id, "privacy", "2026-11", NOW)
    return messaging_id


async def add_staff(engine: AsyncEngine, office: str, role: str) -> tuple[str, str]:
    """An active staff member; returns (messaging id, staff id)."""
    messaging_id = str(next(_ids))
    staff_id = str(uuid.uuid4())
    async with writing(engine) as uow:
        await uow.staff.add(id=staff_id, messaging_id=messaging_id, name=f"Staff {role}",
                            office_code=office, role=role, active=True, created_at=NOW,
                            updated_at=NOW)
    return messaging_id, staff_id


async def set_capacity(engine: AsyncEngine, office: str, capacity: int) -> None:
    async with writing(engine) as uow:
        await uow.connection.execute(
            update(offices).where(offices.c.code == office).values(slot_capacity=capacity))


def as_resident(messaging_id: str) -> dict[str, str]:
    return AUTH | {"X-Daiban-Actor": messaging_id, "X-Daiban-Role": "resident"}


def as_staff(messaging_id: str) -> dict[str, str]:
    return AUTH | {"X-Daiban-Actor": messaging_id, "X-Daiban-Role": "staff"}


def with_key(headers: dict[str, str], key: str | None = None) -> dict[str, str]:
    return headers | {"Idempotency-Key": key or uuid.uuid4().hex}


def valid_answer(field: dict[str, Any]) -> Any:
    """A valid answer for a booking question, as a villager might type it."""
    kind = FieldType(field["type"])
    return {
        FieldType.TEXT: "张三",
        FieldType.ID_NUMBER: "11010519491231002X",
        FieldType.PHONE: "13800138000",
        FieldType.DATE: "1950-03-02",
        FieldType.NUMBER: "3",
        FieldType.CHOICE: field["choices"][0]["key"] if field["choices"] else None,
        FieldType.MULTI_CHOICE: [field["choices"][0]["key"]] if field["choices"] else None,
        FieldType.YES_NO: "是",
        FieldType.PHOTO: "photo-file-id-1",
    }[kind]



async def post(api, path: str, body: dict[str, Any], headers: dict[str, str]
               ) -> tuple[int, dict[str, Any]]:
    response = await api.post(path, json=body, headers=headers)
    return response.status, await response.json()


async def get(api, path: str, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
    response = await api.get(path, headers=headers)
    return response.status, await response.json()


async def filled_draft(api, resident: str, matter: str = "SJ01") -> dict[str, Any]:
    """A draft with every chat question answered, as the bot would leave it."""
    status, draft = await post(api, "/api/v1/drafts", {"matter_code": matter},
                               with_key(as_resident(resident)))
    assert status == 201, draft
    while draft["next_question"] is not None:
        question = draft["next_question"]
        status, draft = await post(
            api, f"/api/v1/drafts/{draft['id']}/answers",
            {"field": question["key"], "value": valid_answer(question),
             "version": draft["version"]}, with_key(as_resident(resident)))
        assert status == 200, draft
    return draft


async def booked_case(api, resident: str, matter: str = "SJ01") -> dict[str, Any]:
    draft = await filled_draft(api, resident, matter)
    status, case = await post(api, f"/api/v1/drafts/{draft['id']}/submit",
                              {"booking": "drop_off"}, with_key(as_resident(resident)))
    assert status == 201, case
    return case
