"""Who of the villagers hears what: one notice per event of their case they should know of.

A villager is told of the events the case service calls news to them (`tells_resident`:
what the staff did that changes what they can expect or must do; never what they did
themselves, nor a claim or a reassignment inside an office). Each notice's dedupe key
is the case and its version after the event (`note:<case>:v<version>`): one event, one
notice, however often it is read again.

Whether a villager can be written to at all is decided here only (`reachable_chat`);
those who cannot (no chat with the bot, or they blocked it) get nothing from the bot:
the case service puts the same news on their station's call list by the same test.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.clock import Clock, epoch
from bot.lookups import Lookups
from bot.pacing import Kind
from bot.store.store import Plan
from handlers.resident.notices import NOTICES, notice_message
from texts.render import Texts
from wire.cases import CaseView, EventView
from wire.residents import ResidentView

log = logging.getLogger(__name__)

def reachable_chat(resident: ResidentView | None) -> int | None:
    """The chat to write to a villager in, or None when the bot cannot reach them (no
    chat with the bot, erased, or reported unreachable after they blocked it)."""
    if resident is None or resident.messaging_id is None or resident.erased:
        return None
    if not resident.reachable:
        return None
    return int(resident.messaging_id)


def villager_hears(event: EventView) -> bool:
    """Whether the villager whose case it is should be told of `event`: the case service
    says so (`tells_resident`, the one rule that also fills the call list of villagers
    the bot cannot reach); the bot only needs a screen for it."""
    if event.tells_resident and event.action not in NOTICES:
        log.warning("no notice screen for %s events; the villager is not told", event.action)
        return False
    return event.tells_resident


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
