"""/me and settings: what the bot knows about the villager, and changing it.

The phone and the village are changed by onboarding's own steps (its entry buttons
`ChangePhone` and `ChangeVillage`); the name is typed here, in a small conversation
(diagram: profile.mmd). Settings holds the language and the non-urgent notices.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from backend_client.errors import Invalid
from handlers import common, keyboards
from handlers.callbacks import Expired, GoHome
from handlers.context import LANGUAGE, DaibanContext
from handlers.resident import identity, places, privacy
from handlers.resident import profile_screens as screens
from handlers.resident.profile_screens import ChangeName, Open, SetLanguage, SetNotice
from texts.names import B, T
from texts.render import Texts


class Step(StrEnum):
    NAME = "name"


async def show_profile(update: Update, context: DaibanContext, saved: bool = False) -> None:
    """A villager wants to see what the bot knows about them (/me)."""
    resident = await identity.current(context)
    village = (places.place_name(await context.cases.office(resident.village_code),
                                 context.language) if resident.village_code else None)
    await identity.show(update, context, context.texts.render(
        T.PROFILE, language=context.language, saved=saved, name=resident.name,
        phone=resident.phone_masked, village=village, speaks=resident.language),
        screens.profile(context.texts, context.language))


async def show_settings(update: Update, context: DaibanContext) -> None:
    """A villager opens settings: language and the notices they want."""
    resident = await identity.current(context)
    await identity.show(update, context, context.texts.render(
        T.SETTINGS, language=context.language, speaks=resident.language),
        screens.settings(context.texts, context.language, resident.notice_prefs))


async def show_languages(update: Update, context: DaibanContext) -> None:
    """A villager wants to read the bot in another language."""
    await identity.show(update, context,
                        context.texts.render(T.LANGUAGE_CHOOSE, language=context.language),
                        screens.languages(context.texts, context.language))


async def ask_station(update: Update, context: DaibanContext) -> None:
    """A villager has a question: until consultations exist, their station's contact."""
    resident = await identity.current(context)
    office = (await context.cases.office(resident.village_code)
              if resident.village_code else None)
    shown = office and {"name": places.place_name(office, context.language),
                        "phone": office.phone, "opening_hours": office.opening_hours,
                        "address": office.address}
    await identity.send(update, context,
                        context.texts.render(T.ASK_STATION, language=context.language,
                                             office=shown))


SCREENS = {"profile": show_profile, "settings": show_settings,
           "languages": show_languages, "privacy": privacy.show_privacy}


async def open_screen(update: Update, context: DaibanContext) -> None:
    """A villager taps a settings button (or Back) to open another of these screens."""
    opened = Open.parse(update.callback_query and update.callback_query.data)
    if opened.screen not in SCREENS:
        raise Expired(opened.screen)
    await update.callback_query.answer()  # type: ignore[union-attr]
    await SCREENS[opened.screen](update, context)


async def set_language(update: Update, context: DaibanContext) -> None:
    """A villager picks a language: the service and the bot both keep it."""
    choice = SetLanguage.parse(update.callback_query and update.callback_query.data)
    if choice.language not in context.texts.languages:
        raise Expired(choice.language)
    await context.cases.update_resident(
        await identity.resident_id(context), language=choice.language,  # type: ignore[arg-type]
        actor=context.resident, idempotency_key=context.idempotency_key("language"))
    if context.user_data is not None:
        context.user_data[LANGUAGE] = choice.language
    context.language = choice.language
    await update.callback_query.answer()  # type: ignore[union-attr]
    await update.callback_query.delete_message()  # type: ignore[union-attr]
    await identity.send(update, context,
                        context.texts.render(T.LANGUAGE_CHOSEN, language=choice.language),
                        keyboards.main_menu(context.texts, choice.language))


async def set_notice(update: Update, context: DaibanContext) -> None:
    """A villager turns district news or reminders on or off."""
    choice = SetNotice.parse(update.callback_query and update.callback_query.data)
    resident = await context.cases.update_resident(
        await identity.resident_id(context), notice_prefs={choice.kind: bool(choice.on)},  # type: ignore[dict-item]
        actor=context.resident, idempotency_key=context.idempotency_key("notices"))
    await update.callback_query.answer()  # type: ignore[union-attr]
    await update.callback_query.edit_message_reply_markup(  # type: ignore[union-attr]
        screens.settings(context.texts, context.language, resident.notice_prefs))


async def ask_name(update: Update, context: DaibanContext, reason: str = "") -> str:
    """A villager wants to be called by another name: ask for it."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    await identity.send(update, context, context.texts.render(
        T.PROFILE_NAME_ASK, language=context.language, reason=reason))
    return Step.NAME


async def typed_name(update: Update, context: DaibanContext) -> str | int:
    """A villager types their name: kept, or asked again with the reason."""
    typed = (update.effective_message and update.effective_message.text) or ""
    try:
        await context.cases.update_resident(
            await identity.resident_id(context), name=typed.strip(), actor=context.resident,
            idempotency_key=context.idempotency_key("name"))
    except Invalid:
        return await ask_name(update, context, reason="invalid")
    await show_profile(update, context, saved=True)
    return ConversationHandler.END


def build(texts: Texts) -> ConversationHandler[Any]:
    """The change-name conversation, saved with every update."""
    return ConversationHandler(
        entry_points=[CallbackQueryHandler(ask_name, pattern=ChangeName.pattern())],
        states={Step.NAME: [MessageHandler(filters.TEXT & ~filters.COMMAND, typed_name)]},
        fallbacks=[CallbackQueryHandler(common.home, pattern=GoHome.pattern()),
                   CommandHandler("cancel", common.cancel)],
        allow_reentry=True, persistent=True, name="profile",
    )


def handlers(texts: Texts) -> list[BaseHandler[Any, Any, Any]]:
    """/me, /privacy, the settings and ask-a-question menu buttons, and their screens."""
    return [
        CommandHandler("me", show_profile),
        CommandHandler("privacy", privacy.show_privacy),
        MessageHandler(keyboards.label_filter(texts, B.MENU_SETTINGS), show_settings),
        MessageHandler(keyboards.label_filter(texts, B.MENU_ASK), ask_station),
        CallbackQueryHandler(open_screen, pattern=Open.pattern()),
        CallbackQueryHandler(set_language, pattern=SetLanguage.pattern()),
        CallbackQueryHandler(set_notice, pattern=SetNotice.pattern()),
        *privacy.handlers(),
    ]
