"""`daiban texts ...`: the words users read, for translators and reviewers."""

from __future__ import annotations

from pathlib import Path

import click

from daiban.cli.common import console
from texts.preview import preview_html
from texts.render import Texts


@click.group("texts", epilog="Example: daiban texts preview -o var/preview.html")
def texts_group() -> None:
    """Every screen and button label, in every language."""


@texts_group.command("preview", epilog="Example: daiban texts preview -o var/preview.html")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("var/texts-preview.html"), show_default=True,
              help="Where to write the page.")
def preview_command(output: Path) -> None:
    """Write one HTML page showing every screen in both languages, from sample data."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(preview_html(Texts.load()), encoding="utf-8")
    console().print(f"wrote {output} (open it in a browser)")
