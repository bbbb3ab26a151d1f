"""Building and starting the sandbox's aiohttp application.

``create_app`` wires the Bot API, the user side, the switches and the web chat around
one ``Sandbox``; ``start_sandbox`` runs it on a host and port (0: any free port) and
hands back the base URL and a stop function, for tests and for ``python -m sandbox``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from sandbox import botapi, userapi, webchat
from sandbox.botapi import SANDBOX
from sandbox.jsonapi import errors
from sandbox.state import Sandbox
from sandbox.webhook import WebhookDelivery

MAX_UPLOAD = 60 * 1024 * 1024
DELIVERY = web.AppKey("delivery", WebhookDelivery)


def create_app(sandbox: Sandbox) -> web.Application:
    app = web.Application(middlewares=[errors], client_max_size=MAX_UPLOAD)
    app[SANDBOX] = sandbox
    app[DELIVERY] = WebhookDelivery(sandbox)
    botapi.register(app)
    userapi.register(app)
    webchat.register(app)

    async def on_shutdown(app: web.Application) -> None:
        await sandbox.close()
        await app[DELIVERY].close()

    app.on_shutdown.append(on_shutdown)
    return app


@dataclass(frozen=True)
class RunningSandbox:
    """A started sandbox: where it listens, its state, and how to stop it."""

    url: str
    sandbox: Sandbox
    stop: Callable[[], Awaitable[None]]


async def start_sandbox(sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0
                        ) -> RunningSandbox:
    runner = web.AppRunner(create_app(sandbox), shutdown_timeout=2.0, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound_host, bound_port = runner.addresses[0][:2]
    shown_host = f"[{bound_host}]" if ":" in bound_host else bound_host
    return RunningSandbox(f"http://{shown_host}:{bound_port}", sandbox, runner.cleanup)
