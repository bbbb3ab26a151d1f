"""Who of the villagers hears what: one notice per event of their case they should know of.

A villager is told of what the staff did to their case: never of what they did
themselves (they saw it happen), nor of moves that change nothing for them (a claim
at their own station, a forward from one desk to the next inside one office, a
reassignment). Each notice's dedupe key is the case and its version after the event
(`note:<case>:v<version>`): one event, one notice, however often it is read again.

Whether a villager can be written to at all is decided here only (`reachable_chat`);
those who cannot (no chat with the bot, or they blocked it) get nothing from the bot
for now: call-or-visit tasks for their station are the case service's to come.
"""

from __future__ import annotations

from typing import Any

from bot.clock import Clock, epoch
from bot.lookups import Lookups
from bot.pacing import Kind
from bot.store.store import Plan
from handlers.resident.notices import NOTICES, notice_message
from texts.render import Texts
from wire.cases import CaseView, EventView
from wire.residents import ResidentView

RESIDENT = "resident"
QUIET = frozenset({"reassign"})
"""Moves inside the offices that a villager is never told of."""


def reachable_chat(resident: ResidentView | None) -> int | None:
    """The chat to write to a villager in, or None when the bot cannot reach them (no
    chat with the bot, erased, or reported unreachable after they blocked it)."""
    if resident is None or resident.messaging_id is None or resident.erased:
        return None
    if not resident.reachable:
        return None
    return int(resident.messaging_id)


def villager_hears(event: EventView) -> bool:
    """Whether the villager whose case it is should be told of `event`."""
    if event.acting_role == RESIDENT or event.action in QUIET or event.action not in NOTICES:
        return False
    if event.action == "claim":  # taken up at a higher tier: yes; at their station: no
        return event.office_code != event.station_code
    if event.action == "forward":  # to another office: yes; to the next desk: no
        return event.to_office_code != event.office_code
    return True


def notice_key(event: EventView) -> str:
    return f"note:{event.case_id}:v{event.version}"


class Notices:
    """Plans the villager's notice of one event (the notifier writes it with its cursor)."""

    def __init__(self, texts: Texts, lookups: Lookups, clock: Clock) -> None:
        self.texts = texts
        self.lookups = lookups
        self.clock = clock

    async def plan(self, event: EventView, resident: ResidentView | None,
                   case: CaseView | None) -> Plan:
        """The notice of `event` for `resident`, given their case as they see it now
        (None: they cannot see it any more, or cannot be reached: nothing)."""
        chat_id = reachable_chat(resident)
        if chat_id is None or case is None or resident is None or not villager_hears(event):
            return Plan()
        office = await self.lookups.office(event.to_office_code)
        station = await self.lookups.office(event.station_code)
        matter = await self.lookups.matter(event.matter_code)
        params = notice_message(self.texts, resident.language, event, case, office, station,
                                matter)
        return Plan(rows=[_row(chat_id, params, notice_key(event), epoch(self.clock))])


def _row(chat_id: int, params: dict[str, Any], key: str, now: float) -> dict[str, Any]:
    return {"chat_id": chat_id, "kind": int(Kind.NOTIFY), "method": "sendMessage",
            "params": {"chat_id": chat_id, **params}, "not_before": now, "created_at": now,
            "dedupe_key": key}
