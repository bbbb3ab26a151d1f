"""Loading the catalog from a folder of category files (the shipped one by default).

The loader and the checker share one reading of the files (`checker.read_catalog`), so
a folder either loads completely or fails with the checker's full list of problems:
a half-loaded catalog would hide matters from villagers without anyone noticing.
"""

from __future__ import annotations

from pathlib import Path

from matter_catalog.catalog import Catalog
from matter_catalog.checker import read_catalog
from matter_catalog.problem import CatalogError

DEFAULT_PATH = Path(__file__).parent / "data"
"""The catalog shipped with the package (installed as package data)."""

__all__ = ["DEFAULT_PATH", "CatalogError", "load_catalog"]


def load_catalog(path: Path | None = None) -> Catalog:
    """The catalog at `path` (default: the shipped data), with its search index built.

    Raises CatalogError carrying every problem when any file is wrong.
    """
    folder = DEFAULT_PATH if path is None else Path(path)
    files, problems = read_catalog(folder)
    if problems:
        raise CatalogError(str(folder), problems)
    return Catalog(files)
