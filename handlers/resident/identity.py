"""Who the villager is to the case service, as the bot remembers it between updates.

The bot keeps only the resident's id and their language in `user_data` (small flow
state); everything else is asked of the case service when a screen needs it.
"""

from __future__ import annotations

from telegram import (
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)

from handlers.context import LANGUAGE, DaibanContext
from wire.residents import ResidentView

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove

RESIDENT_ID = "resident_id"
"""The user_data key of the person's resident id in the case service."""


def remember(context: DaibanContext, resident: ResidentView) -> None:
    """Keep the resident's id and speak their language from this update on."""
    if context.user_data is not None:
        context.user_data[RESIDENT_ID] = resident.id
        context.user_data[LANGUAGE] = resident.language
    context.language = resident.language


async def current(context: DaibanContext) -> ResidentView:
    """The person in this update as the case service knows them (NotFound if not)."""
    resident = await context.cases.resident_by_messaging_id(
        context.messaging_id or 0, actor=context.resident)
    remember(context, resident)
    return resident


async def resident_id(context: DaibanContext) -> str:
    """The person's resident id, from user_data or else from the case service."""
    known = (context.user_data or {}).get(RESIDENT_ID)
    return str(known) if known else (await current(context)).id


async def send(update: Update, context: DaibanContext, text: str,
               markup: Markup | None = None) -> Message:
    """A new message in the update's chat (after a button press as after a message)."""
    assert update.effective_chat is not None
    return await context.bot.send_message(update.effective_chat.id, text,
                                          reply_markup=markup)


async def show(update: Update, context: DaibanContext, text: str,
               markup: Markup | None = None) -> None:
    """The screen in place of the pressed one (answer the press first), or a new
    message after a typed one."""
    query = update.callback_query
    if query is None:
        await send(update, context, text, markup)
        return
    await query.edit_message_text(text, reply_markup=markup)  # type: ignore[arg-type]
