"""Becoming staff and switching menus: /start CODE from an invite, /work, and back to the
villager menu.

One person may be a villager and staff at once. The menu they last chose is kept in
user_data only so the screens can follow it; every call to the case service says itself
whom it acts as (`As.staff` here, `As.resident` in the villager's flows).
"""

from __future__ import annotations

import re
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

from handlers.context import DaibanContext
from handlers.keyboards import label_filter, main_menu
from handlers.staff._views import MODE, StaffHome, staff, staff_menu
from texts.names import B, T
from texts.render import Texts

INVITE = re.compile(r"^/start(?:@\w+)?[ \t]+\S{1,64}[ \t]*$")
"""/start with one argument of 1-64 characters: an invite's code (a deep link's
payload). Anything else after /start is left to the villager's onboarding."""
SHOWN = 5
"""How many memberships the work desk names (a demo agent works at every station)."""


async def join(update: Update, context: DaibanContext) -> None:
    """Someone opens an invite link and becomes staff of the office that invited them."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or not context.args:
        return
    member = await context.cases.join_staff(
        context.args[0], user.id, user.full_name or str(user.id),
        context.language,  # type: ignore[arg-type]
        idempotency_key=context.idempotency_key("join"))
    office = await context.cases.office(member.office_code)
    if context.user_data is not None:
        context.user_data[MODE] = "staff"
    await message.reply_text(
        context.texts.render(T.STAFF_JOINED, language=context.language, role=member.role,
                             office={"zh": office.name_zh, "en": office.name_en}),
        reply_markup=staff_menu(context.texts, context.language))


async def work(update: Update, context: DaibanContext) -> int:
    """A staff member wants their work desk (or learns, kindly, that they have none)."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    memberships = (await context.cases.my_memberships(actor=staff(context))).staff
    shown = []
    for member in memberships[:SHOWN]:
        office = await context.cases.office(member.office_code)
        shown.append({"office": {"zh": office.name_zh, "en": office.name_en},
                      "role": member.role})
    if context.user_data is not None and shown:
        context.user_data[MODE] = "staff"
    keyboard = (staff_menu if shown else main_menu)(context.texts, context.language)
    if update.effective_chat is not None:
        await context.bot.send_message(
            update.effective_chat.id,
            context.texts.render(T.STAFF_MENU, language=context.language, memberships=shown,
                                 more=len(memberships) - len(shown)),
            reply_markup=keyboard)
    return ConversationHandler.END  # a way out of the follow-ups too


async def villager_menu(update: Update, context: DaibanContext) -> int:
    """A staff member wants to do their own family's business, as a villager."""
    if context.user_data is not None:
        context.user_data[MODE] = "resident"
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            context.texts.render(T.MENU, language=context.language),
            reply_markup=main_menu(context.texts, context.language))
    return ConversationHandler.END


def handlers(texts: Texts) -> list[BaseHandler[Any, Any, Any]]:
    """/work, [Work desk] and [Villager menu] (the invite is `invite_handler`); they are
    the staff follow-ups' ways out too."""
    return [CommandHandler("work", work),
            CallbackQueryHandler(work, pattern=StaffHome.pattern()),
            MessageHandler(label_filter(texts, B.STAFF_VILLAGER), villager_menu)]


def invite_handler() -> BaseHandler[Any, Any, Any]:
    """/start CODE; registered before the villager's onboarding, which takes /start."""
    return CommandHandler("start", join, filters=filters.Regex(INVITE), has_args=1)
