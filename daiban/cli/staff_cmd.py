"""`daiban staff ...`: invite staff and see who works where.

The operator acts as the district itself: an invite from here needs no inviter. The
code is printed once (only its hash is stored); whoever sends `/start CODE` to the bot
before it expires joins the office in that role.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import click
from rich.table import Table

from backend.service import staff
from backend.service.clock import SystemClock
from backend.service.errors import ServiceError
from backend.service.uow import reading, writing
from backend.storage import migrate
from daiban.cli.common import CliError, console, run_async, state
from daiban.serve import DEMO_USERNAME
from daiban.settings import Settings
from daiban.wiring import database

ROLES = ["agent", "reviewer", "approver", "supervisor", "admin"]
_REFUSALS = {
    "office.unknown": "no office with that code (see 'daiban offices show')",
    "staff.role_not_at_office": "that role does not exist at that tier: agents work at "
                                "village stations, reviewers and approvers at centers",
}


def _refusal(error: ServiceError) -> CliError:
    return CliError(f"{_REFUSALS.get(error.code, error.code)} ({error.code})")


@click.group("staff", epilog="Example: daiban staff invite --office 110117108201 --role agent")
def staff_group() -> None:
    """Staff of the offices: invites, and who works where."""


@staff_group.command("invite", epilog="Example: daiban staff invite --office 110117108201 "
                                      "--role agent --hours 48")
@click.option("--office", "office_code", required=True, help="The office's code.")
@click.option("--role", type=click.Choice(ROLES), required=True, help="The role to give.")
@click.option("--hours", type=click.IntRange(1, 168), default=24, show_default=True,
              help="How long the code stays valid.")
@click.pass_context
def invite_command(ctx: click.Context, office_code: str, role: str, hours: int) -> None:
    """Print a one-time code and deep link that make their sender staff of OFFICE."""
    settings = state(ctx).settings
    try:
        invite = run_async(_invite, settings, office_code, role, hours)
    except ServiceError as error:
        raise _refusal(error) from None
    zone = ZoneInfo(settings.calendar.time_zone)
    username = settings.bot.bot_username or (
        DEMO_USERNAME if settings.bot.bot_token is None else None)
    out = console()
    out.print(f"invite: {role} at {office_code}, valid until "
              f"{invite.expires_at.astimezone(zone):%Y-%m-%d %H:%M %Z}, usable once:")
    out.print(f"  send to the bot:  /start {invite.code}", markup=False)
    if username:
        out.print(f"  deep link:        https://t.me/{username}?start={invite.code}",
                  markup=False)
    else:
        out.print("  (set DAIBAN_BOT_USERNAME to print the deep link too)")


@staff_group.command("list", epilog="Example: daiban staff list --office 110117108000")
@click.option("--office", "office_code", required=True, help="The office's code.")
@click.pass_context
def list_command(ctx: click.Context, office_code: str) -> None:
    """Print an office's active staff."""
    try:
        rows = run_async(_list, state(ctx).settings, office_code)
    except ServiceError as error:
        raise _refusal(error) from None
    table = Table(title=f"staff of {office_code} ({len(rows)})")
    for column in ("name", "role", "messaging id", "since"):
        table.add_column(column)
    for row in rows:
        table.add_row(row.name, row.role, row.messaging_id, f"{row.created_at:%Y-%m-%d}")
    console().print(table)


async def _invite(settings: Settings, office_code: str, role: str, hours: int
                  ) -> staff.Invite:
    clock = SystemClock(ZoneInfo(settings.calendar.time_zone))
    async with database(settings) as engine:
        await migrate.upgrade(engine)
        async with writing(engine) as uow:
            return await staff.create_invite(clock, uow, None, office_code=office_code,
                                             role=role, valid_hours=hours)


async def _list(settings: Settings, office_code: str) -> list[object]:
    async with database(settings) as engine:
        await migrate.upgrade(engine)
        async with reading(engine) as uow:
            return await staff.office_staff(uow, staff.OPERATOR, office_code)
