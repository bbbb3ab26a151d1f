"""Followers of cases and their one-time links."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.storage.tables import cases, followers


class FollowerRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add_link(self, **values: Any) -> None:
        await self._connection.execute(insert(followers).values(**values))

    async def by_code_hash(self, code_hash: str) -> Any | None:
        return (await self._connection.execute(
            select(followers).where(followers.c.code_hash == code_hash))).first()

    async def get(self, follower_id: str) -> Any | None:
        return (await self._connection.execute(
            select(followers).where(followers.c.id == follower_id))).first()

    async def join(self, follower_id: str, *, messaging_id: str, name: str, language: str,
                   at: datetime) -> bool:
        """Use the link, if nobody did first (the conditional update is the lock)."""
        result = await self._connection.execute(
            update(followers).where(followers.c.id == follower_id,
                                    followers.c.joined_at.is_(None))
            .values(messaging_id=messaging_id, name=name, language=language, joined_at=at))
        return result.rowcount == 1

    async def active(self, case_id: str) -> list[Any]:
        """Those following the case now, oldest first."""
        return list(await self._connection.execute(
            select(followers).where(followers.c.case_id == case_id,
                                    followers.c.joined_at.is_not(None),
                                    followers.c.removed_at.is_(None))
            .order_by(followers.c.joined_at)))

    async def is_following(self, case_id: str, messaging_id: str) -> bool:
        return (await self._connection.execute(
            select(followers.c.id).where(followers.c.case_id == case_id,
                                         followers.c.messaging_id == messaging_id,
                                         followers.c.removed_at.is_(None)))).first() is not None

    async def remove(self, follower_id: str, at: datetime) -> bool:
        result = await self._connection.execute(
            update(followers).where(followers.c.id == follower_id,
                                    followers.c.removed_at.is_(None))
            .values(removed_at=at))
        return result.rowcount == 1

    async def remove_all_of(self, resident_id: str, at: datetime) -> None:
        """Nobody follows an erased villager's cases any more; unused links die too."""
        their_cases = select(cases.c.id).where(cases.c.resident_id == resident_id)
        await self._connection.execute(
            update(followers).where(followers.c.case_id.in_(their_cases),
                                    followers.c.removed_at.is_(None))
            .values(removed_at=at, expires_at=at))
