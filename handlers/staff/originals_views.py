"""What the originals screens share: their buttons' data, a set of originals as a bit
mask, and the offices the holders name.

Kept apart from `_views` (which puts [Originals] on the case card, so imports this) and
free of any rule: which moves a screen offers is the custody view's `moves`, exactly
as the case service lists them for this viewer. A button carries the case (short), the
move, a bit mask over the view's originals and, for a send, the office: data, never a
right; the service checks every move again.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterable
from typing import Any, ClassVar

from handlers.callbacks import CallbackData, Expired
from handlers.context import DaibanContext
from handlers.staff.team_views import DISTRICT_ZONE
from wire.custody import CustodyView

MOVE_CODES = {"take": "t", "send": "s", "receive": "r", "hand_back": "h",
              "confirm_back": "c"}
"""The one letter a move's button carries."""
MOVES = {code: move for move, code in MOVE_CODES.items()}
TRANSIT = "transit:"
RESIDENT = "resident"


@dataclasses.dataclass(frozen=True)
class OpenOriginals(CallbackData):
    """A case's originals screen for staff (`case`: short id); also its [Refresh]."""

    PREFIX: ClassVar[str] = "ors"
    case: str


@dataclasses.dataclass(frozen=True)
class TickOriginals(CallbackData):
    """The take screen with these originals ticked (`mask` over the view's originals,
    as it is after this press)."""

    PREFIX: ClassVar[str] = "ort"
    case: str
    mask: int


@dataclasses.dataclass(frozen=True)
class MoveOriginals(CallbackData):
    """Make a move (a MOVE_CODES letter) with the originals of `mask`; `to`: the office
    a send goes to, else ""."""

    PREFIX: ClassVar[str] = "orm"
    case: str
    move: str
    mask: int
    to: str


def mask_of(view: CustodyView, items: Iterable[str]) -> int:
    """The bits of these originals, by their place in the view's list."""
    wanted = set(items)
    return sum(1 << i for i, original in enumerate(view.originals) if original.key in wanted)


def items_of(view: CustodyView, mask: int) -> list[str]:
    """The originals a mask names; none, or a mask beyond the list, is an old or forged
    button (no screen offers a move of nothing)."""
    if mask <= 0 or mask >> len(view.originals):
        raise Expired(str(mask))
    return [original.key for i, original in enumerate(view.originals) if mask >> i & 1]


def parties(view: CustodyView) -> set[str]:
    """The office codes the screen names: holders, and where sends go."""
    codes = {original.holder.removeprefix(TRANSIT) for original in view.originals}
    codes.update(move.to_office for move in view.moves if move.to_office)
    codes.discard(RESIDENT)
    return codes


async def places(context: DaibanContext, codes: Iterable[str]) -> dict[str, Any]:
    """{code: {name: {zh, en}, tier}} of each office, as the templates name them."""
    wanted = sorted(set(codes))
    offices = await asyncio.gather(*(context.cases.office(code) for code in wanted))
    return {office.code: {"name": {"zh": office.name_zh, "en": office.name_en},
                          "tier": office.tier} for office in offices}


def originals(view: CustodyView) -> list[dict[str, Any]]:
    """The view's originals for a template, each handover's time in the district's."""
    return [{"name": o.name, "count": o.count, "holder": o.holder,
             "since": o.since.astimezone(DISTRICT_ZONE) if o.since else None}
            for o in view.originals]
