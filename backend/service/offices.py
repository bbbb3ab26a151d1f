"""Import the district's offices from a CSV or YAML file: all rows or none.

The district edits one file (its offices, their hours, slots and travel times) and
imports it again whenever something changes; an import updates by code. A file with any
error changes nothing and every error is listed with its row, so the operator fixes the
file once instead of once per error.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.calendar import OfficeHours
from backend.domain.office import Office, tree_errors
from backend.domain.tier import OfficeKind
from backend.storage.offices import OfficeRepository

_TREE_MESSAGES = {
    "office.second_district": "there is already a district center; a district has only one",
    "office.district_has_parent": "the district center cannot have a parent",
    "office.unknown_parent": "parent_code names no office in the file or the database",
    "office.parent_wrong_tier": (
        "parent has the wrong tier: a town's parent is the district, a village's is a town"
    ),
}


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file, where to find it and what is wrong."""

    row: str
    code: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.row, self.code, self.field) if part)
        return f"{where}: {self.message}"


class OfficeImportError(Exception):
    """The file was refused; nothing was written."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the offices file")
        self.problems = problems


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    unchanged: int


class OfficeRow(BaseModel):
    """One office as written in the file; strings everywhere a spreadsheet might put them."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = Field(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z_-]+$")
    kind: OfficeKind
    name_zh: str = Field(min_length=1, max_length=100)
    name_en: str = Field(min_length=1, max_length=200)
    parent_code: str | None = None
    address: str = Field(min_length=1, max_length=300)
    phone: str = Field(min_length=3, max_length=40, pattern=r"^[0-9+() -]+$")
    opening_hours: str
    slot_minutes: int = Field(gt=0, le=480)
    slot_capacity: int = Field(gt=0, le=1000)
    travel_minutes_to_town: int = Field(ge=0, le=600)
    travel_minutes_to_district: int = Field(ge=0, le=600)

    @field_validator("code", "parent_code", "phone", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        # YAML and spreadsheets turn codes like 110117000000 into numbers.
        if value is None or value == "":
            return None
        return str(value)

    @field_validator("opening_hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        OfficeHours.parse(value)
        return value

    def to_office(self) -> Office:
        return Office(**self.model_dump())


def read_rows(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """(row label, raw mapping) for each office in a .csv, .yaml or .yml file."""
    text = path.read_text(encoding="utf-8-sig")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        # Line 1 is the header, so the first office is on line 2.
        return [(f"line {index}", dict(row)) for index, row in enumerate(reader, start=2)]
    if suffix in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise OfficeImportError(
                [ImportProblem("file", None, None, f"not YAML: {error}")]
            ) from None
        items = data.get("offices") if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise OfficeImportError(
                [ImportProblem("file", None, None, "expected a list of offices under 'offices:'")]
            )
        return [(f"office {index}", item) for index, item in enumerate(items, start=1)]
    raise OfficeImportError(
        [ImportProblem("file", None, None, f"unknown file type '{suffix}': use .csv or .yaml")]
    )


def validate_rows(
    rows: list[tuple[str, dict[str, Any]]], existing: list[Office]
) -> tuple[list[Office], list[ImportProblem]]:
    """Every row checked alone, then the whole tree (file over database) checked together."""
    problems: list[ImportProblem] = []
    incoming: dict[str, tuple[str, Office]] = {}
    seen: dict[str, str] = {}
    invalid: set[str] = set()
    for label, raw in rows:
        if not isinstance(raw, dict):
            problems.append(ImportProblem(label, None, None, "expected a mapping of fields"))
            continue
        code = str(raw["code"]) if raw.get("code") not in (None, "") else None
        if code is not None and code in seen:
            problems.append(
                ImportProblem(label, code, "code", f"duplicate code (also at {seen[code]})")
            )
            continue
        if code is not None:
            seen[code] = label
        try:
            office = OfficeRow.model_validate(raw).to_office()
        except ValidationError as error:
            invalid.add(code or "")
            for item in error.errors():
                field = ".".join(str(part) for part in item["loc"]) or None
                message = item["msg"].removeprefix("Value error, ")
                problems.append(ImportProblem(label, code, field, message))
            continue
        incoming[office.code] = (label, office)
    merged = {office.code: office for office in existing}
    merged.update({code: office for code, (_label, office) in incoming.items()})
    for code, error_code in tree_errors(list(merged.values())):
        if error_code == "office.unknown_parent" and merged[code].parent_code in invalid:
            continue  # the parent's own row is already reported
        label = incoming[code][0] if code in incoming else "database"
        problems.append(ImportProblem(label, code, "parent_code", _TREE_MESSAGES[error_code]))
    return [office for _label, office in incoming.values()], problems


async def import_offices(engine: AsyncEngine, path: Path) -> ImportReport:
    """Validate the whole file against the database, then write it in one transaction."""
    rows = read_rows(path)
    if not rows:
        raise OfficeImportError([ImportProblem("file", None, None, "no offices in the file")])
    async with engine.begin() as connection:
        repository = OfficeRepository(connection)
        existing = await repository.all()
        offices, problems = validate_rows(rows, existing)
        if problems:
            raise OfficeImportError(problems)
        before = {office.code: office for office in existing}
        created = sum(1 for office in offices if office.code not in before)
        unchanged = sum(1 for office in offices if before.get(office.code) == office)
        await repository.upsert(
            office for office in offices if before.get(office.code) != office
        )
    return ImportReport(created=created, updated=len(offices) - created - unchanged,
                        unchanged=unchanged)
