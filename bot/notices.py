"""Who of the villagers hears what: one notice per event of their case they should know of.

A villager is told of the events the case service calls news to them (`tells_resident`:
what the staff did that changes what they can expect or must do; never what they did
themselves, nor a claim or a reassignment inside an office). Each notice's dedupe key
is the case and its version after the event (`note:<case>:v<version>`): one event, one
notice, however often it is read again.

Whether a villager can be written to at all is decided here only (`reachable_chat`);
those who cannot (no chat with the bot, or they blocked it) get nothing from the bot:
the case service puts the same news on their station's call list by the same test.

The case's followers (family members the villager shared it with) hear the same events,
each in their own language and without the villager's personal data
(`note:<case>:v<version>:f<follower>`), in the same plan as the villager's notice; also
when the villager cannot be reached (their call task is the station's business). Only
those following when the event happened and still following when it is read are told:
a removed follower hears nothing more, a new one nothing from before.
"""

from __future__ import annotations

import logging
from typing import Any

from backend_client import As, CaseServiceClient
from backend_client.errors import NotAllowed, NotFound
from bot.clock import Clock, epoch
from bot.lookups import Lookups
from bot.pacing import Kind
from bot.store.store import Plan
from handlers.resident.notices import NOTICES, follower_message, notice_message
from texts.render import Texts
from wire.cases import CaseView, EventView
from wire.followers import FollowerView
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


def follower_key(event: EventView, follower: FollowerView) -> str:
    return f"{notice_key(event)}:f{follower.id}"


def followers_told(event: EventView, followers: list[FollowerView]) -> list[FollowerView]:
    """The followers who hear of `event`: those the bot can write to who followed the case
    when it happened (the case service lists only those still following)."""
    return [row for row in followers if row.messaging_id is not None
            and row.removed_at is None and row.joined_at is not None
            and row.joined_at <= event.at]


class Notices:
    """Plans the notices of one event for the villager and the case's followers (the
    notifier writes them with its cursor)."""

    def __init__(self, cases: CaseServiceClient, texts: Texts, lookups: Lookups,
                 clock: Clock) -> None:
        self.cases = cases
        self.texts = texts
        self.lookups = lookups
        self.clock = clock

    async def plan(self, event: EventView, resident: ResidentView | None,
                   case: CaseView | None) -> Plan:
        """The notices of `event` for `resident`, given their case as they see it now
        (None: they cannot be reached, or cannot see it any more), and for its
        followers (none once the villager is gone: erasure ends every follow)."""
        if resident is None or not villager_hears(event):
            return Plan()
        rows = []
        chat_id = reachable_chat(resident)
        if chat_id is not None and case is not None:
            params = notice_message(self.texts, resident.language, event, case,
                                    *await self._places(event))
            rows.append(_row(chat_id, params, notice_key(event), epoch(self.clock)))
        followers = followers_told(event, await self._followers(event))
        if followers and case is None:
            case = await self._case_as_villager(event, resident)
        for follower in followers if case is not None else []:
            params = follower_message(self.texts, follower.language or resident.language,
                                      event, case, *await self._places(event))
            rows.append(_row(int(follower.messaging_id or 0), params,
                             follower_key(event, follower), epoch(self.clock)))
        return Plan(rows=rows)

    async def _places(self, event: EventView) -> tuple[Any, Any, Any]:
        """Where the event left the case, the villager's station, the matter."""
        return (await self.lookups.office(event.to_office_code),
                await self.lookups.office(event.station_code),
                await self.lookups.matter(event.matter_code))

    async def _followers(self, event: EventView) -> list[FollowerView]:
        try:
            found = await self.cases.followers(event.case_id, actor=As.service())
        except NotFound:
            return []
        return found.followers

    async def _case_as_villager(self, event: EventView, resident: ResidentView
                                ) -> CaseView | None:
        """The case as its villager would see it, for followers' notices when the bot
        cannot write to the villager (blocked): the same words, their due dates."""
        if resident.messaging_id is None or resident.erased:
            return None
        try:
            return await self.cases.case(event.case_id,
                                         actor=As.resident(int(resident.messaging_id)))
        except (NotFound, NotAllowed) as error:
            log.info("no followers' notice of case %s (%s)", event.case_id, error.code)
            return None


def _row(chat_id: int, params: dict[str, Any], key: str, now: float) -> dict[str, Any]:
    return {"chat_id": chat_id, "kind": int(Kind.NOTIFY), "method": "sendMessage",
            "params": {"chat_id": chat_id, **params}, "not_before": now, "created_at": now,
            "dedupe_key": key}
