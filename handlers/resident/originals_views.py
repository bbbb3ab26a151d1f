"""The buttons of the villager's originals screen, apart from its handlers so that my
cases' detail (handlers/resident/cases.py) can offer [Where are my originals] without
importing the screen that goes back to it."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from handlers.callbacks import CallbackData


@dataclasses.dataclass(frozen=True)
class MyOriginals(CallbackData):
    """[Where are my originals] on a case's detail."""

    PREFIX: ClassVar[str] = "rog"
    case_id: str


@dataclasses.dataclass(frozen=True)
class GotThemBack(CallbackData):
    """[I got them back]: confirm the originals of `mask` (over the view's originals, as
    the screen showed them handed back)."""

    PREFIX: ClassVar[str] = "rob"
    case_id: str
    mask: int
