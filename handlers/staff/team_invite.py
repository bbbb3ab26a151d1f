"""Inviting a colleague: [Invite a colleague] on an office's team → a post → the one-time
code, the `/start CODE` line and the bot's deep link, and when it stops working.

Every post is offered at every office: which posts exist at which kind of office, and
which of them this manager may hand out, are the case service's to say
(`staff.role_not_at_office`, `staff.not_allowed`), and its refusal is shown as it is.
The code is shown once and never stored by the bot: the case service keeps only its hash.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from handlers.context import DaibanContext
from handlers.keyboards import nav_row
from handlers.staff.team_views import (
    DISTRICT_ZONE,
    ROLES,
    AskRole,
    DoInvite,
    TeamOffice,
    button,
    data_of,
    name_of,
    show,
    staff,
)
from texts.names import B, T


async def ask_role(update: Update, context: DaibanContext) -> None:
    """A manager wants a new colleague at an office and picks their post."""
    data = AskRole.parse(data_of(update))
    office = await context.cases.office(data.office)
    texts, language = context.texts, context.language
    roles = [button(texts, language, B.TEAM_ROLE, DoInvite(data.office, role), code=role)
             for role in ROLES]
    rows = [roles[i:i + 2] for i in range(0, len(roles), 2)]
    rows.append(nav_row(texts, language, back=TeamOffice(data.office).pack()))
    await show(update, texts.render(T.TEAM_ROLE_ASK, language=language,
                                    office=name_of(office)), InlineKeyboardMarkup(rows))


async def do_invite(update: Update, context: DaibanContext) -> None:
    """A manager has chosen the post and wants a code to pass on to the new colleague."""
    data = DoInvite.parse(data_of(update))
    invite = await context.cases.create_invite(
        data.office, data.role, actor=staff(context),
        idempotency_key=context.idempotency_key("invite"))
    office = await context.cases.office(invite.office_code)
    texts, language = context.texts, context.language
    markup = InlineKeyboardMarkup([
        [button(texts, language, B.TEAM_TEAM, TeamOffice(invite.office_code))]])
    await show(update, texts.render(
        T.TEAM_INVITE, language=language, code=invite.code, role=invite.role,
        link=deep_link(context.bot.username, invite.code), office=name_of(office),
        expires_at=invite.expires_at.astimezone(DISTRICT_ZONE)), markup)


def deep_link(bot_username: str, code: str) -> str:
    """The link that opens the bot and sends `/start CODE` for the person who taps it."""
    return f"https://t.me/{bot_username}?start={code}"


def build() -> list[BaseHandler[Update, DaibanContext, None]]:
    return [CallbackQueryHandler(ask_role, pattern=AskRole.pattern()),
            CallbackQueryHandler(do_invite, pattern=DoInvite.pattern())]
