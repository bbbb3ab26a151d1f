"""What the bot's durable runtime costs per update, beside a bare PTB echo bot, in one run.

Run: .venv/bin/python bench/bot_runtime.py [--users 200] [--messages 5] [--warmup 1]
         [--rounds 1] [--concurrency 64] [--poll-timeout 10] [--quick] [--json]
         [--profile PREFIX]

One sandbox (the local Bot API stand-in, served from this process on a loopback port)
serves two bots, each run in a process of its own by bench/_bot_runtime_child.py:

* daiban: the real BotRuntime in polling mode, no case service, over a fresh SQLite
  BotStore in a temporary directory: every update is stored before it is confirmed,
  handled by the real routes (/start answers with the welcome screen, rendered from the
  templates), and marked done with the conversation state in one commit. The limiter's
  rates are raised far beyond the platform's (global and per-chat 100 000/s, burst 1000)
  so that pacing never waits: the figure is the runtime's own cost, not Telegram's limits.
* echo: a bare python-telegram-bot Application (its own Updater, no persistence, no rate
  limiter) answering /start with a fixed Chinese text of the welcome screen's length.

Both poll with the same getUpdates timeout and handle up to the same number of updates at
once (`--concurrency`: the inbox's chats at once for daiban, PTB's concurrent_updates for
echo). N simulated users (200 by default) each send M times "/start" through the
sandbox's user side, waiting for the bot's answer (a long-poll read of the chat) before
sending the next, all users at once; echo is measured first, then daiban (`--rounds`
repeats the pair, alternating the order). A warm-up of one message per user per bot,
not counted, comes first, so that first-contact costs (user data rows, template and
statement caches) do not dominate a short run.

Figures per bot: updates answered, wall seconds, updates/s, p50/p99 latency from the
update entering the sandbox's queue to the bot's reply being posted in the chat (taken
inside the sandbox, in this process, so the load generator's own wake-ups do not count;
the latency the simulated users saw, from their send returning to the reply being
readable, is shown beside it), and the CPU time of the bot's process alone (utime+stime
of all its threads, from /proc/<pid>/stat) per update, counted from the first send until
the bot is idle again after the last reply (so commits made after a reply count). The
ratio of daiban's CPU per update to echo's is the figure to watch (target: at most 2x).
The harness (sandbox + users) runs in this process; its CPU share is printed, since a
saturated harness would cap updates/s for both bots alike.

With --profile PREFIX, both children are profiled with cProfile (all threads, from
"ready" to the stop) and where their time goes is printed, by area side by side, then
daiban's top functions; a profiled run is slower, so its figures are not the ones to
quote.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import pstats
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import telegram
from rich.console import Console
from rich.table import Table

from sandbox.models import BotAccount, BotState, Chat, ChatMessage
from sandbox.server import start_sandbox
from sandbox.state import Sandbox

CHILD = Path(__file__).resolve().with_name("_bot_runtime_child.py")
PROFILE_ENV = "BOT_RUNTIME_BENCH_PROFILE"  # read by the child
TARGET_RATIO = 2.0
BOTS = {  # kind -> (token, username)
    "echo": ("7100000001:BENCH-bare-ptb-echo-bot-token-0001", "bench_echo_bot"),
    "daiban": ("7100000002:BENCH-daiban-runtime-bot-token-0002", "bench_daiban_bot"),
}
TEXT = "/start"
FULL = {"users": 200, "messages": 5, "warmup": 1, "rounds": 1}
QUICK = {"users": 10, "messages": 2, "warmup": 1, "rounds": 1}
READY_TIMEOUT = 90.0
IDLE_WAITS = ("method 'poll' of 'select.epoll'", "method 'acquire' of '_thread.lock'",
              "method 'get' of '_queue.SimpleQueue'", "method 'wait' of",
              "built-in method time.sleep")
"""Profile entries that are a thread waiting, not working: left out of the top costs."""


# --- the bot processes' CPU time ----------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, all its threads, from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rpartition(")")[2].split()
    ticks = int(fields[11]) + int(fields[12])  # fields 14 and 15 of proc(5)
    return ticks / os.sysconf("SC_CLK_TCK")


async def settled_cpu(pid: int, *, quiet: int = 3, step: float = 0.1,
                      limit: float = 5.0) -> float:
    """The process's CPU time once it has stopped growing (its work after the last reply
    done: daiban commits after it replies)."""
    last, still, waited = cpu_seconds(pid), 0, 0.0
    while still < quiet and waited < limit:
        await asyncio.sleep(step)
        waited += step
        now = cpu_seconds(pid)
        still = still + 1 if now == last else 0
        last = now
    return last


# --- the sandbox, timing updates to replies ------------------------------------------------


class TimedSandbox(Sandbox):
    """The sandbox, noting when each chat's update was queued and when the bot's reply
    was posted: the update-to-reply latency, free of the load generator's wake-ups."""

    def __init__(self, bots: list[BotAccount]) -> None:
        super().__init__(bots)
        self.queued: dict[tuple[int, int], float] = {}
        self.latencies: dict[int, list[float]] = {bot.id: [] for bot in bots}

    async def enqueue_update(self, bot: BotState, kind: str, payload: dict[str, Any]) -> int:
        chat_id = (payload.get("chat") or {}).get("id")
        if isinstance(chat_id, int):
            self.queued[(bot.account.id, chat_id)] = time.perf_counter()
        return await super().enqueue_update(bot, kind, payload)

    async def post(self, chat: Chat, *, from_bot: bool, content: dict[str, Any],
                   text: str | None = None, parse_mode: str | None = None,
                   reply_markup: dict[str, Any] | None = None, reply_to: int | None = None,
                   files: list[str] | None = None) -> ChatMessage:
        if from_bot:
            queued = self.queued.pop((chat.bot.id, chat.user.id), None)
            if queued is not None:
                self.latencies[chat.bot.id].append(time.perf_counter() - queued)
        return await super().post(chat, from_bot=from_bot, content=content, text=text,
                                  parse_mode=parse_mode, reply_markup=reply_markup,
                                  reply_to=reply_to, files=files)


