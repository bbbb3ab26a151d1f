"""My cases: the list with each state in plain words → a case's detail (where it is, what
happens next, by when, the timeline) → cancel (before acceptance) or withdraw (after) →
a confirmation → done.

Plain callback handlers, not a conversation: every screen is rebuilt from its button's
data and the case service, so a button on an old message still works, and the buttons a
case shows are exactly the actions the service says this villager may take now. The
confirm button carries the case's version: pressed after the case moved on, or forged,
the service refuses it and nothing changes. A withdrawal's reason is picked from a few
buttons (no typing for an elderly villager); the reason the service records is the
label in the district's language, which the staff read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler

from handlers.callbacks import CallbackData, Expired, Page
from handlers.context import DaibanContext
from handlers.keyboards import label_filter, nav_row, paged
from handlers.resident.family_views import share_button
from handlers.resident.originals_views import MyOriginals
from texts.names import B, T
from texts.render import SOURCE_LANGUAGE, Texts
from wire.cases import CaseView

LIST = "mc"
"""The list id (and tag) of my cases' pages."""
PER_PAGE = 6
ACTION_BUTTONS: dict[str, B] = {"cancel": B.CASES_CANCEL, "withdraw": B.CASES_WITHDRAW}
"""The actions this flow offers, when the case view allows them (rating is issue 7's)."""
REASONS: dict[str, B] = {"n": B.CASES_REASON_NOT_NEEDED, "e": B.CASES_REASON_ELSEWHERE,
                         "o": B.CASES_REASON_OTHER}
"""Why a villager withdraws: a short key on the button, the label as the reason."""


@dataclasses.dataclass(frozen=True)
class OpenCase(CallbackData):
    """A case's detail screen."""

    PREFIX: ClassVar[str] = "mco"
    case_id: str


@dataclasses.dataclass(frozen=True)
class AskAct(CallbackData):
    """[Cancel] or [Withdraw]: show the confirmation (with the case as it is now)."""

    PREFIX: ClassVar[str] = "mca"
    case_id: str
    action: str


@dataclasses.dataclass(frozen=True)
class DoAct(CallbackData):
    """The confirmation: act on the case at the version shown; `reason` a REASONS key."""

    PREFIX: ClassVar[str] = "mcd"
    case_id: str
    action: str
    version: int
    reason: str


