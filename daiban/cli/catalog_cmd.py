"""`daiban catalog ...`: check the matter catalog, read one matter, try the search.

The district clerk who edits the YAML runs `check` before a release; the operator who
answers a station's phone call runs `show` and `search` to see what a villager sees.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Column, Table
from rich.text import Text as RichText

from daiban.cli.common import CliError, console
from matter_catalog.catalog import Catalog
from matter_catalog.checker import read_catalog
from matter_catalog.loader import DEFAULT_PATH, CatalogError, load_catalog
from matter_catalog.models import LimitUnit, Matter, Text, TimeLimit

LANGS = click.Choice(["zh", "en"])
_UNITS = {LimitUnit.WORKING_DAYS: "working days", LimitUnit.NATURAL_DAYS: "natural days"}
_CATALOG_OPTION = click.option(
    "--catalog", "folder", type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None, help="Read this catalog folder instead of the shipped one.",
)


@click.group("catalog", epilog="Example: daiban catalog search dibao")
def catalog_group() -> None:
    """The matter catalog: check the data files, show a matter, try the search."""


@catalog_group.command("check", epilog="Example: daiban catalog check matter_catalog/data")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def check_command(path: Path | None) -> None:
    """List every problem of the catalog folder PATH (default: the shipped catalog)."""
    folder = DEFAULT_PATH if path is None else path
    files, problems = read_catalog(folder)
    out = console()
    for problem in problems:
        out.print(str(problem), markup=False)
    if problems:
        raise CliError(f"{len(problems)} problem(s) in {folder}")
    matters = sum(len(item.matters) for item in files)
    out.print(f"{folder}: no problems ({matters} matters in {len(files)} categories)",
              markup=False)


@catalog_group.command("show", epilog="Example: daiban catalog show SJ01 --lang en")
@click.argument("code")
@click.option("--lang", type=LANGS, default="zh", show_default=True)
@_CATALOG_OPTION
def show_command(code: str, lang: str, folder: Path | None) -> None:
    """Show the matter CODE: materials, route, limits, trips, home visit and FAQ."""
    catalog = _load(folder)
    matter = catalog.get(code.strip().upper())
    if matter is None:
        raise CliError(f"no matter with code {code!r} (try: daiban catalog search WORDS)")
    console().print(render_matter(catalog, matter, lang))


@catalog_group.command("search", epilog="Example: daiban catalog search dibao --limit 3")
@click.argument("words", nargs=-1, required=True)
@click.option("--lang", type=LANGS, default="zh", show_default=True)
@click.option("--limit", type=click.IntRange(1, 50), default=5, show_default=True)
@_CATALOG_OPTION
def search_command(words: tuple[str, ...], lang: str, limit: int, folder: Path | None) -> None:
    """Search the catalog as a villager types: Chinese, pinyin, initials or English."""
    catalog = _load(folder)
    query = " ".join(words)
    hits = catalog.search(query, lang=lang, limit=limit)
    out = console()
    if not hits:
        out.print(f"no match for {query!r}", markup=False)
        return
    table = Table("rank", "code", "name", "score", "matched", title=f"search: {query}")
    for rank, hit in enumerate(hits, start=1):
        name = catalog.matter(hit.code).name.get(lang)
        table.add_row(str(rank), hit.code, name, f"{hit.score:.1f}", hit.matched)
    out.print(table)


def _load(folder: Path | None) -> Catalog:
    try:
        return load_catalog(folder)
    except CatalogError as error:
        raise CliError(f"the catalog at {error.folder} has {len(error.problems)} problem(s);"
                       " run 'daiban catalog check' for the list") from error


def render_matter(catalog: Catalog, matter: Matter, lang: str) -> RenderableType:
    """One matter as the operator reads it on the phone to a station."""
    parts: list[RenderableType] = [
        _facts(catalog, matter, lang), _materials(matter, lang), _route(matter, lang),
    ]
    if matter.form:
        parts.append(_form(matter, lang))
    if matter.faq:
        # A grid, not a Text: cells wrap even when the console prints with soft wrap.
        faq = Table.grid(padding=(0, 1))
        faq.add_column(style="bold")
        faq.add_column(overflow="fold")
        for item in matter.faq:
            faq.add_row("Q:", RichText(item.question.get(lang), style="bold"))
            faq.add_row("A:", item.answer.get(lang))
        parts.append(Panel(faq, title="FAQ", title_align="left"))
    title = f"{matter.code}  {matter.name.get(lang)}"
    return Panel(Group(*parts), title=title, title_align="left")


def _table(*headers: str, title: str) -> Table:
    """Columns fold long cells: Chinese has no spaces to wrap at, so rich would cut it."""
    columns = [Column(header, overflow="fold") for header in headers]
    return Table(*columns, title=title, title_justify="left")


def _t(text: Text | None, lang: str) -> str:
    return text.get(lang) if text is not None else ""


def _facts(catalog: Catalog, matter: Matter, lang: str) -> Table:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")
    facts.add_row("kind", matter.kind.value.replace("_", " "))
    facts.add_row("category", _t(catalog.category_of(matter.code).name, lang))
    facts.add_row("department", _t(matter.department, lang))
    facts.add_row("implementation code", matter.implementation_code)
    facts.add_row("description", _t(matter.description, lang))
    facts.add_row("eligibility", _t(matter.eligibility, lang))
    if matter.legal_basis is not None:
        facts.add_row("legal basis", _t(matter.legal_basis, lang))
    facts.add_row("promised limit", _limit(matter.promised_limit, lang))
    facts.add_row("legal limit", _limit(matter.legal_limit, lang) or "none published")
    stops = [stop.kind.value.replace("_", " ")
             + (f" {stop.days} {_UNITS[stop.unit]}" if stop.days is not None else "")
             + (f" ({_t(stop.note, lang)})" if stop.note else "") for stop in matter.clock_stops]
    facts.add_row("clock stops", "; ".join(stops) or "none")
    fee = "free" if not matter.fee.yuan else f"{matter.fee.yuan:g} yuan"
    facts.add_row("fee", fee + (f" ({_t(matter.fee.note, lang)})" if matter.fee.note else ""))
    reason = f": {_t(matter.trips.reason, lang)}" if matter.trips.reason else ""
    facts.add_row("trips for the villager", f"{matter.trips.count}{reason}")
    facts.add_row("home visit", "yes" if matter.home_visit else "no")
    if matter.aliases:
        facts.add_row("also called", ", ".join(matter.aliases))
    return facts


def _materials(matter: Matter, lang: str) -> Table:
    table = _table("material", "originals", "copies", "requirement", "note", title="materials")
    for item in matter.materials:
        kept = " (station keeps the original)" if item.station_keeps_original else ""
        table.add_row(_t(item.name, lang), str(item.originals), str(item.copies),
                      item.requirement.value, _t(item.note, lang) + kept)
    return table


def _route(matter: Matter, lang: str) -> Table:
    table = _table("#", "tier", "action", "limit", "note", title="route")
    for number, step in enumerate(matter.route, start=1):
        action = step.action.value + (" (decides)" if step.action.decides else "")
        limit = f"{step.limit_days} working days" if step.limit_days else "on the spot"
        table.add_row(str(number), step.tier.value, action, limit, _t(step.note, lang))
    return table


def _form(matter: Matter, lang: str) -> Table:
    table = _table("question", "type", "required", title="booking form")
    for field in matter.form:
        kind = field.type.value + (" (sensitive: not asked in chat)" if field.sensitive else "")
        choices = ", ".join(choice.label.get(lang) for choice in field.choices)
        table.add_row(_t(field.label, lang) + (f" [{choices}]" if choices else ""), kind,
                      "yes" if field.required else "no")
    return table


def _limit(limit: TimeLimit | None, lang: str) -> str:
    if limit is None:
        return ""
    text = "on the spot" if limit.days == 0 else f"{limit.days} {_UNITS[limit.unit]}"
    if limit.estimate:
        text += " (estimate)"
    if limit.note is not None:
        text += f": {limit.note.get(lang)}"
    return text
