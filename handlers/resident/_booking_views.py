"""The booking flow's screens as data and markup: a question, the ways and slots, the
summary, the receipt. No client calls here; the flow modules fetch and pass in."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from handlers.keyboards import nav_row
from handlers.resident.booking_states import Answer, Change, Confirm, Day, Drop, Slot, Way
from texts.names import B
from texts.render import Texts
from wire.base import LocalText
from wire.catalog import FormFieldView, MatterDetail
from wire.drafts import DraftView, SlotView
from wire.offices import OfficeView

DISTRICT_ZONE = ZoneInfo("Asia/Shanghai")
"""Where slots are shown (the demo district's and every Chinese district's time)."""
DAYS_AHEAD = 10
"""Working days of slots offered."""
PICKED = {"choice": True, "yes_no": True}
"""Field types answered by a tap; the others are typed (or a photo sent)."""


def button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def start_of(at: int) -> dt.datetime | None:
    """A slot's start from its seconds since the epoch (0: no slot)."""
    return dt.datetime.fromtimestamp(at, tz=dt.UTC) if at else None


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(DISTRICT_ZONE)


async def show(update: Update, text: str, markup: InlineKeyboardMarkup | None = None,
               *, new: bool = False) -> Message | None:
    """The next screen: in place of the pressed one, or as a new message after a typed
    one (or when `new`: the first screen of a booking leaves the matter card as it is)."""
    query = update.callback_query
    if query is not None:
        with contextlib.suppress(BadRequest):  # a press replayed after a restart is too old
            await query.answer()
    if query is not None and not new:
        try:
            shown = await query.edit_message_text(text, reply_markup=markup)
        except BadRequest:  # the same screen again, or a message too old to edit
            return None
        return shown if isinstance(shown, Message) else None
    if update.effective_chat is None:
        return None
    return await update.effective_chat.send_message(text, reply_markup=markup)


def question_keyboard(texts: Texts, language: str, field: FormFieldView,
                      version: int) -> InlineKeyboardMarkup:
    """Choices and yes/no as buttons, [Skip] for an optional question, [Home]."""
    rows: list[list[InlineKeyboardButton]] = []
    if field.type == "choice":
        rows += [[button(str(getattr(choice.label, language)),
                         Answer(field.key, number, version).pack())]
                 for number, choice in enumerate(field.choices, start=1)]
    elif field.type == "yes_no":
        rows.append([button(texts.button(B.BOOKING_YES, language=language),
                            Answer(field.key, 1, version).pack()),
                     button(texts.button(B.BOOKING_NO, language=language),
                            Answer(field.key, 0, version).pack())])
    if not field.required:
        rows.append([button(texts.button(B.BOOKING_SKIP, language=language),
                            Answer(field.key, -1, version).pack())])
    rows.append(nav_row(texts, language))
    return InlineKeyboardMarkup(rows)


def office_name(office: OfficeView) -> LocalText:
    return LocalText(zh=office.name_zh, en=office.name_en)


def field_of(matter: MatterDetail, key: str) -> FormFieldView | None:
    return next((field for field in matter.form if field.key == key), None)


def ways_keyboard(texts: Texts, language: str, home_visit: bool) -> InlineKeyboardMarkup:
    ways = [(B.BOOKING_SLOT, "s"), (B.BOOKING_DROP_OFF, "d")]
    if home_visit:
        ways.append((B.BOOKING_HOME_VISIT, "h"))
    rows = [[button(texts.button(name, language=language), Way(how).pack())]
            for name, how in ways]
    rows.append(nav_row(texts, language))
    return InlineKeyboardMarkup(rows)


def free_days(slots: Iterable[SlotView]) -> list[tuple[dt.date, list[SlotView]]]:
    """The days with a free place, each with its free slots, in order."""
    free = [slot for slot in slots if slot.free > 0]
    return [(day, list(group))
            for day, group in groupby(free, key=lambda slot: local(slot.starts_at).date())]


def days_keyboard(texts: Texts, language: str,
                  days: Sequence[tuple[dt.date, list[SlotView]]]) -> InlineKeyboardMarkup:
    rows = [[button(texts.button(B.BOOKING_DAY, language=language, day=day),
                    Day(day.strftime("%Y%m%d")).pack())] for day, _slots in days]
    rows.append(nav_row(texts, language, back=Way("").pack()))
    return InlineKeyboardMarkup(rows)


def times_keyboard(texts: Texts, language: str, slots: Sequence[SlotView]
                   ) -> InlineKeyboardMarkup:
    labels = [(local(slot.starts_at).strftime("%H:%M"),
               Slot(int(slot.starts_at.timestamp())).pack()) for slot in slots]
    rows = [[button(label, data) for label, data in labels[i:i + 3]]
            for i in range(0, len(labels), 3)]
    rows.append(nav_row(texts, language, back=Day("").pack()))
    return InlineKeyboardMarkup(rows)


def answered(matter: MatterDetail, draft: DraftView) -> list[dict[str, Any]]:
    """The answers as the summary shows them: the question, its kind, the answer, and
    the chosen choices' labels."""
    shown = []
    for field in matter.form:
        if field.key not in draft.answers:
            continue
        value = draft.answers[field.key]
        picked = value if isinstance(value, list) else [value]
        shown.append({"label": field.label, "type": field.type, "value": value,
                      "choices": [choice.label for choice in field.choices
                                  if choice.key in picked]})
    return shown


def station_only(matter: MatterDetail, draft: DraftView) -> list[Any]:
    """The labels of the questions the station asks in person."""
    return [field.label for field in matter.form if field.key in draft.station_fields]


def summary_keyboard(texts: Texts, language: str, draft: DraftView, how: str, at: int
                     ) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [button(texts.button(B.BOOKING_CONFIRM, language=language),
                Confirm(draft.id, how, at).pack())],
        [button(texts.button(B.BOOKING_CHANGE, language=language), Change("").pack()),
         button(texts.button(B.BOOKING_DROP, language=language), Drop().pack())],
    ])


def change_keyboard(texts: Texts, language: str, matter: MatterDetail, draft: DraftView
                    ) -> InlineKeyboardMarkup:
    rows = [[button(str(getattr(field.label, language)), Change(field.key).pack())]
            for field in matter.form if field.key in draft.answers]
    rows.append([button(texts.button(B.BOOKING_WAY, language=language), Way("").pack())])
    rows.append(nav_row(texts, language))
    return InlineKeyboardMarkup(rows)
