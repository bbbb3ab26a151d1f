"""Team management for supervisors and admins: /team → the offices they manage → one
office's active staff → a member → [Retire] → a confirmation → done, then their cases
to hand over (team_reassign.py); [Invite a colleague] is team_invite.py. Admins and the
centers' supervisors also reach the offices below theirs.

Plain callback handlers, not a conversation (see team.mmd): every screen is rebuilt
from its button's data and the case service, so an old screen still works. The bot
decides no right: whether this person may retire that one, or invite for that post at
that office, is the case service's answer, and its refusal (`staff.not_allowed`,
`staff.cannot_retire_self`, ...) is shown by handlers/errors.py. /team lists only the
memberships of a supervisor or admin, as a menu; a forged press is refused all the same.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers.callbacks import Page
from handlers.context import DaibanContext
from handlers.keyboards import nav_row, paged
from handlers.staff import team_invite, team_reassign
from handlers.staff.team_views import (
    FORMER,
    LIST_TAG,
    MANAGING_ROLES,
    AskRetire,
    AskRole,
    DoRetire,
    HeldCases,
    TeamMember,
    TeamOffice,
    button,
    data_of,
    long,
    member,
    name_of,
    offices_by_code,
    short,
    show,
    staff,
)
from handlers.staff.team_views import below as offices_below
from texts.names import B, T

PER_PAGE = 8
"""Offices per page of a list (a district admin may reach every station)."""


async def show_team(update: Update, context: DaibanContext) -> None:
    """A supervisor or admin wants the offices whose staff they look after."""
    page = Page.parse(data_of(update)).page if update.callback_query else 0
    mine = [row for row in (await context.cases.my_memberships(actor=staff(context))).staff
            if row.role in MANAGING_ROLES]
    if len(mine) == 1 and update.callback_query is None:
        await show(update, *await office_screen(context, mine[0].office_code))
        return
    offices = offices_by_code(await context.cases.office_tree())
    texts, language = context.texts, context.language
    items = [(texts.button(B.TEAM_OFFICE, language=language,
                           name=name_of(offices[row.office_code])),
              TeamOffice(row.office_code).pack()) for row in mine]
    page = min(max(page, 0), max(0, (len(mine) - 1) // PER_PAGE))
    shown = [{"office": name_of(offices[row.office_code]), "role": row.role}
             for row in mine[page * PER_PAGE:(page + 1) * PER_PAGE]]
    await show(update, texts.render(T.TEAM_OFFICES, language=language, offices=shown,
                                    count=len(mine)),
               paged(texts, language, items, page, list_id=LIST_TAG, per_page=PER_PAGE))


async def show_office(update: Update, context: DaibanContext) -> None:
    """A manager wants to see who works at one office, and to change that."""
    data = TeamOffice.parse(data_of(update))
    await show(update, *await office_screen(context, data.office))


async def office_screen(context: DaibanContext, office: str
                        ) -> tuple[str, InlineKeyboardMarkup]:
    """One office's active staff as buttons, then invite, former staff's cases, below."""
    members = (await context.cases.office_staff(office, actor=staff(context))).staff
    tree = await context.cases.office_tree()
    texts, language = context.texts, context.language
    people = [button(texts, language, B.TEAM_MEMBER, TeamMember(office, short(row.id)),
                     name=row.name, role=row.role) for row in members]
    rows = [people[i:i + 2] for i in range(0, len(people), 2)]
    rows.append([button(texts, language, B.TEAM_INVITE, AskRole(office)),
                 button(texts, language, B.TEAM_FORMER, HeldCases(office, FORMER, 0))])
    if offices_below(tree, office):
        rows.append([button(texts, language, B.TEAM_BELOW, Page(LIST_TAG + office, 0))])
    rows.append(nav_row(texts, language, back=Page(LIST_TAG, 0).pack()))
    text = texts.render(T.TEAM_OFFICE, language=language,
                        office=name_of(offices_by_code(tree)[office]), staff=members)
    return text, InlineKeyboardMarkup(rows)


async def turn_page(update: Update, context: DaibanContext) -> None:
    """A manager pages through their offices, or through the offices below one."""
    data = Page.parse(data_of(update))
    if data.list_id == LIST_TAG:
        await show_team(update, context)
        return
    office = data.list_id.removeprefix(LIST_TAG)
    tree = await context.cases.office_tree()
    offices = offices_below(tree, office)
    texts, language = context.texts, context.language
    items = [(texts.button(B.TEAM_OFFICE, language=language, name=name_of(row)),
              TeamOffice(row.code).pack()) for row in offices]
    await show(update, texts.render(T.TEAM_BELOW, language=language, count=len(offices),
                                    office=name_of(offices_by_code(tree)[office])),
               paged(texts, language, items, data.page, list_id=data.list_id,
                     per_page=PER_PAGE, back=TeamOffice(office).pack()))


async def show_member(update: Update, context: DaibanContext) -> None:
    """A manager wants to see one colleague: who they are, and retire or cover them."""
    data = TeamMember.parse(data_of(update))
    members = (await context.cases.office_staff(data.office, actor=staff(context))).staff
    person = member(members, long(data.staff_id))
    office = await context.cases.office(data.office)
    texts, language = context.texts, context.language
    markup = InlineKeyboardMarkup([
        [button(texts, language, B.TEAM_HELD, HeldCases(data.office, data.staff_id, 0))],
        [button(texts, language, B.TEAM_RETIRE, AskRetire(data.office, data.staff_id))],
        nav_row(texts, language, back=TeamOffice(data.office).pack())])
    await show(update, texts.render(T.TEAM_MEMBER, language=language, member=person,
                                    office=name_of(office)), markup)


async def ask_retire(update: Update, context: DaibanContext) -> None:
    """A manager means to retire someone and must say so once more."""
    data = AskRetire.parse(data_of(update))
    members = (await context.cases.office_staff(data.office, actor=staff(context))).staff
    person = member(members, long(data.staff_id))
    office = await context.cases.office(data.office)
    texts, language = context.texts, context.language
    markup = InlineKeyboardMarkup([
        [button(texts, language, B.TEAM_CONFIRM_RETIRE, DoRetire(data.staff_id)),
         button(texts, language, B.CASES_KEEP, TeamMember(data.office, data.staff_id))]])
    await show(update, texts.render(T.TEAM_RETIRE_CONFIRM, language=language,
                                    member=person, office=name_of(office)), markup)


async def do_retire(update: Update, context: DaibanContext) -> None:
    """A manager confirms: the colleague leaves, their cases wait to be handed over."""
    data = DoRetire.parse(data_of(update))
    person = await context.cases.retire_staff(long(data.staff_id), actor=staff(context),
                                              idempotency_key=context.idempotency_key("retire"))
    office = await context.cases.office(person.office_code)
    texts, language = context.texts, context.language
    markup = InlineKeyboardMarkup([
        [button(texts, language, B.TEAM_HELD,
                HeldCases(person.office_code, data.staff_id, 0))],
        [button(texts, language, B.TEAM_TEAM, TeamOffice(person.office_code))]])
    await show(update, texts.render(T.TEAM_RETIRED, language=language, member=person,
                                    office=name_of(office)), markup)


def build() -> list[BaseHandler[Update, DaibanContext, None]]:
    """The handlers of team management, for bot/routes.py."""
    return [
        CommandHandler("team", show_team),
        CallbackQueryHandler(turn_page, pattern=Page.pattern_for(LIST_TAG)),
        CallbackQueryHandler(show_office, pattern=TeamOffice.pattern()),
        CallbackQueryHandler(show_member, pattern=TeamMember.pattern()),
        CallbackQueryHandler(ask_retire, pattern=AskRetire.pattern()),
        CallbackQueryHandler(do_retire, pattern=DoRetire.pattern()),
        *team_invite.build(),
        *team_reassign.build(),
    ]
