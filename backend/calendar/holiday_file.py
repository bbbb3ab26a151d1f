"""The district's holiday file: next year's schedule before chinese-calendar has it, and
local closures.

The format is documented, with an example, in docs/holidays.example.yaml. Every problem
in the file is reported at once, so an operator fixes the file in one pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

# A typo such as "to: 2072-02-12" would silently close the office for decades.
_LONGEST_RANGE_DAYS = 31


class DayKind(StrEnum):
    """What the file says about one date; each kind overrides chinese-calendar."""

    HOLIDAY = "holiday"  # a statutory rest day (法定节假日 or its 调休 rest)
    WORKDAY = "workday"  # an adjusted working day (调休上班), usually a Saturday or Sunday
    CLOSURE = "closure"  # the district closes for a local reason; a rest day all the same

    @property
    def is_working(self) -> bool:
        return self is DayKind.WORKDAY


@dataclass(frozen=True, slots=True)
class DayEntry:
    kind: DayKind
    name: str


@dataclass(frozen=True)
class HolidayFile:
    """The file's content: which years it holds completely, and its dated entries."""

    path: Path | None = None
    years: frozenset[int] = frozenset()
    days: Mapping[dt.date, DayEntry] = field(default_factory=lambda: MappingProxyType({}))


class HolidayFileError(ValueError):
    """The file cannot be used; `problems` lists every reason, one line each."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = Path(path)
        self.problems = problems
        super().__init__(f"holiday file {path}: " + "; ".join(problems))


def load_holiday_file(path: Path) -> HolidayFile:
    """Read and check the file; a missing file is an error, not an empty calendar.

    An operator who set DAIBAN_HOLIDAY_FILE expects it to count: silently falling back
    to Monday-Friday would put wrong deadlines on villagers' cases.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise HolidayFileError(path, ["no such file"]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise HolidayFileError(path, [f"cannot be read: {error}"]) from None
    return parse_holiday_file(text, path)


def parse_holiday_file(text: str, path: Path | None = None) -> HolidayFile:
    """Check the YAML text of a holiday file and index its entries by date."""
    where = path or Path("<holiday file>")
    try:
        raw = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass: no objects
    except yaml.YAMLError as error:
        raise HolidayFileError(where, [f"not valid YAML: {error}".replace("\n", " ")]) from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise HolidayFileError(where, ["the top level must be a mapping of years, holidays, "
                                       "workdays and closures"])
    try:
        content = _File.model_validate(raw)
    except ValidationError as error:
        raise HolidayFileError(where, [_describe(item) for item in error.errors()]) from None
    days, problems = content.index()
    if problems:
        raise HolidayFileError(where, problems)
    return HolidayFile(path=path, years=frozenset(content.years),
                       days=MappingProxyType(days))


class _Loader(yaml.SafeLoader):
    """Leaves dates as text, so that "2027-02-30" is reported with its place in the file.

    PyYAML's own date resolver would raise a bare "day is out of range for month".
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a date like 2027-01-01") from None


def _as_list(value: Any) -> Any:
    # "closures:" with nothing under it reads as None; it means "none".
    return [] if value is None else value


Day = Annotated[dt.date, BeforeValidator(_as_date)]
Year = Annotated[int, Field(strict=True, ge=2000, le=2100)]


class _Entry(BaseModel):
    """One date, or a from/to range of dates, with an optional name for people."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    day: Day | None = Field(default=None, alias="date")
    first: Day | None = Field(default=None, alias="from")
    last: Day | None = Field(default=None, alias="to")
    name: str = ""

    @model_validator(mode="after")
    def _one_shape(self) -> _Entry:
        if self.day is not None:
            if self.first is not None or self.last is not None:
                raise ValueError("give either date, or from and to, not both")
            return self
        if self.first is None or self.last is None:
            raise ValueError("give a date, or both from and to")
        if self.last < self.first:
            raise ValueError(f"to {self.last} is before from {self.first}")
        if (self.last - self.first).days >= _LONGEST_RANGE_DAYS:
            raise ValueError(
                f"from {self.first} to {self.last} is longer than {_LONGEST_RANGE_DAYS} days; "
                "is a year mistyped?"
            )
        return self

    def dates(self) -> list[dt.date]:
        if self.day is not None:
            return [self.day]
        assert self.first is not None and self.last is not None  # checked above
        return [self.first + dt.timedelta(days=offset)
                for offset in range((self.last - self.first).days + 1)]


EntryList = Annotated[list[_Entry], BeforeValidator(_as_list)]
YearList = Annotated[list[Year], BeforeValidator(_as_list)]


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    years: YearList = []
    holidays: EntryList = []
    workdays: EntryList = []
    closures: EntryList = []

    def index(self) -> tuple[dict[dt.date, DayEntry], list[str]]:
        """Entries by date, and what contradicts itself (a date listed twice, an empty year)."""
        days: dict[dt.date, DayEntry] = {}
        first_seen: dict[dt.date, str] = {}
        problems: list[str] = []
        lists = ((DayKind.HOLIDAY, "holidays", self.holidays),
                 (DayKind.WORKDAY, "workdays", self.workdays),
                 (DayKind.CLOSURE, "closures", self.closures))
        for kind, key, entries in lists:
            for number, entry in enumerate(entries, start=1):
                for day in entry.dates():
                    place = f"{key} entry {number}"
                    if day in first_seen:
                        problems.append(f"{day} is listed twice: {first_seen[day]} and {place}")
                        continue
                    first_seen[day] = place
                    days[day] = DayEntry(kind, entry.name)
        holiday_years = {day.year for day, entry in days.items() if entry.kind is DayKind.HOLIDAY}
        problems.extend(
            f"years lists {year} as complete, but no holiday in {year} is listed"
            for year in sorted(set(self.years) - holiday_years)
        )
        return days, problems


def _describe(error: Any) -> str:
    """One pydantic error as "holidays entry 3, date: '2027-02-30' is not a date ..."."""
    parts: list[str] = []
    for item in error["loc"]:
        if isinstance(item, int) and parts:
            parts[-1] = f"{parts[-1]} entry {item + 1}"
        else:
            parts.append(str(item))
    place = ", ".join(parts) or "the file"
    if error["type"] == "extra_forbidden":
        return f"{place}: unknown key"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{place}: {message}"
