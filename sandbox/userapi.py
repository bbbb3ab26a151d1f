"""The user side under ``/sandbox/api/``: people, chats, and the test switches.

Tests and the web chat use it to act as people and to read what the bot did. Answers
are plain JSON; failures are ``{"error": "..."}`` with a 4xx status. Every route that
concerns one bot takes ``bot`` (id or username) in the query or body, defaulting to the
first bot. The test switches (faults, holds, the call record) live in switch_routes.
"""

from __future__ import annotations

import base64
from typing import Any

from aiohttp import BodyPartReader, web

from sandbox import people, switch_routes
from sandbox.botapi import SANDBOX
from sandbox.jsonapi import ApiFailure, number, read_body, reply
from sandbox.models import BotState, SandboxUser
from sandbox.people import message_view
from sandbox.state import Sandbox

MAX_WAIT = 60.0
SENDERS = ("any", "bot", "user")


def _sandbox(request: web.Request) -> Sandbox:
    return request.app[SANDBOX]


def _bot(request: web.Request, body: dict[str, Any] | None = None) -> BotState:
    ref = (body or {}).get("bot") or request.query.get("bot")
    try:
        return _sandbox(request).bot(ref)
    except KeyError:
        raise ApiFailure(404, f"no bot {ref!r}") from None


def _user(request: web.Request) -> SandboxUser:
    raw = request.match_info["user_id"]
    users = _sandbox(request).users
    if not raw.lstrip("-").isdigit() or int(raw) not in users:
        raise ApiFailure(404, f"no user {raw}")
    return users[int(raw)]


# --- people and bots -----------------------------------------------------------------


async def list_bots(request: web.Request) -> web.Response:
    bots = [{**state.account.to_api(), "webhook": state.webhook.url if state.webhook else None,
             "pending_updates": len(state.updates),
             "commands": state.commands.get(('{"type": "default"}', ""), [])}
            for state in _sandbox(request).bots.values()]
    return reply({"bots": bots})


async def list_users(request: web.Request) -> web.Response:
    return reply({"users": [user.view() for user in _sandbox(request).users.values()]})


async def create_user(request: web.Request) -> web.Response:
    body = await read_body(request)
    sandbox = _sandbox(request)
    if not str(body.get("first_name") or "").strip():
        raise ApiFailure(400, "first_name is required")
    if body.get("id") is not None and int(body["id"]) in sandbox.users:
        raise ApiFailure(409, f"user {body['id']} exists")
    user = sandbox.add_user(
        str(body["first_name"]), id=int(body["id"]) if body.get("id") is not None else None,
        last_name=body.get("last_name"), username=body.get("username"),
        language_code=body.get("language_code"), phone=body.get("phone"))
    return reply(user.view(), 201)


async def get_user(request: web.Request) -> web.Response:
    return reply(_user(request).view())


async def block(request: web.Request) -> web.Response:
    """The user blocks (or unblocks) the bot: sends to them then fail with 403."""
    body = await read_body(request)
    user, bot = _user(request), _bot(request, body)
    sandbox = _sandbox(request)
    chat = sandbox.chat(bot.account.id, user.id)
    blocked = bool(body.get("blocked", True))
    if blocked != chat.blocked:
        chat.blocked = blocked
        await people.member_changed(sandbox, bot, user, "kicked" if blocked else "member")
    return reply({"user_id": user.id, "bot_id": bot.account.id, "blocked": chat.blocked})


# --- chats -------------------------------------------------------------------------------


async def chat_state(request: web.Request) -> web.Response:
    user, bot = _user(request), _bot(request)
    chat = _sandbox(request).chat(bot.account.id, user.id)
    return reply({"user_id": user.id, "bot_id": bot.account.id, "started": chat.started,
                  "blocked": chat.blocked, "reply_keyboard": chat.reply_keyboard,
                  "last_action": chat.last_action[0] if chat.last_action else None,
                  "message_count": len(chat.messages), "seq": _sandbox(request).seq})


async def read_messages(request: web.Request) -> web.Response:
    """Messages changed after ``after`` (a seq); with ``wait``, long-poll for the first."""
    sandbox, user, bot = _sandbox(request), _user(request), _bot(request)
    after = int(number(request.query.get("after"), "after", 0))
    wait = min(number(request.query.get("wait"), "wait", 0), MAX_WAIT)
    sender = request.query.get("sender", "any")
    if sender not in SENDERS:
        raise ApiFailure(400, f"sender must be one of {', '.join(SENDERS)}")
    chat = sandbox.chat(bot.account.id, user.id)

    def changed() -> list[Any]:
        return [m for m in chat.messages.values() if m.seq > after
                and (sender == "any" or m.from_bot == (sender == "bot"))]

    if wait > 0 and not changed():
        await sandbox.wait_changed(lambda: bool(changed()), wait)
    found = sorted(changed(), key=lambda m: m.message_id)
    return reply({"seq": sandbox.seq, "reply_keyboard": chat.reply_keyboard,
                  "blocked": chat.blocked,
                  "messages": [message_view(sandbox, chat, m) for m in found]})


