"""Typed callback data: a 2–3 letter prefix, a version character, the fields.

Button data comes back from the client and can be stale or forged, so it is parsed in
one place, and anything that does not parse is "expired", never an error. It carries no
right: the case service checks every action again.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, ClassVar, Self

MAX_BYTES = 64
SEPARATOR = ":"
_PATTERN = re.compile(r"^(?P<prefix>[a-z]{2,3})(?P<version>[0-9a-z]):(?P<fields>.*)$")


class Expired(ValueError):
    """Callback data that no current button carries (old, foreign or forged)."""


@dataclasses.dataclass(frozen=True)
class CallbackData:
    """Subclasses set PREFIX and VERSION and declare str or int fields."""

    PREFIX: ClassVar[str]
    VERSION: ClassVar[str] = "1"
    _registry: ClassVar[dict[str, type[CallbackData]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.PREFIX in CallbackData._registry:
            raise TypeError(f"callback prefix {cls.PREFIX!r} used twice")
        CallbackData._registry[cls.PREFIX] = cls

    def pack(self) -> str:
        values = [str(getattr(self, field.name)) for field in dataclasses.fields(self)]
        if any(SEPARATOR in value for value in values):
            raise ValueError("a callback field may not contain the separator")
        data = f"{self.PREFIX}{self.VERSION}{SEPARATOR}{SEPARATOR.join(values)}"
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data longer than {MAX_BYTES} bytes: {data!r}")
        return data

    @classmethod
    def pattern(cls) -> re.Pattern[str]:
        """What a CallbackQueryHandler matches: this prefix at any version (old ones expire)."""
        return re.compile(rf"^{cls.PREFIX}[0-9a-z]{SEPARATOR}")

    @classmethod
    def parse(cls, data: str | None) -> Self:
        parsed = parse(data)
        if not isinstance(parsed, cls):
            raise Expired(data)
        return parsed


def parse(data: str | None) -> CallbackData:
    """The typed value of any button's data, or Expired."""
    match = _PATTERN.match(data or "")
    if match is None or len((data or "").encode()) > MAX_BYTES:
        raise Expired(data)
    kind = CallbackData._registry.get(match["prefix"])
    if kind is None or match["version"] != kind.VERSION:
        raise Expired(data)
    fields = dataclasses.fields(kind)
    values = match["fields"].split(SEPARATOR) if fields else []
    if len(values) != len(fields) or (not fields and match["fields"]):
        raise Expired(data)
    converted: dict[str, Any] = {}
    for field, value in zip(fields, values, strict=True):
        try:
            converted[field.name] = int(value) if field.type in (int, "int") else value
        except ValueError as error:
            raise Expired(data) from error
    return kind(**converted)


@dataclasses.dataclass(frozen=True)
class ChooseLanguage(CallbackData):
    PREFIX: ClassVar[str] = "lg"
    language: str


@dataclasses.dataclass(frozen=True)
class GoHome(CallbackData):
    """[Home]: leave whatever flow and show the main menu."""

    PREFIX: ClassVar[str] = "hm"


@dataclasses.dataclass(frozen=True)
class Page(CallbackData):
    """Turn a paged list: which list (its flow knows it by this id) and which page."""

    PREFIX: ClassVar[str] = "pg"
    list_id: str
    page: int

    @classmethod
    def pattern_for(cls, tag: str) -> re.Pattern[str]:
        """A flow's pages only: its list ids start with its own tag (e.g. "town")."""
        return re.compile(rf"^{cls.PREFIX}[0-9a-z]{SEPARATOR}{re.escape(tag)}")


@dataclasses.dataclass(frozen=True)
class BookMatter(CallbackData):
    """[Book proxy handling] on a matter card: the booking flow's entry."""

    PREFIX: ClassVar[str] = "bk"
    matter_code: str


@dataclasses.dataclass(frozen=True)
class ClaimCase(CallbackData):
    """[Claim] on a handoff prompt: take the case at the version the prompt showed."""

    PREFIX: ClassVar[str] = "cl"
    case_id: str
    version: int
