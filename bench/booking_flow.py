"""The whole booking flow, 200 villagers at once through the sandbox, beside a bare PTB echo
bot driven with as many updates, in one run: updates/s, update-to-reply latency and the CPU
time per update of each bot's process.

Run: .venv/bin/python bench/booking_flow.py [--villagers 200] [--warmup 5] [--stations 25]
         [--concurrency 64] [--poll-timeout 10] [--quick] [--json] [--profile PREFIX]

One sandbox (the local Bot API stand-in, served from this process on a loopback port, as
in bench/bot_runtime.py) serves two bots, each in a process of its own
(bench/_booking_child.py):

* daiban: the real whole process, `daiban --log-level WARNING run`: the case service's API
  and the bot (BotRuntime, SQLite) in ONE process, the bot calling the service over HTTP
  on loopback; its CPU figure therefore includes the case service. Rates raised (global
  and per chat 100 000/s, burst 1000) so that pacing never waits.
* echo: the bare python-telegram-bot echo bot of bench/bot_runtime.py, with an inline
  keyboard under each answer and a CallbackQueryHandler that answers a press and edits the
  message (so a press costs it what it costs a real bot).

Before measuring (not counted): every villager is registered through the case service's
API (privacy notice, sensitive-data consent, name, phone, a valid ID number and a village
station, spread over `--stations` village stations of daiban/demo/offices.yaml so that no
slot is wanted twice), is a sandbox user, and has sent /start to both bots; then `--warmup`
extra villagers do the whole flow on both bots (first-use costs: templates, statements).

Measured, all villagers at once, each waiting for the bot's answer (a new message or an
edit: the sandbox's long-poll read returns both) before the next step, 8 updates each:

  daiban: /book SJ01 -> tap "my own household" -> type "3" (people in the household) ->
          tap the first "when at home" choice -> tap [a slot] -> tap a day -> tap a time ->
          tap [Confirm] -> the receipt with the case number (PG...)
  echo:   a message, a press, a message, five presses (each answered and edited)

A slot, not a drop-off: the realistic choice (it reads the station's free slots twice);
villager k of a station takes the k-th offered day, so slots never run out.

Figures per bot as in bench/bot_runtime.py: updates, wall s, updates/s, p50/p99 from the
update entering the sandbox's queue to the bot's first change in the chat (a new message
or an edit, timed inside the sandbox), the users' own p50/p99 beside it, CPU ms per
update (utime+stime from /proc/<pid>/stat, first send to idle after the last reply), and
the ratio daiban/echo of CPU per update (target: at most 3x). Exits non-zero if a
villager's flow failed (no case made), naming the step.

With --profile PREFIX both children run under cProfile (cleared when the measured phase
starts) and where daiban's time goes is printed, as bench/bot_runtime.py does, with the
case service's share (the API side: backend/, aiohttp's server) among the areas.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import telegram
import yaml
from rich.console import Console
from rich.table import Table
from stdnum.cn import ric

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bot_runtime import (
    AREAS,
    Child,
    Figures,
    TimedSandbox,
    percentile,
    print_profiles,
    ratio,
    settled_cpu,
    spawn,
    stop_children,
)

from backend_client import As, CaseServiceClient
from handlers.resident.booking_states import Answer, Confirm, Day, How, Slot, Way
from sandbox.models import BotAccount, BotState, Chat, ChatMessage
from sandbox.server import start_sandbox

ROOT = Path(__file__).resolve().parents[1]
CHILD = Path(__file__).resolve().with_name("_booking_child.py")
OFFICES = ROOT / "daiban" / "demo" / "offices.yaml"
PROFILE_ENV = "BOOKING_BENCH_PROFILE"  # read by the child
TARGET_RATIO = 3.0
BOTS = {  # kind -> (token, username)
    "echo": ("7100000011:BENCH-bare-ptb-echo-bot-token-0011", "bench_echo_bot"),
    "daiban": ("7100000012:BENCH-daiban-booking-bot-token-0012", "bench_daiban_bot"),
}
MATTER = "SJ01"
FIRST_USER = 720_001
STEPS = 8
FULL = {"villagers": 200, "warmup": 5}
QUICK = {"villagers": 10, "warmup": 2}
READY_TIMEOUT = 120.0
CASE_NUMBER = re.compile(r"PG\d{10}")
ANSWER, WAY_SLOT, DAY, SLOT, CONFIRM = (Answer.PREFIX, Way(How.SLOT.value).pack(), Day.PREFIX,
                                       Slot.PREFIX, Confirm.PREFIX)
"""The booking's buttons, by their data (handlers/resident/booking_states.py)."""
CASE_SERVICE_AREAS = (
    ("case service: backend/ (+ its aiohttp server, pydantic)", (
        "/backend/", "aiohttp/web", "aiohttp/http_parser", "pydantic")),
    ("bot -> service HTTP client (backend_client/)", ("/backend_client/",)),
)
AREAS_WITH_SERVICE = (*CASE_SERVICE_AREAS, *AREAS)


