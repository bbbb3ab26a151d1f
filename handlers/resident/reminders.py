"""The reminder the day before a booked slot, and its buttons: [I'll come] → thanks;
[Change the time] → the station's free days → times → the case moved there; [Cancel] →
my cases' confirmation (`cases.AskAct`).

The notifier (bot/notifier.py) decides when a reminder is due and sends
`reminder_message` through the outbox. A reschedule is an event of the case service's
feed like any other change, so the notifier re-plans the moved case's reminder by itself:
the old one is withdrawn, the new one queued.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from typing import Any, ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from handlers.callbacks import CallbackData
from handlers.context import DaibanContext
from handlers.keyboards import nav_row
from handlers.resident.cases import AskAct, OpenCase, district_zone
from texts.names import B, T
from texts.render import Texts
from wire.cases import CaseView
from wire.drafts import SlotView
from wire.offices import OfficeView

DAYS_AHEAD = 10
"""Working days of free slots offered when changing the time."""


@dataclasses.dataclass(frozen=True)
class Coming(CallbackData):
    """[I'll come] on a reminder."""

    PREFIX: ClassVar[str] = "rmc"
    case_id: str


@dataclasses.dataclass(frozen=True)
class ChangeTime(CallbackData):
    """[Change the time]: the days with a free slot."""

    PREFIX: ClassVar[str] = "rmt"
    case_id: str


@dataclasses.dataclass(frozen=True)
class PickDay(CallbackData):
    """A day (yyyymmdd): its free times."""

    PREFIX: ClassVar[str] = "rmd"
    case_id: str
    day: int


@dataclasses.dataclass(frozen=True)
class PickTime(CallbackData):
    """A free time (epoch seconds): move the case there."""

    PREFIX: ClassVar[str] = "rmp"
    case_id: str
    at: int


def reminder_message(texts: Texts, language: str, case: CaseView, station: OfficeView,
                     zone: dt.tzinfo | None) -> dict[str, Any]:
    """sendMessage parameters of a case's reminder, in the villager's language."""
    assert case.booking.slot_start is not None
    slot = case.booking.slot_start.astimezone(zone)
    text = texts.render(T.CASES_REMINDER, language=language, case=case, slot=slot,
                        station={"zh": station.name_zh, "en": station.name_en},
                        address=station.address)
    buttons = [(B.CASES_COMING, Coming(case.id)), (B.CASES_CHANGE_TIME, ChangeTime(case.id)),
               (B.CASES_CANCEL, AskAct(case.id, "cancel"))]
    markup = InlineKeyboardMarkup([[InlineKeyboardButton(
        texts.button(label, language=language), callback_data=data.pack())]
        for label, data in buttons])
    return {"text": text, "parse_mode": "HTML", "reply_markup": markup.to_dict()}


async def coming(update: Update, context: DaibanContext) -> None:
    """A villager says they will come at the booked time."""
    Coming.parse(update.callback_query.data if update.callback_query else None)
    await update.callback_query.answer()  # type: ignore[union-attr]
    await update.effective_message.reply_text(  # type: ignore[union-attr]
        context.texts.render(T.CASES_COMING, language=context.language))


async def choose_day(update: Update, context: DaibanContext) -> None:
    """A villager cannot come then and wants another day."""
    data = ChangeTime.parse(_data(update))
    case = await context.cases.case(data.case_id, actor=context.resident)
    days = _by_day(await context.cases.slots(case.station_code, days=DAYS_AHEAD),
                   district_zone(case))
    rows = [[InlineKeyboardButton(context.texts.button(B.CASES_DAY, language=context.language,
                                                       at=day),
                                  callback_data=PickDay(case.id, _ymd(day)).pack())
             for day in list(days)[i:i + 2]] for i in range(0, len(days), 2)]
    rows.append(nav_row(context.texts, context.language, back=OpenCase(case.id).pack()))
    await _show(update, context.texts.render(T.CASES_PICK_DAY, language=context.language,
                                              case=case, days=len(days)), rows, edit=False)


async def choose_time(update: Update, context: DaibanContext) -> None:
    """A villager picked a day and wants to pick the time of day."""
    data = PickDay.parse(_data(update))
    case = await context.cases.case(data.case_id, actor=context.resident)
    days = _by_day(await context.cases.slots(case.station_code, days=DAYS_AHEAD),
                   district_zone(case))
    day = dt.date(data.day // 10000, data.day // 100 % 100, data.day % 100)
    times = days.get(day, [])
    rows = [[InlineKeyboardButton(context.texts.button(B.CASES_TIME, language=context.language,
                                                       at=at),
                                  callback_data=PickTime(case.id, int(at.timestamp())).pack())
             for at in times[i:i + 3]] for i in range(0, len(times), 3)]
    rows.append(nav_row(context.texts, context.language, back=ChangeTime(case.id).pack()))
    await _show(update, context.texts.render(T.CASES_PICK_TIME, language=context.language,
                                              day=day), rows)


async def move_to(update: Update, context: DaibanContext) -> None:
    """A villager picked a new time: the case moves there and its reminder with it."""
    data = PickTime.parse(_data(update))
    start = dt.datetime.fromtimestamp(data.at, tz=dt.UTC)
    case = await context.cases.reschedule(data.case_id, start, actor=context.resident,
                                          idempotency_key=context.idempotency_key("reschedule"))
    await _show(update, context.texts.render(
        T.CASES_RESCHEDULED, language=context.language, case=case,
        slot=start.astimezone(district_zone(case))),
        [nav_row(context.texts, context.language, back=OpenCase(case.id).pack())])


def _by_day(slots: Any, zone: dt.tzinfo) -> dict[dt.date, list[dt.datetime]]:
    days: dict[dt.date, list[dt.datetime]] = defaultdict(list)
    slot: SlotView
    for slot in slots.slots:
        if slot.free > 0:
            local = slot.starts_at.astimezone(zone)
            days[local.date()].append(local)
    return dict(days)


def _ymd(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _data(update: Update) -> str | None:
    return update.callback_query.data if update.callback_query else None


async def _show(update: Update, text: str, rows: list[list[InlineKeyboardButton]], *,
                edit: bool = True) -> None:
    """Edit the screen pressed on; the first screen goes below the reminder (`edit=False`),
    so the reminder keeps its buttons."""
    markup = InlineKeyboardMarkup(rows)
    if update.callback_query is not None:
        await update.callback_query.answer()
        if edit:
            await update.callback_query.edit_message_text(text, reply_markup=markup)
            return
    if update.effective_message is not None:
        await update.effective_message.reply_text(text, reply_markup=markup)


def build() -> list[BaseHandler[Update, DaibanContext, None]]:
    """The reminder buttons' handlers, for bot/routes.py."""
    return [CallbackQueryHandler(coming, pattern=Coming.pattern()),
            CallbackQueryHandler(choose_day, pattern=ChangeTime.pattern()),
            CallbackQueryHandler(choose_time, pattern=PickDay.pattern()),
            CallbackQueryHandler(move_to, pattern=PickTime.pattern())]
