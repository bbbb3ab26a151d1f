"""The staff menu's lists: new cases (nobody holds them yet), my cases, waiting for
material, and open cases by their step's due date (overdue first, marked); and finding a
case by its number.

Each list is read from the case service's queue of every office the staff member works
at, a page at a time, each case a button that opens its card. A page is rebuilt from
the service on every turn, so a list never shows a case as it was.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from enum import StrEnum
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler, MessageHandler

from backend_client.errors import NotAllowed, NotFound
from handlers.callbacks import Expired, Page
from handlers.context import DaibanContext
from handlers.keyboards import label_filter, paged
from handlers.staff._views import (
    LIST_TAG,
    OpenCard,
    StaffHome,
    button,
    callback_data,
    show,
    staff,
)
from texts.names import B, T
from texts.render import Texts
from wire.cases import CaseView

PER_PAGE = 6
QUEUE_LIMIT = 200
"""The most cases one call to an office's queue gives (the service's own cap)."""
MAX_PAGES = 20
"""How far one office's queue is read (20 x 200 cases) before giving up."""
AT_ONCE = 8
"""How many offices' queues are read at the same time (a demo agent works at hundreds)."""


class Kind(StrEnum):
    """Which list; its letter is the list id's tail and OpenCard's way back."""

    NEW = "n"
    MINE = "m"
    WAITING = "w"
    DUE = "d"


LABELS: dict[Kind, B] = {Kind.NEW: B.STAFF_NEW, Kind.MINE: B.STAFF_MINE,
                         Kind.WAITING: B.STAFF_WAITING, Kind.DUE: B.STAFF_DUE}
QUERIES: dict[Kind, dict[str, Any]] = {
    Kind.NEW: {"unclaimed": True}, Kind.MINE: {"mine": True},
    Kind.WAITING: {"state": "awaiting_material"}, Kind.DUE: {}}
"""The queue filters of each list (the service decides what each filter means)."""


async def my_offices(context: DaibanContext) -> list[str]:
    """The offices the staff member works at (none: not staff)."""
    memberships = (await context.cases.my_memberships(actor=staff(context))).staff
    return list(dict.fromkeys(m.office_code for m in memberships))


async def office_cases(context: DaibanContext, **query: Any) -> list[CaseView]:
    """The cases matching the query at every office of the staff member, once each."""
    offices = await my_offices(context)
    found: dict[str, CaseView] = {}
    for start in range(0, len(offices), AT_ONCE):
        queues = await asyncio.gather(*(_queue(context, office, query)
                                        for office in offices[start:start + AT_ONCE]))
        for case in itertools.chain.from_iterable(queues):
            found.setdefault(case.id, case)
    return list(found.values())


async def _queue(context: DaibanContext, office: str, query: dict[str, Any]
                 ) -> list[CaseView]:
    """One office's whole queue for the query, page after page."""
    found: list[CaseView] = []
    for page in range(MAX_PAGES):
        cases = (await context.cases.queue(office, limit=QUEUE_LIMIT,
                                           offset=page * QUEUE_LIMIT, actor=staff(context),
                                           **query)).cases
        found.extend(cases)
        if len(cases) < QUEUE_LIMIT:
            break
    return found


async def cases_of(context: DaibanContext, kind: Kind) -> list[CaseView]:
    """One list's cases, in the order it shows them."""
    cases = await office_cases(context, **QUERIES[kind])
    if kind is Kind.NEW:  # unclaimed also finds finished cases: those one may claim
        return [case for case in cases if "claim" in case.allowed_actions]
    if kind is Kind.DUE:
        return sorted((case for case in cases if not case.step_clock.stopped),
                      key=lambda case: (case.step_clock.due, case.number))
    return cases


async def show_list(update: Update, context: DaibanContext, kind: Kind, page: int = 0
                    ) -> int:
    """One page of a list, each case a button to its card."""
    cases = await cases_of(context, kind)
    pages = max(1, -(-len(cases) // PER_PAGE))
    page = min(max(page, 0), pages - 1)
    texts, language = context.texts, context.language
    items = [(texts.button(B.STAFF_OPEN, language=language, number=case.number,
                           overdue=case.step_clock.overdue),
              OpenCard(case.id, f"{kind.value}{page}").pack()) for case in cases]
    pages_ = paged(texts, language, items, page, list_id=f"{LIST_TAG}{kind.value}",
                   per_page=PER_PAGE, columns=2)
    markup = InlineKeyboardMarkup([*pages_.inline_keyboard[:-1],  # not the villager's Home
                                   [button(texts, language, B.STAFF_HOME, StaffHome())]])
    shown = cases[page * PER_PAGE:(page + 1) * PER_PAGE]
    await show(update, texts.render(T.STAFF_LIST, language=language, kind=kind.value,
                                    cases=shown, total=len(cases),
                                    first=page * PER_PAGE + 1), markup)
    return ConversationHandler.END  # the menu's lists leave any follow-up


async def turn_page(update: Update, context: DaibanContext) -> int:
    """A staff member turns a list's page (or goes back to it from a card)."""
    data = Page.parse(callback_data(update))
    try:
        kind = Kind(data.list_id.removeprefix(LIST_TAG))
    except ValueError:
        raise Expired(callback_data(update)) from None
    return await show_list(update, context, kind, data.page)


def _lister(kind: Kind) -> Any:
    async def show_kind(update: Update, context: DaibanContext) -> int:
        """A staff member taps one of the staff menu's lists."""
        return await show_list(update, context, kind)
    return show_kind


def normalized(number: str) -> str:
    """A case number as typed, compared without case, dashes or spaces."""
    return re.sub(r"[^0-9A-Za-z]", "", number).upper()


async def find(context: DaibanContext, typed: str) -> CaseView | None:
    """The case of that number, wherever it is now, if this staff member may see it (the
    service reads the number as typed: dashes, spaces, with or without the prefix)."""
    wanted = normalized(typed)
    if not wanted or len(wanted) > 32:
        return None
    try:
        return await context.cases.case_by_number(wanted, actor=staff(context))
    except (NotFound, NotAllowed):
        return None


def handlers(texts: Texts) -> list[BaseHandler[Any, Any, Any]]:
    """The lists' menu buttons and page turns (also the follow-ups' ways out)."""
    return [*(MessageHandler(label_filter(texts, label), _lister(kind))
              for kind, label in LABELS.items()),
            CallbackQueryHandler(turn_page, pattern=Page.pattern_for(LIST_TAG))]
