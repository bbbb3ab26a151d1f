"""Handing cases over: the open cases a member holds (or people no longer at the office
hold) → one case → a colleague at work → the case is theirs.

A retired or absent holder's cases stay in their name until someone hands them over;
a supervisor or admin of the case's office, or of the office above, may (the case
service decides, case by case). The list is the office's queue filtered here by holder,
because the queue filters by holder only for the caller's own cases. The handover is
made at the case version the choice was shown with: if the case moved on meanwhile,
the service refuses (`case.moved_on`); a colleague who cannot work the case's step is
refused too (`case.bad_assignee`).
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from handlers.context import DaibanContext
from handlers.keyboards import nav_row
from handlers.staff.team_views import (
    FORMER,
    HELD_BACK,
    DoReassign,
    HeldCases,
    PickAssignee,
    TeamMember,
    TeamOffice,
    button,
    data_of,
    long,
    name_of,
    open_cases,
    short,
    show,
    staff,
)
from texts.names import B, T
from wire.cases import CaseView
from wire.staff import StaffView

PER_PAGE = 8


def held_by(cases: list[CaseView], members: list[StaffView], holder: str) -> list[CaseView]:
    """The cases one member holds, or (FORMER) those whose holder is no longer active."""
    if holder == FORMER:
        active = {row.id for row in members}
        return [case for case in cases if case.holder_id not in active]
    return [case for case in cases if case.holder_id == holder]


async def show_held(update: Update, context: DaibanContext) -> None:
    """A manager wants to see the unfinished cases someone holds, to hand them over."""
    data = HeldCases.parse(data_of(update))
    holder = data.holder if data.holder == FORMER else long(data.holder)
    members = (await context.cases.office_staff(data.office, actor=staff(context))).staff
    cases = held_by(await open_cases(context, data.office), members, holder)
    office = await context.cases.office(data.office)
    name = next((row.name for row in members if row.id == holder), None)
    page = min(max(data.page, 0), max(0, (len(cases) - 1) // PER_PAGE))
    shown = cases[page * PER_PAGE:(page + 1) * PER_PAGE]
    texts, language = context.texts, context.language
    rows = [[button(texts, language, B.TEAM_CASE, PickAssignee(short(case.id), data.holder),
                    number=case.number)] for case in shown]
    turn = [button(texts, language, label, HeldCases(data.office, data.holder, to))
            for label, to in ((B.PREVIOUS_PAGE, page - 1), (B.NEXT_PAGE, page + 1))
            if to >= 0 and to * PER_PAGE < len(cases)]
    rows += [turn] if turn else []
    back = TeamMember(data.office, data.holder) if name else TeamOffice(data.office)
    rows.append(nav_row(texts, language, back=back.pack()))
    if context.user_data is not None:
        context.user_data[HELD_BACK] = HeldCases(data.office, data.holder, page).pack()
    await show(update, texts.render(T.TEAM_HELD, language=language, office=name_of(office),
                                    name=name, cases=shown, count=len(cases),
                                    first=page * PER_PAGE), InlineKeyboardMarkup(rows))


async def pick_assignee(update: Update, context: DaibanContext) -> None:
    """A manager hands one case over and picks the colleague who takes it."""
    data = PickAssignee.parse(data_of(update))
    case = await context.cases.case(long(data.case_id), actor=staff(context))
    members = (await context.cases.office_staff(case.office_code, actor=staff(context))).staff
    texts, language = context.texts, context.language
    rows = [[button(texts, language, B.TEAM_MEMBER,
                    DoReassign(data.case_id, case.version, short(row.id)),
                    name=row.name, role=row.role)]
            for row in members if row.id != case.holder_id]
    rows.append(nav_row(texts, language,
                        back=HeldCases(case.office_code, data.holder, 0).pack()))
    holder = next((row.name for row in members if row.id == case.holder_id), None)
    await show(update, texts.render(T.TEAM_ASSIGNEE_ASK, language=language, case=case,
                                    holder=holder), InlineKeyboardMarkup(rows))


async def do_reassign(update: Update, context: DaibanContext) -> None:
    """A manager has chosen: the case is the colleague's from now on."""
    data = DoReassign.parse(data_of(update))
    case = await context.cases.act(
        long(data.case_id), "reassign", assignee_id=long(data.assignee), actor=staff(context),
        expected_version=data.version, idempotency_key=context.idempotency_key("reassign"))
    members = (await context.cases.office_staff(case.office_code, actor=staff(context))).staff
    name = next((row.name for row in members if row.id == case.holder_id), "")
    back = (context.user_data or {}).get(HELD_BACK) or TeamOffice(case.office_code).pack()
    texts, language = context.texts, context.language
    markup = InlineKeyboardMarkup([
        [button(texts, language, B.BACK, back),
         button(texts, language, B.TEAM_TEAM, TeamOffice(case.office_code))]])
    await show(update, texts.render(T.TEAM_REASSIGNED, language=language, case=case,
                                    name=name), markup)


def build() -> list[BaseHandler[Update, DaibanContext, None]]:
    return [CallbackQueryHandler(show_held, pattern=HeldCases.pattern()),
            CallbackQueryHandler(pick_assignee, pattern=PickAssignee.pattern()),
            CallbackQueryHandler(do_reassign, pattern=DoReassign.pattern())]
