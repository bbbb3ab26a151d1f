"""The villager's answer to a material request, relayed to the staff who must read it.

A "reply" event (the villager answered in the chat: words in `reason`, photos' file ids
in `data.items`) changes no state, so no prompt or notice follows it; this sends it on.
It goes to who holds the case after the event (`holder_id`, found among the staff of
the office the case is at); when nobody holds it, or the holder is no longer among
that office's staff, to everyone the case service says may claim it (`claimants`).
Each reader gets one message in their own language (the case, the words, how many
photos, [Open the case] with the staff card's own button data), then each photo by its
file id (sendPhoto: the Bot API takes a photo the bot received by its file id). The
rows are keyed `reply:<case>:v<version>:<staff>` (`:p<n>` for the photos), so an event
read again adds nothing; the notifier writes them with its cursor in one transaction.
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
from handlers.staff.reply_views import relay_messages
from texts.render import Texts
from wire.cases import EventView
from wire.staff import StaffView

log = logging.getLogger(__name__)
REPLY = "reply"


def relay_topic(case_id: str, version: int) -> str:
    """Every message relaying one answer (the case at `version` after it)."""
    return f"reply:{case_id}:v{version}"


class Relay:
    """Plans the messages that carry one answer to its readers."""

    def __init__(self, cases: CaseServiceClient, texts: Texts, lookups: Lookups,
                 clock: Clock) -> None:
        self.cases = cases
        self.texts = texts
        self.lookups = lookups
        self.clock = clock

    async def plan(self, event: EventView) -> Plan:
        if event.action != REPLY:
            return Plan()
        readers, holder = await self._readers(event)
        if not readers:
            log.warning("nobody to relay the answer on case %s (v%s) to", event.case_id,
                        event.version)
            return Plan()
        matter = (await self.lookups.matter(event.matter_code)).name
        photos = [str(item) for item in event.data.get("items") or []]
        topic, now = relay_topic(event.case_id, event.version), epoch(self.clock)
        rows = []
        for staff in readers:
            chat_id, key = int(staff.messaging_id), f"{topic}:{staff.id}"
            messages = relay_messages(self.texts, staff.language, case_id=event.case_id,
                                      number=event.case_number, matter=matter,
                                      words=event.reason, photos=photos, holder=holder)
            rows.extend(_row(chat_id, method, params, key if n == 0 else f"{key}:p{n}",
                             topic, now)
                        for n, (method, params) in enumerate(messages))
        return Plan(rows=rows)

    async def _readers(self, event: EventView) -> tuple[list[StaffView], bool]:
        """Who reads the answer, one membership per person, and whether it is the
        holder (False: those who may claim the case)."""
        if event.holder_id is not None:
            holder = await self._member(event.to_office_code, event.holder_id)
            if holder is not None:
                return [holder], True
        try:
            claimants = (await self.cases.claimants(event.case_id, actor=As.service())).staff
        except (NotFound, NotAllowed) as error:
            log.info("no claimants for case %s (%s)", event.case_id, error.code)
            return [], False
        people: dict[str, StaffView] = {}
        for staff in claimants:
            people.setdefault(staff.messaging_id, staff)
        return list(people.values()), False

    async def _member(self, office_code: str, staff_id: str) -> StaffView | None:
        try:
            staff = (await self.cases.office_staff(office_code, actor=As.service())).staff
        except (NotFound, NotAllowed) as error:
            log.info("no staff list for office %s (%s)", office_code, error.code)
            return None
        return next((member for member in staff if member.id == staff_id and member.active),
                    None)


def _row(chat_id: int, method: str, params: dict[str, Any], key: str, topic: str,
         now: float) -> dict[str, Any]:
    return {"chat_id": chat_id, "kind": int(Kind.NOTIFY), "method": method,
            "params": {"chat_id": chat_id, **params}, "not_before": now, "created_at": now,
            "dedupe_key": key, "topic": topic}
