"""Call tasks and the call log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.storage.tables import call_log, call_tasks, case_events, cases


class CallRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add_task(self, **values: Any) -> None:
        await self._connection.execute(insert(call_tasks).values(**values))

    async def task(self, task_id: int) -> Any | None:
        return (await self._connection.execute(
            select(call_tasks).where(call_tasks.c.id == task_id))).first()

    async def tasks(self, station_code: str, *, open_only: bool, limit: int = 50,
                    offset: int = 0, task_id: int | None = None) -> list[Any]:
        """The station's tasks, oldest first, with their case and event."""
        statement = (
            select(call_tasks, cases.c.number, cases.c.matter_code)
            .join(cases, cases.c.id == call_tasks.c.case_id)
            .where(call_tasks.c.station_code == station_code))
        if task_id is not None:
            statement = statement.where(call_tasks.c.id == task_id)
        if open_only:
            statement = statement.where(call_tasks.c.done_at.is_(None))
        statement = statement.order_by(call_tasks.c.created_at, call_tasks.c.id)
        return list(await self._connection.execute(statement.limit(limit).offset(offset)))

    async def finish(self, task_id: int, *, at: datetime, staff_id: str, outcome: str,
                     note: str | None) -> bool:
        """Close an open task; False when someone closed it first."""
        result = await self._connection.execute(
            update(call_tasks).where(call_tasks.c.id == task_id, call_tasks.c.done_at.is_(None))
            .values(done_at=at, done_by=staff_id, outcome=outcome, note=note,
                    attempts=call_tasks.c.attempts + 1))
        return result.rowcount == 1

    async def count_attempt(self, task_id: int, note: str | None) -> bool:
        result = await self._connection.execute(
            update(call_tasks).where(call_tasks.c.id == task_id, call_tasks.c.done_at.is_(None))
            .values(attempts=call_tasks.c.attempts + 1, note=note))
        return result.rowcount == 1

    async def event_of(self, case_id: str, version: int) -> Any:
        return (await self._connection.execute(
            select(case_events).where(case_events.c.case_id == case_id,
                                      case_events.c.version == version))).one()

    async def log_call(self, case_id: str, staff_id: str, at: datetime) -> None:
        await self._connection.execute(insert(call_log).values(
            case_id=case_id, staff_id=staff_id, at=at))

    async def calls_of(self, case_id: str) -> list[Any]:
        return list(await self._connection.execute(
            select(call_log).where(call_log.c.case_id == case_id).order_by(call_log.c.at)))
