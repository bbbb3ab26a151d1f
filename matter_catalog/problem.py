"""One finding of the catalog checker, shared by the checker, the loader and the CLI."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """Where a data file is wrong and why, in words an editor of the YAML can act on.

    `file` is relative to the catalog folder, `code` is the matter's code when the matter
    has a readable one, and `field` is a path from the top of the file such as
    `matters[3].route` or `matters[0].form.household.choices` (list items that carry a
    unique `key` are named by it, the others by their index).
    """

    file: str
    code: str | None
    field: str
    message: str

    def __str__(self) -> str:
        parts = [self.file, self.code or "", self.field, self.message]
        return ": ".join(part for part in parts if part)


class CatalogError(Exception):
    """The catalog folder cannot be loaded; `problems` is the checker's full list."""

    def __init__(self, folder: str, problems: list[Problem]) -> None:
        self.folder = folder
        self.problems = problems
        first = f"; first: {problems[0]}" if problems else ""
        super().__init__(f"{len(problems)} problem(s) in the catalog at {folder}{first}")