async def show_list(update: Update, context: DaibanContext) -> None:
    """A villager wants to see all their cases and how each is going."""
    page = Page.parse(update.callback_query.data).page if update.callback_query else 0
    found = (await context.cases.my_cases(actor=context.resident)).cases[::-1]
    page = min(max(page, 0), max(0, (len(found) - 1) // PER_PAGE))
    shown = found[page * PER_PAGE:(page + 1) * PER_PAGE]
    items = [(context.texts.button(B.CASES_OPEN, language=context.language,
                                   n=page * PER_PAGE + i + 1, name=case.matter_name),
              OpenCase(case.id).pack()) for i, case in enumerate(found)]
    await _show(update, context.texts.render(T.CASES_LIST, language=context.language,
                                              cases=shown),
                paged(context.texts, context.language, items, page, list_id=LIST,
                      per_page=PER_PAGE))


async def show_case(update: Update, context: DaibanContext) -> None:
    """A villager wants to know where one case is, what comes next and by when."""
    data = OpenCase.parse(_data(update))
    case = await context.cases.case(data.case_id, actor=context.resident)
    events = await context.cases.events(case.id, actor=context.resident)
    office = await context.cases.office(case.office_code)
    zone = district_zone(case)
    slot = case.booking.slot_start.astimezone(zone) if case.booking.slot_start else None
    text = context.texts.render(
        T.CASES_DETAIL, language=context.language, case=case, slot=slot,
        office={"zh": office.name_zh, "en": office.name_en},
        events=[{"at": event.at.astimezone(zone), "action": event.action}
                for event in events.events])
    await _show(update, text, case_keyboard(context.texts, context.language, case))


async def ask_act(update: Update, context: DaibanContext) -> None:
    """A villager wants to call a case off and must say so once more."""
    data = AskAct.parse(_data(update))
    if data.action not in ACTION_BUTTONS:
        raise Expired(_data(update))
    case = await context.cases.case(data.case_id, actor=context.resident)
    texts, language = context.texts, context.language
    if data.action == "withdraw":
        rows = [[InlineKeyboardButton(texts.button(label, language=language),
                                      callback_data=DoAct(case.id, data.action, case.version,
                                                          key).pack())]
                for key, label in REASONS.items()]
    else:
        rows = [[InlineKeyboardButton(texts.button(B.CASES_CONFIRM_CANCEL, language=language),
                                      callback_data=DoAct(case.id, data.action, case.version,
                                                          "").pack())]]
    rows.append([InlineKeyboardButton(texts.button(B.CASES_KEEP, language=language),
                                      callback_data=OpenCase(case.id).pack())])
    await _show(update, texts.render(T.CASES_CONFIRM, language=language, case=case,
                                     action=data.action), InlineKeyboardMarkup(rows))


async def do_act(update: Update, context: DaibanContext) -> None:
    """A villager confirms: the case is cancelled or withdrawn, if it still can be."""
    data = DoAct.parse(_data(update))
    if data.action not in ACTION_BUTTONS or (data.reason and data.reason not in REASONS):
        raise Expired(_data(update))
    reason = (context.texts.button(REASONS[data.reason], language=SOURCE_LANGUAGE)
              if data.reason else None)
    case = await context.cases.act(
        data.case_id, data.action, actor=context.resident, reason=reason,  # type: ignore[arg-type]
        expected_version=data.version, idempotency_key=context.idempotency_key(data.action))
    await _show(update, context.texts.render(T.CASES_DONE, language=context.language,
                                              case=case),
                InlineKeyboardMarkup([nav_row(context.texts, context.language,
                                              back=Page(LIST, 0).pack())]))


def case_keyboard(texts: Texts, language: str, case: CaseView) -> InlineKeyboardMarkup:
    """The actions the case service allows this villager now, [Where are my originals]
    (handlers/resident/originals.py), then Back and Home."""
    rows = [[InlineKeyboardButton(texts.button(ACTION_BUTTONS[action], language=language),
                                  callback_data=AskAct(case.id, action).pack())]
            for action in case.allowed_actions if action in ACTION_BUTTONS]
    rows.append([InlineKeyboardButton(texts.button(B.ORIGINALS_WHERE, language=language),
                                      callback_data=MyOriginals(case.id).pack())])
    rows.append([share_button(texts, language, case.id)])  # family followers (family.py)
    rows.append(nav_row(texts, language, back=Page(LIST, 0).pack()))
    return InlineKeyboardMarkup(rows)


def district_zone(case: CaseView) -> dt.tzinfo:
    """The district's time zone, as the case service writes its clocks' instants."""
    return case.service_clock.started_at.tzinfo or dt.UTC


def _data(update: Update) -> str | None:
    return update.callback_query.data if update.callback_query else None


async def _show(update: Update, text: str, markup: InlineKeyboardMarkup) -> None:
    """Edit the screen a button was pressed on; answer a typed request with a new one."""
    if update.callback_query is not None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_text(text, reply_markup=markup)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text, reply_markup=markup)


def build(texts: Texts) -> list[BaseHandler[Update, DaibanContext, None]]:
    """The handlers of my cases, for bot/routes.py."""
    return [
        MessageHandler(label_filter(texts, B.MENU_CASES), show_list),
        CallbackQueryHandler(show_list, pattern=Page.pattern_for(LIST)),
        CallbackQueryHandler(show_case, pattern=OpenCase.pattern()),
        CallbackQueryHandler(ask_act, pattern=AskAct.pattern()),
        CallbackQueryHandler(do_act, pattern=DoAct.pattern()),
    ]
