"""Family followers: a villager shares a case with a family member by a one-time link, sees
who follows it and stops anyone; whoever opens the link follows the case (see family.mmd).

[Share with family] (my cases' detail, the receipt notice) → a message to forward (the
deep link, `/start f-...`, until when it works) and, below it, who follows the case with
[✖ name] each → a confirmation → they get no more news. The family member's
`/start f-...` follows the case; the notifier (bot/notices.py) then sends them each notice
the villager gets, without the villager's personal data.

Plain callback handlers, rebuilt from their button's data and the case service, so an
old screen still works. Who may share, follow or remove is the case service's to say:
its refusals (follow.used, follow.expired, follow.own_case, ...) reach handlers/errors.py.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from handlers.context import DaibanContext
from handlers.keyboards import nav_row
from handlers.resident.cases import OpenCase, district_zone
from handlers.resident.family_views import (
    AskRemove,
    DoRemove,
    FamilyOf,
    ShareCase,
    long,
    short,
)
from texts.names import B, T
from wire.cases import CaseView

FOLLOW = re.compile(r"^/start(?:@\w+)?[ \t]+f-\S{1,62}[ \t]*$")
"""/start with a follow code (a deep link's payload starts "f-"). Registered before the
staff invite (/start with any code) and the villager's onboarding (a bare /start)."""


async def share(update: Update, context: DaibanContext) -> None:
    """A villager wants a family member to get the news of this case too."""
    data = ShareCase.parse(_data(update))
    link = await context.cases.share_case(data.case_id, actor=context.resident,
                                          idempotency_key=context.idempotency_key("share"))
    case = await context.cases.case(link.case_id, actor=context.resident)
    if update.callback_query is not None:
        await update.callback_query.answer()
    message = update.effective_message
    if message is None:
        return
    await message.reply_text(context.texts.render(
        T.FAMILY_LINK, language=context.language, case=case, code=link.code,
        link=f"https://t.me/{context.bot.username}?start={link.code}",
        expires_at=link.expires_at.astimezone(district_zone(case))))
    text, markup = await family_screen(context, case, shared=True)
    await message.reply_text(text, reply_markup=markup)


async def show_family(update: Update, context: DaibanContext) -> None:
    """A villager wants to see who follows their case."""
    data = FamilyOf.parse(_data(update))
    case = await context.cases.case(data.case_id, actor=context.resident)
    await _edit(update, *await family_screen(context, case))


async def ask_remove(update: Update, context: DaibanContext) -> None:
    """A villager wants one family member to stop getting the news, and says so once more."""
    data = AskRemove.parse(_data(update))
    case_id, follower_id = long(data.case), long(data.follower)
    case = await context.cases.case(case_id, actor=context.resident)
    followers = (await context.cases.followers(case_id, actor=context.resident)).followers
    follower = next((row for row in followers if row.id == follower_id), None)
    if follower is None:  # removed meanwhile: the list as it is now
        await _edit(update, *await family_screen(context, case))
        return
    texts, language = context.texts, context.language
    markup = InlineKeyboardMarkup([
        [_button(context, B.FAMILY_CONFIRM_REMOVE, DoRemove(follower.id).pack())],
        [_button(context, B.CASES_KEEP, FamilyOf(case.id).pack())]])
    await _edit(update, texts.render(T.FAMILY_REMOVE_CONFIRM, language=language, case=case,
                                     name=follower.name or ""), markup)


async def do_remove(update: Update, context: DaibanContext) -> None:
    """A villager confirms: that family member gets no more news of the case."""
    data = DoRemove.parse(_data(update))
    removed = await context.cases.remove_follower(
        data.follower_id, actor=context.resident,
        idempotency_key=context.idempotency_key("unfollow"))
    await _edit(update, context.texts.render(T.FAMILY_REMOVED, language=context.language,
                                             name=removed.name or ""),
                InlineKeyboardMarkup([nav_row(context.texts, context.language,
                                              back=FamilyOf(removed.case_id).pack())]))


async def follow(update: Update, context: DaibanContext) -> None:
    """A family member opened a follow link and wants the news of that case."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or not context.args:
        return
    follower = await context.cases.follow_case(
        context.args[0], user.id, user.first_name or str(user.id),
        context.language,  # type: ignore[arg-type]
        idempotency_key=context.idempotency_key("follow"))
    matter = None
    if follower.matter_code:
        matter = (await context.cases.matter(follower.matter_code)).name
    await message.reply_text(context.texts.render(
        T.FAMILY_FOLLOWING, language=context.language, number=follower.case_number or "",
        matter=matter))


async def family_screen(context: DaibanContext, case: CaseView, *, shared: bool = False
                        ) -> tuple[str, InlineKeyboardMarkup]:
    """Who follows the case, [✖ name] each, then a new link (or, below a link just
    made, [Family following] to see who has opened it since), Back to the case, Home."""
    followers = (await context.cases.followers(case.id, actor=context.resident)).followers
    texts, language = context.texts, context.language
    rows = [[InlineKeyboardButton(
        texts.button(B.FAMILY_REMOVE, language=language, name=row.name or ""),
        callback_data=AskRemove(short(case.id), short(row.id)).pack())] for row in followers]
    more = (B.FAMILY_LIST, FamilyOf(case.id)) if shared else (B.FAMILY_NEW_LINK,
                                                              ShareCase(case.id))
    rows.append([_button(context, more[0], more[1].pack())])
    rows.append(nav_row(texts, language, back=OpenCase(case.id).pack()))
    text = texts.render(T.FAMILY_FOLLOWERS, language=language, case=case, shared=shared,
                        followers=[row.name or "" for row in followers])
    return text, InlineKeyboardMarkup(rows)


def _button(context: DaibanContext, label: B, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(context.texts.button(label, language=context.language),
                                callback_data=data)


def _data(update: Update) -> str | None:
    return update.callback_query.data if update.callback_query else None


async def _edit(update: Update, text: str, markup: InlineKeyboardMarkup) -> None:
    """Edit the screen a button was pressed on."""
    if update.callback_query is not None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_text(text, reply_markup=markup)


def follow_handler() -> BaseHandler[Any, Any, Any]:
    """/start f-CODE; for bot/routes.py, before the staff invite and the onboarding."""
    return CommandHandler("start", follow, filters=filters.Regex(FOLLOW), has_args=1)


def build() -> list[BaseHandler[Update, DaibanContext, None]]:
    """The villager's family buttons, for bot/routes.py."""
    return [CallbackQueryHandler(share, pattern=ShareCase.pattern()),
            CallbackQueryHandler(show_family, pattern=FamilyOf.pattern()),
            CallbackQueryHandler(ask_remove, pattern=AskRemove.pattern()),
            CallbackQueryHandler(do_remove, pattern=DoRemove.pattern())]

