"""The catalog checker: every problem of every data file, in one pass.

Editors of the YAML are district clerks, not programmers. A loader that stops at the first
error makes them fix one line per run; this lists all of them (syntax, schema, the rules
in `_rules`, and clashes between files) with the file, the matter's code and the field.
The loader refuses a folder with exactly this list, so `daiban catalog check` and a failed
start-up never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from matter_catalog._rules import matter_findings
from matter_catalog._schema import YamlProblem, describe, errors_of, field_path, parse_yaml
from matter_catalog.models import Category, CategoryFile, Matter
from matter_catalog.problem import Problem

__all__ = ["Problem", "check_catalog", "read_catalog"]

SUFFIXES = (".yaml", ".yml")
_TOP_LEVEL = ("category", "matters")


def check_catalog(path: Path) -> list[Problem]:
    """Every problem of the catalog folder (or of one file); empty when it is clean."""
    return read_catalog(path)[1]


def read_catalog(path: Path) -> tuple[list[CategoryFile], list[Problem]]:
    """The parsed files in name order when clean, else no files and every problem."""
    label = f"{path.name or path}/" if path.is_dir() or not path.exists() else path.name
    if not path.exists():
        return [], [Problem(label, None, "", "the catalog folder does not exist")]
    paths = [path] if path.is_file() else sorted(
        item for item in path.iterdir() if item.is_file() and item.suffix in SUFFIXES
    )
    if not paths:
        return [], [Problem(label, None, "", "no catalog files (*.yaml) in the folder")]
    parsed = [_read_file(item) for item in paths]
    problems = [problem for item in parsed for problem in item.problems]
    problems += _clashes(parsed)
    problems.sort(key=lambda problem: problem.file)  # stable: keeps each file's order
    if problems:
        return [], problems
    return [item.content for item in parsed if item.content is not None], []


@dataclass
class _ParsedFile:
    """One file's outcome, with the identifiers the cross-file checks compare."""

    name: str
    problems: list[Problem] = field(default_factory=list)
    category_key: str | None = None
    matter_ids: list[tuple[int, str | None, str | None]] = field(default_factory=list)
    content: CategoryFile | None = None

    def add(self, code: str | None, where: str, message: str) -> None:
        self.problems.append(Problem(self.name, code, where, message))


def _read_file(path: Path) -> _ParsedFile:
    result = _ParsedFile(path.name)
    try:
        raw = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        result.add(None, "", f"cannot read the file: {error}")
        return result
    except YamlProblem as error:
        result.add(None, "", str(error))
        return result
    if raw is None:
        result.add(None, "", "the file is empty")
        return result
    if not isinstance(raw, Mapping):
        result.add(None, "", "expected a mapping with 'category' and 'matters' at the top")
        return result
    for key in raw:
        if key not in _TOP_LEVEL:
            result.add(None, str(key), f"unknown field '{key}' (a typo?)")
    category = _read_category(result, raw)
    matters = _read_matters(result, raw.get("matters"), "matters" in raw)
    if category is not None and matters is not None and not result.problems:
        result.content = CategoryFile(category=category, matters=matters)
    return result


def _read_category(result: _ParsedFile, raw: Mapping[str, Any]) -> Category | None:
    if "category" not in raw:
        result.add(None, "category", "missing required field 'category'")
        return None
    value = raw["category"]
    if isinstance(value, Mapping) and isinstance(value.get("key"), str):
        result.category_key = value["key"]
    try:
        return Category.model_validate(value)
    except ValidationError as error:
        for item in errors_of(error):
            result.add(None, field_path("category", item["loc"], value), describe(item))
        return None


def _read_matters(result: _ParsedFile, value: Any, present: bool) -> list[Matter] | None:
    if not present:
        result.add(None, "matters", "missing required field 'matters'")
        return None
    if not isinstance(value, list) or not value:
        result.add(None, "matters", "expected a non-empty list of matters")
        return None
    matters: list[Matter] = []
    for index, raw in enumerate(value):
        matter = _read_matter(result, index, raw)
        if matter is not None:
            matters.append(matter)
    return matters if len(matters) == len(value) else None


def _read_matter(result: _ParsedFile, index: int, raw: Any) -> Matter | None:
    prefix = f"matters[{index}]"
    if not isinstance(raw, Mapping):
        result.add(None, prefix, "expected a mapping (one matter)")
        return None
    code = raw.get("code") if isinstance(raw.get("code"), str) else None
    implementation = raw.get("implementation_code")
    result.matter_ids.append(
        (index, code, implementation if isinstance(implementation, str) else None)
    )
    matter: Matter | None = None
    try:
        matter = Matter.model_validate(raw)
        fields: Mapping[str, Any] = dict(matter)
    except ValidationError as error:
        for item in errors_of(error):
            result.add(code, field_path(prefix, item["loc"], raw), describe(item))
        fields = _valid_parts(raw)
    for where, message in matter_findings(fields):
        result.add(code, f"{prefix}.{where}", message)
    return matter


def _valid_parts(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a refused matter that validate on their own, for the other rules."""
    parts: dict[str, Any] = {}
    for name, info in Matter.model_fields.items():
        if name not in raw:
            if not info.is_required():
                parts[name] = info.get_default(call_default_factory=True)
            continue
        try:
            parts[name] = _adapter(name).validate_python(raw[name])
        except ValidationError:
            continue
    return parts


@cache
def _adapter(name: str) -> TypeAdapter[Any]:
    info = Matter.model_fields[name]
    if not info.metadata:
        return TypeAdapter(info.annotation)
    return TypeAdapter(Annotated[info.annotation, *info.metadata])  # type: ignore[valid-type]


def _clashes(parsed: list[_ParsedFile]) -> list[Problem]:
    """Codes and keys must be unique across the whole folder, not just inside one file."""
    problems: list[Problem] = []
    categories: dict[str, str] = {}
    codes: dict[str, str] = {}
    implementations: dict[str, str] = {}

    def clash(seen: dict[str, str], value: str | None, here: str, problem: Problem) -> None:
        if value is None:
            return
        if value in seen:
            problems.append(Problem(problem.file, problem.code, problem.field,
                                    f"{problem.message} '{value}' (first in {seen[value]})"))
        else:
            seen[value] = here

    for item in parsed:
        clash(categories, item.category_key, item.name,
              Problem(item.name, None, "category.key", "duplicate category key"))
    for item in parsed:
        for index, code, implementation in item.matter_ids:
            here = f"{item.name} matters[{index}]"
            clash(codes, code, here,
                  Problem(item.name, code, f"matters[{index}].code", "duplicate matter code"))
            clash(implementations, implementation, here,
                  Problem(item.name, code, f"matters[{index}].implementation_code",
                          "duplicate implementation code"))
    return problems
