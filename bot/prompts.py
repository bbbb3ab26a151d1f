"""Handoff prompts: who of the staff hears of a case waiting to be claimed, and what
becomes of their prompts once it is claimed or moves on.

An event that leaves a case without a holder opens a round of prompts: the case service
says who may claim it now (`cases.claimants`; the bot decides no right itself), and each
of them gets one prompt in their own language, keyed `prompt:<case>:v<version>:<staff>`,
the round's rows sharing the topic `prompt:<case>:v<version>`. The case's next event
(version + 1: nothing else can happen to a case nobody holds) closes the round: every
prompt not yet sent is withdrawn, and every other one is edited (its button removed) to
say who has the case, or that it moved on. The claimant's own prompt is left to the
[Claim] press that answers it. Each close is an edit row keyed `close:<prompt key>`,
which the outbox skips when its prompt was never sent. A new holder by reassignment
gets a short notice of their own.

Prompts remember (outbox memo) whom they went to and in which language, so that a round
can be closed in each reader's language without asking anybody.
"""

from __future__ import annotations

import logging
from typing import Any

from backend_client import As, CaseServiceClient
from backend_client.errors import NotAllowed, NotFound
from bot.clock import Clock, epoch
from bot.lookups import Lookups
from bot.pacing import Kind
from bot.store import BotStore
from bot.store.store import Plan
from handlers.staff.prompts import moved_on_edit, prompt_message, reassigned_message, taken_edit
from texts.render import Texts
from wire.cases import EventView
from wire.staff import StaffView

log = logging.getLogger(__name__)


def round_topic(case_id: str, version: int) -> str:
    """The prompts sent when the case reached `version`."""
    return f"prompt:{case_id}:v{version}"


def prompt_key(case_id: str, version: int, staff_id: str) -> str:
    return f"{round_topic(case_id, version)}:{staff_id}"


def close_key(key: str) -> str:
    return f"close:{key}"


class Prompts:
    """Plans one event's prompts, closes and reassignment notice (the notifier writes
    them with its cursor)."""

    def __init__(self, cases: CaseServiceClient, store: BotStore, texts: Texts,
                 lookups: Lookups, clock: Clock) -> None:
        self.cases = cases
        self.store = store
        self.texts = texts
        self.lookups = lookups
        self.clock = clock

    async def plan(self, event: EventView) -> Plan:
        plan = Plan()
        if event.holder_id is None:  # nobody holds it now: who may claim it?
            plan.rows.extend(await self._round(event))
        plan += await self._close(event, newer=bool(plan.rows))
        if event.action == "reassign" and event.holder_id is not None:
            plan.rows.extend(await self._reassigned(event))
        return plan

    async def _round(self, event: EventView) -> list[dict[str, Any]]:
        try:
            claimants = (await self.cases.claimants(event.case_id, actor=As.service())).staff
            if not claimants:
                return []
            case = await self.cases.case(event.case_id,
                                         actor=As.staff(claimants[0].messaging_id))
        except (NotFound, NotAllowed) as error:
            log.info("no prompts for case %s (%s)", event.case_id, error.code)
            return []
        if case.version != event.version:
            return []  # it moved on since: a later event prompts for where it is now
        matter = await self.lookups.matter(case.matter_code)
        now = epoch(self.clock)
        return [self._row(int(staff.messaging_id), "sendMessage",
                          prompt_message(self.texts, staff.language, event.action, case,
                                         matter),
                          prompt_key(event.case_id, event.version, staff.id), now,
                          memo={"staff_id": staff.id, "language": staff.language},
                          topic=round_topic(event.case_id, event.version))
                for staff in claimants]

    async def _close(self, event: EventView, *, newer: bool) -> Plan:
        """Close the round the previous event opened, if it did."""
        topic = round_topic(event.case_id, event.version - 1)
        prompts = [row for row in await self.store.rows_of(topic)
                   if row["state"] in ("pending", "sent")]
        if not prompts:
            return Plan()
        taken = event.holder_id is not None
        holder = await self._holder(event) if taken else None
        matter = (await self.lookups.matter(event.matter_code)).name
        now = epoch(self.clock)
        rows = []
        for row in prompts:
            memo = row["memo"] or {}
            if taken and memo.get("staff_id") == event.holder_id:
                continue  # the claimant's own prompt: their press answers it
            language = memo.get("language", "zh")
            if taken:
                params = taken_edit(self.texts, language, event.case_number, matter,
                                    holder.name if holder else None)
            else:
                params = moved_on_edit(self.texts, language, event.case_number, matter,
                                       event.to_state, newer=newer)
            rows.append(self._row(row["chat_id"], "editMessageText", params,
                                  close_key(row["dedupe_key"]), now,
                                  edits=row["dedupe_key"]))
        return Plan(rows=rows, withdraw=[topic])

    async def _reassigned(self, event: EventView) -> list[dict[str, Any]]:
        holder = await self._holder(event)
        if holder is None:
            return []
        matter = (await self.lookups.matter(event.matter_code)).name
        params = reassigned_message(self.texts, holder.language, event.case_number, matter)
        return [self._row(int(holder.messaging_id), "sendMessage", params,
                          f"assigned:{event.case_id}:v{event.version}", epoch(self.clock))]

    async def _holder(self, event: EventView) -> StaffView | None:
        """Who holds the case after `event`, from its office's staff (None: unknown)."""
        try:
            staff = (await self.cases.office_staff(event.to_office_code,
                                                   actor=As.service())).staff
        except (NotFound, NotAllowed) as error:
            log.info("no staff list for office %s (%s)", event.to_office_code, error.code)
            return None
        return next((member for member in staff if member.id == event.holder_id), None)

    @staticmethod
    def _row(chat_id: int, method: str, params: dict[str, Any], key: str, now: float, *,
             edits: str | None = None, memo: dict[str, Any] | None = None,
             topic: str | None = None) -> dict[str, Any]:
        return {"chat_id": chat_id, "kind": int(Kind.NOTIFY), "method": method,
                "params": {"chat_id": chat_id, **params}, "not_before": now,
                "created_at": now, "dedupe_key": key, "edits": edits, "memo": memo,
                "topic": topic}
