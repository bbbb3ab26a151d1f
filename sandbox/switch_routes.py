"""HTTP routes of the test switches: the call record, faults, holds, pending updates.

    GET    /sandbox/api/calls?method=&chat_id=&bot=&after=   the record, oldest first
    DELETE /sandbox/api/calls                                 forget it
    POST   /sandbox/api/faults   {"method", "error_code", "retry_after"?, "times"?,
                                  "chat_id"?, "description"?}  (or {"method", "hold": true})
    GET    /sandbox/api/faults ; DELETE /sandbox/api/faults[/{id}]
    POST   /sandbox/api/holds    {"method", "chat_id"?, "times"?}
    GET    /sandbox/api/holds ; POST /sandbox/api/holds/release {"id"?, "keep"?}
    GET    /sandbox/api/updates?bot=                          updates not yet confirmed
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from sandbox.botapi import SANDBOX
from sandbox.jsonapi import ApiFailure, number, read_body, reply
from sandbox.switches import Switchboard


def _switches(request: web.Request) -> Switchboard:
    return request.app[SANDBOX].switches


def _times(body: dict[str, Any], default: int | None) -> int | None:
    if "times" not in body:
        return default
    return None if body["times"] is None else int(number(body["times"], "times", 1))


async def list_calls(request: web.Request) -> web.Response:
    query = request.query
    bot = query.get("bot")
    if bot:
        try:
            bot_id: int | None = request.app[SANDBOX].bot(bot).account.id
        except KeyError:
            raise ApiFailure(404, f"no bot {bot!r}") from None
    else:
        bot_id = None
    calls = _switches(request).find_calls(
        query.get("method"), query.get("chat_id"), bot_id,
        int(number(query.get("after"), "after", 0)))
    return reply({"calls": [call.view() for call in calls]})


async def clear_calls(request: web.Request) -> web.Response:
    _switches(request).calls.clear()
    return reply({"cleared": True})


def _add_hold(request: web.Request, body: dict[str, Any]) -> web.Response:
    hold = _switches(request).add_hold(body.get("method"), chat_id=body.get("chat_id"),
                                       times=_times(body, None))
    return reply(hold.view(), 201)


async def add_fault(request: web.Request) -> web.Response:
    body = await read_body(request)
    if body.get("hold"):
        return _add_hold(request, body)
    if body.get("error_code") is None:
        raise ApiFailure(400, "error_code is required (or hold: true)")
    retry_after = body.get("retry_after")
    fault = _switches(request).add_fault(
        body.get("method"), int(number(body["error_code"], "error_code", 400)),
        description=body.get("description"),
        retry_after=None if retry_after is None else int(retry_after),
        times=_times(body, 1), chat_id=body.get("chat_id"))
    return reply(fault.view(), 201)


async def list_faults(request: web.Request) -> web.Response:
    return reply({"faults": [fault.view() for fault in _switches(request).faults]})


async def remove_faults(request: web.Request) -> web.Response:
    raw = request.match_info.get("fault_id")
    removed = _switches(request).remove_fault(int(raw) if raw and raw.isdigit() else None)
    if raw and not removed:
        raise ApiFailure(404, f"no fault {raw}")
    return reply({"removed": removed})


async def add_hold(request: web.Request) -> web.Response:
    return _add_hold(request, await read_body(request))


async def list_holds(request: web.Request) -> web.Response:
    switches = _switches(request)
    return reply({"holds": [hold.view() for hold in switches.holds],
                  "held_calls": [call.view() for call in switches.held_calls()]})


async def release(request: web.Request) -> web.Response:
    body = await read_body(request)
    hold_id = body.get("id")
    released = _switches(request).release(None if hold_id is None else int(hold_id),
                                          keep=bool(body.get("keep")))
    return reply({"released": released})


async def pending_updates(request: web.Request) -> web.Response:
    try:
        bot = request.app[SANDBOX].bot(request.query.get("bot"))
    except KeyError:
        raise ApiFailure(404, "no such bot") from None
    return reply({"updates": bot.updates})


def register(app: web.Application) -> None:
    add = app.router
    add.add_get("/sandbox/api/calls", list_calls)
    add.add_delete("/sandbox/api/calls", clear_calls)
    add.add_get("/sandbox/api/faults", list_faults)
    add.add_post("/sandbox/api/faults", add_fault)
    add.add_delete("/sandbox/api/faults", remove_faults)
    add.add_delete("/sandbox/api/faults/{fault_id}", remove_faults)
    add.add_get("/sandbox/api/holds", list_holds)
    add.add_post("/sandbox/api/holds", add_hold)
    add.add_post("/sandbox/api/holds/release", release)
    add.add_get("/sandbox/api/updates", pending_updates)
