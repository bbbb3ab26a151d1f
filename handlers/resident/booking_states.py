"""The booking flow's kinds of screen, its buttons' data and the little it remembers.

The flow lives in three modules (`booking` entry and resume, `booking_form` the questions,
`booking_slots` the appointment and the summary); they share these names.
"""

from __future__ import annotations

import dataclasses
from enum import StrEnum
from typing import Any, ClassVar

from handlers.callbacks import CallbackData

# user_data keys: the draft being booked survives leaving the flow, so a villager who
# comes back (even days later) is offered to continue it.
DRAFT = "booking.draft"
"""The open draft's id."""
FIELD = "booking.field"
"""The key of the question on screen, and the draft version it was asked at."""
VERSION = "booking.version"
HOW = "booking.how"
"""The way chosen (`How`), and the slot's start in seconds since the epoch (or 0)."""
AT = "booking.at"
NOTE = "booking.note"
"""The reason typed for a home visit."""
KEYS = (DRAFT, FIELD, VERSION, HOW, AT, NOTE)


class Step(StrEnum):
    """Where a villager is in a booking: one state per kind of screen."""

    RESUME = "resume"        # continue the booking left unfinished, or start anew
    CONSENT = "consent"      # agree to give the ID number in chat, or bring it along
    ID_NUMBER = "id_number"  # type the ID number
    ASK = "ask"              # the next form question (any matter, any field)
    HOW = "how"              # a slot (day, then time), a drop-off or a home visit
    REASON = "reason"        # why a home visit
    SUMMARY = "summary"      # confirm, change an answer, or cancel


class How(StrEnum):
    """How the papers reach the station (the service's booking kinds, one letter each)."""

    SLOT = "s"
    DROP_OFF = "d"
    HOME_VISIT = "h"

    @property
    def booking(self) -> str:
        return {"s": "slot", "d": "drop_off", "h": "home_visit"}[self.value]


@dataclasses.dataclass(frozen=True)
class Resume(CallbackData):
    """[Continue] the draft left unfinished (`draft` empty: start the matter anew)."""

    PREFIX: ClassVar[str] = "bre"
    matter_code: str
    draft: str


@dataclasses.dataclass(frozen=True)
class Consent(CallbackData):
    """[Agree] to give the ID number in chat (agree=1), or [bring it to the station]."""

    PREFIX: ClassVar[str] = "bco"
    agree: int


@dataclasses.dataclass(frozen=True)
class Answer(CallbackData):
    """A tapped answer: the choice's number (1-based), 1/0 for yes/no, -1 to skip."""

    PREFIX: ClassVar[str] = "ban"
    field: str
    pick: int
    version: int

    @property
    def value(self) -> Any:
        return None if self.pick < 0 else self.pick


@dataclasses.dataclass(frozen=True)
class Change(CallbackData):
    """[Change an answer] (field empty: show the list), or the answer to change."""

    PREFIX: ClassVar[str] = "bch"
    field: str


@dataclasses.dataclass(frozen=True)
class Way(CallbackData):
    """How the papers reach the station: a slot, a drop-off or a home visit (`How`)."""

    PREFIX: ClassVar[str] = "bwy"
    how: str


@dataclasses.dataclass(frozen=True)
class Day(CallbackData):
    """A day with free slots (YYYYMMDD); empty: the list of days again."""

    PREFIX: ClassVar[str] = "bdy"
    day: str


@dataclasses.dataclass(frozen=True)
class Slot(CallbackData):
    """A free slot, by its start in seconds since the epoch."""

    PREFIX: ClassVar[str] = "bsl"
    at: int


@dataclasses.dataclass(frozen=True)
class Confirm(CallbackData):
    """[Confirm] the summary: submit this draft, booked this way."""

    PREFIX: ClassVar[str] = "bcf"
    draft: str
    how: str
    at: int


@dataclasses.dataclass(frozen=True)
class Drop(CallbackData):
    """[Cancel] the booking on its summary: nothing is submitted, the draft forgotten."""

    PREFIX: ClassVar[str] = "bdr"
