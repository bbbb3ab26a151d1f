"""One bot of bench/booking_flow.py, in a process of its own so its CPU time can be read alone.

Run: python bench/_booking_child.py daiban
     python bench/_booking_child.py echo --api URL --token T [--poll-timeout 10]
         [--concurrency 64]

`daiban` is the whole `daiban --log-level WARNING run` (case service API + bot in one
process), configured by the DAIBAN_* environment the bench gives it; without profiling this
process simply becomes it (exec), so the measured process is exactly the CLI. It prints
"case service API: ..." when ready, as the CLI does.

`echo` is the bare python-telegram-bot echo bot of bench/_bot_runtime_child.py, with an
inline keyboard under each answer and a CallbackQueryHandler that answers the press and
edits the message, so that presses cost it what they cost a real bot. It prints "ready"
once it polls, and stops on SIGTERM, SIGINT or when its stdin closes.

With BOOKING_BENCH_PROFILE=FILE set, the process is profiled with cProfile (the main
thread and every thread started afterwards); SIGUSR1 clears what was gathered so far
(the bench sends it when the measured phase starts) and the stats are written to FILE at
the stop. Such a run is slower: its figures are not the ones to quote.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import logging
import os
import pstats
import signal
import sys
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bot_runtime_child import ECHO_TEXT, Profiler

PROFILE_ENV = "BOOKING_BENCH_PROFILE"
DAIBAN_ARGS = ["--log-level", "WARNING", "run"]


class ClearableProfiler(Profiler):
    """The bench's Profiler, whose gathered stats can be dropped (SIGUSR1): the setup
    (onboarding 200 residents) is not what is measured."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.live: list[cProfile.Profile] = [self.main]

    def start(self) -> None:
        original = self._original_run = threading.Thread.run
        finished, lock, live = self.finished, self._lock, self.live

        def profiled_run(thread: threading.Thread) -> None:
            profile = cProfile.Profile()
            with lock:
                live.append(profile)
            profile.enable()
            try:
                original(thread)
            finally:
                profile.disable()
                with lock:
                    finished.append(profile)

        threading.Thread.run = profiled_run  # type: ignore[method-assign]
        self.main.enable()

    def clear(self) -> None:
        with self._lock:
            for profile in self.live:
                profile.clear()

    def stop(self) -> None:
        self.main.disable()
        if self._original_run is not None:
            threading.Thread.run = self._original_run  # type: ignore[method-assign]
        with self._lock:
            others = [p for p in self.live if p is not self.main]
        stats = pstats.Stats(self.main)
        for profile in others:
            with contextlib.suppress(TypeError):  # a thread that gathered nothing
                stats.add(profile)
        stats.dump_stats(str(self.path))


def run_daiban() -> int:
    profile = os.environ.get(PROFILE_ENV)
    if not profile:
        daiban = Path(sys.executable).with_name("daiban")
        os.execv(str(daiban), [str(daiban), *DAIBAN_ARGS])
    from daiban.cli import run

    profiler = ClearableProfiler(Path(profile))
    signal.signal(signal.SIGUSR1, lambda *_: profiler.clear())
    profiler.start()
    try:
        return run(DAIBAN_ARGS)
    finally:
        profiler.stop()


async def run_echo(args: argparse.Namespace) -> None:
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
    from telegram.constants import ParseMode
    from telegram.ext import (
        ApplicationBuilder,
        CallbackQueryHandler,
        ContextTypes,
        MessageHandler,
    )
    from telegram.ext import filters as ptb_filters

    def keyboard(step: int) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([
            [InlineKeyboardButton("第一项", callback_data=f"echo:{step}:1"),
             InlineKeyboardButton("第二项", callback_data=f"echo:{step}:2")],
            [InlineKeyboardButton("首页", callback_data="echo:home")]])

    async def answer(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None:
            return
        name = update.effective_user.first_name if update.effective_user else "您"
        await message.reply_text(ECHO_TEXT.format(name=name), parse_mode=ParseMode.HTML,
                                 reply_markup=keyboard(0))

    async def pressed(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        await query.answer()
        parts = (query.data or "").split(":")
        step = int(parts[1]) + 1 if len(parts) == 3 else 1
        name = update.effective_user.first_name if update.effective_user else "您"
        await query.edit_message_text(f"第 {step} 步\n" + ECHO_TEXT.format(name=name),
                                      parse_mode=ParseMode.HTML, reply_markup=keyboard(step))

    application = (ApplicationBuilder().token(args.token).base_url(f"{args.api}/bot")
                   .base_file_url(f"{args.api}/file/bot")
                   .concurrent_updates(args.concurrency).build())
    application.add_handler(MessageHandler(ptb_filters.ALL, answer))
    application.add_handler(CallbackQueryHandler(pressed))
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
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=args.poll_timeout)
    try:
        print("ready", flush=True)
        await stop.wait()
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("daiban", "echo"))
    parser.add_argument("--api", help="echo: the Bot API base URL (the sandbox)")
    parser.add_argument("--token", help="echo: its token")
    parser.add_argument("--poll-timeout", type=int, default=10, help="getUpdates seconds")
    parser.add_argument("--concurrency", type=int, default=64, help="updates at once")
    args: Any = parser.parse_args(argv)
    if args.kind == "daiban":
        return run_daiban()
    if not args.api or not args.token:
        parser.error("echo needs --api and --token")
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    profile = os.environ.get(PROFILE_ENV)
    profiler = ClearableProfiler(Path(profile)) if profile else None
    if profiler is not None:
        signal.signal(signal.SIGUSR1, lambda *_: profiler.clear())
        profiler.start()
    try:
        asyncio.run(run_echo(args))
    finally:
        if profiler is not None:
            profiler.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
