"""Ask for material (一次性告知): tick every missing material of the matter's list, add
anything else in words, and send it all at once.

Each tick button carries the whole set of ticks after it is pressed (a bit mask over the
matter's materials), so a screen is rebuilt from its button alone; only the typed words
wait in user_data. What is sent is the ticked materials' keys (stable, in no language:
the villager's notice names them in the villager's language) and the typed words as one
more item, which is also the reason the event records. The case service checks that the
list is not empty and that this step has not sent its notice already.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler

from handlers.callbacks import CallbackData, Expired
from handlers.context import DaibanContext
from handlers.staff._views import OpenCard, button, callback_data, card, show, staff
from texts.names import B, T
from texts.render import Texts
from wire.cases import CaseView
from wire.catalog import MaterialView

PENDING = "staff.pending"
"""user_data: the follow-up in progress: case, version, action, and what was given."""
TEXT_LIMIT = 900
"""The most typed words kept (the service records up to 1,000 for a reason)."""
MATERIAL = "material"
"""The follow-up state of this screen (acting.Step.MATERIAL)."""


@dataclasses.dataclass(frozen=True)
class Tick(CallbackData):
    """Tick or untick one material: `mask` is the set of ticks after this press."""

    PREFIX: ClassVar[str] = "smt"
    case_id: str
    version: int
    mask: int


@dataclasses.dataclass(frozen=True)
class SendMaterial(CallbackData):
    """[Send] the ticked materials (`mask`) and the typed words, as one notice."""

    PREFIX: ClassVar[str] = "sms"
    case_id: str
    version: int
    mask: int


def pending(context: DaibanContext, case_id: str, version: int) -> dict[str, Any]:
    """The follow-up in progress for this case at this version, or Expired (a button of
    another follow-up, or of one that ended)."""
    found = (context.user_data or {}).get(PENDING)
    if not found or found.get("case") != case_id or found.get("version") != version:
        raise Expired(f"{case_id}:{version}")
    return found  # type: ignore[no-any-return]


def ticked(materials: list[MaterialView], mask: int) -> list[MaterialView]:
    """The materials whose bits are set; bits beyond the list mean nothing."""
    if mask < 0:
        raise Expired(str(mask))
    return [material for i, material in enumerate(materials) if mask >> i & 1]


def keyboard(texts: Texts, language: str, case: CaseView, materials: list[MaterialView],
             mask: int) -> InlineKeyboardMarkup:
    """One toggle a row (a tick mark when missing), then [Send] and [Back to the case]."""
    rows = [[button(texts, language, B.STAFF_MATERIAL,
                    Tick(case.id, case.version, mask ^ (1 << i)),
                    name=material.name, ticked=bool(mask >> i & 1))]
            for i, material in enumerate(materials)]
    rows.append([button(texts, language, B.STAFF_SEND,
                        SendMaterial(case.id, case.version, mask)),
                 button(texts, language, B.STAFF_BACK_TO_CASE, OpenCard(case.id, ""))])
    return InlineKeyboardMarkup(rows)


async def screen(update: Update, context: DaibanContext, case: CaseView, *,
                 fresh: bool = False) -> str:
    """The checklist with the ticks and words given so far (`fresh`: a new message)."""
    given = pending(context, case.id, case.version)
    materials = (await context.cases.matter(case.matter_code)).materials
    text = context.texts.render(T.STAFF_MATERIAL_ASK, language=context.language, case=case,
                                text=given.get("text", ""),
                                ticked=len(ticked(materials, given.get("mask", 0))))
    markup = keyboard(context.texts, context.language, case, materials, given.get("mask", 0))
    if fresh and update.effective_message is not None:
        await update.effective_message.reply_text(text, reply_markup=markup)
    else:
        await show(update, text, markup)
    return MATERIAL


async def _case(context: DaibanContext, case_id: str, version: int) -> CaseView:
    """The case as the follow-up saw it (its number and matter); the version stays the
    one the card showed, so a case that moved on meanwhile is refused at [Send]."""
    case = await context.cases.case(case_id, actor=staff(context))
    return case.model_copy(update={"version": version})


async def tick(update: Update, context: DaibanContext) -> str:
    """A staff member ticks (or unticks) a missing material."""
    data = Tick.parse(callback_data(update))
    pending(context, data.case_id, data.version)["mask"] = data.mask
    return await screen(update, context, await _case(context, data.case_id, data.version))


async def typed(update: Update, context: DaibanContext) -> str:
    """A staff member writes what else is missing, beyond the list."""
    given = (context.user_data or {}).get(PENDING) or {}
    if update.message is None or not given:
        raise Expired(None)
    given["text"] = (update.message.text or "").strip()[:TEXT_LIMIT]
    case = await _case(context, given["case"], given["version"])
    return await screen(update, context, case, fresh=True)


async def send(update: Update, context: DaibanContext) -> int:
    """A staff member sends the complete list; the villager gets it at once."""
    data = SendMaterial.parse(callback_data(update))
    given = pending(context, data.case_id, data.version)
    case = await context.cases.case(data.case_id, actor=staff(context))
    materials = ticked((await context.cases.matter(case.matter_code)).materials, data.mask)
    words = given.get("text") or None
    items = [material.key for material in materials] + ([words] if words else [])
    case = await context.cases.act(
        data.case_id, "request_material", actor=staff(context), items=items, reason=words,
        expected_version=data.version,
        idempotency_key=context.idempotency_key("request_material"))
    if context.user_data is not None:
        context.user_data.pop(PENDING, None)
    await show(update, *await card(context, case))
    return ConversationHandler.END


def start(context: DaibanContext, case_id: str, version: int, action: str) -> None:
    """Remember a new follow-up (one at a time: a new one replaces the last)."""
    if context.user_data is not None:
        context.user_data[PENDING] = {"case": case_id, "version": version, "action": action,
                                      "mask": 0, "text": ""}
