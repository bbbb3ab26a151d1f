"""Booking slots at an office. Capacity is enforced by a conditional update, never by
reading the count first: `booked = booked + 1 WHERE booked < capacity` either takes a
place or changes nothing, however many requests race for the last one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.storage.tables import slots


class SlotRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def take(self, office_code: str, starts_at: datetime, capacity: int) -> int | None:
        """Take one place in the slot; its id, or None when the slot is full."""
        insert = postgresql.insert if self._connection.dialect.name == "postgresql" else (
            sqlite.insert)
        await self._connection.execute(
            insert(slots).values(office_code=office_code, starts_at=starts_at,
                                 capacity=capacity, booked=0)
            .on_conflict_do_nothing(index_elements=[slots.c.office_code, slots.c.starts_at]))
        result = await self._connection.execute(
            update(slots)
            .where(and_(slots.c.office_code == office_code, slots.c.starts_at == starts_at,
                        slots.c.booked < slots.c.capacity))
            .values(booked=slots.c.booked + 1).returning(slots.c.id))
        return result.scalar_one_or_none()

    async def release(self, slot_id: int) -> None:
        await self._connection.execute(
            update(slots).where(and_(slots.c.id == slot_id, slots.c.booked > 0))
            .values(booked=slots.c.booked - 1))

    async def booked_between(self, office_code: str, start: datetime, end: datetime
                             ) -> dict[datetime, int]:
        rows = await self._connection.execute(
            select(slots.c.starts_at, slots.c.booked)
            .where(and_(slots.c.office_code == office_code, slots.c.starts_at >= start,
                        slots.c.starts_at < end)))
        return {row.starts_at: row.booked for row in rows}
