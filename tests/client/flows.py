"""The bot's steps, written once: register, fill a draft, book, all through the client."""

from __future__ import annotations

import itertools

from backend_client import As, CaseServiceClient
from tests.api.people import STATION, valid_answer
from wire.cases import CaseView
from wire.drafts import DraftView
from wire.residents import ResidentView

NOTICE = "2026-11"
_messaging_ids = itertools.count(7000)


async def registered_villager(client: CaseServiceClient, village: str = STATION
                              ) -> tuple[As, ResidentView]:
    """A villager who registers through the bot and says which village they live in."""
    messaging_id = str(next(_messaging_ids))
    me = As.resident(messaging_id)
    resident = await client.register_resident(messaging_id, "zh", NOTICE, actor=me)
    resident = await client.update_resident(resident.id, village_code=village, actor=me)
    return me, resident


async def filled_draft(client: CaseServiceClient, me: As, matter: str = "SJ01") -> DraftView:
    """A draft with every chat question answered, asked in the order the service gives."""
    draft = await client.create_draft(matter, actor=me)
    while draft.next_question is not None:
        question = draft.next_question
        draft = await client.answer(draft.id, question.key,
                                    valid_answer(question.model_dump()), draft.version,
                                    actor=me)
    return draft


async def booked_case(client: CaseServiceClient, me: As, matter: str = "SJ01") -> CaseView:
    draft = await filled_draft(client, me, matter)
    return await client.submit(draft.id, "drop_off", actor=me)