# --- figures -------------------------------------------------------------------------------


def percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(percent / 100 * len(ordered)) - 1))
    return ordered[rank] if ordered else 0.0


@dataclass
class Figures:
    """One bot's measured phases, summed over the rounds."""

    name: str
    updates: int = 0
    wall_s: float = 0.0
    cpu_s: float = 0.0
    harness_cpu_s: float = 0.0
    polls: int = 0  # getUpdates calls answered by the sandbox
    latencies: list[float] = field(default_factory=list)  # sandbox: queued -> reply posted
    seen: list[float] = field(default_factory=list)  # users: send returned -> reply read
    failures: list[str] = field(default_factory=list)

    @property
    def updates_per_s(self) -> float:
        return self.updates / self.wall_s if self.wall_s else 0.0

    @property
    def cpu_ms_per_update(self) -> float:
        return self.cpu_s * 1000 / self.updates if self.updates else 0.0

    @property
    def batch(self) -> float:
        """Updates per getUpdates call: a bot that polls more often pays more per update."""
        return self.updates / self.polls if self.polls else 0.0

    @property
    def harness_share(self) -> float:
        return self.harness_cpu_s / self.wall_s if self.wall_s else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "bot": self.name, "updates": self.updates, "wall_s": round(self.wall_s, 3),
            "updates_per_s": round(self.updates_per_s, 1),
            "p50_ms": round(percentile(self.latencies, 50) * 1000, 2),
            "p99_ms": round(percentile(self.latencies, 99) * 1000, 2),
            "users_p50_ms": round(percentile(self.seen, 50) * 1000, 2),
            "users_p99_ms": round(percentile(self.seen, 99) * 1000, 2),
            "cpu_s": round(self.cpu_s, 3), "cpu_ms_per_update": round(self.cpu_ms_per_update, 3),
            "harness_cpu_share": round(self.harness_share, 3), "get_updates_calls": self.polls,
            "updates_per_get_updates": round(self.batch, 2), "failures": self.failures,
        }


# --- the bots' processes -------------------------------------------------------------------


@dataclass
class Child:
    kind: str
    token: str
    username: str
    process: subprocess.Popen[str]
    stderr_path: Path

    def stderr_tail(self, lines: int = 15) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.stderr_path.read_text(errors="replace").splitlines()[-lines:])
        return ""


