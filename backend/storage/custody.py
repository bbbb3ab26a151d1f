"""Custody movements of originals, and carry runs with their cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.domain.custody import Movement
from backend.storage.tables import carry_run_items, carry_runs, cases, custody


class CustodyRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def history(self, case_id: str) -> list[Movement]:
        rows = await self._connection.execute(
            select(custody).where(custody.c.case_id == case_id)
            .order_by(custody.c.at, custody.c.id))
        return [Movement(r.material_key, r.from_party, r.to_party, r.confirmed_by, r.at)
                for r in rows]

    async def add(self, case_id: str, movements: Iterable[Movement]) -> None:
        rows = [{"case_id": case_id, "material_key": m.material_key,
                 "from_party": m.from_party, "to_party": m.to_party,
                 "confirmed_by": m.confirmed_by, "at": m.at} for m in movements]
        if rows:
            await self._connection.execute(insert(custody), rows)

    # -- carry runs -------------------------------------------------------------------

    async def open_run(self, station: str, to_office: str, day: dt.date) -> Any | None:
        """The day's run that has not left yet (cases forwarded after it left start the
        next one)."""
        return (await self._connection.execute(
            select(carry_runs).where(
                carry_runs.c.station_code == station, carry_runs.c.to_office_code == to_office,
                carry_runs.c.day == day, carry_runs.c.departed_at.is_(None))
            .order_by(carry_runs.c.seq.desc()).limit(1))).first()

    async def new_run(self, station: str, to_office: str, day: dt.date, now: dt.datetime
                      ) -> int:
        seq = (await self._connection.execute(
            select(func.coalesce(func.max(carry_runs.c.seq), 0)).where(
                carry_runs.c.station_code == station, carry_runs.c.to_office_code == to_office,
                carry_runs.c.day == day))).scalar_one()
        result = await self._connection.execute(
            insert(carry_runs).values(station_code=station, to_office_code=to_office, day=day,
                                      seq=int(seq) + 1, created_at=now)
            .returning(carry_runs.c.id))
        return int(result.scalar_one())

    async def add_item(self, run_id: int, case_id: str, now: dt.datetime) -> None:
        await self._connection.execute(insert(carry_run_items).values(
            run_id=run_id, case_id=case_id, added_at=now))

    async def run(self, run_id: int) -> Any | None:
        return (await self._connection.execute(
            select(carry_runs).where(carry_runs.c.id == run_id))).first()

    async def runs(self, office: str, day: dt.date | None, limit: int) -> list[Any]:
        """Runs leaving a station or coming to an office, newest first."""
        statement = select(carry_runs).where(or_(carry_runs.c.station_code == office,
                                                 carry_runs.c.to_office_code == office))
        if day is not None:
            statement = statement.where(carry_runs.c.day == day)
        return list(await self._connection.execute(
            statement.order_by(carry_runs.c.day.desc(), carry_runs.c.seq.desc())
            .limit(limit)))

    async def items(self, run_id: int) -> list[Any]:
        return list(await self._connection.execute(
            select(carry_run_items, cases.c.number, cases.c.matter_code)
            .join(cases, cases.c.id == carry_run_items.c.case_id)
            .where(carry_run_items.c.run_id == run_id)
            .order_by(carry_run_items.c.added_at, cases.c.number)))

    async def depart(self, run_id: int, staff_id: str, now: dt.datetime) -> bool:
        result = await self._connection.execute(
            update(carry_runs).where(carry_runs.c.id == run_id,
                                     carry_runs.c.departed_at.is_(None))
            .values(departed_at=now, departed_by=staff_id))
        return result.rowcount == 1

    async def settle_item(self, run_id: int, case_id: str, *, received: bool,
                          staff_id: str, now: dt.datetime) -> bool:
        """Mark a dossier received or missing, once (a missing one may still arrive)."""
        item = carry_run_items.c
        values = ({"received_at": now, "received_by": staff_id} if received
                  else {"missing_at": now, "missing_by": staff_id})
        condition = [item.run_id == run_id, item.case_id == case_id, item.received_at.is_(None)]
        if not received:
            condition.append(item.missing_at.is_(None))
        result = await self._connection.execute(
            update(carry_run_items).where(*condition).values(**values))
        return result.rowcount == 1
