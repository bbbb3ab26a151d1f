"""Call endpoints: a station's call list, closing a task, and ringing a villager."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.api.routes.cases import event_view
from backend.api.routes.catalog import text_view
from backend.api.routing import Call as ApiCall
from backend.api.routing import Router
from backend.service import calls
from wire.calls import CallTaskList, CallTaskQuery, CallTaskView, CallView, FinishCallTask

if TYPE_CHECKING:
    from backend.api.app import ApiContext

TAG = "calls"


def task_view(ctx: ApiContext, task: calls.CallTask) -> CallTaskView:
    row, resident = task.row, task.resident
    erased = resident is None or resident.erased_at is not None
    event = event_view(task.event, row.number, row.matter_code, row.resident_id,
                       row.station_code)
    return CallTaskView(
        id=row.id, case_id=row.case_id, case_number=row.number, matter_code=row.matter_code,
        matter_name=text_view(ctx.services.catalog.matter(row.matter_code).name),
        station_code=row.station_code, resident_name=None if erased else resident.name,
        phone=None if erased else resident.phone,
        language=resident.language if resident is not None else "zh", event=event,
        created_at=row.created_at, attempts=row.attempts, done_at=row.done_at,
        outcome=row.outcome, note=row.note)


async def station_tasks(ctx: ApiContext, call: ApiCall) -> CallTaskList:
    assert call.uow is not None
    query: CallTaskQuery = call.query
    found = await calls.tasks(call.uow, call.identity, call.path["code"],
                              open_only=query.open, limit=query.limit, offset=query.offset)
    return CallTaskList(tasks=[task_view(ctx, task) for task in found])


async def finish_task(ctx: ApiContext, call: ApiCall) -> CallTaskView:
    assert call.uow is not None
    body: FinishCallTask = call.body
    return task_view(ctx, await calls.finish_task(ctx.services.clock, call.uow,
                                                  call.identity, call.path_id("task_id"),
                                                  body.outcome, body.note))


async def call_resident(ctx: ApiContext, call: ApiCall) -> CallView:
    assert call.uow is not None
    made = await calls.call_resident(ctx.services.clock, call.uow, call.identity,
                                     call.path["case_id"])
    return CallView(case_id=made.case_id, name=made.name, phone=made.phone, at=made.at)


def register(router: Router) -> None:
    add = router.add
    add("GET", "/api/v1/offices/{code}/call-tasks", tag=TAG,
        summary="The station's call list: news for villagers the bot cannot reach",
        response=CallTaskList, query=CallTaskQuery, errors=(403, 404),
        database="read")(station_tasks)
    add("POST", "/api/v1/call-tasks/{task_id}/done", tag=TAG,
        summary="Close a call task (reached, visited) or count a failed try (not_reached)",
        response=CallTaskView, body=FinishCallTask, errors=(403, 404, 409, 422),
        database="write")(finish_task)
    add("POST", "/api/v1/cases/{case_id}/calls", tag=TAG,
        summary="The villager's full number for staff about to ring them; logged",
        response=CallView, errors=(403, 404), database="write")(call_resident)