def child_env(profile: str | None) -> dict[str, str]:
    """This environment without DAIBAN_* (the settings are given explicitly)."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("DAIBAN_") and key != PROFILE_ENV}
    if profile:
        env[PROFILE_ENV] = profile
    return env


def spawn(command: list[str], stderr_path: Path, env: dict[str, str]
          ) -> subprocess.Popen[str]:
    with stderr_path.open("w") as stderr:
        return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=stderr, text=True, env=env)


async def start_child(kind: str, api: str, workdir: Path, args: argparse.Namespace,
                      children: list[Child]) -> Child:
    token, username = BOTS[kind]
    command = [sys.executable, str(CHILD), kind, "--api", api, "--token", token,
               "--poll-timeout", str(args.poll_timeout), "--concurrency", str(args.concurrency)]
    if kind == "daiban":
        command += ["--db", str(workdir / "bot-store.db")]
    stderr_path = workdir / f"{kind}.stderr"
    profile = f"{args.profile}.{kind}.prof" if args.profile else None
    process = spawn(command, stderr_path, child_env(profile))
    child = Child(kind, token, username, process, stderr_path)
    children.append(child)  # killed in the end whatever happens next
    assert process.stdout is not None
    try:
        line = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline),
                                      READY_TIMEOUT)
    except TimeoutError:
        line = ""
    if line.strip() != "ready":
        raise RuntimeError(f"the {kind} bot did not start:\n{child.stderr_tail()}")
    return child


def stop_children(children: list[Child], grace: float = 15.0) -> None:
    """Ask each bot to stop (closing its stdin, SIGTERM), then kill what is left."""
    for child in children:
        if child.process.poll() is None:
            with contextlib.suppress(OSError):
                if child.process.stdin is not None:
                    child.process.stdin.close()
                child.process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for child in children:
        try:
            child.process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.process.kill()
            child.process.wait()
        if child.process.stdout is not None:
            child.process.stdout.close()


# --- the users -----------------------------------------------------------------------------


async def create_users(http: aiohttp.ClientSession, api: str, count: int) -> list[int]:
    ids = []
    for number in range(1, count + 1):
        async with http.post(f"{api}/sandbox/api/users",
                             json={"first_name": f"村民{number:03d}",
                                   "language_code": "zh"}) as response:
            response.raise_for_status()
            ids.append(int((await response.json())["id"]))
    return ids


async def converse(http: aiohttp.ClientSession, api: str, user_id: int, bot: str,
                   count: int, seen: list[float], failures: list[str],
                   answer_within: float) -> int:
    """One user sends `count` times /start, each after the answer to the last."""
    answered = 0
    chat = f"{api}/sandbox/api/chats/{user_id}/messages"
    for _ in range(count):
        async with http.post(chat, json={"text": TEXT, "bot": bot}) as response:
            if response.status != 201:
                failures.append(f"user {user_id}: sending to {bot} failed "
                                f"({response.status}: {await response.text()})")
                return answered
            after = int((await response.json())["seq"])
        sent = time.perf_counter()
        deadline = sent + answer_within
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                failures.append(f"user {user_id}: no answer from {bot} within {answer_within:g} s")
                return answered
            query = {"after": str(after), "wait": f"{min(remaining, 10.0):.2f}",
                     "sender": "bot", "bot": bot}
            async with http.get(chat, params=query) as response:
                body = await response.json()
            if body.get("messages"):
                break
        seen.append(time.perf_counter() - sent)
        answered += 1
    return answered


async def measure(child: Child, sandbox: TimedSandbox, http: aiohttp.ClientSession, api: str,
                  users: list[int], count: int, answer_within: float, into: Figures | None
                  ) -> None:
    """All users at once, `count` messages each; added to `into` (None: a warm-up)."""
    bot_id = int(child.token.split(":", 1)[0])
    latencies = sandbox.latencies[bot_id]
    first = len(latencies)
    seen: list[float] = []
    failures: list[str] = []
    cpu_before = await settled_cpu(child.process.pid)
    calls_before = len(sandbox.switches.calls)
    harness_before = time.process_time()
    started = time.perf_counter()
    answered = await asyncio.gather(*(converse(http, api, user, child.username, count, seen,
                                               failures, answer_within) for user in users))
    wall = time.perf_counter() - started
    harness = time.process_time() - harness_before
    cpu = await settled_cpu(child.process.pid) - cpu_before
    polls = sum(1 for call in sandbox.switches.calls[calls_before:]
                if call.bot_id == bot_id and call.method == "getUpdates")
    if child.process.poll() is not None:
        failures.append(f"the {child.kind} bot exited ({child.process.returncode}):\n"
                        f"{child.stderr_tail()}")
    if into is None:
        if failures:
            into_failures = [f"warm-up: {failure}" for failure in failures[:5]]
            raise RuntimeError("\n".join(into_failures))
        return
    into.updates += sum(answered)
    into.wall_s += wall
    into.cpu_s += cpu
    into.harness_cpu_s += harness
    into.polls += polls
    into.latencies += latencies[first:]
    into.seen += seen
    into.failures += failures


# --- output --------------------------------------------------------------------------------


def ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def print_report(console: Console, args: argparse.Namespace, figures: dict[str, Figures],
                 users: int) -> None:
    echo, daiban = figures["echo"], figures["daiban"]
    console.print(
        f"[bold]bot runtime benchmark[/bold]: {users} users x {args.messages} messages "
        f"('{TEXT}') per bot, each user waiting for the answer before the next, all users "
        f"at once; warm-up {args.warmup} message(s) per user per bot, not counted; "
        f"{args.rounds} round(s); {os.cpu_count()} CPUs")
    console.print(
        f"both bots: getUpdates long-poll {args.poll_timeout} s, up to {args.concurrency} "
        f"updates at once; the sandbox and the users run in this process, each bot in its "
        f"own (python-telegram-bot {telegram.__version__})")
    console.print(
        "daiban: BotRuntime (inbox: store, dispatch, commit per update; store-backed "
        "persistence; paced limiter; outbox), SQLite bot store (WAL), no case service; "
        "rates raised to global 100000/s, chat 100000/s, burst 1000 so pacing never waits: "
        "this is the runtime's own cost, not the platform's limits")
    console.print(
        f"echo: bare PTB Application (Updater polling, concurrent_updates={args.concurrency}, "
        "no persistence, no rate limiter), fixed Chinese HTML text of the welcome's length")
    table = Table(title="update -> reply, per bot")
    for column in ("bot", "updates", "wall s", "updates/s", "p50 ms", "p99 ms",
                   "users' p50 ms", "users' p99 ms", "bot CPU s", "CPU ms/update",
                   "updates/getUpdates", "harness CPU"):
        table.add_column(column, justify="left" if column == "bot" else "right")
    for name, label in (("echo", "echo (bare PTB)"), ("daiban", "daiban (BotRuntime)")):
        f = figures[name]
        table.add_row(
            label, str(f.updates), f"{f.wall_s:.2f}", f"{f.updates_per_s:.1f}",
            f"{percentile(f.latencies, 50) * 1000:.1f}",
            f"{percentile(f.latencies, 99) * 1000:.1f}",
            f"{percentile(f.seen, 50) * 1000:.1f}", f"{percentile(f.seen, 99) * 1000:.1f}",
            f"{f.cpu_s:.2f}", f"{f.cpu_ms_per_update:.2f}", f"{f.batch:.1f}",
            f"{f.harness_share:.0%}")
    console.print(table)
    console.print(
        "p50/p99: update queued in the sandbox -> the bot's reply posted there (timed inside "
        "the sandbox); users' p50/p99: send returned -> reply read by the user's long-poll; "
        "bot CPU: utime+stime of the bot's process from /proc, first send to idle after the "
        "last reply; updates/getUpdates: the batch a poll brought (smaller batches, more polls "
        "and more CPU per update); harness CPU: this process (sandbox + users) per wall second")
    cpu_ratio = ratio(daiban.cpu_ms_per_update, echo.cpu_ms_per_update)
    if echo.cpu_s and daiban.cpu_s:
        verdict = "[green]met[/green]" if cpu_ratio <= TARGET_RATIO else "[red]NOT met[/red]"
        shown = f"[bold]{cpu_ratio:.2f}x[/bold]"
    else:  # a clock tick (10 ms) is more than a tiny run costs
        verdict, shown = "not known (too few updates to read the CPU time)", "n/a"
    console.print(f"ratio daiban/echo, CPU per update: {shown} (target <= "
                  f"{TARGET_RATIO:g}x): {verdict}")
    p50, p99 = ([ratio(percentile(daiban.latencies, p), percentile(echo.latencies, p))
                 for p in (50, 99)])
    console.print(f"ratio daiban/echo, updates/s: "
                  f"{ratio(daiban.updates_per_s, echo.updates_per_s):.2f}; p50 latency: "
                  f"{p50:.2f}; p99 latency: {p99:.2f}")
    for f in (echo, daiban):
        for failure in f.failures[:10]:
            console.print(f"[red]error ({f.name}):[/red] {failure}", markup=True)
        if len(f.failures) > 10:
            console.print(f"[red]... and {len(f.failures) - 10} more ({f.name})[/red]")


AREAS = (  # (area, markers in a profile entry's file or name), first match wins
    ("SQLite: aiosqlite's thread (the SQL itself runs here)", ("aiosqlite/",)),
    ("SQLAlchemy (+ greenlet)", ("sqlalchemy/", "greenlet")),
    ("imports retried per call (httpcore's `import sniffio`)", ("importlib", "posix.stat",
                                                                "_distutils_hack",
                                                                "__editable__")),
    ("HTTP client (httpx, httpcore, anyio, h11)", ("httpx/", "httpcore/", "anyio/", "h11/")),
    ("PTB (telegram)", ("telegram/",)),
    ("sockets, self-pipe, thread hand-offs", ("_socket.socket", "_queue.SimpleQueue",
                                              "call_soon_threadsafe", "_write_to_self")),
    ("asyncio event loop", ("asyncio/", "selectors.py", "_contextvars", "select.epoll")),
    ("bot runtime (bot/)", ("/bot/",)),
    ("handlers/ + texts/ + jinja2", ("/handlers/", "/texts/", "jinja2/", "markupsafe/")),
    ("json, copy", ("json/", "copy.py")),
)


def _entries(path: Path) -> list[tuple[float, float, int, str]]:
    """(own s, cumulative s, calls, where) of every function in a cProfile dump."""
    stats = pstats.Stats(str(path), stream=io.StringIO())
    entries = []
    for (filename, line, function), (_cc, calls, own, cumulative, _callers) in \
            stats.stats.items():  # type: ignore[attr-defined]
        where = function if filename == "~" else f"{_short(filename)}:{line}({function})"
        entries.append((own, cumulative, calls, where))
    return entries


def _area(where: str) -> str:
    for area, markers in AREAS:
        if any(marker in where for marker in markers):
            return area
    return "other"


def print_profiles(console: Console, paths: dict[str, Path], updates: int,
                   top: int = 25) -> None:
    """Where each bot's CPU goes (own time by area, per update), then daiban's top costs."""
    per = max(updates, 1)
    working = {kind: [e for e in _entries(path)
                      if not any(wait in e[3] for wait in IDLE_WAITS)]
               for kind, path in paths.items() if path.exists()}
    if "daiban" not in working:
        return
    console.print(f"\n[bold]profiles[/bold] (cProfile; {per} updates each, warm-up included; "
                  "threads' waits left out; the profiler's overhead inflates every figure, "
                  "compare them with each other, not with the table above)")
    table = Table(title="own time by area, us per update")
    table.add_column("area")
    for kind in working:
        table.add_column(kind, justify="right")
    table.add_column("daiban - echo", justify="right")
    by_area: dict[str, dict[str, float]] = {kind: {} for kind in working}
    for kind, entries in working.items():
        for own, _cum, _calls, where in entries:
            area = _area(where)
            by_area[kind][area] = by_area[kind].get(area, 0.0) + own
    areas = sorted({a for found in by_area.values() for a in found},
                   key=lambda a: -by_area["daiban"].get(a, 0.0))
    for area in [*areas, "total"]:
        values = {kind: (sum(found.values()) if area == "total" else found.get(area, 0.0))
                  * 1e6 / per for kind, found in by_area.items()}
        extra = values["daiban"] - values.get("echo", 0.0)
        table.add_row(area, *(f"{value:.0f}" for value in values.values()), f"{extra:+.0f}")
    console.print(table)
    table = Table(title=f"daiban: top {top} by own time")
    for column in ("own ms", "us/update", "calls", "function"):
        table.add_column(column, justify="left" if column == "function" else "right")
    for own, _cum, calls, where in sorted(working["daiban"], reverse=True)[:top]:
        table.add_row(f"{own * 1000:.0f}", f"{own * 1e6 / per:.1f}", str(calls), where)
    console.print(table)
    ours = [e for e in working["daiban"] if "/bot/" in e[3] or "/handlers/" in e[3]
            or "/texts/" in e[3] or "sqlalchemy/engine/base.py" in e[3]]
    table = Table(title=f"daiban: top {top} of bot/, handlers/, texts/ and SQLAlchemy's "
                        "execute by cumulative time (coroutines: time while running)")
    for column in ("cumulative ms", "us/update", "calls", "function"):
        table.add_column(column, justify="left" if column == "function" else "right")
    for _own, cumulative, calls, where in sorted(ours, key=lambda e: -e[1])[:top]:
        table.add_row(f"{cumulative * 1000:.0f}", f"{cumulative * 1e6 / per:.1f}", str(calls),
                      where)
    console.print(table)


def _short(filename: str) -> str:
    for marker in ("site-packages/", "/lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename.replace(str(Path(__file__).resolve().parents[1]), "")


# --- the run -------------------------------------------------------------------------------


async def run(args: argparse.Namespace, children: list[Child], workdir: Path
              ) -> dict[str, Figures]:
    sandbox = TimedSandbox([BotAccount(token=token, username=username, first_name=kind)
                            for kind, (token, username) in BOTS.items()])
    running = await start_sandbox(sandbox, "127.0.0.1", 0)
    figures = {kind: Figures(kind) for kind in BOTS}
    try:
        bots = {kind: await start_child(kind, running.url, workdir, args, children)
                for kind in BOTS}
        connector = aiohttp.TCPConnector(limit=0)
        timeout = aiohttp.ClientTimeout(total=None, sock_read=args.answer_timeout + 15)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
            users = await create_users(http, running.url, args.users)
            for kind in BOTS:
                if args.warmup:
                    await measure(bots[kind], sandbox, http, running.url, users, args.warmup,
                                  args.answer_timeout, None)
            for round_number in range(args.rounds):
                order = list(BOTS) if round_number % 2 == 0 else list(reversed(BOTS))
                for kind in order:
                    await measure(bots[kind], sandbox, http, running.url, users,
                                  args.messages, args.answer_timeout, figures[kind])
    finally:
        await running.stop()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, help="simulated users, all at once (200)")
    parser.add_argument("--messages", type=int, help="messages per user per bot (5)")
    parser.add_argument("--warmup", type=int,
                        help="messages per user per bot before measuring, not counted (1)")
    parser.add_argument("--rounds", type=int,
                        help="measure echo and daiban this many times, order alternating (1)")
    parser.add_argument("--concurrency", type=int, default=64,
                        help="updates a bot handles at once (the runtime's default is 64)")
    parser.add_argument("--poll-timeout", type=int, default=10, help="getUpdates seconds")
    parser.add_argument("--answer-timeout", type=float, default=30.0,
                        help="seconds a user waits for an answer before it counts as failed")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 10 users, 2 messages, 1 warm-up message, 1 round "
                             "(unless given)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--profile", metavar="PREFIX",
                        help="profile both bots (cProfile) into PREFIX.echo.prof and "
                             "PREFIX.daiban.prof and print where their time goes; "
                             "costs; the figures of such a run are inflated")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    for name, value in sizes.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if min(args.users, args.messages, args.rounds, args.concurrency) < 1 or args.warmup < 0:
        parser.error("--users, --messages, --rounds and --concurrency must be at least 1")
    if args.profile:
        args.profile = str(Path(args.profile).resolve())
    console = Console()
    if not console.is_terminal:
        console = Console(width=200)

    children: list[Child] = []
    with tempfile.TemporaryDirectory(prefix="bench-bot-runtime-") as tmp:
        try:
            figures = asyncio.run(run(args, children, Path(tmp)))
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
        except Exception as error:  # a bot did not start, a warm-up went unanswered, ...
            print(f"the benchmark failed: {type(error).__name__}: {error}", file=sys.stderr)
            return 1
        finally:
            stop_children(children)
    failed = any(f.failures for f in figures.values())
    echo, daiban = figures["echo"], figures["daiban"]
    cpu_ratio = ratio(daiban.cpu_ms_per_update, echo.cpu_ms_per_update)
    if args.json:
        print(json.dumps({
            "users": args.users, "messages": args.messages, "warmup": args.warmup,
            "rounds": args.rounds, "concurrency": args.concurrency,
            "poll_timeout": args.poll_timeout, "cpus": os.cpu_count(),
            "bots": [echo.as_dict(), daiban.as_dict()],
            "cpu_ratio": round(cpu_ratio, 3), "target_ratio": TARGET_RATIO,
            "target_met": cpu_ratio <= TARGET_RATIO,
        }, indent=2))
    else:
        print_report(console, args, figures, args.users)
        if args.profile:
            print_profiles(console, {kind: Path(f"{args.profile}.{kind}.prof") for kind in BOTS},
                           args.users * (args.warmup + args.messages * args.rounds))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
