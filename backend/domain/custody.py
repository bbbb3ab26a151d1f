"""Custody of originals: who holds each of a villager's originals, and every handover.

Proxy handling means the station carries the villager's 户口簿, certificates and invoices
up the tiers and back. Each original is somewhere at every moment: with the villager
(`resident`), at an office (its code), or on the way to an office (`transit:<code>`) or
back to the villager (`transit:resident`). A move is one of:

- **take**: station staff take originals from the villager, at the station, while the
  case is there and still open;
- **send**: the office holding an original sends it to the next office up or down the
  case's path (station ↔ town ↔ district); it is in transit until
- **receive**: staff of the receiving office confirm it arrived;
- **hand back**: at the station, once the result is ready or delivered, staff hand the
  originals back; the villager confirms (**confirm back**) in the chat. A villager
  without a chat signs for them at the counter, so the staff's hand-back is final.

The holder is always the last move's `to` party: the history is the truth.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from backend.domain.rights import Actor, Role
from backend.domain.snapshot import CaseSnapshot
from backend.domain.states import CaseState

RESIDENT = "resident"
TRANSIT = "transit:"


def transit(to: str) -> str:
    return f"{TRANSIT}{to}"


class Move(StrEnum):
    TAKE = "take"
    SEND = "send"
    RECEIVE = "receive"
    HAND_BACK = "hand_back"
    CONFIRM_BACK = "confirm_back"


class CustodyError(Exception):
    """A refused move; the code is published like ErrorCode's."""

    def __init__(self, code: str, item: str | None = None) -> None:
        super().__init__(code if item is None else f"{code} ({item})")
        self.code = code
        self.item = item


@dataclass(frozen=True, slots=True)
class Movement:
    material_key: str
    from_party: str
    to_party: str
    confirmed_by: str
    at: datetime


def holders(history: Iterable[Movement]) -> dict[str, str]:
    """Where each original is now: the last move's `to` (the history is oldest first)."""
    now: dict[str, str] = {}
    for movement in history:
        now[movement.material_key] = movement.to_party
    return now


_BACK_STATES = frozenset({CaseState.RESULT_READY, CaseState.DELIVERED})


def _staff_of(actors: Sequence[Actor], office: str) -> Actor:
    """The caller's active membership at that office that handles originals (admins
    manage accounts and carry nothing)."""
    for actor in actors:
        if (actor.role.is_staff and actor.role is not Role.ADMIN and actor.active
                and actor.office_code == office):
            return actor
    raise CustodyError("custody.not_allowed")


def plan(case: CaseSnapshot, move: Move, items: Sequence[str], actors: Sequence[Actor],
         history: Sequence[Movement], originals: frozenset[str], now: datetime, *,
         to_office: str | None = None, resident_has_chat: bool = True) -> list[Movement]:
    """The movements one move makes, or CustodyError naming the first thing wrong.

    `actors` are the caller's capacities: a resident, or each staff membership; the one
    at the office the move concerns acts and is recorded as confirming it."""
    if not items:
        raise CustodyError("custody.no_items")
    unknown = [item for item in items if item not in originals]
    if unknown:
        raise CustodyError("custody.not_an_original", unknown[0])
    where = holders(history)
    station = case.offices.village
    path = [case.offices.village, case.offices.town, case.offices.district]
    moves: list[Movement] = []
    for item in dict.fromkeys(items):
        here = where.get(item, RESIDENT)
        source, target, actor = _step(case, move, item, here, actors, station, path,
                                      to_office, resident_has_chat)
        moves.append(Movement(item, source, target, actor.person_id, now))
    return moves


def _step(case: CaseSnapshot, move: Move, item: str, here: str, actors: Sequence[Actor],
          station: str, path: list[str], to_office: str | None,
          resident_has_chat: bool) -> tuple[str, str, Actor]:
    if move is Move.TAKE:
        actor = _staff_of(actors, station)
        if case.state.is_terminal or case.office_code != station:
            raise CustodyError("custody.not_at_station")
        if here != RESIDENT:
            raise CustodyError("custody.not_with_resident", item)
        return RESIDENT, station, actor
    if move is Move.SEND:
        if here.startswith(TRANSIT) or here == RESIDENT or here not in path:
            raise CustodyError("custody.not_held_here", item)
        actor = _staff_of(actors, here)
        if to_office not in path or to_office == here or (
                abs(path.index(to_office) - path.index(here)) != 1):
            raise CustodyError("custody.bad_destination", item)
        return here, transit(to_office), actor
    if move is Move.RECEIVE:
        if not here.startswith(TRANSIT) or here == transit(RESIDENT):
            raise CustodyError("custody.not_in_transit", item)
        office = here.removeprefix(TRANSIT)
        return here, office, _staff_of(actors, office)
    if move is Move.HAND_BACK:
        actor = _staff_of(actors, station)
        if case.state not in _BACK_STATES:
            raise CustodyError("custody.not_ready")
        if here != station:
            raise CustodyError("custody.not_held_here", item)
        return station, transit(RESIDENT) if resident_has_chat else RESIDENT, actor
    # CONFIRM_BACK: only the villager whose case it is.
    owner = next((a for a in actors if a.role is Role.RESIDENT
                  and a.person_id == case.resident_id), None)
    if owner is None:
        raise CustodyError("custody.not_allowed")
    if here != transit(RESIDENT):
        raise CustodyError("custody.not_handed_back", item)
    return here, RESIDENT, owner


def carried_to(from_office: str, to_office: str, station: str) -> str | None:
    """Where a move of the case takes its dossier on the station's carry run: a case
    leaving the station travels on the day's handover list (交接单) to that office."""
    return to_office if from_office == station and to_office != station else None


def check_carrier(actors: Sequence[Actor], office: str) -> Actor:
    """Who works a carry run at an office: its staff, admins aside (departing at the
    station, confirming receipt or flagging a missing dossier at the destination)."""
    return _staff_of(actors, office)


@dataclass(frozen=True, slots=True)
class Possible:
    """A move the caller may make now, on these items (to this office, for a send)."""

    move: Move
    items: tuple[str, ...]
    to_office: str | None = None


def possible_moves(case: CaseSnapshot, actors: Sequence[Actor], history: Sequence[Movement],
                   originals: frozenset[str], now: datetime, *,
                   resident_has_chat: bool = True) -> list[Possible]:
    """Every move the caller could make now, by the very checks `plan` makes: the bot
    shows these buttons and no others."""
    path = [case.offices.village, case.offices.town, case.offices.district]
    found: list[Possible] = []
    for move in Move:
        targets: list[str | None] = list(path) if move is Move.SEND else [None]
        for target in targets:
            items = []
            for item in sorted(originals):
                try:
                    plan(case, move, [item], actors, history, originals, now,
                         to_office=target, resident_has_chat=resident_has_chat)
                except CustodyError:
                    continue
                items.append(item)
            if items:
                found.append(Possible(move, tuple(items), target))
    return found
