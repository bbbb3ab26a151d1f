"""`daiban run`: the main job on the embedded default.

It prepares everything a running district needs (the schema, the offices, the catalog,
the calendar), prints what it found, and serves the case service's API until stopped;
later issues add the bot, the sandbox web chat and the dashboard to the same process.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import click
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.table import Table

from backend.calendar import load_calendar
from backend.domain.tier import Tier
from backend.service.offices import import_offices
from backend.storage import migrate
from backend.storage.engine import reader
from backend.storage.offices import OfficeRepository
from bot.store import migrate as bot_migrate
from daiban.cli.common import console, state
from daiban.demo import DEMO_OFFICES
from daiban.serve import Addresses, serve
from daiban.settings import Settings, mask_url_password
from daiban.wiring import database
from matter_catalog.loader import load_catalog

log = logging.getLogger(__name__)

COVERAGE_DAYS = 90


@dataclass
class Summary:
    revision: str | None
    offices: dict[Tier, int]
    demo_offices_imported: bool
    matters: int
    categories: int
    uncovered_years: list[int]


@click.command("run", epilog="Example: daiban run   (Ctrl-C stops it)")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Pretend today is this date (for the calendar coverage check).")
@click.option("--prepare-only", is_flag=True,
              help="Migrate, import and check, print the summary, and exit without serving.")
@click.pass_context
def run_command(ctx: click.Context, today: dt.datetime | None, prepare_only: bool) -> None:
    """Prepare the database, offices, catalog and calendar, then serve the case service
    and the bot until stopped.

    With DAIBAN_BOT_TOKEN set, the bot talks to the Bot API at DAIBAN_TELEGRAM_API_URL
    (Telegram by default), polling or on a webhook (DAIBAN_BOT_MODE). Without a token it
    runs the demo: a local Bot API sandbox whose web chat stands in for the app.
    """
    _prepare_and_serve(ctx, today, prepare_only, demo=False)


@click.command("demo", epilog="Example: daiban demo   (then open the printed web chat)")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Pretend today is this date (for the calendar coverage check).")
@click.pass_context
def demo_command(ctx: click.Context, today: dt.datetime | None) -> None:
    """Run the sandbox, the case service and the bot in one process, with the demo
    district, and print the web chat's address (a bot token, if set, is not used)."""
    _prepare_and_serve(ctx, today, prepare_only=False, demo=True)


def _prepare_and_serve(ctx: click.Context, today: dt.datetime | None, prepare_only: bool,
                       *, demo: bool) -> None:
    settings = state(ctx).settings
    zone = ZoneInfo(settings.calendar.time_zone)
    day = today.date() if today else dt.datetime.now(zone).date()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), transient=True,
                  console=console()) as progress:
        summary = _prepare(settings, day, progress)
    _print_summary(settings, summary)
    if prepare_only:
        return
    out = console()

    def announce(where: Addresses) -> None:
        if where.web_chat:
            out.print(f"web chat: {where.web_chat}/   (open it in a browser; the bot is "
                      f"@{where.bot_username} on the local sandbox)")
            if demo:
                out.print("demo staff of every tier and role are in the web chat's user "
                          "list: pick one to play them; create a new user to be a villager")
        else:
            out.print(f"bot: @{where.bot_username} on {where.bot_api}")
        out.print(f"case service API: {where.api}/api/v1/docs   (token: "
                  f"{settings.runtime.var_dir / 'secrets' / 'service_token'}; Ctrl-C stops)")

    asyncio.run(serve(settings, announce, demo=demo))
    out.print("stopped")


def _prepare(settings: Settings, day: dt.date, progress: Progress) -> Summary:
    task = progress.add_task("loading the matter catalog")
    catalog = load_catalog()
    progress.update(task, description="loading the working-day calendar")
    calendar = load_calendar(settings.calendar)
    uncovered = calendar.uncovered_years(day, day + dt.timedelta(days=COVERAGE_DAYS))
    progress.update(task, description="migrating the database and importing offices")
    revision, counts, imported = asyncio.run(_prepare_database(settings))
    return Summary(
        revision=revision,
        offices=counts,
        demo_offices_imported=imported,
        matters=len(catalog.matters),
        categories=len(catalog.categories),
        uncovered_years=uncovered,
    )


async def _prepare_database(settings: Settings) -> tuple[str | None, dict[Tier, int], bool]:
    """Upgrade the schema; on an empty office table, import the demo district."""
    async with database(settings) as engine:
        await migrate.upgrade(engine)
        await bot_migrate.upgrade(engine)
        async with reader(engine).connect() as connection:
            counts = await OfficeRepository(connection).count_by_tier()
        imported = False
        if not any(counts.values()):
            await import_offices(engine, DEMO_OFFICES)
            imported = True
            async with reader(engine).connect() as connection:
                counts = await OfficeRepository(connection).count_by_tier()
        return await migrate.current_revision(engine), counts, imported


def _print_summary(settings: Settings, summary: Summary) -> None:
    out = console()
    table = Table(title="daiban is ready", show_header=False)
    table.add_row("database", f"{mask_url_password(settings.storage.database_url)}"
                  f" (revision {summary.revision})")
    offices = ", ".join(f"{summary.offices[tier]} {tier.value}" for tier in Tier)
    if summary.demo_offices_imported:
        offices += " (demo district imported)"
    table.add_row("offices", offices)
    table.add_row("catalog", f"{summary.matters} matters in {summary.categories} categories")
    if summary.uncovered_years:
        years = ", ".join(str(year) for year in summary.uncovered_years)
        table.add_row("calendar", f"[yellow]warning: no holiday data for {years}; counting "
                      f"Monday-Friday there. Add them to DAIBAN_HOLIDAY_FILE.[/yellow]")
    else:
        table.add_row("calendar", f"covered for the next {COVERAGE_DAYS} days")
    out.print(table)
