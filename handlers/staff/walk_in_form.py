"""The walk-in flow's questions and booking: the matter's form asked of the agent one
field at a time, exactly as the villager's own booking asks it (the same question screen,
driven by the catalog: a new matter needs no code), each answer checked by the case
service; then a summary and [Book], a drop-off: the villager is at the counter."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler, filters

from backend_client.errors import Conflict, Invalid
from handlers.context import DaibanContext
from handlers.errors import template_for
from handlers.resident._booking_views import answered, field_of, station_only
from handlers.staff._views import (
    OpenCard,
    StaffHome,
    button,
    callback_data,
    show,
    staff,
)
from handlers.staff.walk_in_states import (
    AUTHORIZATION,
    DRAFT,
    FIELD,
    KEYS,
    NAME,
    VERSION,
    Answer,
    Book,
    Change,
    Step,
)
from texts.names import B, T
from texts.render import Texts
from wire.catalog import FormFieldView
from wire.drafts import DraftView

PHOTO = filters.PHOTO
"""A photo of a paper the question asks for (kept by its file id, as the villager's)."""


def question_keyboard(texts: Texts, language: str, field: FormFieldView, version: int
                      ) -> InlineKeyboardMarkup:
    """Choices and yes/no as buttons, [Skip] for an optional question, [Work desk]."""
    rows: list[list[InlineKeyboardButton]] = []
    if field.type == "choice":
        rows += [[InlineKeyboardButton(str(getattr(choice.label, language)),
                                       callback_data=Answer(field.key, n, version).pack())]
                 for n, choice in enumerate(field.choices, start=1)]
    elif field.type == "yes_no":
        rows.append([button(texts, language, B.BOOKING_YES, Answer(field.key, 1, version)),
                     button(texts, language, B.BOOKING_NO, Answer(field.key, 0, version))])
    if not field.required:
        rows.append([button(texts, language, B.BOOKING_SKIP, Answer(field.key, -1, version))])
    rows.append([button(texts, language, B.STAFF_HOME, StaffHome())])
    return InlineKeyboardMarkup(rows)


async def ask(update: Update, context: DaibanContext, draft: DraftView,
              field: FormFieldView | None = None, before: str = "") -> str:
    """Ask `field` (by default the draft's next question); none left: the summary."""
    field = field or draft.next_question
    if field is None:
        return await summary(update, context, draft)
    context.user_data[FIELD], context.user_data[VERSION] = field.key, draft.version
    text = context.texts.render(T.BOOKING_QUESTION, language=context.language,
                                matter=draft.matter_name, field=field)
    await show(update, f"{before}\n\n{text}" if before else text,
               question_keyboard(context.texts, context.language, field, draft.version))
    return Step.ASK


async def ask_again(update: Update, context: DaibanContext, before: str) -> str:
    """The question on screen once more, after the reason it was refused."""
    draft = await context.cases.draft(context.user_data[DRAFT], actor=staff(context))
    matter = await context.cases.matter(draft.matter_code)
    return await ask(update, context, draft,
                     field_of(matter, context.user_data.get(FIELD, "")), before)


async def give(update: Update, context: DaibanContext, field: str, value: Any,
               version: int) -> str:
    """One answer to the case service: the next question, or this one again."""
    try:
        draft = await context.cases.answer(context.user_data[DRAFT], field, value, version,
                                           actor=staff(context),
                                           idempotency_key=context.idempotency_key("answer"))
    except (Invalid, Conflict) as error:  # refused, or an old button: ask what stands now
        return await ask_again(update, context, context.texts.render(
            template_for(error), language=context.language, **error.details))
    return await ask(update, context, draft)


async def answer_typed(update: Update, context: DaibanContext) -> str:
    """An agent types the villager's answer to the question on screen."""
    text = update.effective_message.text if update.effective_message else None
    return await give(update, context, context.user_data.get(FIELD, ""), text,
                      context.user_data.get(VERSION, 1))


async def answer_photo(update: Update, context: DaibanContext) -> str:
    """An agent sends a photo of the paper the question asks for."""
    photo = update.effective_message.photo if update.effective_message else ()
    return await give(update, context, context.user_data.get(FIELD, ""),
                      photo[-1].file_id if photo else None, context.user_data.get(VERSION, 1))


async def answer_tapped(update: Update, context: DaibanContext) -> str:
    """An agent taps the villager's choice, yes or no, or skips an optional question."""
    data = Answer.parse(callback_data(update))
    return await give(update, context, data.field, data.value, data.version)


async def summary(update: Update, context: DaibanContext, draft: DraftView) -> str:
    """Everything about to be booked for the villager, to book or change."""
    texts, language = context.texts, context.language
    matter = await context.cases.matter(draft.matter_code)
    markup = InlineKeyboardMarkup([
        [button(texts, language, B.WALK_IN_BOOK, Book(draft.id))],
        [button(texts, language, B.BOOKING_CHANGE, Change("")),
         button(texts, language, B.STAFF_HOME, StaffHome())]])
    await show(update, texts.render(
        T.WALK_IN_SUMMARY, language=language, name=context.user_data.get(NAME, ""),
        authorization=context.user_data.get(AUTHORIZATION) or {"kind": "", "note": ""},
        matter=matter.name, answers=answered(matter, draft),
        station_fields=station_only(matter, draft)), markup)
    return Step.SUMMARY


async def change(update: Update, context: DaibanContext) -> str:
    """An agent wants to change an answer: the list of answers, or the one picked."""
    key = Change.parse(callback_data(update)).field
    draft = await context.cases.draft(context.user_data[DRAFT], actor=staff(context))
    matter = await context.cases.matter(draft.matter_code)
    field = field_of(matter, key)
    if field is not None:
        return await ask(update, context, draft, field)
    texts, language = context.texts, context.language
    rows = [[InlineKeyboardButton(str(getattr(item.label, language)),
                                  callback_data=Change(item.key).pack())]
            for item in matter.form if item.key in draft.answers]
    rows.append([button(texts, language, B.STAFF_HOME, StaffHome())])
    await show(update, texts.render(T.BOOKING_CHANGE, language=language),
               InlineKeyboardMarkup(rows))
    return Step.SUMMARY


async def book(update: Update, context: DaibanContext) -> int:
    """An agent books: the one case, handed in at the counter, however often pressed."""
    data = Book.parse(callback_data(update))
    case = await context.cases.submit(data.draft, "drop_off", actor=staff(context),
                                      idempotency_key=context.idempotency_key("submit"))
    name = context.user_data.get(NAME, "")
    for key in KEYS:
        context.user_data.pop(key, None)
    texts, language = context.texts, context.language
    await show(update, texts.render(
        T.WALK_IN_DONE, language=language, case=case, name=name,
        due=case.service_clock.due),
        InlineKeyboardMarkup([[button(texts, language, B.WALK_IN_OPEN_CASE,
                                      OpenCard(case.id, ""))],
                              [button(texts, language, B.STAFF_HOME, StaffHome())]]))
    return ConversationHandler.END
