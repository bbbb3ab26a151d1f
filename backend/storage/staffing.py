"""Staff invites and the staff audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.storage.tables import staff_audit, staff_invites


class InviteRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, **values: Any) -> None:
        await self._connection.execute(insert(staff_invites).values(**values))

    async def by_code_hash(self, code_hash: str) -> Any | None:
        return (await self._connection.execute(
            select(staff_invites).where(staff_invites.c.code_hash == code_hash))).first()

    async def use(self, invite_id: str, staff_id: str, at: datetime) -> bool:
        """Mark the invite used, if nobody did first: the conditional update is the lock,
        so two people sending the same code at once cannot both join."""
        result = await self._connection.execute(
            update(staff_invites)
            .where(staff_invites.c.id == invite_id, staff_invites.c.used_at.is_(None))
            .values(used_at=at, used_by=staff_id))
        return result.rowcount == 1


class AuditRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def record(self, *, at: datetime, action: str, actor_id: str | None,
                     staff_id: str | None, office_code: str, role: str | None,
                     detail: dict[str, str] | None = None) -> None:
        await self._connection.execute(insert(staff_audit).values(
            at=at, action=action, actor_id=actor_id, staff_id=staff_id,
            office_code=office_code, role=role, detail=detail or {}))

    async def of_offices(self, office_codes: list[str], limit: int = 200) -> list[Any]:
        return list(await self._connection.execute(
            select(staff_audit).where(staff_audit.c.office_code.in_(office_codes))
            .order_by(staff_audit.c.at.desc(), staff_audit.c.id.desc()).limit(limit)))
