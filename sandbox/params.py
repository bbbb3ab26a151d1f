"""Reading a Bot API request's parameters the way Telegram does, whatever the encoding.

Telegram accepts a query string, a JSON body, a urlencoded form or multipart. Clients
mix them: python-telegram-bot sends a form whose nested objects (reply_markup, entities,
link_preview_options) are JSON strings and whose numbers and booleans are strings, and it
switches to multipart when a file is uploaded. Everything is brought to one typed dict
here so the methods never care how it arrived.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web

from sandbox.errors import bad_request

JSON_FIELDS = frozenset({
    "reply_markup", "entities", "caption_entities", "link_preview_options", "allowed_updates",
    "reply_parameters", "commands", "scope", "media", "results",
})
INT_FIELDS = frozenset({
    "offset", "limit", "timeout", "message_id", "reply_to_message_id", "cache_time",
    "duration", "max_connections", "message_thread_id",
})
BOOL_FIELDS = frozenset({
    "disable_web_page_preview", "disable_notification", "protect_content",
    "drop_pending_updates", "show_alert", "allow_sending_without_reply",
    "disable_content_type_detection",
})
CHAT_FIELDS = frozenset({"chat_id", "from_chat_id", "user_id"})


@dataclass(frozen=True)
class Upload:
    """A file sent inside a multipart request."""

    data: bytes
    filename: str | None
    content_type: str | None

    def summary(self) -> str:
        return f"<upload {self.filename or 'file'}, {len(self.data)} bytes>"


def _coerce(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        if name in JSON_FIELDS:
            return json.loads(value)
        if name in INT_FIELDS:
            return int(value)
        if name in BOOL_FIELDS:
            return value.lower() in ("true", "1")
    except ValueError:
        raise bad_request(f"can't parse {name} JSON object") from None
    if name in CHAT_FIELDS and value.lstrip("-").isdigit():
        return int(value)
    return value


async def _multipart(request: web.Request) -> dict[str, Any]:
    values: dict[str, Any] = {}
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue
        data = await part.read()
        if part.filename is not None:
            values[part.name] = Upload(bytes(data), part.filename,
                                       part.headers.get("Content-Type"))
        else:
            values[part.name] = data.decode(part.get_charset(default="utf-8"))
    return values


async def read_params(request: web.Request) -> dict[str, Any]:
    """All parameters of a request, typed as the methods expect them."""
    values: dict[str, Any] = dict(request.query)
    content_type = request.content_type
    if request.can_read_body:
        if content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON body") from None
            if not isinstance(body, dict):
                raise bad_request("JSON body must be an object")
            values.update(body)
        elif content_type.startswith("multipart/"):
            values.update(await _multipart(request))
        else:
            values.update(await request.post())
    return {name: _coerce(name, value) for name, value in values.items()}


def summarize(params: dict[str, Any]) -> dict[str, Any]:
    """The parameters as the call record keeps them: uploads by name and size only."""
    return {name: value.summary() if isinstance(value, Upload) else value
            for name, value in params.items()}
