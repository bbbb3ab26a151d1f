"""Residents (with their consents) and staff members."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.storage.tables import consents, residents, staff


class ResidentRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, **values: Any) -> None:
        await self._connection.execute(insert(residents).values(**values))

    async def get(self, resident_id: str) -> Any | None:
        return (await self._connection.execute(
            select(residents).where(residents.c.id == resident_id))).first()

    async def by_messaging_id(self, messaging_id: str) -> Any | None:
        return (await self._connection.execute(
            select(residents).where(residents.c.messaging_id == messaging_id))).first()

    async def update(self, resident_id: str, **values: Any) -> None:
        await self._connection.execute(
            update(residents).where(residents.c.id == resident_id).values(**values))

    async def add_consent(self, resident_id: str, kind: str, version: str, at: datetime,
                          recorded_by: str | None = None) -> None:
        await self._connection.execute(insert(consents).values(
            resident_id=resident_id, kind=kind, notice_version=version, given_at=at,
            recorded_by=recorded_by))

    async def withdraw_consents(self, resident_id: str, kind: str | None, at: datetime
                                ) -> None:
        condition = and_(consents.c.resident_id == resident_id,
                         consents.c.withdrawn_at.is_(None))
        if kind is not None:
            condition = and_(condition, consents.c.kind == kind)
        await self._connection.execute(update(consents).where(condition)
                                       .values(withdrawn_at=at))

    async def consents(self, resident_id: str) -> list[Any]:
        return list(await self._connection.execute(
            select(consents).where(consents.c.resident_id == resident_id)
            .order_by(consents.c.given_at, consents.c.id)))


class StaffRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, **values: Any) -> None:
        await self._connection.execute(insert(staff).values(**values))

    async def get(self, staff_id: str) -> Any | None:
        return (await self._connection.execute(
            select(staff).where(staff.c.id == staff_id))).first()

    async def by_messaging_id(self, messaging_id: str) -> list[Any]:
        """Every staff membership of one person (one per office), active first."""
        return list(await self._connection.execute(
            select(staff).where(staff.c.messaging_id == messaging_id)
            .order_by(staff.c.active.desc(), staff.c.created_at)))

    async def of_office(self, office_code: str, *, active_only: bool = True) -> list[Any]:
        statement = select(staff).where(staff.c.office_code == office_code)
        if active_only:
            statement = statement.where(staff.c.active.is_(True))
        return list(await self._connection.execute(statement.order_by(staff.c.created_at)))

    async def by_person_and_office(self, messaging_id: str, office_code: str) -> Any | None:
        return (await self._connection.execute(
            select(staff).where(staff.c.messaging_id == messaging_id,
                                staff.c.office_code == office_code))).first()

    async def update(self, staff_id: str, **values: Any) -> None:
        await self._connection.execute(
            update(staff).where(staff.c.id == staff_id).values(**values))
