"""Handover lists (交接单): [Handover lists] on the staff menu → the latest lists of every
office one works at (⬆️ leaving one's station, ⬇️ coming to one's center) → one list,
each case on it with its originals → [I am leaving with this list] at the station, or
per case [Received] / [Missing] at the destination.

The case service makes the lists: a case forwarded out of its station joins the day's
list to where it goes. Leaving puts the originals of its cases in transit; a dossier
received brings its originals to the destination; a missing one is flagged at once and
both sides see the flag (and it may still be received later). Plain callback handlers,
each screen rebuilt from the service; every press carries an idempotency key, and a
refusal (carry_run.*, custody.not_allowed) is answered by handlers/errors.py.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler

from handlers.callbacks import Expired, Page
from handlers.context import DaibanContext
from handlers.keyboards import label_filter, paged
from handlers.staff._views import StaffHome, button, callback_data, show, staff
from handlers.staff.carry_views import (
    LIST_TAG,
    PER_PAGE,
    DepartRun,
    OpenRun,
    SettleDossier,
    dossiers,
    find_run,
    local,
    may_depart,
    my_runs,
    open_run,
    to_settle,
)
from handlers.staff.originals_views import places
from texts.names import B, T
from texts.render import Texts
from wire.custody import CarryRunView

OUTCOMES = {"r": True, "m": False}
"""SettleDossier's outcome: received, or flagged missing."""


async def show_lists(update: Update, context: DaibanContext) -> None:
    """A staff member wants today's and recent handover lists of their offices."""
    page = Page.parse(callback_data(update)).page if update.callback_query else 0
    runs = await my_runs(context)
    page = min(max(page, 0), max(0, (len(runs) - 1) // PER_PAGE))
    shown = runs[page * PER_PAGE:(page + 1) * PER_PAGE]
    texts, language = context.texts, context.language
    items = [(texts.button(B.CARRY_RUN, language=language, day=run.day, seq=run.seq,
                           leaving=leaving), open_run(run, leaving).pack())
             for run, leaving in runs]
    markup = paged(texts, language, items, page, list_id=LIST_TAG, per_page=PER_PAGE,
                   columns=2)
    markup = InlineKeyboardMarkup([*markup.inline_keyboard[:-1],  # not the villager's Home
                                   [button(texts, language, B.STAFF_HOME, StaffHome())]])
    named = await places(context, {code for run, _ in shown
                                   for code in (run.station_code, run.to_office_code)})
    await show(update, texts.render(
        T.CARRY_LISTS, language=language, places=named, total=len(runs),
        first=page * PER_PAGE + 1,
        runs=[{"run": local(run), "leaving": leaving} for run, leaving in shown]), markup)


async def show_run(update: Update, context: DaibanContext) -> None:
    """A staff member wants to see one handover list, case by case."""
    data = OpenRun.parse(callback_data(update))
    run = await find_run(context, data)
    await show(update, *await run_screen(context, run, data.office == run.station_code,
                                         data.page))


async def depart(update: Update, context: DaibanContext) -> None:
    """The agent sets off with the list: its originals are on their way."""
    data = DepartRun.parse(callback_data(update))
    run = await context.cases.depart_carry_run(
        data.run, actor=staff(context), idempotency_key=context.idempotency_key("depart"))
    # The answer shows the list as read before it left (no departure time yet): the list
    # as it is now comes from the station's lists of its day.
    run = await find_run(context, open_run(run, True))
    await show(update, *await run_screen(context, run, True, 0))


async def settle(update: Update, context: DaibanContext) -> None:
    """The receiving office says a case on the list arrived, or that it is missing."""
    data = SettleDossier.parse(callback_data(update))
    if data.outcome not in OUTCOMES:
        raise Expired(callback_data(update))
    call = (context.cases.receive_dossier if OUTCOMES[data.outcome]
            else context.cases.flag_missing_dossier)
    run = await call(data.run, data.case_id, actor=staff(context),
                     idempotency_key=context.idempotency_key("settle"))
    index = next((i for i, item in enumerate(run.items) if item.case_id == data.case_id), 0)
    await show(update, *await run_screen(context, run, False, index // PER_PAGE))


async def run_screen(context: DaibanContext, run: CarryRunView, leaving: bool, page: int
                     ) -> tuple[str, InlineKeyboardMarkup]:
    """One list's page of dossiers, and the buttons its side presses."""
    pages = max(1, -(-len(run.items) // PER_PAGE))
    page = min(max(page, 0), pages - 1)
    first = page * PER_PAGE
    shown = run.items[first:first + PER_PAGE]
    named = await places(context, (run.station_code, run.to_office_code))
    text = context.texts.render(
        T.CARRY_RUN, language=context.language, run=local(run), leaving=leaving,
        items=await dossiers(context, shown), places=named, first=first + 1,
        count=len(run.items))
    return text, run_keyboard(context.texts, context.language, run, leaving, page)


def run_keyboard(texts: Texts, language: str, run: CarryRunView, leaving: bool, page: int
                 ) -> InlineKeyboardMarkup:
    """[Leaving] or per case [Received] [Missing]; pages; [Refresh], all lists, desk."""
    rows = []
    if may_depart(run, leaving):
        rows.append([button(texts, language, B.CARRY_DEPART, DepartRun(run.id))])
    first = page * PER_PAGE
    for n, item in enumerate(run.items[first:first + PER_PAGE], start=first + 1):
        received, missing = to_settle(run, leaving, item)
        row = []
        if received:
            row.append(button(texts, language, B.CARRY_RECEIVED,
                              SettleDossier(run.id, item.case_id, "r"), n=n))
        if missing:
            row.append(button(texts, language, B.CARRY_MISSING,
                              SettleDossier(run.id, item.case_id, "m"), n=n))
        if row:
            rows.append(row)
    turn = []
    if page > 0:
        turn.append(button(texts, language, B.PREVIOUS_PAGE, open_run(run, leaving, page - 1)))
    if first + PER_PAGE < len(run.items):
        turn.append(button(texts, language, B.NEXT_PAGE, open_run(run, leaving, page + 1)))
    if turn:
        rows.append(turn)
    rows.append([button(texts, language, B.STAFF_REFRESH, open_run(run, leaving, page)),
                 button(texts, language, B.CARRY_ALL, Page(LIST_TAG, 0)),
                 button(texts, language, B.STAFF_HOME, StaffHome())])
    return InlineKeyboardMarkup(rows)


def build(texts: Texts) -> list[BaseHandler[Any, Any, Any]]:
    """The handover lists' handlers, for bot/routes.py."""
    return [MessageHandler(label_filter(texts, B.CARRY_MENU), show_lists),
            CallbackQueryHandler(show_lists, pattern=Page.pattern_for(LIST_TAG)),
            CallbackQueryHandler(show_run, pattern=OpenRun.pattern()),
            CallbackQueryHandler(depart, pattern=DepartRun.pattern()),
            CallbackQueryHandler(settle, pattern=SettleDossier.pattern())]
