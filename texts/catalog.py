"""The messages the templates ask to be translated, and the English catalogs that hold them.

Each area of templates has its own English catalog, so that work on one flow never
rewrites another's: ``templates/resident/booking/*.j2`` → ``resident-booking.po``; the
root, ``common/`` and ``errors/`` → ``messages.po``. All of them are merged at load.

``python -m texts.catalog AREA...`` brings the named catalogs (or, with ``--all``, every
one) in step with the templates: new msgids added untranslated, unused ones dropped,
existing translations kept. The tests compare the same extraction with the files, so a
sentence added without its English fails in CI rather than reaching a user.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parent
BABEL_CFG = PACKAGE / "babel.cfg"
TEMPLATES = PACKAGE / "templates"
EN_CATALOGS = PACKAGE / "locales" / "en" / "LC_MESSAGES"
SHARED_AREAS = {"common", "errors"}


def area_of(template: str) -> str:
    """The catalog a template's messages belong to, from its path under templates/."""
    folders = Path(template).parts[:-1]
    if not folders or folders[0] in SHARED_AREAS:
        return "messages"
    return "-".join(folders[:2])


Found = tuple[list[str], list[tuple[str, int]]]
"""A msgid's translator notes and where it occurs."""


def extract_by_area() -> dict[str, dict[str, Found]]:
    """Per catalog, every msgid (the singular one of a plural) with notes and places."""
    with BABEL_CFG.open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(BABEL_CFG))
    found: dict[str, dict[str, Found]] = defaultdict(dict)
    for filename, lineno, message, comments, _context in extract_from_dir(
        str(PACKAGE), method_map, options_map
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        template = Path(filename).relative_to("templates").as_posix()
        notes, places = found[area_of(template)].setdefault(msgid, ([], []))
        notes.extend(comments)
        places.append((f"texts/{filename}", lineno))
    return dict(found)


def extract_messages() -> set[str]:
    """Every msgid in the templates, whatever its catalog."""
    return {msgid for messages in extract_by_area().values() for msgid in messages}


def catalog_path(area: str) -> Path:
    return EN_CATALOGS / f"{area}.po"


def update(area: str) -> tuple[int, int]:
    """Bring one English catalog in step with its templates; (added, dropped)."""
    wanted = extract_by_area().get(area, {})
    path = catalog_path(area)
    old = Catalog(locale="en")
    if path.exists():
        with path.open("rb") as po:
            old = read_po(po, locale="en")
    new = Catalog(locale="en", project="daiban", version="0.1", fuzzy=False,
                  copyright_holder="daiban contributors",
                  last_translator="daiban contributors", language_team="English")
    for msgid, (notes, places) in sorted(wanted.items()):
        before = old.get(msgid)
        new.add(msgid, before.string if before and not before.fuzzy else "",
                auto_comments=notes, locations=places)
    added = len([m for m in wanted if not old.get(m)])
    dropped = len([m for m in old if m.id and m.id not in wanted])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po:
        write_po(po, new, width=100, sort_output=True)
    return added, dropped


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m texts.catalog", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("areas", nargs="*", help="e.g. messages resident-booking")
    parser.add_argument("--all", action="store_true", help="every area the templates have")
    args = parser.parse_args(argv)
    areas = sorted(extract_by_area()) if args.all else args.areas
    if not areas:
        parser.error("name an area (e.g. resident-booking) or use --all")
    for area in areas:
        added, dropped = update(area)
        print(f"{catalog_path(area).relative_to(PACKAGE.parent)}: {added} new (translate "
              f"them), {dropped} dropped")


if __name__ == "__main__":
    main()
