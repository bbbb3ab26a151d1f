"""Benchmark of case creation through the HTTP API, beside a one-insert baseline, in one run.

Run: .venv/bin/python bench/case_creation.py [--cases 5000] [--concurrency 16]
         [--database-url URL] [--only sqlite|postgres] [--json]

The real case service (backend.api.create_app) is served on a loopback port (aiohttp
AppRunner + TCPSite on port 0) over a fresh database: a SQLite file in a temporary
directory, and also PostgreSQL (a fresh schema, dropped afterwards) when
DAIBAN_TEST_POSTGRES_URL or --database-url names one. Residents are seeded straight
through the storage layer, outside the timing. Then N cases are made as the bot makes
them, through backend_client's CaseServiceClient when it is importable (raw aiohttp
otherwise, and the output says so): create a draft for WJ01 (a short form), answer each
question the service asks next, submit with a drop-off booking. Every HTTP call is
timed; the table gives calls/s, cases/s and p50/p99 latency per kind of call.

Beside it, in the same run, the same process and event loop, on the same database and
engine, at the same concurrency: a baseline aiohttp endpoint defined here that does one
SQLAlchemy insert and commit per call, answering as many calls as the service did. The
ratio of the service's calls per second to the baseline's is the figure to watch (target:
at least 0.5). Client and server share one process and one event loop, as they do in
`daiban run`, so the client's own work (the typed client validates every answer) counts
against the service, not against the baseline (driven with a bare aiohttp session).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import json
import logging
import os
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp import web
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, insert
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from backend.api import ApiContext, create_app
from backend.calendar import CalendarSettings, load_calendar
from backend.service.clock import FixedClock
from backend.service.context import ServiceContext
from backend.service.offices import import_offices
from backend.service.privacy import IdCipher
from backend.service.uow import writing
from backend.storage import migrate
from backend.storage.engine import create_engine, normalize_url
from backend.storage.settings import StorageSettings
from daiban.demo import DEMO_OFFICES
from matter_catalog.loader import load_catalog

try:  # the typed client the bot uses; the issue asks for the bench to go through it
    from backend_client import As, CaseServiceClient
except ImportError:  # pragma: no cover - only while backend_client is being written
    As = CaseServiceClient = None  # type: ignore[assignment,misc]

MATTER = "WJ01"  # a short form: two choices asked in chat
STATION = "110117108201"  # a village station of the demo district
TOKEN = "bench-service-token"
KEY = base64.urlsafe_b64encode(b"bench-key-of-32-bytes-for-fernet").decode()
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TARGET_RATIO = 0.5
RESIDENTS = 200  # the seeded villagers the cases are spread over

BASELINE = MetaData()
baseline_rows = Table(
    "bench_baseline", BASELINE,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", String(64), nullable=False),
    Column("payload", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


# --- figures -------------------------------------------------------------------------


@dataclass
class Timings:
    """Latencies of one kind of call, in seconds."""

    values: list[float] = field(default_factory=list)

    def percentile(self, percent: float) -> float:
        ordered = sorted(self.values)
        rank = max(0, min(len(ordered) - 1, round(percent / 100 * len(ordered)) - 1))
        return ordered[rank] if ordered else 0.0


@dataclass
class Phase:
    name: str
    wall_s: float = 0.0
    by_kind: dict[str, Timings] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def timed(self, kind: str) -> Timings:
        return self.by_kind.setdefault(kind, Timings())

    @property
    def all(self) -> Timings:
        return Timings([value for timings in self.by_kind.values() for value in timings.values])

    @property
    def calls(self) -> int:
        return len(self.all.values)

    @property
    def calls_per_s(self) -> float:
        return self.calls / self.wall_s if self.wall_s else 0.0


async def _timed(phase: Phase, kind: str, call: Awaitable[Any]) -> Any:
    started = time.perf_counter()
    result = await call
    phase.timed(kind).values.append(time.perf_counter() - started)
    return result


# --- the database and the servers ----------------------------------------------------


@dataclass(frozen=True)
class Backend:
    name: str
    settings: StorageSettings
    admin_url: str = ""  # PostgreSQL: where the fresh schema is made and dropped


@asynccontextmanager
async def database(backend: Backend) -> AsyncIterator[AsyncEngine]:
    """A fresh, migrated database with the demo offices; removed afterwards."""
    schema = backend.settings.database_schema
    admin = create_async_engine(normalize_url(backend.admin_url)) if schema else None
    if admin is not None:
        async with admin.begin() as connection:
            await connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine = create_engine(backend.settings)
    try:
        await migrate.upgrade(engine)
        await import_offices(engine, DEMO_OFFICES)
        async with engine.begin() as connection:
            await connection.run_sync(BASELINE.create_all)
        yield engine
    finally:
        await engine.dispose()
        if admin is not None:
            async with admin.begin() as connection:
                await connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            await admin.dispose()


async def seed_residents(engine: AsyncEngine, count: int) -> list[str]:
    """Registered, consenting villagers of the station; returns their messaging ids."""
    ids = [str(900_000_000 + number) for number in range(count)]
    async with writing(engine) as uow:
        for messaging_id in ids:
            resident_id = str(uuid.uuid4())
            await uow.residents.add(
                id=resident_id, messaging_id=messaging_id, name=f"Villager {messaging_id}",
                phone="+8613800138000", village_code=STATION, language="zh", reachable=True,
                notice_prefs={}, created_at=NOW, updated_at=NOW)
            await uow.residents.add_consent(resident_id, "privacy", "2026-11", NOW)
    return ids


def baseline_app(engine: AsyncEngine) -> web.Application:
    """One JSON call, one SQLAlchemy insert, one commit: the floor the service is put beside."""

    async def insert_one(request: web.Request) -> web.Response:
        payload = await request.json()
        async with engine.begin() as connection:
            result = await connection.execute(insert(baseline_rows).values(
                request_id=uuid.uuid4().hex, payload=json.dumps(payload)[:200],
                created_at=NOW))
        return web.json_response({"id": result.inserted_primary_key[0]}, status=201)

    app = web.Application()
    app.router.add_post("/baseline", insert_one)
    return app


@asynccontextmanager
async def serving(app: web.Application) -> AsyncIterator[str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        await runner.cleanup()


# --- the two loads -------------------------------------------------------------------


def answer_for(question: dict[str, Any]) -> Any:
    """A valid answer to a chat question of the form (the first choice, a plain text...)."""
    kind = question["type"]
    if kind == "choice":
        return question["choices"][0]["key"]
    if kind == "multi_choice":
        return [question["choices"][0]["key"]]
    return {"yes_no": "是", "number": "3", "date": "1950-03-02", "phone": "13800138000",
            "photo": "photo-file-id-1"}.get(kind, "张三")


class TypedDriver:
    """Through backend_client.CaseServiceClient, as the bot does it."""

    label = "backend_client.CaseServiceClient"

    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        self.client = CaseServiceClient(base_url, TOKEN, session=session, timeout=120,
                                        retries=0)

    async def make_case(self, phase: Phase, messaging_id: str) -> str:
        actor = As.resident(messaging_id)
        draft = await _timed(phase, "POST /drafts",
                             self.client.create_draft(MATTER, actor=actor))
        while draft.next_question is not None:
            question = draft.next_question.model_dump()
            draft = await _timed(phase, "POST /drafts/{id}/answers", self.client.answer(
                draft.id, question["key"], answer_for(question), draft.version,
                actor=actor))
        case = await _timed(phase, "POST /drafts/{id}/submit",
                            self.client.submit(draft.id, "drop_off", actor=actor))
        return str(case.number)


class RawDriver:
    """Bare aiohttp with the same headers, for when backend_client is not importable."""

    label = "raw aiohttp (backend_client not importable)"

    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        self.session, self.base_url = session, base_url

    async def _post(self, path: str, body: dict[str, Any], messaging_id: str,
                    expect: int) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {TOKEN}", "X-Daiban-Actor": messaging_id,
                   "X-Daiban-Role": "resident", "Idempotency-Key": uuid.uuid4().hex}
        async with self.session.post(self.base_url + path, json=body,
                                     headers=headers) as response:
            answer = await response.json()
            if response.status != expect:
                raise RuntimeError(f"POST {path}: {response.status} {answer}")
            return dict(answer)

    async def make_case(self, phase: Phase, messaging_id: str) -> str:
        draft = await _timed(phase, "POST /drafts", self._post(
            "/api/v1/drafts", {"matter_code": MATTER}, messaging_id, 201))
        while draft["next_question"] is not None:
            question = draft["next_question"]
            draft = await _timed(phase, "POST /drafts/{id}/answers", self._post(
                f"/api/v1/drafts/{draft['id']}/answers",
                {"field": question["key"], "value": answer_for(question),
                 "version": draft["version"]}, messaging_id, 200))
        case = await _timed(phase, "POST /drafts/{id}/submit", self._post(
            f"/api/v1/drafts/{draft['id']}/submit", {"booking": "drop_off"},
            messaging_id, 201))
        return str(case["number"])


async def run_bounded(count: int, concurrency: int,
                      job: Callable[[int], Awaitable[None]]) -> float:
    """`count` jobs, at most `concurrency` at a time; returns the wall time in seconds."""
    next_job = iter(range(count))

    async def worker() -> None:
        for index in next_job:
            await job(index)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(min(concurrency, count))))
    return time.perf_counter() - started


async def bench_backend(backend: Backend, cases: int, concurrency: int) -> dict[str, Any]:
    catalog = load_catalog()
    async with database(backend) as engine:
        residents = await seed_residents(engine, min(RESIDENTS, cases))
        services = ServiceContext(
            engine=engine, catalog=catalog, calendar=load_calendar(CalendarSettings()),
            clock=FixedClock(NOW), cipher=IdCipher(KEY))
        app = create_app(ApiContext(services=services, service_token=TOKEN))
        connector = aiohttp.TCPConnector(limit=concurrency * 2)
        async with serving(app) as service_url, serving(baseline_app(engine)) as base_url, \
                aiohttp.ClientSession(connector=connector) as session:
            driver = (TypedDriver(session, service_url) if CaseServiceClient is not None
                      else RawDriver(session, service_url))
            service, numbers = Phase("case service: draft, answers, submit"), []

            async def make(index: int) -> None:
                try:
                    numbers.append(await driver.make_case(
                        service, residents[index % len(residents)]))
                except Exception as error:  # counted and reported, the run goes on
                    service.errors.append(repr(error))

            service.wall_s = await run_bounded(cases, concurrency, make)

            baseline = Phase("baseline: one insert + commit")

            async def insert_one(index: int) -> None:
                async def post() -> None:
                    async with session.post(f"{base_url}/baseline",
                                            json={"call": index}) as response:
                        await response.read()
                        if response.status != 201:
                            raise RuntimeError(f"baseline: {response.status}")
                try:
                    await _timed(baseline, "POST /baseline", post())
                except Exception as error:
                    baseline.errors.append(repr(error))

            baseline.wall_s = await run_bounded(max(service.calls, 1), concurrency,
                                                insert_one)
        async with engine.connect() as connection:
            stored_cases = await _count(connection, "cases")
            stored_rows = await _count(connection, "bench_baseline")
    ratio = service.calls_per_s / baseline.calls_per_s if baseline.calls_per_s else 0.0
    return {
        "backend": backend.name, "driver": driver.label, "cases": cases,
        "concurrency": concurrency, "cases_made": len(numbers),
        "distinct_numbers": len(set(numbers)), "cases_stored": stored_cases,
        "baseline_rows_stored": stored_rows,
        "service": _phase_figures(service, cases), "baseline": _phase_figures(baseline, 0),
        "ratio": round(ratio, 3), "target_ratio": TARGET_RATIO,
        "target_met": ratio >= TARGET_RATIO,
    }


async def _count(connection: Any, table: str) -> int:
    return int((await connection.exec_driver_sql(f"SELECT count(*) FROM {table}")).scalar_one())


def _phase_figures(phase: Phase, cases: int) -> dict[str, Any]:
    def kind(timings: Timings) -> dict[str, Any]:
        return {"calls": len(timings.values), "p50_ms": round(timings.percentile(50) * 1000, 2),
                "p99_ms": round(timings.percentile(99) * 1000, 2)}

    return {
        "name": phase.name, "wall_s": round(phase.wall_s, 3), "calls": phase.calls,
        "calls_per_s": round(phase.calls_per_s, 1),
        "cases_per_s": round(cases / phase.wall_s, 1) if cases and phase.wall_s else None,
        **{key: value for key, value in kind(phase.all).items() if key != "calls"},
        "by_kind": {name: kind(timings) for name, timings in phase.by_kind.items()},
        "errors": len(phase.errors), "first_errors": phase.errors[:3],
    }


# --- output --------------------------------------------------------------------------


def print_table(result: dict[str, Any]) -> None:
    service, baseline = result["service"], result["baseline"]
    print(f"\n== {result['backend']}: {result['cases']} cases of {MATTER} (draft, answers, "
          f"submit with a drop-off), concurrency {result['concurrency']}, "
          f"driven through {result['driver']}")
    print(f"{'what':34} {'calls':>7} {'wall s':>8} {'calls/s':>9} {'cases/s':>8} "
          f"{'p50 ms':>8} {'p99 ms':>8}")
    cases_per_s = service["cases_per_s"] if service["cases_per_s"] is not None else 0.0
    print(f"{'case service, every call':34} {service['calls']:>7} {service['wall_s']:>8.2f} "
          f"{service['calls_per_s']:>9.1f} {cases_per_s:>8.1f} "
          f"{service['p50_ms']:>8.2f} {service['p99_ms']:>8.2f}")
    for name, figures in service["by_kind"].items():
        print(f"{'  ' + name:34} {figures['calls']:>7} {'':>8} {'':>9} {'':>8} "
              f"{figures['p50_ms']:>8.2f} {figures['p99_ms']:>8.2f}")
    print(f"{'baseline: one insert + commit':34} {baseline['calls']:>7} "
          f"{baseline['wall_s']:>8.2f} {baseline['calls_per_s']:>9.1f} {'':>8} "
          f"{baseline['p50_ms']:>8.2f} {baseline['p99_ms']:>8.2f}")
    print(f"ratio (service calls/s / baseline calls/s): {result['ratio']:.2f}; "
          f"target >= {TARGET_RATIO:g}: {'met' if result['target_met'] else 'NOT met'}")
    print(f"checked: {result['cases_made']} cases made, {result['distinct_numbers']} distinct "
          f"public numbers, {result['cases_stored']} cases stored, "
          f"{result['baseline_rows_stored']} baseline rows stored; errors: service "
          f"{service['errors']}, baseline {baseline['errors']}")
    for error in service["first_errors"] + baseline["first_errors"]:
        print(f"  error: {error}")


def backends(database_url: str, directory: Path, only: str) -> list[Backend]:
    found = []
    if only in ("", "sqlite"):
        found.append(Backend("SQLite (a temporary file)", StorageSettings(
            database_url=f"sqlite+aiosqlite:///{directory / 'bench.db'}")))
    if database_url and only in ("", "postgres"):
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        found.append(Backend(f"PostgreSQL (fresh schema {schema})", StorageSettings(
            database_url=database_url, database_schema=schema), admin_url=database_url))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000, help="how many cases to make")
    parser.add_argument("--concurrency", type=int, default=16,
                        help="calls in flight at once, for the service and the baseline")
    parser.add_argument("--database-url", default=os.environ.get("DAIBAN_TEST_POSTGRES_URL", ""),
                        help="PostgreSQL to bench too (default: DAIBAN_TEST_POSTGRES_URL)")
    parser.add_argument("--only", choices=["sqlite", "postgres"], default="",
                        help="bench one database only (default: SQLite, and PostgreSQL "
                             "when its URL is set)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.only == "postgres" and not args.database_url:
        parser.error("--only postgres needs --database-url or DAIBAN_TEST_POSTGRES_URL")
    logging.basicConfig(level=logging.ERROR)  # the calendar's notes are not figures

    results = []
    with tempfile.TemporaryDirectory(prefix="daiban-bench-") as directory:
        for backend in backends(args.database_url, Path(directory), args.only):
            results.append(asyncio.run(bench_backend(backend, max(1, args.cases),
                                                     max(1, args.concurrency))))
    if args.json:
        print(json.dumps({"matter": MATTER, "results": results}, indent=2))
    else:
        for result in results:
            print_table(result)
    failed = any(r["service"]["errors"] or r["baseline"]["errors"]
                 or r["cases_made"] != r["cases"] for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
