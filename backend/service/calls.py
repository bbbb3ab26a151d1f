"""Calls: news for villagers the bot cannot reach, and staff ringing a villager.

Many elderly villagers have no phone of their own, or blocked the bot. Every event the
villager should hear of (backend/domain/notices.py) becomes, for such a villager, a
task on their station's call list, written in the event's own transaction, so the
station gets it exactly once. An agent closes it when the villager was reached or
visited; a failed try counts an attempt and keeps it open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backend.domain.events import CaseEvent
from backend.domain.notices import needs_call
from backend.domain.rights import can_call
from backend.service.clock import Clock
from backend.service.errors import ServiceError
from backend.service.uow import UnitOfWork
from backend.service.viewers import CallerIdentity, actor_for
from backend.service.walk_ins import station_staff

OUTCOMES = ("reached", "visited", "not_reached")


async def record_event(uow: UnitOfWork, event: CaseEvent, *, resident_id: str,
                       station_code: str, **data: Any) -> None:
    """Append the event (with `data` the feed shows beside it), and put it on the
    station's call list if the villager will not get it in the chat."""
    await uow.cases.append_event(event, **data)
    resident = await uow.residents.get(resident_id)
    if resident is None or resident.erased_at is not None:
        return
    if needs_call(event, has_chat=resident.messaging_id is not None,
                  reachable=bool(resident.reachable)):
        await uow.calls.add_task(case_id=event.case_id, version=event.version,
                                 resident_id=resident.id, station_code=station_code,
                                 created_at=event.at)


async def _case(uow: UnitOfWork, case_id: str) -> Any:
    record = await uow.cases.get(case_id)
    if record is None:
        raise ServiceError("case.unknown", case_id=case_id)
    return record


@dataclass(frozen=True)
class CallTask:
    row: Any
    resident: Any
    event: Any


async def tasks(uow: UnitOfWork, caller: CallerIdentity, station_code: str, *,
                open_only: bool = True, limit: int = 50, offset: int = 0) -> list[CallTask]:
    """The station's call list, for its agents and supervisor, oldest first."""
    await station_staff(uow, caller, station_code)
    rows = await uow.calls.tasks(station_code, open_only=open_only, limit=limit,
                                 offset=offset)
    return [await _task(uow, row) for row in rows]


async def _task(uow: UnitOfWork, row: Any) -> CallTask:
    return CallTask(row, await uow.residents.get(row.resident_id),
                    await uow.calls.event_of(row.case_id, row.version))


async def finish_task(clock: Clock, uow: UnitOfWork, caller: CallerIdentity, task_id: int,
                      outcome: str, note: str | None) -> CallTask:
    """Close a task (reached, visited) or count a failed try (not_reached)."""
    task = await uow.calls.task(task_id)
    if task is None:
        raise ServiceError("call_task.unknown", task_id=task_id)
    staff = await station_staff(uow, caller, task.station_code)
    if outcome not in OUTCOMES:
        raise ServiceError("call_task.bad_outcome", outcome=outcome)
    clean = (note or "").strip()[:500] or None
    if outcome == "not_reached":
        changed = await uow.calls.count_attempt(task_id, clean)
    else:
        changed = await uow.calls.finish(task_id, at=clock.now(), staff_id=staff.id,
                                         outcome=outcome, note=clean)
    if not changed:
        raise ServiceError("call_task.already_done", task_id=task_id)
    rows = await uow.calls.tasks(task.station_code, open_only=False, task_id=task_id)
    return await _task(uow, rows[0])


@dataclass(frozen=True)
class Call:
    case_id: str
    name: str | None
    phone: str | None
    at: datetime


async def call_resident(clock: Clock, uow: UnitOfWork, caller: CallerIdentity, case_id: str
                        ) -> Call:
    """The villager's full number for staff who may ring them; every such look is logged."""
    record = await _case(uow, case_id)
    viewer = await actor_for(uow, caller, record.snapshot)
    if not can_call(record.snapshot, viewer):
        raise ServiceError("rights.not_yours")
    resident = await uow.residents.get(record.snapshot.resident_id)
    now = clock.now()
    await uow.calls.log_call(case_id, viewer.person_id, now)
    if resident is None or resident.erased_at is not None:
        return Call(case_id, None, None, now)
    return Call(case_id, resident.name, resident.phone, now)
