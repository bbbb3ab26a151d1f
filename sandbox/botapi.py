"""The HTTP face of the Bot API: ``/bot{token}/{method}`` and ``/file/bot{token}/{path}``.

Every call is recorded, may be held or failed by a test switch, and is then carried out
in a task of its own: if the bot disconnects (is killed) while its call waits, the call
still completes, as a request Telegram had already received would.
"""

from __future__ import annotations

import asyncio
import json
import logging
import mimetypes
from functools import partial
from typing import Any

from aiohttp import web

from sandbox.errors import NOT_FOUND, UNAUTHORIZED, BotApiError
from sandbox.methods import METHODS, Method
from sandbox.models import BotState
from sandbox.params import read_params, summarize
from sandbox.state import Sandbox
from sandbox.switches import Call

log = logging.getLogger(__name__)
SANDBOX = web.AppKey("sandbox", Sandbox)
dumps = partial(json.dumps, ensure_ascii=False)


def api_response(status: int, body: dict[str, Any]) -> web.Response:
    return web.json_response(body, status=status, dumps=dumps)


def error_response(error: BotApiError) -> web.Response:
    return api_response(error.error_code, error.body())


async def _carry_out(sandbox: Sandbox, bot: BotState, call: Call, method: Method,
                     params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    await sandbox.switches.wait_if_held(call)
    try:
        fault = sandbox.switches.take_fault(call)
        if fault is not None:
            raise fault
        result = await method(sandbox, bot, params)
    except BotApiError as error:
        sandbox.switches.finish(call, error.error_code, error.description)
        return error.error_code, error.body()
    except Exception:
        log.exception("sandbox failed on %s", call.method)
        sandbox.switches.finish(call, 500, "Internal Server Error")
        return 500, BotApiError(500, "Internal Server Error").body()
    sandbox.switches.finish(call, 200)
    return 200, {"ok": True, "result": result}


async def bot_method(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    bot = sandbox.bot_by_token(request.match_info["token"])
    if bot is None:
        return error_response(UNAUTHORIZED)
    entry = METHODS.get(request.match_info["method"].lower())
    if entry is None:
        call = sandbox.switches.record(bot.account.id, request.match_info["method"], None, {})
        sandbox.switches.finish(call, 404, NOT_FOUND.description)
        return error_response(NOT_FOUND)
    name, method = entry
    try:
        params = await read_params(request)
    except BotApiError as error:
        call = sandbox.switches.record(bot.account.id, name, None, {})
        sandbox.switches.finish(call, error.error_code, error.description)
        return error_response(error)
    call = sandbox.switches.record(bot.account.id, name, params.get("chat_id"),
                                   summarize(params))
    task = asyncio.create_task(_carry_out(sandbox, bot, call, method, params))
    sandbox.tasks.add(task)
    task.add_done_callback(sandbox.tasks.discard)
    status, body = await asyncio.shield(task)
    return api_response(status, body)


async def download(request: web.Request) -> web.StreamResponse:
    sandbox = request.app[SANDBOX]
    if sandbox.bot_by_token(request.match_info["token"]) is None:
        return error_response(UNAUTHORIZED)
    stored = sandbox.file_by_path(request.match_info["path"])
    if stored is None:
        return error_response(NOT_FOUND)
    content_type = stored.mime_type or mimetypes.guess_type(stored.file_path)[0]
    return web.Response(body=stored.data,
                        content_type=content_type or "application/octet-stream")


def register(app: web.Application) -> None:
    app.router.add_route("*", "/bot{token}/{method}", bot_method)
    app.router.add_get("/file/bot{token}/{path:.+}", download)
