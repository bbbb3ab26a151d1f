"""Greeting, help and language: what every user can do before anything else."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler

from handlers.callbacks import ChooseLanguage, Expired
from handlers.context import LANGUAGE, DaibanContext
from handlers.keyboards import main_menu
from handlers.resident.identity import RESIDENT_ID
from texts.names import B, T


async def start(update: Update, context: DaibanContext) -> None:
    """A user opens the bot and wants to know what it does for them."""
    if update.effective_message is None:
        return
    user = update.effective_user
    await update.effective_message.reply_text(context.texts.render(
        T.WELCOME, language=context.language, name=user.first_name if user else None))


async def show_help(update: Update, context: DaibanContext) -> None:
    """A user is unsure what to do next and asks for the commands."""
    if update.effective_message is None:
        return
    await update.effective_message.reply_text(
        context.texts.render(T.HELP, language=context.language))


async def ask_language(update: Update, context: DaibanContext) -> None:
    """A user wants the bot in another language."""
    if update.effective_message is None:
        return
    buttons = [InlineKeyboardButton(context.texts.button(label, language=context.language),
                                    callback_data=ChooseLanguage(code).pack())
               for code, label in (("zh", B.LANGUAGE_ZH), ("en", B.LANGUAGE_EN))]
    await update.effective_message.reply_text(
        context.texts.render(T.LANGUAGE_CHOOSE, language=context.language),
        reply_markup=InlineKeyboardMarkup([buttons]))


async def choose_language(update: Update, context: DaibanContext) -> None:
    """A user taps the language they read best."""
    query = update.callback_query
    if query is None:
        return
    choice = ChooseLanguage.parse(query.data)
    if choice.language not in context.texts.languages:
        raise Expired(query.data)
    if context.user_data is not None:
        context.user_data[LANGUAGE] = choice.language
    context.language = choice.language
    resident_id = (context.user_data or {}).get(RESIDENT_ID)
    if resident_id is not None:  # registered: the case service speaks it to them too
        await context.cases.update_resident(resident_id, actor=context.resident,
                                            language=choice.language,  # type: ignore[arg-type]
                                            idempotency_key=context.idempotency_key())
    await query.answer()
    await query.edit_message_text(
        context.texts.render(T.LANGUAGE_CHOSEN, language=context.language))


async def expired_button(update: Update, context: DaibanContext) -> None:
    """A user taps a button from an old screen that no flow handles any more."""
    raise Expired(update.callback_query.data if update.callback_query else None)


async def home(update: Update, context: DaibanContext) -> int:
    """A user wants the main menu, from wherever they are (ends any flow)."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    if update.effective_chat is not None:
        await context.bot.send_message(
            update.effective_chat.id, context.texts.render(T.MENU, language=context.language),
            reply_markup=main_menu(context.texts, context.language))
    return ConversationHandler.END


async def cancel(update: Update, context: DaibanContext) -> int:
    """A user wants to stop what they started; nothing half-done is submitted."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    if update.effective_chat is not None:
        await context.bot.send_message(
            update.effective_chat.id,
            context.texts.render(T.CANCELLED, language=context.language),
            reply_markup=main_menu(context.texts, context.language))
    return ConversationHandler.END


async def not_understood(update: Update, context: DaibanContext) -> None:
    """A user sent something no flow handles (a sticker, a voice note, a stray word)."""
    message = update.effective_message
    if message is None:
        return
    kind = "voice" if message.voice or message.audio else "text" if message.text else "other"
    await message.reply_text(
        context.texts.render(T.NOT_UNDERSTOOD, language=context.language, kind=kind),
        reply_markup=main_menu(context.texts, context.language))
