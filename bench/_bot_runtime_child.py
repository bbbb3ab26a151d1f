"""One bot of bench/bot_runtime.py, in a process of its own so its CPU time can be read alone.

Run: python bench/_bot_runtime_child.py daiban|echo --api URL --token T [--db PATH]
         [--poll-timeout 10] [--concurrency 64]

`daiban` is the real BotRuntime (polling, no case service) over a fresh SQLite BotStore
migrated here, with the rates raised so that pacing never waits; `echo` is a bare
python-telegram-bot Application answering /start (and anything else) with a fixed
Chinese text as long as the welcome screen. Either prints "ready" on stdout once it
polls, and stops cleanly on SIGTERM, SIGINT or when its stdin closes (the bench died).

With BOT_RUNTIME_BENCH_PROFILE=FILE set, everything after "ready" is profiled with
cProfile, the main thread and every thread started afterwards (aiosqlite runs each
SQLite connection in a thread of its own), and the merged stats are written to FILE at
the stop. Such a run is slower: its figures are not the ones to quote.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import os
import pstats
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROFILE_ENV = "BOT_RUNTIME_BENCH_PROFILE"
ECHO_TEXT = (
    "<b>{name}，您好！</b>\n"
    "这是一个最简单的回声机器人：收到什么消息，都回这一段固定的文字。\n\n"
    "它能做的：\n"
    "• 收到消息\n"
    "• 回一段文字\n"
    "• 别的什么也不做\n"
    "• 不存任何东西\n\n"
    "想再看一遍？再发送 /start 就行。"
)
"""As long as the welcome screen (about 130 characters, HTML, greeting by first name)."""


class Profiler:
    """cProfile over the main thread and every thread started after `start()`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.main = cProfile.Profile()
        self.finished: list[cProfile.Profile] = []
        self._lock = threading.Lock()
        self._original_run: Callable[[threading.Thread], None] | None = None

    def start(self) -> None:
        original = self._original_run = threading.Thread.run
        finished, lock = self.finished, self._lock

        def profiled_run(thread: threading.Thread) -> None:
            profile = cProfile.Profile()
            profile.enable()
            try:
                original(thread)
            finally:
                profile.disable()
                with lock:
                    finished.append(profile)

        threading.Thread.run = profiled_run  # type: ignore[method-assign]
        self.main.enable()

    def stop(self) -> None:
        self.main.disable()
        if self._original_run is not None:
            threading.Thread.run = self._original_run  # type: ignore[method-assign]
        with self._lock:
            others = list(self.finished)
        stats = pstats.Stats(self.main)
        for profile in others:
            stats.add(profile)
        stats.dump_stats(str(self.path))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("daiban", "echo"))
    parser.add_argument("--api", required=True, help="the Bot API base URL (the sandbox)")
    parser.add_argument("--token", required=True)
    parser.add_argument("--db", help="daiban: the SQLite file of the bot store")
    parser.add_argument("--poll-timeout", type=int, default=10, help="getUpdates seconds")
    parser.add_argument("--concurrency", type=int, default=64,
                        help="updates handled at once (daiban: chats at once)")
    return parser.parse_args(argv)


async def run_daiban(args: argparse.Namespace, ready: Callable[[], None],
                     stop: asyncio.Event) -> None:
    from backend.storage.engine import create_engine, write_turn
    from backend.storage.settings import StorageSettings
    from bot.clock import WallClock
    from bot.runtime import BotRuntime
    from bot.settings import BotSettings
    from bot.store import BotStore
    from bot.store import migrate as bot_migrate
    from texts.render import Texts

    if not args.db:
        raise SystemExit("daiban needs --db")
    engine = create_engine(StorageSettings(database_url=f"sqlite+aiosqlite:///{args.db}"))
    try:
        await bot_migrate.upgrade(engine)
        settings = BotSettings(
            telegram_api_url=args.api, bot_mode="polling", bot_global_rate=100_000,
            bot_chat_rate=100_000, bot_chat_burst=1000, bot_poll_timeout=args.poll_timeout,
            bot_max_concurrent_updates=args.concurrency)
        runtime = BotRuntime(settings, args.token,
                             store=BotStore(engine, lambda: write_turn(engine)),
                             texts=Texts.load(), clock=WallClock(), cases=None)
        await runtime.start()
        if os.environ.get(PROFILE_ENV):  # reopen the pool's connections (and their threads)
            await engine.dispose()       # after "ready", so that they are profiled too
        try:
            ready()
            await stop.wait()
        finally:
            await runtime.stop()
    finally:
        await engine.dispose()  # closes aiosqlite's threads (their profiles end here)


async def run_echo(args: argparse.Namespace, ready: Callable[[], None],
                   stop: asyncio.Event) -> None:
    from telegram import Update
    from telegram.constants import ParseMode
    from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes, MessageHandler
    from telegram.ext import filters as ptb_filters

    async def answer(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None:
            return
        name = update.effective_user.first_name if update.effective_user else "您"
        await message.reply_text(ECHO_TEXT.format(name=name), parse_mode=ParseMode.HTML)

    application = (ApplicationBuilder().token(args.token).base_url(f"{args.api}/bot")
                   .base_file_url(f"{args.api}/file/bot")
                   .concurrent_updates(args.concurrency).build())
    application.add_handler(CommandHandler("start", answer))
    application.add_handler(MessageHandler(ptb_filters.ALL, answer))
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=args.poll_timeout)
    try:
        ready()
        await stop.wait()
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


async def main_async(args: argparse.Namespace) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)

    def stdin_readable() -> None:  # the bench closes our stdin, or dies: stop
        try:
            data = os.read(sys.stdin.fileno(), 4096)
        except OSError:
            data = b""
        if not data:
            loop.remove_reader(sys.stdin.fileno())
            stop.set()

    loop.add_reader(sys.stdin.fileno(), stdin_readable)
    profile_path = os.environ.get(PROFILE_ENV)
    profiler = Profiler(Path(profile_path)) if profile_path else None

    def ready() -> None:
        if profiler is not None:
            profiler.start()
        print("ready", flush=True)

    run = run_daiban if args.kind == "daiban" else run_echo
    try:
        await run(args, ready, stop)
    finally:
        if profiler is not None:
            await asyncio.sleep(0.2)  # let the closed connections' threads end
            profiler.stop()


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    args: Any = parse_args(argv)
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
