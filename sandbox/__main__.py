"""``python -m sandbox``: run the sandbox standalone, for the bot to be pointed at.

Prints ``sandbox listening on http://HOST:PORT`` as its first line (flushed), so a test
that starts it with ``--port 0`` can read the address from stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

from sandbox.models import BotAccount
from sandbox.server import start_sandbox
from sandbox.state import Sandbox


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    parser.add_argument("--token", action="append", required=True,
                        help="a bot token to serve (repeatable)")
    parser.add_argument("--username", action="append", default=[],
                        help="the bot's username, paired with --token by position")
    parser.add_argument("--first-name", action="append", default=[],
                        help="the bot's display name, paired with --token by position")
    parser.add_argument("--user", action="append", default=[], metavar="ID:FIRST_NAME[:PHONE]",
                        help="a user to create at start (repeatable)")
    parser.add_argument("--webhook-retry-base", type=float, default=0.2)
    return parser.parse_args(argv)


def build(args: argparse.Namespace) -> Sandbox:
    bots = []
    for index, token in enumerate(args.token):
        username = args.username[index] if index < len(args.username) else f"bot{index}_bot"
        first_name = args.first_name[index] if index < len(args.first_name) else username
        bots.append(BotAccount(token=token, username=username, first_name=first_name))
    sandbox = Sandbox(bots, webhook_retry_base=args.webhook_retry_base)
    for spec in args.user:
        user_id, _, rest = spec.partition(":")
        first_name, _, phone = rest.partition(":")
        sandbox.add_user(first_name or f"User {user_id}", id=int(user_id), phone=phone or None)
    return sandbox


async def serve(args: argparse.Namespace) -> None:
    running = await start_sandbox(build(args), args.host, args.port)
    print(f"sandbox listening on {running.url}", flush=True)
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stopped.set)
    try:
        await stopped.wait()
    finally:
        await running.stop()


def main(argv: list[str] | None = None) -> None:
    asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