def _sent(sandbox: Sandbox, result: tuple[Any, Any, int]) -> web.Response:
    chat, message, update_id = result
    return reply({"message": message_view(sandbox, chat, message), "update_id": update_id,
                  "seq": message.seq}, 201)


async def send_text(request: web.Request) -> web.Response:
    body = await read_body(request)
    if not isinstance(body.get("text"), str):
        raise ApiFailure(400, "text is required")
    reply_to = body.get("reply_to_message_id")
    result = await people.send_text(_sandbox(request), _bot(request, body), _user(request),
                                    body["text"], int(reply_to) if reply_to else None)
    return _sent(_sandbox(request), result)


async def press(request: web.Request) -> web.Response:
    body = await read_body(request)
    if body.get("message_id") is None:
        raise ApiFailure(400, "message_id is required")
    if body.get("data") is None and body.get("text") is None:
        raise ApiFailure(400, "data or text names the button")
    answer = await people.press_button(
        _sandbox(request), _bot(request, body), _user(request), int(body["message_id"]),
        data=body.get("data"), text=body.get("text"), forged=bool(body.get("forged")),
        wait=min(number(body.get("wait"), "wait", 5.0), MAX_WAIT))
    return reply(answer)


async def contact(request: web.Request) -> web.Response:
    body = await read_body(request)
    given = body.get("contact") or ({k: v for k, v in body.items() if k != "bot"}
                                    if body.get("phone_number") else None)
    result = await people.share_contact(_sandbox(request), _bot(request, body),
                                        _user(request), given)
    return _sent(_sandbox(request), result)


async def _upload(request: web.Request, kind: str) -> dict[str, Any]:
    """The file and its fields from multipart or from JSON with ``data_base64``."""
    if request.content_type.startswith("multipart/"):
        fields: dict[str, Any] = {}
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.filename is not None or part.name in ("file", kind):
                fields.update(data=bytes(await part.read()), file_name=part.filename,
                              mime_type=part.headers.get("Content-Type"))
            else:
                fields[part.name] = await part.text()
        return fields
    body = await read_body(request)
    try:
        data = base64.b64decode(str(body.get("data_base64") or ""), validate=True)
    except ValueError:
        raise ApiFailure(400, "data_base64 is not base64") from None
    return {**body, "data": data}


def media_route(kind: str) -> Any:
    async def send(request: web.Request) -> web.Response:
        fields = await _upload(request, kind)
        result = await people.send_media(
            _sandbox(request), _bot(request, fields), _user(request), kind,
            fields.get("data") or b"", file_name=fields.get("file_name"),
            mime_type=fields.get("mime_type"), caption=fields.get("caption"),
            duration=int(number(fields.get("duration"), "duration", 1)))
        return _sent(_sandbox(request), result)

    return send


async def file_bytes(request: web.Request) -> web.Response:
    stored = _sandbox(request).files.get(request.match_info["file_id"])
    if stored is None:
        raise ApiFailure(404, "no such file")
    return web.Response(body=stored.data,
                        content_type=stored.mime_type or "application/octet-stream")


def register(app: web.Application) -> None:
    add = app.router
    add.add_get("/sandbox/api/bots", list_bots)
    add.add_get("/sandbox/api/users", list_users)
    add.add_post("/sandbox/api/users", create_user)
    add.add_get("/sandbox/api/users/{user_id}", get_user)
    add.add_post("/sandbox/api/users/{user_id}/block", block)
    add.add_get("/sandbox/api/chats/{user_id}", chat_state)
    add.add_get("/sandbox/api/chats/{user_id}/messages", read_messages)
    add.add_post("/sandbox/api/chats/{user_id}/messages", send_text)
    add.add_post("/sandbox/api/chats/{user_id}/press", press)
    add.add_post("/sandbox/api/chats/{user_id}/contact", contact)
    for kind in ("photo", "voice", "document"):
        add.add_post(f"/sandbox/api/chats/{{user_id}}/{kind}", media_route(kind))
    add.add_get("/sandbox/api/files/{file_id}", file_bytes)
    switch_routes.register(app)

