"""Cases and their events. A case row changes only together with one new event row.

Loading for a change locks the row (FOR UPDATE on PostgreSQL; SQLite's writers are
already serialised by BEGIN IMMEDIATE), so two staff acting on one case at once are
decided in turn: the second sees the first's result and the domain refuses it with a
meaningful code. The version check on update is a second line of defence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.domain.events import CaseEvent
from backend.domain.snapshot import CaseSnapshot
from backend.storage import case_codec
from backend.storage.counters import FEED, draw
from backend.storage.tables import case_events, cases, slots


class StaleCaseError(Exception):
    """The case changed between load and save; the caller's transaction must roll back."""


@dataclass(frozen=True)
class CaseRecord:
    """A stored case: the workflow snapshot and what the workflow does not need."""

    snapshot: CaseSnapshot
    number: str
    matter_code: str
    station_code: str
    answers: dict[str, Any]
    booking_kind: str
    slot_id: int | None
    booking_note: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class StoredEvent:
    position: int
    event: CaseEvent
    data: dict[str, Any]


def _record(row: Any) -> CaseRecord:
    return CaseRecord(
        snapshot=case_codec.decode(row), number=row.number, matter_code=row.matter_code,
        station_code=row.station_code, answers=row.answers, booking_kind=row.booking_kind,
        slot_id=row.slot_id, booking_note=row.booking_note, created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _columns(snapshot: CaseSnapshot) -> dict[str, Any]:
    return {
        "office_code": snapshot.office_code, "state": snapshot.state.value,
        "step": snapshot.step, "holder_id": snapshot.holder_id,
        "return_count": snapshot.return_count, "version": snapshot.version,
        "workflow": case_codec.encode(snapshot),
    }


def _event_row(event: CaseEvent, position: int, data: dict[str, Any]) -> dict[str, Any]:
    extra = {key: value for key, value in {
        "days": event.days, "items": list(event.items) or None,
        "assignee_id": event.assignee_id, "score": event.score,
        "actor_office_code": event.actor_office_code,
    }.items() if value is not None}
    return {
        "position": position, "case_id": event.case_id, "version": event.version,
        "action": event.action.value, "actor_id": event.actor_id,
        "acting_role": event.acting_role.value,
        "from_state": event.from_state.value if event.from_state else None,
        "to_state": event.to_state.value, "office_code": event.office_code,
        "to_office_code": event.to_office_code, "step": event.step, "to_step": event.to_step,
        "holder_id": event.holder_id, "reason": event.reason, "data": extra | data,
        "at": event.at,
    }


class CaseRepository:
    """Cases and events on the caller's connection.

    Events given to `append_event` wait in `pending` until `flush_events`, which the
    unit of work calls last before commit: drawing a feed position locks the feed
    counter row until commit (that is what keeps positions in commit order), so the
    later it is drawn, the shorter every other writer waits.
    """

    def __init__(self, connection: AsyncConnection,
                 pending: list[tuple[CaseEvent, dict[str, Any]]] | None = None) -> None:
        self._connection = connection
        self._pending = pending

    async def add(self, snapshot: CaseSnapshot, *, number: str, matter_code: str,
                  station_code: str, answers: dict[str, Any], booking_kind: str,
                  slot_id: int | None, booking_note: str | None, now: datetime) -> None:
        await self._connection.execute(insert(cases).values(
            id=snapshot.case_id, number=number, resident_id=snapshot.resident_id,
            matter_code=matter_code, station_code=station_code, answers=answers,
            booking_kind=booking_kind, slot_id=slot_id, booking_note=booking_note,
            created_at=now, updated_at=now, **_columns(snapshot),
        ))

    async def get(self, case_id: str, *, for_update: bool = False) -> CaseRecord | None:
        statement = select(cases).where(cases.c.id == case_id)
        if for_update and self._connection.dialect.name == "postgresql":
            statement = statement.with_for_update()
        row = (await self._connection.execute(statement)).first()
        return _record(row) if row else None

    async def by_number(self, number: str) -> CaseRecord | None:
        row = (await self._connection.execute(
            select(cases).where(cases.c.number == number))).first()
        return _record(row) if row else None

    async def save(self, before: CaseSnapshot, after: CaseSnapshot, now: datetime,
                   **changes: Any) -> None:
        result = await self._connection.execute(
            update(cases)
            .where(and_(cases.c.id == before.case_id, cases.c.version == before.version))
            .values(updated_at=now, **_columns(after), **changes)
        )
        if result.rowcount != 1:
            raise StaleCaseError(before.case_id)

    async def anonymize_of(self, resident_id: str, now: datetime) -> None:
        """What the person told us goes; the case's course (states, events) stays."""
        await self._connection.execute(
            update(cases).where(cases.c.resident_id == resident_id)
            .values(answers={}, booking_note=None, updated_at=now))

    async def set_slot(self, case_id: str, slot_id: int | None, now: datetime) -> None:
        await self._connection.execute(
            update(cases).where(cases.c.id == case_id).values(slot_id=slot_id, updated_at=now))

    async def slot_start(self, slot_id: int) -> datetime | None:
        return (await self._connection.execute(
            select(slots.c.starts_at).where(slots.c.id == slot_id))).scalar_one_or_none()

    async def list(self, *, resident_id: str | None = None, office_code: str | None = None,
                   station_code: str | None = None, states: list[str] | None = None,
                   not_states: list[str] | None = None, holder_id: str | None = None,
                   unclaimed: bool = False, limit: int = 50, offset: int = 0
                   ) -> list[CaseRecord]:
        statement: Select[Any] = select(cases)
        if resident_id is not None:
            statement = statement.where(cases.c.resident_id == resident_id)
        if office_code is not None:
            statement = statement.where(cases.c.office_code == office_code)
        if station_code is not None:
            statement = statement.where(cases.c.station_code == station_code)
        if states:
            statement = statement.where(cases.c.state.in_(states))
        if not_states:
            statement = statement.where(cases.c.state.not_in(not_states))
        if holder_id is not None:
            statement = statement.where(cases.c.holder_id == holder_id)
        if unclaimed:
            statement = statement.where(cases.c.holder_id.is_(None))
        statement = statement.order_by(cases.c.created_at, cases.c.id).limit(limit).offset(offset)
        return [_record(row) for row in await self._connection.execute(statement)]

    async def append_event(self, event: CaseEvent, **data: Any) -> None:
        """Store one event, at the next feed position when the transaction ends."""
        if self._pending is not None:
            self._pending.append((event, data))
            return
        await self._write_event(event, data)

    async def flush_events(self) -> None:
        while self._pending:
            event, data = self._pending.pop(0)
            await self._write_event(event, data)

    async def _write_event(self, event: CaseEvent, data: dict[str, Any]) -> None:
        position = await draw(self._connection, FEED)
        await self._connection.execute(insert(case_events).values(
            **_event_row(event, position, data)))

    async def events(self, case_id: str) -> list[Any]:
        return list(await self._connection.execute(
            select(case_events).where(case_events.c.case_id == case_id)
            .order_by(case_events.c.version)))

    async def feed(self, after: int, limit: int) -> list[Any]:
        return list(await self._connection.execute(
            select(case_events, cases.c.number, cases.c.matter_code, cases.c.resident_id,
                   cases.c.station_code)
            .join(cases, cases.c.id == case_events.c.case_id)
            .where(case_events.c.position > after)
            .order_by(case_events.c.position).limit(limit)))

    async def last_position(self) -> int:
        value = (await self._connection.execute(
            select(func.max(case_events.c.position)))).scalar_one_or_none()
        return int(value or 0)