class FlowSandbox(TimedSandbox):
    """The timed sandbox of bench/bot_runtime.py, keyed by the user for button presses too,
    and counting an edit of the bot's message as the reply."""

    def __init__(self, bots: list[BotAccount]) -> None:
        super().__init__(bots)
        self.owner: dict[int, tuple[int, int]] = {}  # id(bot message) -> (bot, user)

    async def enqueue_update(self, bot: BotState, kind: str, payload: dict[str, Any]) -> int:
        user = (payload.get("from") or {}).get("id")
        if isinstance(user, int):
            self.queued[(bot.account.id, user)] = time.perf_counter()
        # past TimedSandbox's own, which keys on a message's chat only (not a press)
        return await super(TimedSandbox, self).enqueue_update(bot, kind, payload)

    def _replied(self, key: tuple[int, int]) -> None:
        queued = self.queued.pop(key, None)
        if queued is not None:
            self.latencies[key[0]].append(time.perf_counter() - queued)

    async def post(self, chat: Chat, *, from_bot: bool, content: dict[str, Any],
                   text: str | None = None, parse_mode: str | None = None,
                   reply_markup: dict[str, Any] | None = None, reply_to: int | None = None,
                   files: list[str] | None = None) -> ChatMessage:
        message = await super().post(chat, from_bot=from_bot, content=content, text=text,
                                     parse_mode=parse_mode, reply_markup=reply_markup,
                                     reply_to=reply_to, files=files)
        if from_bot:
            self.owner[id(message)] = (chat.bot.id, chat.user.id)
        return message

    async def touch(self, message: ChatMessage) -> None:
        key = self.owner.get(id(message))
        if key is not None:
            self._replied(key)
        await super().touch(message)


# --- villagers --------------------------------------------------------------------------


