"""Onboarding on /start: language, the privacy notice, the phone, the town and village.

Nothing about the person is stored before they agree: the language they picked rides on
the notice's buttons, and registering is their consent. After that each step saves one
thing in the case service, and the step that follows is read off the resident the
service returns (no phone yet, no village yet), so /start resumes wherever they stopped
and /me reuses the phone and village steps. Diagram: onboarding.mmd.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from telegram import ReplyKeyboardRemove, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from backend_client.errors import Conflict, Invalid, NotFound
from handlers import common, keyboards
from handlers.callbacks import Expired, GoHome, Page
from handlers.context import DaibanContext
from handlers.resident import identity, places
from handlers.resident import onboarding_places as where
from handlers.resident import onboarding_screens as screens
from handlers.resident.onboarding_screens import (
    Agree,
    ChangePhone,
    ChangeVillage,
    ConfirmVillage,
    Decline,
    PickLanguage,
    PickTown,
    PickVillage,
)
from texts.names import T
from texts.render import Texts
from wire.residents import ResidentView

NOTICE_VERSION = "2026-11"
"""The privacy notice (resident/onboarding/notice.j2) the person agrees to."""
NAME_LIMIT = 50


class Step(StrEnum):
    LANGUAGE = "language"
    NOTICE = "notice"
    PHONE = "phone"
    PLACE = "place"


async def start(update: Update, context: DaibanContext) -> str | int:
    """A person opens the bot: a newcomer is asked their language, a villager resumes."""
    try:
        resident = await identity.current(context)
    except NotFound:
        user = update.effective_user
        await identity.send(update, context, context.texts.render(
            T.ONBOARDING_HELLO, language=context.language, name=user and user.first_name),
            screens.languages(context.texts))
        return Step.LANGUAGE
    return await _next(update, context, resident, finished=T.WELCOME_BACK)


async def _next(update: Update, context: DaibanContext, resident: ResidentView, *,
                finished: T = T.ONBOARDING_DONE) -> str | int:
    """The step the resident still lacks, as the case service shows them, or the menu."""
    if resident.phone_masked is None:
        return await _ask_phone(update, context)
    if resident.village_code is None:
        return await where.towns(update, context)
    language = context.language
    await identity.send(update, context, context.texts.render(
        finished, language=language, name=resident.name, phone=resident.phone_masked,
        village=await _village_name(context, resident.village_code)),
        keyboards.main_menu(context.texts, language))
    return ConversationHandler.END


async def pick_language(update: Update, context: DaibanContext) -> str:
    """A newcomer taps the language they read best; the notice follows in it."""
    choice = PickLanguage.parse(update.callback_query and update.callback_query.data)
    await update.callback_query.answer()  # type: ignore[union-attr]
    if choice.language not in context.texts.languages:
        raise Expired(choice.language)
    context.language = choice.language
    await identity.show(update, context,
                        context.texts.render(T.ONBOARDING_NOTICE, language=choice.language),
                        screens.notice(context.texts, choice.language))
    return Step.NOTICE


async def agree(update: Update, context: DaibanContext) -> str | int:
    """A newcomer agrees to the notice: they are registered, which is their consent."""
    choice = Agree.parse(update.callback_query and update.callback_query.data)
    await update.callback_query.answer()  # type: ignore[union-attr]
    context.language = choice.language if choice.language in context.texts.languages else "zh"
    try:
        resident = await context.cases.register_resident(
            context.messaging_id or 0, choice.language, NOTICE_VERSION,  # type: ignore[arg-type]
            actor=context.resident, idempotency_key=context.idempotency_key("register"))
        first_name = update.effective_user.first_name if update.effective_user else ""
        if first_name.strip():
            resident = await context.cases.update_resident(
                resident.id, name=first_name.strip()[:NAME_LIMIT], actor=context.resident,
                idempotency_key=context.idempotency_key("name"))
    except Conflict:  # registered already (another device, an old notice pressed again)
        resident = await context.cases.resident_by_messaging_id(
            context.messaging_id or 0, actor=context.resident)
    identity.remember(context, resident)
    await update.callback_query.edit_message_reply_markup(None)  # type: ignore[union-attr]
    return await _next(update, context, resident)


async def decline(update: Update, context: DaibanContext) -> int:
    """A newcomer does not agree: nothing is kept, and they may come back any time."""
    choice = Decline.parse(update.callback_query and update.callback_query.data)
    await update.callback_query.answer()  # type: ignore[union-attr]
    language = choice.language if choice.language in context.texts.languages else "zh"
    await identity.show(update, context,
                        context.texts.render(T.ONBOARDING_DECLINED, language=language))
    return ConversationHandler.END


async def _ask_phone(update: Update, context: DaibanContext, reason: str = "") -> str:
    await identity.send(update, context, context.texts.render(
        T.ONBOARDING_PHONE_ASK, language=context.language, reason=reason),
        screens.share_phone(context.texts, context.language))
    return Step.PHONE


async def change_phone(update: Update, context: DaibanContext) -> str:
    """A villager wants to give a new phone number (from /me)."""
    await update.callback_query.answer()  # type: ignore[union-attr]
    return await _ask_phone(update, context)


async def shared_contact(update: Update, context: DaibanContext) -> str | int:
    """A villager shares a contact: their own number is kept, anyone else's refused."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and message.contact is not None and user is not None
    if message.contact.user_id != user.id:
        return await _ask_phone(update, context, reason="foreign")
    try:
        resident = await context.cases.update_resident(
            await identity.resident_id(context), phone=message.contact.phone_number,
            actor=context.resident, idempotency_key=context.idempotency_key("phone"))
    except Invalid:
        return await _ask_phone(update, context, reason="invalid")
    await identity.send(update, context, context.texts.render(
        T.ONBOARDING_PHONE_SAVED, language=context.language, phone=resident.phone_masked),
        ReplyKeyboardRemove())
    return await _next(update, context, resident)


