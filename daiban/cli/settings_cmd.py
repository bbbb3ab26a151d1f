"""`daiban settings`: what this process would run with, secrets masked."""

from __future__ import annotations

import click
from rich.table import Table

from daiban.cli.common import console, state
from daiban.settings import masked_items


@click.command(
    "settings",
    epilog="Example: daiban settings   (DAIBAN_DATABASE_URL=... daiban settings to check a URL)",
)
@click.pass_context
def settings_command(ctx: click.Context) -> None:
    """Print the effective settings (environment, .env, defaults) with secrets masked."""
    table = Table("component", "variable", "value", title="daiban settings")
    for component, name, value in masked_items(state(ctx).settings):
        table.add_row(component, name, value)
    console().print(table)
