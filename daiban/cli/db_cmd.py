"""`daiban db ...`: the database schema, through Alembic on the service's own engine."""

from __future__ import annotations

import click

from backend.storage import migrate
from bot.store import migrate as bot_migrate
from daiban.cli.common import console, run_async, state
from daiban.settings import Settings, mask_url_password
from daiban.wiring import database


@click.group("db", epilog="Example: daiban db upgrade")
def db_group() -> None:
    """Create and migrate the database (SQLite by default, PostgreSQL by URL).

    The case service's tables and the bot's own (its inbox, outbox and conversation
    state) each have their own migrations; upgrade migrates both.
    """


@db_group.command("upgrade", epilog="Example: daiban db upgrade --revision head")
@click.option("--revision", default="head", show_default=True, help="Target revision.")
@click.pass_context
def upgrade_command(ctx: click.Context, revision: str) -> None:
    """Migrate the database up to a revision (daiban run does this by itself)."""
    settings = state(ctx).settings
    current, bot_current = run_async(_upgrade, settings, revision)
    where = mask_url_password(settings.storage.database_url)
    console().print(f"database at revision {current}, bot store at {bot_current} ({where})")


@db_group.command("downgrade", epilog="Example: daiban db downgrade base")
@click.argument("revision")
@click.pass_context
def downgrade_command(ctx: click.Context, revision: str) -> None:
    """Migrate the case service's tables down to REVISION ('base' removes every table,
    the bot's included)."""
    current = run_async(_downgrade, state(ctx).settings, revision)
    console().print(f"database at revision {current or 'base'}")


@db_group.command("current", epilog="Example: daiban db current")
@click.pass_context
def current_command(ctx: click.Context) -> None:
    """Print the database's revision and the code's head revision."""
    current, bot_current = run_async(_current, state(ctx).settings)
    console().print(f"database: {current or 'empty'}  code: {migrate.head_revision()}")
    console().print(f"bot store: {bot_current or 'empty'}  code: {bot_migrate.head_revision()}")


async def _upgrade(settings: Settings, revision: str) -> tuple[str | None, str | None]:
    async with database(settings) as engine:
        await migrate.upgrade(engine, revision)
        await bot_migrate.upgrade(engine)
        return await migrate.current_revision(engine), await bot_migrate.current_revision(engine)


async def _downgrade(settings: Settings, revision: str) -> str | None:
    async with database(settings) as engine:
        await migrate.downgrade(engine, revision)
        if revision == "base":
            await bot_migrate.downgrade(engine, "base")
        return await migrate.current_revision(engine)


async def _current(settings: Settings) -> tuple[str | None, str | None]:
    async with database(settings) as engine:
        return await migrate.current_revision(engine), await bot_migrate.current_revision(engine)