async def typed_instead_of_contact(update: Update, context: DaibanContext) -> str:
    """A villager typed while the phone was asked: the same question, with the why."""
    return await _ask_phone(update, context, reason="typed")


async def confirm_village(update: Update, context: DaibanContext) -> str | int:
    """A villager confirms their village: it is kept, and they are done."""
    picked = ConfirmVillage.parse(update.callback_query and update.callback_query.data)
    resident = await context.cases.update_resident(
        await identity.resident_id(context), village_code=picked.code,
        actor=context.resident, idempotency_key=context.idempotency_key("village"))
    await update.callback_query.answer()  # type: ignore[union-attr]
    await update.callback_query.edit_message_reply_markup(None)  # type: ignore[union-attr]
    return await _next(update, context, resident)


async def _village_name(context: DaibanContext, code: str) -> str:
    return places.place_name(await context.cases.office(code), context.language)


def _typed(texts: Texts) -> filters.BaseFilter:
    """Text that is neither a command nor a main-menu label (those belong to other flows)."""
    menu = [keyboards.label_filter(texts, name) for row in keyboards.MENU_ROWS for name in row]
    any_label = menu[0]
    for label in menu[1:]:
        any_label = any_label | label
    return filters.TEXT & ~filters.COMMAND & ~any_label


def build(texts: Texts) -> ConversationHandler[Any]:
    """The onboarding conversation; its state is saved with every update."""
    typed = _typed(texts)
    entry_points: list[BaseHandler[Any, Any, Any]] = [
        CommandHandler("start", start),
        CallbackQueryHandler(change_phone, pattern=ChangePhone.pattern()),
        CallbackQueryHandler(where.change_village, pattern=ChangeVillage.pattern()),
    ]
    return ConversationHandler(
        entry_points=entry_points,
        states={
            Step.LANGUAGE: [CallbackQueryHandler(pick_language, pattern=PickLanguage.pattern())],
            Step.NOTICE: [CallbackQueryHandler(agree, pattern=Agree.pattern()),
                          CallbackQueryHandler(decline, pattern=Decline.pattern())],
            Step.PHONE: [MessageHandler(filters.CONTACT, shared_contact),
                         MessageHandler(typed, typed_instead_of_contact)],
            Step.PLACE: [CallbackQueryHandler(where.turn_page,
                                              pattern=Page.pattern_for(screens.PLACES)),
                         CallbackQueryHandler(where.pick_town, pattern=PickTown.pattern()),
                         CallbackQueryHandler(where.pick_village, pattern=PickVillage.pattern()),
                         CallbackQueryHandler(confirm_village,
                                              pattern=ConfirmVillage.pattern()),
                         MessageHandler(typed, where.typed_place)],
        },
        fallbacks=[CallbackQueryHandler(common.home, pattern=GoHome.pattern()),
                   CommandHandler("cancel", common.cancel)],
        allow_reentry=True, persistent=True, name="onboarding",
    )

