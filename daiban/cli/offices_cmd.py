"""`daiban offices ...`: the district's tree of offices."""

from __future__ import annotations

from pathlib import Path

import click
from rich.tree import Tree

from backend.domain.office import Office
from backend.service.offices import ImportReport, OfficeImportError, import_offices
from backend.storage import migrate
from backend.storage.engine import reader
from backend.storage.offices import OfficeRepository
from daiban.cli.common import CliError, console, run_async, state
from daiban.settings import Settings
from daiban.wiring import database


@click.group("offices", epilog="Example: daiban offices show")
def offices_group() -> None:
    """The district center, town-level centers and village stations."""


@offices_group.command("import", epilog="Example: daiban offices import offices.csv")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def import_command(ctx: click.Context, file: Path) -> None:
    """Import offices from a CSV or YAML FILE: every row or none; updates by code.

    Columns: code, kind, name_zh, name_en, parent_code, address, phone, opening_hours,
    slot_minutes, slot_capacity, travel_minutes_to_town, travel_minutes_to_district.
    """
    try:
        report = run_async(_import, state(ctx).settings, file)
    except OfficeImportError as error:
        out = console()
        for problem in error.problems:
            out.print(f"{file.name}: {problem}", markup=False)
        raise CliError(
            f"{len(error.problems)} problem(s) in {file}; nothing was imported"
        ) from None
    console().print(
        f"imported {file.name}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged"
    )


@offices_group.command("show", epilog="Example: daiban offices show --code 110117107000")
@click.option("--code", help="Show only this office and the offices below it.")
@click.pass_context
def show_command(ctx: click.Context, code: str | None) -> None:
    """Print the tree of offices with hours, slots and travel times."""
    offices = run_async(_all, state(ctx).settings)
    if not offices:
        raise CliError("no offices yet: run 'daiban run' or 'daiban offices import FILE'")
    if code is not None and code not in {office.code for office in offices}:
        raise CliError(f"no office with code {code}")
    console().print(office_tree(offices, code))


def office_tree(offices: list[Office], root_code: str | None = None) -> Tree:
    children: dict[str | None, list[Office]] = {}
    for office in offices:
        children.setdefault(office.parent_code, []).append(office)
    roots = [o for o in offices if o.code == root_code] if root_code else children.get(None, [])
    tree = Tree(f"offices ({len(offices)})")

    def add(node: Tree, office: Office) -> None:
        travel = (
            f" | {office.travel_minutes_to_town} min to town,"
            f" {office.travel_minutes_to_district} min to district"
            if office.travel_minutes_to_district
            else ""
        )
        branch = node.add(
            f"[bold]{office.name_zh}[/bold] {office.code} ({office.kind.value})"
            f" | {office.opening_hours} | slots {office.slot_minutes} min x{office.slot_capacity}"
            f"{travel}"
        )
        for child in children.get(office.code, []):
            add(branch, child)

    for root in roots:
        add(tree, root)
    return tree


async def _import(settings: Settings, file: Path) -> ImportReport:
    async with database(settings) as engine:
        await migrate.upgrade(engine)
        return await import_offices(engine, file)


async def _all(settings: Settings) -> list[Office]:
    async with database(settings) as engine:
        await migrate.upgrade(engine)
        async with reader(engine).connect() as connection:
            return await OfficeRepository(connection).all()
