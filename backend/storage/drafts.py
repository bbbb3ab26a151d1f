"""Booking drafts (暂存): answers kept by the service until the villager submits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.storage.tables import drafts


class DraftRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, **values: Any) -> None:
        await self._connection.execute(insert(drafts).values(**values))

    async def get(self, draft_id: str, *, for_update: bool = False) -> Any | None:
        statement = select(drafts).where(drafts.c.id == draft_id)
        if for_update and self._connection.dialect.name == "postgresql":
            statement = statement.with_for_update()
        return (await self._connection.execute(statement)).first()

    async def set_answers(self, draft_id: str, version: int, answers: dict[str, Any],
                          now: datetime) -> bool:
        """Store new answers only if nobody changed the draft since `version` was read."""
        result = await self._connection.execute(
            update(drafts)
            .where(and_(drafts.c.id == draft_id, drafts.c.version == version,
                        drafts.c.status == "open"))
            .values(answers=answers, version=version + 1, updated_at=now))
        return result.rowcount == 1

    async def mark_submitted(self, draft_id: str, case_id: str, now: datetime) -> bool:
        result = await self._connection.execute(
            update(drafts)
            .where(and_(drafts.c.id == draft_id, drafts.c.status == "open"))
            .values(status="submitted", case_id=case_id, updated_at=now))
        return result.rowcount == 1

    async def clear_submitted_answers(self, resident_id: str, now: datetime) -> None:
        await self._connection.execute(
            update(drafts)
            .where(and_(drafts.c.resident_id == resident_id, drafts.c.status == "submitted"))
            .values(answers={}, authorization=None, updated_at=now))

    async def open_of(self, resident_id: str) -> list[Any]:
        return list(await self._connection.execute(
            select(drafts).where(and_(drafts.c.resident_id == resident_id,
                                      drafts.c.status == "open"))
            .order_by(drafts.c.updated_at.desc())))
