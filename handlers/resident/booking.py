"""Booking proxy handling (代办): from a matter card's [Book] to a case number.

One persistent conversation (diagram: booking.mmd). The matter's form is asked by one
looping state, so a new matter needs no code; the case service checks every answer,
says what to ask next and makes the one case. The open draft's id stays in user_data
when the villager leaves, so the next [Book] (or /book) offers to continue it.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from backend_client.errors import NotFound
from handlers import common
from handlers.callbacks import BookMatter, GoHome
from handlers.context import DaibanContext
from handlers.keyboards import MENU_ROWS, label_filter, nav_row
from handlers.resident import _booking_views as views
from handlers.resident import booking_form as form
from handlers.resident import booking_slots as slots
from handlers.resident.booking_states import (
    DRAFT,
    KEYS,
    Answer,
    Change,
    Confirm,
    Consent,
    Day,
    Drop,
    Resume,
    Slot,
    Step,
    Way,
)
from texts.names import B, T
from texts.render import Texts

__all__ = ["build"]


async def book(update: Update, context: DaibanContext) -> Step:
    """A villager taps [Book] on a matter card: continue an unfinished booking, or start."""
    data = BookMatter.parse(update.callback_query.data if update.callback_query else None)
    return await offer_or_begin(update, context, data.matter_code)


async def book_command(update: Update, context: DaibanContext) -> Step | int:
    """A villager types /book (continue) or /book CODE (book that matter)."""
    code = context.args[0].upper() if context.args else ""
    return await offer_or_begin(update, context, code)


async def offer_or_begin(update: Update, context: DaibanContext, code: str) -> Step:
    draft_id = context.user_data.get(DRAFT)
    draft = None
    if draft_id:
        try:
            draft = await context.cases.draft(draft_id, actor=context.resident)
        except NotFound:
            context.user_data.pop(DRAFT, None)
    if draft is None or draft.status != "open":
        return await begin(update, context, code)
    texts, language = context.texts, context.language
    rows = [[views.button(texts.button(B.BOOKING_CONTINUE, language=language),
                          Resume(draft.matter_code, draft.id).pack())]]
    if code:
        rows.append([views.button(texts.button(B.BOOKING_START_OVER, language=language),
                                  Resume(code, "").pack())])
    rows.append(nav_row(texts, language))
    await views.show(update, texts.render(T.BOOKING_RESUME, language=language,
                                          matter=draft.matter_name, answered=len(draft.answers)),
                     InlineKeyboardMarkup(rows), new=True)
    return Step.RESUME


async def begin(update: Update, context: DaibanContext, code: str, *, new: bool = True
                ) -> Step:
    """A new draft of the matter; the ID number first if the service has none yet."""
    draft = await context.cases.create_draft(code, actor=context.resident,
                                             idempotency_key=context.idempotency_key("draft"))
    for key in KEYS:
        context.user_data.pop(key, None)
    context.user_data[DRAFT] = draft.id
    resident = await context.cases.resident_by_messaging_id(context.messaging_id or 0,
                                                            actor=context.resident)
    if resident.id_number_masked is not None:
        return await form.ask(update, context, draft, new=new)
    if resident.sensitive_consent:
        return await form.ask_id_number(update, context, new=new)
    consent = InlineKeyboardMarkup([
        [views.button(context.texts.button(B.BOOKING_AGREE, language=context.language),
                      Consent(1).pack())],
        [views.button(context.texts.button(B.BOOKING_ID_LATER, language=context.language),
                      Consent(0).pack())],
        nav_row(context.texts, context.language)])
    await views.show(update, context.texts.render(T.BOOKING_CONSENT, language=context.language,
                                                  matter=draft.matter_name), consent, new=new)
    return Step.CONSENT


async def resume(update: Update, context: DaibanContext) -> Step:
    """A villager continues the booking they left, or starts the new matter afresh."""
    data = Resume.parse(update.callback_query.data if update.callback_query else None)
    if not data.draft:
        return await begin(update, context, data.matter_code, new=False)
    context.user_data[DRAFT] = data.draft
    draft = await context.cases.draft(data.draft, actor=context.resident)
    return await form.ask(update, context, draft)


def _answer_text(texts: Texts) -> filters.BaseFilter:
    """Typed text that is neither a command nor a main-menu button."""
    menu = [label_filter(texts, name) for row in MENU_ROWS for name in row]
    typed: Any = filters.TEXT & ~filters.COMMAND
    for label in menu:
        typed = typed & ~label
    return typed  # type: ignore[no-any-return]


def _press(callback: Any, kind: Any) -> CallbackQueryHandler[Any, Any]:
    return CallbackQueryHandler(callback, pattern=kind.pattern())


def build(texts: Texts) -> ConversationHandler[Any]:
    """The booking conversation, persistent, with Home, /cancel and [Book] as ways out."""
    typed = _answer_text(texts)
    entry: list[BaseHandler[Any, Any, Any]] = [
        _press(book, BookMatter), CommandHandler("book", book_command)]
    return ConversationHandler(
        entry_points=entry,
        states={
            Step.RESUME: [_press(resume, Resume)],
            Step.CONSENT: [_press(form.consent, Consent)],
            Step.ID_NUMBER: [MessageHandler(typed, form.id_number),
                             _press(form.consent, Consent)],
            Step.ASK: [MessageHandler(typed, form.answer_typed),
                       MessageHandler(filters.PHOTO, form.answer_photo),
                       _press(form.answer_tapped, Answer)],
            Step.HOW: [_press(slots.choose_way, Way), _press(slots.choose_day, Day),
                       _press(slots.choose_slot, Slot)],
            Step.REASON: [MessageHandler(typed, slots.reason_typed),
                          _press(slots.choose_way, Way)],
            Step.SUMMARY: [_press(slots.confirm, Confirm), _press(form.change, Change),
                           _press(slots.drop, Drop), _press(slots.choose_way, Way)],
        },
        fallbacks=[_press(common.home, GoHome), CommandHandler("cancel", common.cancel),
                   *entry],
        name="booking",
        persistent=True,
    )
