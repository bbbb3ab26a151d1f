"""Idempotency records: the first answer to a key, replayed for every repeat.

A record is claimed ('running') in a short transaction of its own, so a repeat that
arrives meanwhile is refused with 409; the answer is stored ('done') in the same
transaction as the action, so either both happened or neither did. A 'running' record
older than the stale limit belongs to a process that died before committing its
action, and may be taken over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.storage.tables import idempotency


@dataclass(frozen=True)
class Claim:
    """The outcome of claiming a key: go ahead, replay, conflict or in progress."""

    outcome: str  # "new" | "replay" | "mismatch" | "running"
    status: int | None = None
    body: str | None = None


async def claim(connection: AsyncConnection, key: str, request_hash: str, now: datetime,
                stale_after: timedelta) -> Claim:
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    inserted = await connection.execute(
        insert(idempotency).values(key=key, request_hash=request_hash, status="running",
                                   created_at=now)
        .on_conflict_do_nothing(index_elements=[idempotency.c.key])
        .returning(idempotency.c.key))
    if inserted.first() is not None:
        return Claim("new")
    row = (await connection.execute(
        select(idempotency).where(idempotency.c.key == key))).one()
    if row.request_hash != request_hash:
        return Claim("mismatch")
    if row.status == "done":
        return Claim("replay", row.response_status, row.response_body)
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(
        tzinfo=now.tzinfo)
    if now - created < stale_after:
        return Claim("running")
    taken = await connection.execute(
        update(idempotency)
        .where(and_(idempotency.c.key == key, idempotency.c.status == "running",
                    idempotency.c.created_at == row.created_at))
        .values(created_at=now))
    return Claim("new") if taken.rowcount == 1 else Claim("running")


async def finish(connection: AsyncConnection, key: str, status: int, body: str) -> None:
    await connection.execute(
        update(idempotency).where(idempotency.c.key == key)
        .values(status="done", response_status=status, response_body=body))


async def forget(connection: AsyncConnection, key: str) -> None:
    """Drop a claim whose action failed unexpectedly, so that a retry may run it."""
    await connection.execute(
        delete(idempotency).where(and_(idempotency.c.key == key,
                                       idempotency.c.status == "running")))
