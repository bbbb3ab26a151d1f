"""`daiban calendar ...`: is the working-day calendar ready, and when is a deadline."""

from __future__ import annotations

import datetime as dt

import click
from pydantic import ValidationError
from rich.markup import escape
from rich.table import Table

from backend.calendar import DistrictCalendar, load_calendar
from daiban.cli.common import CliError, console, state

_DATE = click.DateTime(["%Y-%m-%d"])


@click.group("calendar", epilog="Example: daiban calendar check --today 2026-11-25")
def calendar_group() -> None:
    """Working days: chinese-calendar plus the district's holiday file."""


@calendar_group.command("check", epilog="Example: daiban calendar check --today 2026-11-25")
@click.option("--today", type=_DATE, default=None,
              help="Pretend today is this date (default: today in the district's time zone).")
@click.option("--days", type=click.IntRange(min=0), default=90, show_default=True,
              help="How many days ahead must have real holiday data.")
@click.pass_context
def check_command(ctx: click.Context, today: dt.datetime | None, days: int) -> None:
    """Fail (exit 1) unless real holiday data covers today and the next DAYS days.

    Without data a year's deadlines are counted Monday to Friday, which is wrong around
    New Year and the Spring Festival. Run it from cron each November, when the State
    Council publishes the coming year's holidays.
    """
    calendar = _calendar(ctx)
    first = today.date() if today else dt.datetime.now(calendar.zone).date()
    last = first + dt.timedelta(days=days)
    uncovered = calendar.uncovered_years(first, last)
    if uncovered:
        years = ", ".join(str(year) for year in uncovered)
        raise CliError(
            f"no holiday data for {years} (needed up to {last}): copy the State Council's "
            f"schedule into the holiday file ({_file_name(calendar)}) and list the year "
            "under 'years:'; see docs/holidays.example.yaml"
        )
    table = Table(title=f"calendar covered from {first} to {last}", show_header=False)
    table.add_column()
    table.add_column(overflow="fold")  # a long holiday file path is shown whole
    for year in range(first.year, last.year + 1):
        table.add_row(str(year), _source(calendar, year))
    table.add_row("working days", str(calendar.working_days_between(first, last)))
    table.add_row("holiday file", escape(_file_name(calendar)))
    console().print(table)


@calendar_group.command("days", epilog="Example: daiban calendar days --from 2026-09-30 10")
@click.argument("n", type=click.IntRange(min=0))
@click.option("--from", "start", type=_DATE, default=None,
              help="The day the limit starts, e.g. acceptance (default: today).")
@click.option("--natural", is_flag=True,
              help="Count natural days instead of working days.")
@click.pass_context
def days_command(ctx: click.Context, n: int, start: dt.datetime | None, natural: bool) -> None:
    """Print the deadline of a limit of N days that starts on --from.

    Counting starts the next day (次日起算); N = 0 is the same day (即办). A natural-day
    period that ends on a rest day ends on the next working day.
    """
    calendar = _calendar(ctx)
    first = start.date() if start else dt.datetime.now(calendar.zone).date()
    if natural:
        deadline = calendar.add_natural_days(first, n)
        unit = "natural"
    else:
        deadline = calendar.add_working_days(first, n)
        unit = "working"
    out = console()
    out.print(f"{n} {unit} day(s) from {first:%Y-%m-%d %A}: "
              f"[bold]{deadline:%Y-%m-%d %A}[/bold]")
    uncovered = calendar.uncovered_years(first, deadline)
    if uncovered:
        years = ", ".join(str(year) for year in uncovered)
        out.print(f"[yellow]warning: no holiday data for {years}; counted Monday to Friday "
                  "there, so this date may be wrong[/yellow]")


def _calendar(ctx: click.Context) -> DistrictCalendar:
    try:
        return load_calendar(state(ctx).settings.calendar)
    except ValidationError as error:  # DAIBAN_TIME_ZONE and friends: one line, not a table
        problems = "; ".join(
            f"DAIBAN_{'_'.join(str(part) for part in item['loc']).upper()}: "
            f"{item['msg'].removeprefix('Value error, ')}"
            for item in error.errors()
        )
        raise CliError(f"settings: {problems}") from None
    except ValueError as error:  # a bad holiday file: every problem, on one line
        raise CliError(str(error)) from None


def _source(calendar: DistrictCalendar, year: int) -> str:
    if year in calendar.holiday_file.years:
        return "holiday file (declared complete)"
    return "chinese-calendar"


def _file_name(calendar: DistrictCalendar) -> str:
    path = calendar.holiday_file.path
    return str(path) if path else "none: set DAIBAN_HOLIDAY_FILE"
