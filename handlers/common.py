"""Greeting, help and language: what every user can do before anything else."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers.callbacks import ChooseLanguage, Expired
from handlers.context import LANGUAGE, DaibanContext
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
    await query.answer()
    await query.edit_message_text(
        context.texts.render(T.LANGUAGE_CHOSEN, language=context.language))


async def expired_button(update: Update, context: DaibanContext) -> None:
    """A user taps a button from an old screen that no flow handles any more."""
    raise Expired(update.callback_query.data if update.callback_query else None)
