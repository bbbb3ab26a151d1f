"""[Walk-in villager]: a station agent registers a villager who came to the counter or
phoned (many elderly villagers have no phone of their own) and books for them.

One persistent conversation (diagram: walk_in.mmd): the station (only when the agent
works at several), the villager's name, their phone (or none), the authorization (委托:
a signed form kept at the station, or agreed by phone, with a note of what was agreed),
then the matter and its questions (`walk_in_matter`, `walk_in_form`), booked as a
drop-off: the villager is at the counter with their papers. The case service validates
every step and refuses with a code that errors/ answers; news of the case then reaches
the villager through the station's call list (`calls`), never the chat.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
)

from backend_client.errors import Invalid
from handlers import common
from handlers.callbacks import CallbackData, GoHome, Page
from handlers.context import DaibanContext
from handlers.errors import template_for
from handlers.keyboards import label_filter, paged
from handlers.resident import places
from handlers.staff import calls, card, joining, lists
from handlers.staff import walk_in_form as form
from handlers.staff import walk_in_matter as matter
from handlers.staff._views import (
    OpenCard,
    StaffHome,
    button,
    callback_data,
    show,
    staff,
    staff_menu,
)
from handlers.staff.walk_in_states import (
    AUTHORIZATION,
    KEYS,
    NAME,
    NAME_LIMIT,
    NOTE_LIMIT,
    RESIDENT,
    STATION,
    STATION_LIST,
    Answer,
    Authorize,
    Book,
    Change,
    NoPhone,
    PickCategory,
    PickMatter,
    PickStation,
    Step,
    my_stations,
    typed,
)
from texts.names import B, T
from texts.render import Texts
from wire.offices import OfficeView

__all__ = ["build"]

STATIONS_PER_PAGE = 6
AUTHORIZATIONS = {"written": B.WALK_IN_WRITTEN, "phone": B.WALK_IN_BY_PHONE}


async def start(update: Update, context: DaibanContext) -> str | int:
    """An agent has a villager at the counter (or on the phone) to book for."""
    for key in KEYS:
        context.user_data.pop(key, None)
    stations = await my_stations(context)
    if len(stations) == 1:
        context.user_data[STATION] = stations[0].code
        return await ask_name(update, context)
    if not stations:
        await show(update, context.texts.render(T.WALK_IN_NO_STATION,
                                                language=context.language))
        return ConversationHandler.END
    return await show_stations(update, context, stations)


async def show_stations(update: Update, context: DaibanContext,
                        stations: list[OfficeView], page: int = 0, *,
                        shown: list[OfficeView] | None = None, missed: str = "") -> str:
    """A page of the agent's stations (or of those a typed name found); `missed`: the
    words that found none."""
    texts, language = context.texts, context.language
    items = [(places.place_name(office, language), PickStation(office.code).pack())
             for office in (stations if shown is None else shown)]
    markup = paged(texts, language, items, page, list_id=STATION_LIST,
                   per_page=STATIONS_PER_PAGE)
    await show(update, texts.render(T.WALK_IN_STATION, language=language,
                                    count=len(stations), typed=missed),
               _staff_home(texts, language, markup))
    return Step.STATION


async def turn_station_page(update: Update, context: DaibanContext) -> str:
    """An agent of many stations turns the page of their stations."""
    data = Page.parse(callback_data(update))
    return await show_stations(update, context, await my_stations(context), data.page)


async def station_typed(update: Update, context: DaibanContext) -> str:
    """An agent of many stations types a village's name to find its station."""
    words = (update.effective_message.text or "") if update.effective_message else ""
    mine = await my_stations(context)
    codes = {office.code for office in mine}
    found = [office for office in places.search(await context.cases.office_tree(), words)
             if office.code in codes]
    if not found:
        return await show_stations(update, context, mine, missed=words.strip()[:50])
    return await show_stations(update, context, mine, shown=found)


async def station_picked(update: Update, context: DaibanContext) -> str:
    """An agent picks the station of the villager's village."""
    context.user_data[STATION] = PickStation.parse(callback_data(update)).code
    return await ask_name(update, context)


async def ask_name(update: Update, context: DaibanContext) -> str:
    await show(update, context.texts.render(T.WALK_IN_NAME_ASK, language=context.language),
               _staff_home(context.texts, context.language))
    return Step.NAME


async def name_typed(update: Update, context: DaibanContext) -> str:
    """An agent types the villager's name as on their ID card."""
    words = (update.effective_message.text or "") if update.effective_message else ""
    context.user_data[NAME] = " ".join(words.split())[:NAME_LIMIT]
    return await ask_phone(update, context)


async def ask_phone(update: Update, context: DaibanContext, before: str = "") -> str:
    texts, language = context.texts, context.language
    text = texts.render(T.WALK_IN_PHONE_ASK, language=language,
                        name=context.user_data.get(NAME, ""))
    markup = InlineKeyboardMarkup([
        [button(texts, language, B.WALK_IN_NO_PHONE, NoPhone())],
        [button(texts, language, B.STAFF_HOME, StaffHome())]])
    await show(update, f"{before}\n\n{text}" if before else text, markup)
    return Step.PHONE


