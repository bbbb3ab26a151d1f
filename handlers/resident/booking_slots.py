"""The booking's second half: how the papers reach the station (a slot, a drop-off or a
home visit), the summary, and the confirmation that makes the one case."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler

from backend_client.errors import Conflict, Invalid
from handlers import common
from handlers.context import DaibanContext
from handlers.keyboards import main_menu
from handlers.resident import _booking_views as views
from handlers.resident.booking_states import (
    AT,
    DRAFT,
    HOW,
    KEYS,
    NOTE,
    Confirm,
    Day,
    How,
    Slot,
    Step,
    Way,
)
from texts.names import T
from wire.drafts import DraftView

NOTE_LIMIT = 500
"""The longest home-visit reason the case service keeps."""


async def show_ways(update: Update, context: DaibanContext, draft: DraftView) -> Step:
    matter = await context.cases.matter(draft.matter_code)
    await views.show(update, context.texts.render(
        T.BOOKING_WAYS, language=context.language, home_visit=matter.home_visit),
        views.ways_keyboard(context.texts, context.language, matter.home_visit))
    return Step.HOW


async def show_days(update: Update, context: DaibanContext, taken: bool = False) -> Step:
    """The days with a free slot at the villager's own station."""
    resident = await context.cases.resident_by_messaging_id(context.messaging_id or 0,
                                                            actor=context.resident)
    station = await context.cases.office(resident.village_code or "")
    slots = await context.cases.slots(station.code, days=views.DAYS_AHEAD)
    days = views.free_days(slots.slots)
    await views.show(update, context.texts.render(
        T.BOOKING_DAYS, language=context.language, station=station,
        station_name=views.office_name(station), days=len(days),
        taken=taken), views.days_keyboard(context.texts, context.language, days))
    return Step.HOW


async def choose_way(update: Update, context: DaibanContext) -> Step:
    """A villager picks how to hand the papers over (or wants the ways again)."""
    how = Way.parse(update.callback_query.data if update.callback_query else None).how
    if how == How.SLOT:
        return await show_days(update, context)
    if how == How.HOME_VISIT:
        await views.show(update, context.texts.render(T.BOOKING_REASON_ASK,
                                                      language=context.language))
        return Step.REASON
    draft = await context.cases.draft(context.user_data[DRAFT], actor=context.resident)
    if how == How.DROP_OFF:
        context.user_data[HOW], context.user_data[AT] = How.DROP_OFF.value, 0
        return await show_summary(update, context, draft)
    return await show_ways(update, context, draft)


async def choose_day(update: Update, context: DaibanContext) -> Step:
    """A villager picks a day: its free times (an empty day: the days again)."""
    day = Day.parse(update.callback_query.data if update.callback_query else None).day
    if not day:
        return await show_days(update, context)
    resident = await context.cases.resident_by_messaging_id(context.messaging_id or 0,
                                                            actor=context.resident)
    slots = await context.cases.slots(resident.village_code or "", days=views.DAYS_AHEAD)
    free = dict(views.free_days(slots.slots))
    chosen = next((slots for date, slots in free.items() if date.strftime("%Y%m%d") == day),
                  [])
    if not chosen:
        return await show_days(update, context, taken=True)
    await views.show(update, context.texts.render(
        T.BOOKING_TIMES, language=context.language, day=views.local(chosen[0].starts_at)),
        views.times_keyboard(context.texts, context.language, chosen))
    return Step.HOW


async def choose_slot(update: Update, context: DaibanContext) -> Step:
    """A villager picks a free time: the summary to confirm."""
    at = Slot.parse(update.callback_query.data if update.callback_query else None).at
    context.user_data[HOW], context.user_data[AT] = How.SLOT.value, at
    draft = await context.cases.draft(context.user_data[DRAFT], actor=context.resident)
    return await show_summary(update, context, draft)


async def reason_typed(update: Update, context: DaibanContext) -> Step:
    """A villager says why someone should come to their home."""
    text = update.effective_message.text if update.effective_message else ""
    context.user_data[NOTE] = (text or "").strip()[:NOTE_LIMIT]
    context.user_data[HOW], context.user_data[AT] = How.HOME_VISIT.value, 0
    draft = await context.cases.draft(context.user_data[DRAFT], actor=context.resident)
    return await show_summary(update, context, draft)


async def show_summary(update: Update, context: DaibanContext, draft: DraftView) -> Step:
    matter = await context.cases.matter(draft.matter_code)
    how, at = context.user_data.get(HOW, How.DROP_OFF.value), context.user_data.get(AT, 0)
    start = views.start_of(at)
    await views.show(update, context.texts.render(
        T.BOOKING_SUMMARY, language=context.language, matter=matter.name,
        answers=views.answered(matter, draft), station_fields=views.station_only(matter, draft),
        how=how, slot=views.local(start) if start else None,
        note=context.user_data.get(NOTE, "")),
        views.summary_keyboard(context.texts, context.language, draft, how, at))
    return Step.SUMMARY


async def confirm(update: Update, context: DaibanContext) -> int:
    """A villager confirms the booking: one case, however often the button is tapped."""
    data = Confirm.parse(update.callback_query.data if update.callback_query else None)
    try:
        case = await context.cases.submit(
            data.draft, How(data.how).booking, views.start_of(data.at),
            context.user_data.get(NOTE) or None, actor=context.resident,
            idempotency_key=context.idempotency_key("submit"))
    except (Conflict, Invalid) as error:
        if not error.code.startswith("slot."):
            raise
        return await show_days(update, context, taken=True)
    station = await context.cases.office(case.station_code)
    matter = await context.cases.matter(case.matter_code)
    for key in KEYS:
        context.user_data.pop(key, None)
    start = case.booking.slot_start
    await views.show(update, context.texts.render(
        T.BOOKING_DONE, language=context.language, case=case, station=station,
        station_name=views.office_name(station),
        slot=views.local(start) if start else None, due=case.service_clock.due))
    if update.effective_chat is not None:
        await update.effective_chat.send_message(
            context.texts.render(T.BOOKING_CHECKLIST, language=context.language,
                                 materials=matter.materials),
            reply_markup=main_menu(context.texts, context.language))
    return ConversationHandler.END


async def drop(update: Update, context: DaibanContext) -> int:
    """A villager cancels the booking on its summary: nothing is submitted."""
    for key in KEYS:
        context.user_data.pop(key, None)
    return await common.cancel(update, context)
