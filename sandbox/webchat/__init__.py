"""The web chat: a page where a person picks a user and talks to the bot in a browser.

It is a thin client of the user-side API (``/sandbox/api/``): one jinja2 template, one
plain JavaScript file and one stylesheet, all shipped inside the package, no build step.
Bot text is drawn from Telegram's entities with DOM calls, never as markup, so nothing a
bot sends can run in the page.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
from aiohttp import web

from sandbox.botapi import SANDBOX

HERE = Path(__file__).resolve().parent
ASSETS = {"chat.js": "text/javascript", "chat.css": "text/css"}


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(HERE), autoescape=True,
                              undefined=jinja2.StrictUndefined)


def register(app: web.Application) -> None:
    environment = _environment()

    async def page(request: web.Request) -> web.Response:
        sandbox = request.app[SANDBOX]
        bots = [state.account.to_api() for state in sandbox.bots.values()]
        html = environment.get_template("chat.html.j2").render(
            bots_json=json.dumps(bots, ensure_ascii=False))
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    async def asset(request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in ASSETS:
            raise web.HTTPNotFound()
        return web.Response(body=(HERE / name).read_bytes(), content_type=ASSETS[name],
                            charset="utf-8", headers={"Cache-Control": "no-cache"})

    app.router.add_get("/", page)
    app.router.add_get("/static/{name}", asset)
