"""The offices repository: reads and upserts rows of the `offices` table.

It never commits: the caller's transaction decides, so an import is all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.domain.office import Office
from backend.domain.tier import OfficeKind, Tier
from backend.storage.tables import offices

_COLUMNS = [name for name in Office.__dataclass_fields__ if name != "kind"]


def _row_to_office(row: object) -> Office:
    mapping = row._mapping  # type: ignore[attr-defined]
    values = {name: mapping[name] for name in _COLUMNS}
    return Office(kind=OfficeKind(mapping["kind"]), **values)


class OfficeRepository:
    """Offices of the district tree, on the caller's connection."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def all(self) -> list[Office]:
        """Every office, parents before children (district, towns, villages), then by code."""
        order = {Tier.DISTRICT.value: 0, Tier.TOWN.value: 1, Tier.VILLAGE.value: 2}
        result = await self._connection.execute(select(offices))
        rows = sorted(result, key=lambda row: (order[row.tier], row.code))
        return [_row_to_office(row) for row in rows]

    async def get(self, code: str) -> Office | None:
        result = await self._connection.execute(select(offices).where(offices.c.code == code))
        row = result.first()
        return _row_to_office(row) if row else None

    async def count_by_tier(self) -> dict[Tier, int]:
        result = await self._connection.execute(
            select(offices.c.tier, func.count()).group_by(offices.c.tier)
        )
        counts = {Tier(tier): count for tier, count in result}
        return {tier: counts.get(tier, 0) for tier in Tier}

    async def upsert(self, items: Iterable[Office]) -> None:
        """Insert new offices and update existing ones by code, parents first."""
        dialect = self._connection.dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        ordered = sorted(items, key=lambda office: office.tier.rank)
        for office in ordered:
            values = asdict(office) | {"kind": office.kind.value, "tier": office.tier.value}
            statement = insert(offices).values(**values)
            changed = {name: statement.excluded[name] for name in values if name != "code"}
            statement = statement.on_conflict_do_update(
                index_elements=[offices.c.code],
                set_=changed | {"updated_at": func.now()},
            )
            await self._connection.execute(statement)
