"""The walk-in flow's kinds of screen, its buttons' data and what it remembers.

The flow lives in three modules (`walk_in` the villager and the authorization,
`walk_in_matter` the matter, `walk_in_form` the questions and the booking); they share
these names. Diagram: walk_in.mmd.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from enum import StrEnum
from typing import Any, ClassVar

from telegram.ext import filters

from handlers.callbacks import CallbackData
from handlers.context import DaibanContext
from handlers.keyboards import MENU_ROWS as VILLAGER_MENU
from handlers.keyboards import label_filter
from handlers.resident import places
from handlers.staff._views import MENU_ROWS, staff
from texts.render import Texts
from wire.offices import OfficeNode, OfficeView

# user_data keys: the villager being registered and the draft booked for them. Cleared
# when the flow starts; nothing here is a right (the case service checks every call).
STATION = "walk_in.station"
"""The station the villager is registered at (the agent's, picked if they have several)."""
NAME = "walk_in.name"
RESIDENT = "walk_in.resident"
"""The registered villager's id (the case service's)."""
AUTHORIZATION = "walk_in.authorization"
"""{"kind": "written" | "phone", "note": ...}: the authorization the draft records."""
DRAFT = "walk_in.draft"
FIELD = "walk_in.field"
"""The key of the question on screen, and the draft version it was asked at."""
VERSION = "walk_in.version"
KEYS = (STATION, NAME, RESIDENT, AUTHORIZATION, DRAFT, FIELD, VERSION)

NAME_LIMIT = 100
"""The longest name the case service keeps."""
NOTE_LIMIT = 500
"""The longest authorization note the case service keeps."""
STATION_LIST = "wis."
"""The list id of the stations' pages (an agent of several stations picks one)."""
MATTER_LIST = "wim."
"""The list id of a category's matters: `wim.` and the category's key."""


class Step(StrEnum):
    """Where an agent is in registering and booking for a walk-in villager."""

    STATION = "station"    # which of the agent's stations (only if several)
    NAME = "name"          # type the villager's name
    PHONE = "phone"        # type their phone, or [No phone of their own]
    AUTH = "auth"          # a signed authorization form, or agreed by phone
    NOTE = "note"          # what was agreed, where the signed form is kept
    MATTER = "matter"      # type words to search, or pick a category and a matter
    ASK = "ask"            # the matter's next question (any matter, any field)
    SUMMARY = "summary"    # book (papers handed in at the counter), change, or cancel


@dataclasses.dataclass(frozen=True)
class PickStation(CallbackData):
    """One of the agent's stations, for the villager's village."""

    PREFIX: ClassVar[str] = "wis"
    code: str


@dataclasses.dataclass(frozen=True)
class NoPhone(CallbackData):
    """[No phone of their own]: register the villager without a number."""

    PREFIX: ClassVar[str] = "wip"


@dataclasses.dataclass(frozen=True)
class Authorize(CallbackData):
    """How the villager authorized the booking: "written" or "phone"."""

    PREFIX: ClassVar[str] = "wiu"
    kind: str


@dataclasses.dataclass(frozen=True)
class PickCategory(CallbackData):
    """A category of the catalog ("" : the categories again)."""

    PREFIX: ClassVar[str] = "wic"
    key: str


@dataclasses.dataclass(frozen=True)
class PickMatter(CallbackData):
    """The matter to book for the villager."""

    PREFIX: ClassVar[str] = "wmt"
    code: str


@dataclasses.dataclass(frozen=True)
class Answer(CallbackData):
    """A tapped answer: the choice's number (1-based), 1/0 for yes/no, -1 to skip."""

    PREFIX: ClassVar[str] = "wia"
    field: str
    pick: int
    version: int

    @property
    def value(self) -> Any:
        return None if self.pick < 0 else self.pick


@dataclasses.dataclass(frozen=True)
class Change(CallbackData):
    """[Change an answer] (field empty: the list of answers), or the answer to change."""

    PREFIX: ClassVar[str] = "wix"
    field: str


@dataclasses.dataclass(frozen=True)
class Book(CallbackData):
    """[Book] the summary's draft: the papers are handed in at the counter (drop-off)."""

    PREFIX: ClassVar[str] = "wib"
    draft: str


def typed(texts: Texts) -> filters.BaseFilter:
    """Words typed: not a command nor a button of either menu (those leave the flow or
    belong to other flows)."""
    found: Any = filters.TEXT & ~filters.COMMAND & filters.Regex(r"\S")
    for name in (*(n for row in VILLAGER_MENU for n in row),
                 *(n for row in MENU_ROWS for n in row)):
        found = found & ~label_filter(texts, name)
    return found  # type: ignore[no-any-return]


async def my_stations(context: DaibanContext) -> list[OfficeView]:
    """The village stations among the offices the staff member works at, in the
    district's order (the case service still checks each call: only a station's agents
    and supervisor register its villagers and read its call list)."""
    offices = {m.office_code for m in (await context.cases.my_memberships(
        actor=staff(context))).staff}
    tree = await context.cases.office_tree()
    return [office for office in _offices(tree.roots)
            if office.code in offices and office.tier == places.VILLAGE_TIER]


def _offices(nodes: list[OfficeNode]) -> Iterator[OfficeView]:
    for node in nodes:
        yield node.office
        yield from _offices(node.children)
