"""Webhook mode: our own aiohttp endpoint, in the manner of PTB's custom-webhook example.

The platform sends each update with the secret given to setWebhook; we compare it in
constant time, store the update, and only then answer 200 (a failure to store answers
500, and the platform delivers the update again).
"""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web

from bot.inbox import Inbox

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
INBOX_KEY = web.AppKey("inbox", Inbox)
SECRET_KEY = web.AppKey("secret", bytes)


def webhook_app(inbox: Inbox, secret: str, path: str) -> web.Application:
    """The webhook's aiohttp application; the runner decides where it listens."""
    app = web.Application(client_max_size=2 * 1024 * 1024)
    app[INBOX_KEY] = inbox
    app[SECRET_KEY] = secret.encode()
    app.router.add_post(path, receive_update)
    app.router.add_get("/healthz", healthz)
    return app


async def receive_update(request: web.Request) -> web.Response:
    """The platform delivers one update."""
    given = request.headers.get(SECRET_HEADER, "").encode()
    if not hmac.compare_digest(given, request.app[SECRET_KEY]):
        log.warning("webhook call with a missing or wrong secret from %s", request.remote)
        return web.Response(status=403)
    try:
        payload = await request.json(loads=json.loads)
    except (ValueError, UnicodeDecodeError):
        return web.Response(status=400, text="not JSON")
    if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
        return web.Response(status=400, text="not an update")
    try:
        await request.app[INBOX_KEY].accept([payload])
    except Exception:
        log.exception("could not store a webhook update")
        return web.Response(status=500)
    return web.Response(status=200)


async def healthz(request: web.Request) -> web.Response:
    """A reverse proxy or a service manager asks whether the bot is up."""
    return web.json_response({"ok": True, "in_progress": request.app[INBOX_KEY].in_progress})
