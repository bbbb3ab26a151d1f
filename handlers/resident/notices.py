"""The villager's notices of their case's moves: one message per event they should know
of, in their language: where the case is, what happens next, by when, and what they
must do, with [Open the case] (my cases' detail screen); the receipt also offers
[Share with family], a missed appointment [Pick a new time] (the reminder's own way to
change the time).

Each notice also goes to the case's followers (`follower_message`): the same screen in
their language, said to a family member, with no button that acts on the case and
without the villager's personal data. The templates never show the villager's name,
phone or ID number; the staff's own words (a reason, a material they typed) are shown
with those, and anything that looks like a phone or ID number, hidden.

The notifier (bot/notifier.py, bot/notices.py) decides who hears what and queues these
messages through the outbox; this module only says which screen an event is and
renders it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.resident.cases import OpenCase, district_zone
from handlers.resident.family_views import share_button
from handlers.resident.reminders import ChangeTime
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
    "mark_missed": T.NOTICE_MISSED,
}
"""The screen of each event a villager may be told of (the case service says whether
they are: EventView.tells_resident)."""


HIDDEN = "***"
_NUMBERS = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[ -]?)?(?:1[3-9]\d[ -]?\d{4}[ -]?\d{4}"
                      r"|\d{7,}[Xx]?)(?![0-9A-Za-z])")
"""Phone numbers (a mobile with or without +86 and spaces) and any run of seven digits or
more (landlines, ID and account numbers); not a case number (PG...) nor a date."""


def notice_message(texts: Texts, language: str, event: EventView, case: CaseView,
                   office: OfficeView, station: OfficeView, matter: MatterDetail
                   ) -> dict[str, Any]:
    """sendMessage parameters of the notice of `event`, in the villager's language.

    `case` is the case as its villager sees it now (its due dates); `office` is where
    the event left it, `station` the villager's own station; `matter` names the
    material a request lists by key (anything else is the staff's own words)."""
    text = _text(texts, language, event, case, office, station, matter, follower=False)
    rows = [[InlineKeyboardButton(texts.button(B.NOTICE_OPEN, language=language),
                                  callback_data=OpenCase(case.id).pack())]]
    if event.action == "request_material":  # answer right here (handlers/resident/reply.py)
        rows.insert(0, [answer_button(texts, language, case.id)])
    rows[:0] = _villager_buttons(texts, language, event, case)
    markup = InlineKeyboardMarkup(rows)
    return {"text": text, "parse_mode": "HTML", "reply_markup": markup.to_dict()}


def follower_message(texts: Texts, language: str, event: EventView, case: CaseView,
                     office: OfficeView, station: OfficeView, matter: MatterDetail
                     ) -> dict[str, Any]:
    """sendMessage parameters of a follower's copy of the notice, in their language: no
    button (they cannot act on the case), no personal data of the villager's."""
    return {"text": _text(texts, language, event, case, office, station, matter,
                          follower=True), "parse_mode": "HTML"}


def without_personal_data(text: str, case: CaseView) -> str:
    """The staff's words for a follower: the villager's name, phone and ID number as the
    case shows them, and anything that looks like a phone or ID number, hidden."""
    for known in (case.resident.name, case.resident.phone, case.resident.id_number):
        if known and len(known.strip()) >= 2:
            text = text.replace(known.strip(), HIDDEN)
    return _NUMBERS.sub(HIDDEN, text)


def _text(texts: Texts, language: str, event: EventView, case: CaseView, office: OfficeView,
          station: OfficeView, matter: MatterDetail, *, follower: bool) -> str:
    names = {material.key: material.name for material in matter.materials}
    items: list[Any] = [names.get(item, item) for item in event.data.get("items") or []]
    reason = event.reason
    if follower:
        items = [item if item in names.values() else without_personal_data(item, case)
                 for item in items]
        reason = without_personal_data(reason, case) if reason else reason
    missed = event.data.get("slot_start")  # mark_missed: the time the villager missed
    slot = dt.datetime.fromisoformat(missed) if missed else case.booking.slot_start
    return texts.render(
        NOTICES[event.action], language=language, case=case, action=event.action,
        office=_name(office), station=_station(station), reason=reason,
        within=event.to_office_code == event.office_code, follower=follower,
        items=items, days=event.data.get("days"), decision=case.decision,
        slot=slot.astimezone(district_zone(case)) if slot else None)


def _villager_buttons(texts: Texts, language: str, event: EventView, case: CaseView
                      ) -> list[list[InlineKeyboardButton]]:
    """What the villager may do about this notice beyond opening the case."""
    if event.action == "accept":  # the receipt: let the family follow too
        return [[share_button(texts, language, case.id)]]
    if event.action == "mark_missed":  # the reminder's [Change the time] flow
        return [[InlineKeyboardButton(texts.button(B.NOTICE_NEW_TIME, language=language),
                                      callback_data=ChangeTime(case.id).pack())]]
    return []


def _name(office: OfficeView) -> dict[str, str]:
    return {"zh": office.name_zh, "en": office.name_en}


def _station(station: OfficeView) -> dict[str, Any]:
    return {"name": _name(station), "address": station.address, "phone": station.phone,
            "opening_hours": station.opening_hours}

