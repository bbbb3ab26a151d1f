"""What the handover lists' screens share: their buttons' data, the lists of the offices
one works at, and a list's dossiers as the templates show them.

A carry run's view lists no "moves allowed" (unlike a case's custody view), so the
buttons follow the list's own state: [I am leaving with this list] at the station while
it has not left; [Received] for each dossier not received yet and [Missing] for each not
flagged yet, at the destination once it has left. That is only what to show: whether
this person may press it is the case service's to decide on every press.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import itertools
from typing import Any, ClassVar

from backend_client.errors import NotAllowed
from handlers.callbacks import CallbackData, Expired
from handlers.context import DaibanContext
from handlers.staff._views import staff
from handlers.staff.team_views import DISTRICT_ZONE
from wire.custody import CarryItemView, CarryRunView

LIST_TAG = "run."
"""The Page list id of the handover lists."""
RECENT = 10
"""How many of each office's latest lists the overview reads."""
AT_ONCE = 8
"""How many offices' lists are read at the same time (a demo agent works at hundreds)."""
PER_PAGE = 8
"""Dossiers a page of one list shows (with their buttons), and lists a page of lists."""
DAY = "%Y%m%d"


@dataclasses.dataclass(frozen=True)
class OpenRun(CallbackData):
    """One list as `office` sees it (its station: leaving; else: coming), its `day`
    (YYYYMMDD, to find it among the office's lists) and a page of its dossiers."""

    PREFIX: ClassVar[str] = "crv"
    run: int
    office: str
    day: str
    page: int


@dataclasses.dataclass(frozen=True)
class DepartRun(CallbackData):
    """[I am leaving with this list]."""

    PREFIX: ClassVar[str] = "crd"
    run: int


@dataclasses.dataclass(frozen=True)
class SettleDossier(CallbackData):
    """[Received] (`outcome` "r") or [Missing] ("m") for one case on a list."""

    PREFIX: ClassVar[str] = "crs"
    run: int
    case_id: str
    outcome: str


def open_run(run: CarryRunView, leaving: bool, page: int = 0) -> OpenRun:
    office = run.station_code if leaving else run.to_office_code
    return OpenRun(run.id, office, run.day.strftime(DAY), page)


def day_of(data: OpenRun) -> dt.date:
    try:
        return dt.datetime.strptime(data.day, DAY).date()
    except ValueError:
        raise Expired(data.day) from None


async def find_run(context: DaibanContext, data: OpenRun) -> CarryRunView:
    """The list a button names, as it is now (among its office's lists of its day)."""
    runs = (await context.cases.carry_runs(data.office, day=day_of(data), limit=100,
                                           actor=staff(context))).runs
    found = next((run for run in runs if run.id == data.run), None)
    if found is None:
        raise Expired(str(data.run))
    return found


async def _office_runs(context: DaibanContext, office: str
                       ) -> list[tuple[CarryRunView, bool]]:
    """An office's latest lists, each with whether it leaves the office; none where the
    service says this membership works no lists (an admin's)."""
    try:
        runs = (await context.cases.carry_runs(office, limit=RECENT,
                                               actor=staff(context))).runs
    except NotAllowed:
        return []
    return [(run, run.station_code == office) for run in runs]


async def my_runs(context: DaibanContext) -> list[tuple[CarryRunView, bool]]:
    """The lists of every office one works at, newest first, each once per side."""
    memberships = (await context.cases.my_memberships(actor=staff(context))).staff
    offices = list(dict.fromkeys(m.office_code for m in memberships))
    found: dict[tuple[int, bool], tuple[CarryRunView, bool]] = {}
    for start in range(0, len(offices), AT_ONCE):
        batch = await asyncio.gather(*(_office_runs(context, office)
                                       for office in offices[start:start + AT_ONCE]))
        for run, leaving in itertools.chain.from_iterable(batch):
            found.setdefault((run.id, leaving), (run, leaving))
    return sorted(found.values(), key=lambda entry: (entry[0].day, entry[0].created_at),
                  reverse=True)


def local(run: CarryRunView) -> CarryRunView:
    """The list with its departure in the district's time, as the screens show it."""
    if run.departed_at is None:
        return run
    return run.model_copy(update={"departed_at": run.departed_at.astimezone(DISTRICT_ZONE)})


def may_depart(run: CarryRunView, leaving: bool) -> bool:
    return leaving and run.departed_at is None


def to_settle(run: CarryRunView, leaving: bool, item: CarryItemView) -> tuple[bool, bool]:
    """Whether to offer [Received] and [Missing] for a dossier."""
    if leaving or run.departed_at is None or item.received_at is not None:
        return False, False
    return True, item.missing_at is None


async def dossiers(context: DaibanContext, items: list[CarryItemView]
                   ) -> list[dict[str, Any]]:
    """Each dossier as the run screen shows it: number, matter, the originals it
    carries (names in the matter's order), when it arrived or was flagged missing."""
    codes = sorted({item.matter_code for item in items})
    matters = dict(zip(codes, await asyncio.gather(*(context.cases.matter(code)
                                                     for code in codes)), strict=True))

    def when(at: dt.datetime | None) -> dt.datetime | None:
        return at.astimezone(DISTRICT_ZONE) if at else None

    return [{"number": item.case_number, "matter": matters[item.matter_code].name,
             "originals": [m.name for m in matters[item.matter_code].materials
                           if m.key in item.originals],
             "received_at": when(item.received_at), "missing_at": when(item.missing_at)}
            for item in items]