async def phone_typed(update: Update, context: DaibanContext) -> str:
    """An agent types a number the villager (or their family) answers."""
    words = (update.effective_message.text or "") if update.effective_message else ""
    return await register(update, context, words.strip()[:40])


async def no_phone(update: Update, context: DaibanContext) -> str:
    """The villager has no phone of their own: the station will visit."""
    return await register(update, context, None)


async def register(update: Update, context: DaibanContext, phone: str | None) -> str:
    """The villager into the case service (the number checked there), then the
    authorization; a refused number is asked again, with the reason."""
    try:
        registered = await context.cases.register_walk_in(
            context.user_data.get(STATION, ""), context.user_data.get(NAME, ""), phone,
            actor=staff(context), idempotency_key=context.idempotency_key("walk_in"))
    except Invalid as error:
        if not error.code.startswith("answer."):
            raise
        return await ask_phone(update, context, context.texts.render(
            template_for(error), language=context.language, **error.details))
    context.user_data[RESIDENT] = registered.resident_id
    texts, language = context.texts, context.language
    rows = [[button(texts, language, label, Authorize(kind))]
            for kind, label in AUTHORIZATIONS.items()]
    rows.append([button(texts, language, B.STAFF_HOME, StaffHome())])
    await show(update, texts.render(T.WALK_IN_AUTH_ASK, language=language,
                                    name=context.user_data.get(NAME, ""), phone=phone),
               InlineKeyboardMarkup(rows))
    return Step.AUTH


async def authorized(update: Update, context: DaibanContext) -> str:
    """An agent says how the villager authorized the booking: signed or by phone."""
    kind = Authorize.parse(callback_data(update)).kind
    context.user_data[AUTHORIZATION] = {"kind": kind, "note": ""}
    await show(update, context.texts.render(T.WALK_IN_NOTE_ASK, language=context.language,
                                            kind=kind),
               _staff_home(context.texts, context.language))
    return Step.NOTE


async def note_typed(update: Update, context: DaibanContext) -> str:
    """An agent notes what was agreed and where the signed form is kept."""
    words = (update.effective_message.text or "") if update.effective_message else ""
    context.user_data.setdefault(AUTHORIZATION, {"kind": "written"})["note"] = (
        words.strip()[:NOTE_LIMIT])
    return await matter.show_categories(update, context)


async def cancel(update: Update, context: DaibanContext) -> int:
    """An agent stops the walk-in: nothing more is booked (a registered villager stays)."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    if update.effective_chat is not None:
        await update.effective_chat.send_message(
            context.texts.render(T.CANCELLED, language=context.language),
            reply_markup=staff_menu(context.texts, context.language))
    return ConversationHandler.END


def _staff_home(texts: Texts, language: str,
                markup: InlineKeyboardMarkup | None = None) -> InlineKeyboardMarkup:
    """The screen's buttons (a paged list's without the villager's Home) and [Work desk]."""
    rows = list(markup.inline_keyboard[:-1]) if markup is not None else []
    return InlineKeyboardMarkup([*rows, [button(texts, language, B.STAFF_HOME, StaffHome())]])


def _press(callback: Any, kind: type[CallbackData]) -> CallbackQueryHandler[Any, Any]:
    return CallbackQueryHandler(callback, pattern=kind.pattern())


def build(texts: Texts) -> ConversationHandler[Any]:
    """The walk-in conversation, persistent; the staff menu, a card, Home and /cancel
    leave it."""
    words = typed(texts)
    return ConversationHandler(
        entry_points=[MessageHandler(label_filter(texts, B.WALK_IN_MENU), start)],
        states={
            Step.STATION: [_press(station_picked, PickStation),
                           CallbackQueryHandler(turn_station_page,
                                                pattern=Page.pattern_for(STATION_LIST)),
                           MessageHandler(words, station_typed)],
            Step.NAME: [MessageHandler(words, name_typed)],
            Step.PHONE: [MessageHandler(words, phone_typed), _press(no_phone, NoPhone)],
            Step.AUTH: [_press(authorized, Authorize)],
            Step.NOTE: [MessageHandler(words, note_typed)],
            Step.MATTER: [_press(matter.category, PickCategory),
                          CallbackQueryHandler(matter.turn_page,
                                               pattern=Page.pattern_for(matter.MATTER_LIST)),
                          _press(matter.picked, PickMatter),
                          MessageHandler(words, matter.search)],
            Step.ASK: [MessageHandler(words, form.answer_typed),
                       MessageHandler(form.PHOTO, form.answer_photo),
                       _press(form.answer_tapped, Answer)],
            Step.SUMMARY: [_press(form.book, Book), _press(form.change, Change)],
        },
        fallbacks=[CommandHandler("cancel", cancel), _press(common.home, GoHome),
                   _press(card.open_card, OpenCard), *joining.handlers(texts),
                   *lists.handlers(texts), *calls.handlers(texts),
                   MessageHandler(label_filter(texts, B.WALK_IN_MENU), start)],
        allow_reentry=True, name="staff_walk_in", persistent=True,
    )
