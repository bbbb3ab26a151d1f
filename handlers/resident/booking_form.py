"""The booking's questions: the ID number (after its own consent), then the matter's form
one field at a time, each answer checked by the case service and asked again if refused."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update

from backend_client.errors import Conflict, Invalid
from handlers.context import DaibanContext
from handlers.errors import template_for
from handlers.keyboards import nav_row
from handlers.resident import _booking_views as views
from handlers.resident.booking_slots import show_summary, show_ways
from handlers.resident.booking_states import (
    DRAFT,
    FIELD,
    HOW,
    VERSION,
    Answer,
    Change,
    Consent,
    Step,
)
from texts.names import B, T
from wire.catalog import FormFieldView
from wire.drafts import DraftView


def refusal(context: DaibanContext, error: Invalid) -> str:
    """Why an answer was refused, in the words of `errors/<code>` with its details."""
    return context.texts.render(template_for(error), language=context.language,
                                **error.details)


async def ask(update: Update, context: DaibanContext, draft: DraftView,
              field: FormFieldView | None = None, before: str = "", *, new: bool = False
              ) -> Step:
    """Ask `field` (by default the draft's next question); with none left, go on to the
    summary if the way is chosen, else to choosing it."""
    field = field or draft.next_question
    if field is None:
        if context.user_data.get(HOW):
            return await show_summary(update, context, draft)
        return await show_ways(update, context, draft)
    context.user_data[FIELD], context.user_data[VERSION] = field.key, draft.version
    text = context.texts.render(T.BOOKING_QUESTION, language=context.language,
                                matter=draft.matter_name, field=field)
    await views.show(update, f"{before}\n\n{text}" if before else text,
                     views.question_keyboard(context.texts, context.language, field,
                                             draft.version), new=new)
    return Step.ASK


async def ask_again(update: Update, context: DaibanContext, before: str) -> Step:
    """The question on screen once more, after the reason it was refused."""
    draft = await context.cases.draft(context.user_data[DRAFT], actor=context.resident)
    matter = await context.cases.matter(draft.matter_code)
    return await ask(update, context, draft,
                     views.field_of(matter, context.user_data.get(FIELD, "")), before)


async def give(update: Update, context: DaibanContext, field: str, value: Any,
               version: int) -> Step:
    """One answer to the case service: the next question, or this one again."""
    try:
        draft = await context.cases.answer(context.user_data[DRAFT], field, value, version,
                                           actor=context.resident,
                                           idempotency_key=context.idempotency_key("answer"))
    except Invalid as error:
        return await ask_again(update, context, refusal(context, error))
    except Conflict as error:  # an old button, or a second phone: ask what stands now
        return await ask_again(update, context, context.texts.render(
            template_for(error), language=context.language))
    return await ask(update, context, draft)


async def answer_typed(update: Update, context: DaibanContext) -> Step:
    """A villager types the answer to the question on screen."""
    text = update.effective_message.text if update.effective_message else None
    return await give(update, context, context.user_data.get(FIELD, ""), text,
                      context.user_data.get(VERSION, 1))


async def answer_photo(update: Update, context: DaibanContext) -> Step:
    """A villager sends a photo of a paper the question asks for (kept by its file id)."""
    photo = update.effective_message.photo if update.effective_message else ()
    return await give(update, context, context.user_data.get(FIELD, ""),
                      photo[-1].file_id if photo else None, context.user_data.get(VERSION, 1))


async def answer_tapped(update: Update, context: DaibanContext) -> Step:
    """A villager taps a choice, yes or no, or skips an optional question."""
    data = Answer.parse(update.callback_query.data if update.callback_query else None)
    return await give(update, context, data.field, data.value, data.version)


async def consent(update: Update, context: DaibanContext) -> Step:
    """A villager agrees to give their ID number here, or will bring it to the station."""
    data = Consent.parse(update.callback_query.data if update.callback_query else None)
    if not data.agree:
        draft = await context.cases.draft(context.user_data[DRAFT], actor=context.resident)
        return await ask(update, context, draft, before=context.texts.render(
            T.BOOKING_ID_SKIPPED, language=context.language))
    resident = await context.cases.resident_by_messaging_id(
        context.messaging_id or 0, actor=context.resident)
    privacy = await context.cases.privacy(resident.id, actor=context.resident)
    await context.cases.record_consent(resident.id, "sensitive", privacy.current_notice_version,
                                       actor=context.resident,
                                       idempotency_key=context.idempotency_key("consent"))
    return await ask_id_number(update, context)


async def ask_id_number(update: Update, context: DaibanContext, before: str = "", *,
                        new: bool = False) -> Step:
    text = context.texts.render(T.BOOKING_ID_ASK, language=context.language)
    skip = views.button(context.texts.button(B.BOOKING_ID_LATER, language=context.language),
                        Consent(0).pack())
    await views.show(update, f"{before}\n\n{text}" if before else text,
                     InlineKeyboardMarkup([[skip], nav_row(context.texts, context.language)]),
                     new=new)
    return Step.ID_NUMBER


async def id_number(update: Update, context: DaibanContext) -> Step:
    """A villager types their ID number; it leaves the chat at once and is kept masked."""
    message = update.effective_message
    assert message is not None
    typed = message.text or ""
    await message.delete()
    resident = await context.cases.resident_by_messaging_id(
        context.messaging_id or 0, actor=context.resident)
    try:
        resident = await context.cases.update_resident(
            resident.id, actor=context.resident, id_number=typed,
            idempotency_key=context.idempotency_key("id_number"))
    except Invalid as error:
        return await ask_id_number(update, context, refusal(context, error))
    draft = await context.cases.draft(context.user_data[DRAFT], actor=context.resident)
    return await ask(update, context, draft, before=context.texts.render(
        T.BOOKING_ID_SAVED, language=context.language, masked=resident.id_number_masked))


async def change(update: Update, context: DaibanContext) -> Step:
    """A villager wants to change an answer: the list of answers, or the one picked."""
    data = Change.parse(update.callback_query.data if update.callback_query else None)
    draft = await context.cases.draft(context.user_data[DRAFT], actor=context.resident)
    matter = await context.cases.matter(draft.matter_code)
    field = views.field_of(matter, data.field)
    if field is not None:
        return await ask(update, context, draft, field)
    await views.show(update, context.texts.render(T.BOOKING_CHANGE, language=context.language),
                     views.change_keyboard(context.texts, context.language, matter, draft))
    return Step.SUMMARY