def village_stations(count: int) -> list[str]:
    """`count` village stations, spread over the district's towns."""
    offices = yaml.safe_load(OFFICES.read_text(encoding="utf-8"))["offices"]
    villages = [o["code"] for o in offices if o["kind"] == "village"]
    if not villages:
        raise RuntimeError(f"no village station in {OFFICES}")
    step = max(1, len(villages) // count)
    return [villages[(i * step) % len(villages)] for i in range(count)]


def id_number(number: int) -> str:
    body = f"11011719{56 + number % 30:02d}{1 + number % 12:02d}{1 + number % 28:02d}" \
           f"{number % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


class Villager:
    """One sandbox user, registered, in their chats with both bots."""

    def __init__(self, http: aiohttp.ClientSession, api: str, user_id: int, station: str,
                 rank: int) -> None:
        self.http, self.api, self.id = http, api, user_id
        self.station, self.rank = station, rank  # rank: how many before at this station
        self.chat = f"{api}/sandbox/api/chats/{user_id}"
        self.seen: dict[str, int] = {}  # bot username -> last seq of the bot's seen

    async def says(self, bot: str, text: str) -> None:
        async with self.http.post(f"{self.chat}/messages", json={"text": text, "bot": bot}
                                  ) as response:
            if response.status != 201:
                raise Step(f"sending {text!r} failed ({response.status}: "
                           f"{await response.text()})")

    async def presses(self, bot: str, message: dict[str, Any], data: str) -> None:
        async with self.http.post(f"{self.chat}/press", json={
                "message_id": message["message_id"], "data": data, "bot": bot, "wait": 0}
                                  ) as response:
            if response.status >= 400:
                raise Step(f"pressing {data!r} failed ({response.status}: "
                           f"{await response.text()})")

    async def answer(self, bot: str, within: float, until: re.Pattern[str] | None = None
                     ) -> list[dict[str, Any]]:
        """The bot's changed messages since the last read (waits for one, or for one
        whose text matches `until`)."""
        deadline = time.perf_counter() + within
        found: list[dict[str, Any]] = []
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise Step(f"no answer within {within:g} s")
            async with self.http.get(f"{self.chat}/messages", params={
                    "after": str(self.seen.get(bot, 0)), "wait": f"{min(remaining, 10):.2f}",
                    "sender": "bot", "bot": bot}) as response:
                body = await response.json()
            for message in body.get("messages", []):
                self.seen[bot] = max(self.seen.get(bot, 0), message["seq"])
                found.append(message)
            if found and (until is None or any(until.search(m.get("text") or "")
                                               for m in found)):
                return found

    async def settle(self, bot: str, quiet: float = 0.3) -> None:
        """Read whatever the bot still sends, until it is quiet."""
        while True:
            async with self.http.get(f"{self.chat}/messages", params={
                    "after": str(self.seen.get(bot, 0)), "wait": str(quiet), "sender": "bot",
                    "bot": bot}) as response:
                messages = (await response.json()).get("messages", [])
            if not messages:
                return
            for message in messages:
                self.seen[bot] = max(self.seen.get(bot, 0), message["seq"])


class Step(Exception):
    """A step of a villager's flow that went wrong."""


def buttons(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [b.get("callback_data", "") for row in markup.get("inline_keyboard", [])
            for b in row]


def pick(message: dict[str, Any], prefix: str, index: int = 0) -> str:
    found = [data for data in buttons(message) if data.startswith(prefix)]
    if not found:
        raise Step(f"no {prefix!r} button on the screen: {(message.get('text') or '')[:120]!r}")
    return found[index % len(found)]


async def onboard(http: aiohttp.ClientSession, api: str, client: CaseServiceClient,
                  user_id: int, station: str, rank: int) -> Villager:
    async with http.post(f"{api}/sandbox/api/users", json={
            "id": user_id, "first_name": f"村民{user_id % 1000:03d}",
            "language_code": "zh"}) as response:
        response.raise_for_status()
    actor = As.resident(user_id)
    resident = await client.register_resident(user_id, "zh", "2026-11", actor=actor)
    privacy = await client.privacy(resident.id, actor=actor)
    await client.record_consent(resident.id, "sensitive", privacy.current_notice_version,
                                actor=actor)
    await client.update_resident(resident.id, actor=actor, name=f"王{user_id % 1000:03d}",
                                 phone=f"138{user_id % 100_000_000:08d}",
                                 village_code=station, id_number=id_number(user_id))
    villager = Villager(http, api, user_id, station, rank)
    for _kind, (_token, username) in BOTS.items():
        await villager.says(username, "/start")  # so that the bot may write to them
        await villager.answer(username, 30.0)
        await villager.settle(username)
    return villager


async def book(villager: Villager, bot: str, within: float, timing: list[float]) -> int:
    """The whole booking flow of one villager: the steps answered (8 when the case is
    made); a failure raises Step naming the step."""
    done = 0

    async def step(name: str, act: Callable[[], Awaitable[None]],
                   until: re.Pattern[str] | None = None) -> dict[str, Any]:
        nonlocal done
        try:
            await act()
            sent = time.perf_counter()
            found = await villager.answer(bot, within, until)
        except Step as error:
            raise Step(f"step {done + 1} ({name}): {error}") from None
        timing.append(time.perf_counter() - sent)
        done += 1
        return found[-1] if until is None else next(
            m for m in found if until.search(m.get("text") or ""))

    def press(prefix: str, index: int = 0) -> Callable[[], Awaitable[None]]:
        return lambda: villager.presses(bot, screen, pick(screen, prefix, index))

    screen = await step(f"/book {MATTER}", lambda: villager.says(bot, f"/book {MATTER}"))
    screen = await step("whose household: tap the first", press(ANSWER))
    screen = await step("how many people: type 3", lambda: villager.says(bot, "3"))
    screen = await step("when at home: tap the first", press(ANSWER))
    screen = await step("the way: a slot", press(WAY_SLOT))
    screen = await step("a day", press(DAY, villager.rank))
    screen = await step("a time", press(SLOT))
    await step("confirm -> case number", press(CONFIRM), CASE_NUMBER)
    await villager.settle(bot, 0.2)  # the checklist after the receipt
    return done


async def echo_flow(villager: Villager, bot: str, within: float, timing: list[float]) -> int:
    """As many updates to the echo bot, messages and presses in the same order."""
    done = 0
    screen: dict[str, Any] = {}
    for number, kind in enumerate(("say", "press", "say", "press", "press", "press", "press",
                                   "press"), start=1):
        try:
            if kind == "say":
                await villager.says(bot, f"/book {MATTER}" if number == 1 else "3")
            else:
                await villager.presses(bot, screen, pick(screen, "echo:"))
            sent = time.perf_counter()
            screen = (await villager.answer(bot, within))[-1]
        except Step as error:
            raise Step(f"step {number} ({kind}): {error}") from None
        timing.append(time.perf_counter() - sent)
        done += 1
    return done


async def measure(child: Child, sandbox: FlowSandbox, villagers: list[Villager],
                  within: float, into: Figures | None) -> None:
    """All villagers at once, the whole flow each; added to `into` (None: a warm-up)."""
    bot_id = int(child.token.split(":", 1)[0])
    latencies = sandbox.latencies[bot_id]
    first = len(latencies)
    seen: list[float] = []
    flow = book if child.kind == "daiban" else echo_flow

    async def one(villager: Villager) -> int:
        try:
            return await flow(villager, child.username, within, seen)
        except Step as error:
            failures.append(f"villager {villager.id} (station {villager.station}): {error}")
            return 0

    failures: list[str] = []
    cpu_before = await settled_cpu(child.process.pid)
    calls_before = len(sandbox.switches.calls)
    harness_before = time.process_time()
    started = time.perf_counter()
    answered = await asyncio.gather(*(one(v) for v in villagers))
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
            raise RuntimeError("warm-up: " + "\n".join(failures[:5]))
        return
    into.updates += sum(answered)
    into.wall_s += wall
    into.cpu_s += cpu
    into.harness_cpu_s += harness
    into.polls += polls
    into.latencies += latencies[first:]
    into.seen += seen
    into.failures += failures


# --- the bots' processes ----------------------------------------------------------------


def child_env(profile: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("DAIBAN_") and key != PROFILE_ENV}
    if profile:
        env[PROFILE_ENV] = profile
    return env


async def read_line(child: Child, wanted: str) -> str:
    assert child.process.stdout is not None
    async with asyncio.timeout(READY_TIMEOUT):
        while True:
            line = await asyncio.to_thread(child.process.stdout.readline)
            if not line:
                raise RuntimeError(f"the {child.kind} bot did not start:\n"
                                   f"{child.stderr_tail()}")
            if line.startswith(wanted):
                return line


async def start_echo(api: str, workdir: Path, args: argparse.Namespace,
                     children: list[Child]) -> Child:
    token, username = BOTS["echo"]
    command = [sys.executable, str(CHILD), "echo", "--api", api, "--token", token,
               "--poll-timeout", str(args.poll_timeout), "--concurrency", str(args.concurrency)]
    profile = f"{args.profile}.echo.prof" if args.profile else None
    process = spawn(command, workdir / "echo.stderr", child_env(profile))
    child = Child("echo", token, username, process, workdir / "echo.stderr")
    children.append(child)
    await read_line(child, "ready")
    return child


async def start_daiban(api: str, workdir: Path, args: argparse.Namespace,
                       children: list[Child]) -> tuple[Child, str]:
    """`daiban run` on a fresh var directory; the child and its case service API URL."""
    token, username = BOTS["daiban"]
    profile = f"{args.profile}.daiban.prof" if args.profile else None
    env = child_env(profile) | {
        "DAIBAN_VAR_DIR": str(workdir / "var"), "DAIBAN_API_PORT": "0",
        "DAIBAN_BOT_TOKEN": token, "DAIBAN_TELEGRAM_API_URL": api,
        "DAIBAN_BOT_GLOBAL_RATE": "100000", "DAIBAN_BOT_CHAT_RATE": "100000",
        "DAIBAN_BOT_CHAT_BURST": "1000", "DAIBAN_BOT_POLL_TIMEOUT": str(args.poll_timeout),
        "DAIBAN_BOT_MAX_CONCURRENT_UPDATES": str(args.concurrency), "COLUMNS": "200"}
    process = spawn([sys.executable, str(CHILD), "daiban"], workdir / "daiban.stderr", env)
    child = Child("daiban", token, username, process, workdir / "daiban.stderr")
    children.append(child)
    line = await read_line(child, "case service API: ")
    return child, line.split()[3].removesuffix("/api/v1/docs")


# --- output -----------------------------------------------------------------------------


def print_report(console: Console, args: argparse.Namespace, figures: dict[str, Figures]
                 ) -> None:
    echo, daiban = figures["echo"], figures["daiban"]
    console.print(
        f"[bold]booking flow benchmark[/bold]: {args.villagers} villagers x {STEPS} updates "
        f"({MATTER}: /book, 3 answers, slot, day, time, confirm) per bot, each villager "
        f"waiting for the answer before the next step, all villagers at once; warm-up "
        f"{args.warmup} villager(s) per bot, not counted; {args.stations} village stations; "
        f"{os.cpu_count()} CPUs")
    console.print(
        f"both bots: getUpdates long-poll {args.poll_timeout} s, up to {args.concurrency} "
        f"updates at once; the sandbox and the villagers run in this process, each bot in its "
        f"own (python-telegram-bot {telegram.__version__})")
    console.print(
        "daiban: the whole `daiban run` process: the case service's API [bold]and[/bold] the "
        "bot in one process (the bot calls the service over HTTP on loopback), so its CPU "
        "figure includes the case service; rates raised to global 100000/s, chat 100000/s, "
        "burst 1000 so pacing never waits")
    console.print(
        "echo: bare PTB Application (no persistence, no rate limiter), a fixed text with an "
        "inline keyboard per message, each press answered and the message edited; "
        "the same updates per villager (2 messages, 6 presses)")
    table = Table(title="update -> reply, per bot")
    for column in ("bot", "updates", "wall s", "updates/s", "p50 ms", "p99 ms",
                   "users' p50 ms", "users' p99 ms", "bot CPU s", "CPU ms/update",
                   "updates/getUpdates", "harness CPU"):
        table.add_column(column, justify="left" if column == "bot" else "right")
    for name, label in (("echo", "echo (bare PTB)"),
                        ("daiban", "daiban (booking, bot + case service)")):
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
        "p50/p99: update queued in the sandbox -> the bot's first change in the chat (a new "
        "message or an edit; timed inside the sandbox); users' p50/p99: send returned -> the "
        "answer read by the villager's long-poll; bot CPU: utime+stime of the bot's process "
        "from /proc, first send to idle after the last reply; harness CPU: this process "
        "(sandbox + villagers) per wall second")
    cpu_ratio = ratio(daiban.cpu_ms_per_update, echo.cpu_ms_per_update)
    if echo.cpu_s and daiban.cpu_s:
        verdict = "[green]met[/green]" if cpu_ratio <= TARGET_RATIO else "[red]NOT met[/red]"
        shown = f"[bold]{cpu_ratio:.2f}x[/bold]"
    else:
        verdict, shown = "not known (too few updates to read the CPU time)", "n/a"
    console.print(f"ratio daiban/echo, CPU per update: {shown} (target <= "
                  f"{TARGET_RATIO:g}x; daiban's includes the case service): {verdict}")
    p50, p99 = ([ratio(percentile(daiban.latencies, p), percentile(echo.latencies, p))
                 for p in (50, 99)])
    console.print(f"ratio daiban/echo, updates/s: "
                  f"{ratio(daiban.updates_per_s, echo.updates_per_s):.2f}; p50 latency: "
                  f"{p50:.2f}; p99 latency: {p99:.2f}")
    for f in (echo, daiban):
        for failure in f.failures[:10]:
            console.print(f"[red]failed ({f.name}):[/red] {failure}", markup=True)
        if len(f.failures) > 10:
            console.print(f"[red]... and {len(f.failures) - 10} more ({f.name})[/red]")


# --- the run ----------------------------------------------------------------------------


async def run(args: argparse.Namespace, children: list[Child], workdir: Path
              ) -> dict[str, Figures]:
    sandbox = FlowSandbox([BotAccount(token=token, username=username, first_name=kind)
                           for kind, (token, username) in BOTS.items()])
    running = await start_sandbox(sandbox, "127.0.0.1", 0)
    figures = {kind: Figures(kind) for kind in BOTS}
    try:
        echo = await start_echo(running.url, workdir, args, children)
        daiban, api_url = await start_daiban(running.url, workdir, args, children)
        bots = {"echo": echo, "daiban": daiban}
        token = (workdir / "var" / "secrets" / "service_token").read_text().strip()
        stations = village_stations(args.stations)
        total = args.warmup + args.villagers
        connector = aiohttp.TCPConnector(limit=0)
        timeout = aiohttp.ClientTimeout(total=None, sock_read=args.answer_timeout + 15)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http, \
                CaseServiceClient(api_url, token) as client:
            gate = asyncio.Semaphore(20)

            async def onboarded(number: int) -> Villager:
                async with gate:
                    return await onboard(http, running.url, client, FIRST_USER + number,
                                         stations[number % len(stations)],
                                         number // len(stations))

            villagers = await asyncio.gather(*(onboarded(n) for n in range(total)))
            warm, measured = villagers[:args.warmup], villagers[args.warmup:]
            for kind in BOTS:
                if warm:
                    await measure(bots[kind], sandbox, warm, args.answer_timeout, None)
            for kind in BOTS:
                if args.profile:
                    bots[kind].process.send_signal(signal.SIGUSR1)  # drop the setup's profile
                await measure(bots[kind], sandbox, measured, args.answer_timeout,
                              figures[kind])
    finally:
        await running.stop()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villagers", type=int, help="villagers booking at once (200)")
    parser.add_argument("--warmup", type=int,
                        help="villagers booking on each bot before measuring, not counted (5)")
    parser.add_argument("--stations", type=int, default=25,
                        help="village stations the villagers are spread over")
    parser.add_argument("--concurrency", type=int, default=64,
                        help="updates a bot handles at once (the runtime's default is 64)")
    parser.add_argument("--poll-timeout", type=int, default=10, help="getUpdates seconds")
    parser.add_argument("--answer-timeout", type=float, default=60.0,
                        help="seconds a villager waits for an answer before the step fails")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 10 villagers, 2 warm-up villagers (unless given)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--profile", metavar="PREFIX",
                        help="profile both bots (cProfile) into PREFIX.echo.prof and "
                             "PREFIX.daiban.prof and print where their time goes; "
                             "the figures of such a run are inflated")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    for name, value in sizes.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if min(args.villagers, args.stations, args.concurrency) < 1 or args.warmup < 0:
        parser.error("--villagers, --stations and --concurrency must be at least 1")
    if args.profile:
        args.profile = str(Path(args.profile).resolve())
    console = Console()
    if not console.is_terminal:
        console = Console(width=200)

    children: list[Child] = []
    with tempfile.TemporaryDirectory(prefix="bench-booking-flow-") as tmp:
        try:
            figures = asyncio.run(run(args, children, Path(tmp)))
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
        except Exception as error:  # a bot did not start, a warm-up failed, ...
            print(f"the benchmark failed: {type(error).__name__}: {error}", file=sys.stderr)
            return 1
        finally:
            stop_children(children, grace=30.0)
    echo, daiban = figures["echo"], figures["daiban"]
    cpu_ratio = ratio(daiban.cpu_ms_per_update, echo.cpu_ms_per_update)
    if args.json:
        print(json.dumps({
            "villagers": args.villagers, "updates_per_villager": STEPS, "warmup": args.warmup,
            "stations": args.stations, "booking": "slot", "concurrency": args.concurrency,
            "poll_timeout": args.poll_timeout, "cpus": os.cpu_count(),
            "daiban_includes_case_service": True,
            "bots": [echo.as_dict(), daiban.as_dict()],
            "cpu_ratio": round(cpu_ratio, 3), "target_ratio": TARGET_RATIO,
            "target_met": cpu_ratio <= TARGET_RATIO,
        }, indent=2))
    else:
        print_report(console, args, figures)
        if args.profile:
            import bot_runtime
            bot_runtime.AREAS = AREAS_WITH_SERVICE  # type: ignore[misc]
            console.print("\n(here each profile was cleared as its bot's measured phase "
                          "began: setup and warm-up are not in it, whatever the header says; "
                          "daiban's SQLite threads serve both the bot store and the case "
                          "service's database)")
            print_profiles(console, {kind: Path(f"{args.profile}.{kind}.prof")
                                     for kind in BOTS}, args.villagers * STEPS)
    return 1 if daiban.failures or echo.failures else 0


if __name__ == "__main__":
    sys.exit(main())
