"""The villager's notices of their case's moves: one message per event they should know
of, in their language: where the case is, what happens next, by when, and what they
must do, with [Open the case] (my cases' detail screen).

The notifier (bot/notifier.py, bot/notices.py) decides who hears what and queues
`notice_message` through the outbox; this module only says which screen an event is
and renders it.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.resident.cases import OpenCase, district_zone
from handlers.resident.reply_views import answer_button
from texts.names import B, T
from texts.render import Texts
from wire.cases import CaseView, EventView
from wire.catalog import MatterDetail
from wire.offices import OfficeView

NOTICES: dict[str, T] = {
    "book": T.NOTICE_BOOKED,
    "accept": T.NOTICE_RECEIPT,
    "request_material": T.NOTICE_MATERIAL,
    "receive_material": T.NOTICE_MATERIAL_RECEIVED,
    "refuse": T.NOTICE_REFUSED,
    "forward": T.NOTICE_MOVED,
    "claim": T.NOTICE_MOVED,
    "return_to_lower_tier": T.NOTICE_MOVED,
    "start_public_notice": T.NOTICE_PUBLIC,
    "end_public_notice": T.NOTICE_PUBLIC,
    "extend": T.NOTICE_EXTENDED,
    "approve": T.NOTICE_DECIDED,
    "reject": T.NOTICE_DECIDED,
    "mark_result_ready": T.NOTICE_RESULT_READY,
    "deliver": T.NOTICE_DELIVERED,
}
"""The screen of each event a villager may be told of (the case service says whether
they are: EventView.tells_resident)."""


def notice_message(texts: Texts, language: str, event: EventView, case: CaseView,
                   office: OfficeView, station: OfficeView, matter: MatterDetail
                   ) -> dict[str, Any]:
    """sendMessage parameters of the notice of `event`, in the villager's language.

    `case` is the case as its villager sees it now (its due dates); `office` is where
    the event left it, `station` the villager's own station; `matter` names the
    material a request lists by key (anything else is the staff's own words)."""
    names = {material.key: material.name for material in matter.materials}
    items = [names.get(item, item) for item in event.data.get("items") or []]
    slot = case.booking.slot_start
    text = texts.render(
        NOTICES[event.action], language=language, case=case, action=event.action,
        office=_name(office), station=_station(station), reason=event.reason,
        within=event.to_office_code == event.office_code,
        items=items, days=event.data.get("days"), decision=case.decision,
        slot=slot.astimezone(district_zone(case)) if slot else None)
    rows = [[InlineKeyboardButton(texts.button(B.NOTICE_OPEN, language=language),
                                  callback_data=OpenCase(case.id).pack())]]
    if event.action == "request_material":  # answer right here (handlers/resident/reply.py)
        rows.insert(0, [answer_button(texts, language, case.id)])
    markup = InlineKeyboardMarkup(rows)
    return {"text": text, "parse_mode": "HTML", "reply_markup": markup.to_dict()}


def _name(office: OfficeView) -> dict[str, str]:
    return {"zh": office.name_zh, "en": office.name_en}


def _station(station: OfficeView) -> dict[str, Any]:
    return {"name": _name(station), "address": station.address, "phone": station.phone,
            "opening_hours": station.opening_hours}

