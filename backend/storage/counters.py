"""Counters drawn inside the writing transaction: feed positions and case numbers.

An auto-increment id does not follow commit order on PostgreSQL (a reader can pass a
row that commits late and never see it); a counter row updated in the same transaction
is locked until commit, so the next writer draws the next number only after this one is
visible. A rolled-back transaction gives its number back, so case numbers have no gaps.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.storage.tables import counters

FEED = "feed"


def case_number_counter(prefix: str, year: int) -> str:
    return f"case:{prefix}:{year}"


async def draw(connection: AsyncConnection, name: str) -> int:
    """The next value of a counter (1 for a new one), locked until the transaction ends."""
    statement = (
        update(counters).where(counters.c.name == name)
        .values(value=counters.c.value + 1).returning(counters.c.value)
    )
    value = (await connection.execute(statement)).scalar_one_or_none()
    if value is not None:
        return int(value)
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    await connection.execute(
        insert(counters).values(name=name, value=0).on_conflict_do_nothing(
            index_elements=[counters.c.name])
    )
    return int((await connection.execute(statement)).scalar_one())


async def peek(connection: AsyncConnection, name: str) -> int:
    value = (await connection.execute(
        select(counters.c.value).where(counters.c.name == name))).scalar_one_or_none()
    return int(value or 0)
