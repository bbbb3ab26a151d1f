"""Handoff prompts: the message each staff member who may claim a waiting case receives,
with [Claim]; what that message becomes once the case is claimed or has moved on (its
button gone); and the short notice to the new holder of a reassigned case.

The notifier (bot/notifier.py, bot/prompts.py) asks the case service who may claim and
queues these through the outbox; the [Claim] press itself is handled with the case card
(handlers/staff). Everything here is rendered in the staff member's own language.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.callbacks import ClaimCase
from handlers.resident.cases import district_zone
from texts.names import B, T
from texts.render import Texts
from wire.base import LocalText
from wire.cases import CaseView
from wire.catalog import MatterDetail


def prompt_message(texts: Texts, language: str, action: str, case: CaseView,
                   matter: MatterDetail) -> dict[str, Any]:
    """sendMessage parameters of a prompt to claim `case`, left waiting by `action`.

    The [Claim] button carries the case's version, so a press on a prompt the case has
    moved past is refused by the case service, not acted on."""
    slot = case.booking.slot_start
    text = texts.render(T.PROMPT, language=language, action=action, case=case,
                        slot=slot.astimezone(district_zone(case)) if slot else None,
                        materials=matter.materials)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton(
        texts.button(B.PROMPT_CLAIM, language=language),
        callback_data=ClaimCase(case.id, case.version).pack())]])
    return {"text": text, "parse_mode": "HTML", "reply_markup": markup.to_dict()}


def taken_edit(texts: Texts, language: str, number: str, matter: LocalText,
               holder: str | None) -> dict[str, Any]:
    """editMessageText parameters for a prompt whose case someone else claimed (`holder`:
    their name, None when unknown). Without reply_markup the button goes."""
    return {"text": texts.render(T.PROMPT_TAKEN, language=language, number=number,
                                 matter=matter, holder=holder), "parse_mode": "HTML"}


def moved_on_edit(texts: Texts, language: str, number: str, matter: LocalText, state: str,
                  *, newer: bool) -> dict[str, Any]:
    """editMessageText parameters for a prompt whose case moved on unclaimed (`newer`: a
    newer prompt of the same case follows it)."""
    return {"text": texts.render(T.PROMPT_MOVED_ON, language=language, number=number,
                                 matter=matter, state=state, newer=newer),
            "parse_mode": "HTML"}


def reassigned_message(texts: Texts, language: str, number: str, matter: LocalText
                       ) -> dict[str, Any]:
    """sendMessage parameters of the notice to a case's new holder."""
    return {"text": texts.render(T.PROMPT_REASSIGNED, language=language, number=number,
                                 matter=matter), "parse_mode": "HTML"}
