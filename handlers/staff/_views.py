"""What the staff screens share: acting as staff, the staff menu's keyboard, showing a
screen, and the case card (its text and exactly the buttons the case service allows).

The card is built from the case view the service returned for this staff member: the
villager's name and phone come masked unless their office holds the case, and the
buttons are `case.allowed_actions`, so the bot never offers what the service would
refuse (and refuses nothing itself: a stale or forged press is the service's to refuse).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from typing import Any, ClassVar

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest

from backend_client import As
from handlers.callbacks import CallbackData, Page
from handlers.context import DaibanContext
from handlers.staff.originals_views import OpenOriginals
from handlers.staff.team_views import short
from texts.names import B, T
from texts.render import Texts
from wire.cases import CaseView

MODE = "mode"
"""user_data: the menu a person last chose, "staff" or "resident" (a UI convenience only:
every call says itself which role it acts in)."""
LIST_TAG = "stf."
"""The list ids of the staff lists' pages: `stf.` and the list's kind."""

MENU_ROWS: tuple[tuple[B, ...], ...] = ((B.STAFF_NEW, B.STAFF_MINE),
                                         (B.STAFF_WAITING, B.STAFF_DUE),
                                         (B.WALK_IN_MENU, B.CALLS_MENU),
                                         (B.STAFF_FIND, B.CARRY_MENU, B.STAFF_VILLAGER))

ACTIONS: dict[str, tuple[str, B]] = {
    "claim": ("cl", B.STAFF_CLAIM), "accept": ("ac", B.STAFF_ACCEPT),
    "refuse": ("rf", B.STAFF_REFUSE), "request_material": ("rm", B.STAFF_REQUEST_MATERIAL),
    "receive_material": ("rv", B.STAFF_RECEIVE_MATERIAL), "forward": ("fw", B.STAFF_FORWARD),
    "return_to_lower_tier": ("rt", B.STAFF_RETURN),
    "start_public_notice": ("ps", B.STAFF_START_NOTICE),
    "end_public_notice": ("pe", B.STAFF_END_NOTICE), "extend": ("ex", B.STAFF_EXTEND),
    "approve": ("ap", B.STAFF_APPROVE), "reject": ("rj", B.STAFF_REJECT),
    "mark_result_ready": ("rr", B.STAFF_RESULT_READY), "deliver": ("dl", B.STAFF_DELIVER),
    "mark_missed": ("mm", B.STAFF_MARK_MISSED),
}
"""The staff actions a card offers when the case view allows them, each with the short
code its button carries (a case id takes 36 of the 64 bytes). The villager's own (cancel,
withdraw, rate) are theirs, and reassigning is the supervisors' screen."""
BY_CODE = {code: action for action, (code, _label) in ACTIONS.items()}


@dataclasses.dataclass(frozen=True)
class OpenCard(CallbackData):
    """A case's card; `back` is the list page it was opened from (kind and page, e.g.
    "n0"), or "" for none."""

    PREFIX: ClassVar[str] = "sco"
    case_id: str
    back: str


@dataclasses.dataclass(frozen=True)
class Act(CallbackData):
    """One of the card's actions, at the case version the card showed (`action`: a code
    of ACTIONS)."""

    PREFIX: ClassVar[str] = "sac"
    case_id: str
    action: str
    version: int


@dataclasses.dataclass(frozen=True)
class CallVillager(CallbackData):
    """[Call the villager] on a card: their full number, the look logged (staff/calls)."""

    PREFIX: ClassVar[str] = "vcr"
    case_id: str


@dataclasses.dataclass(frozen=True)
class StaffHome(CallbackData):
    """[Work desk]: the staff menu, from any staff screen."""

    PREFIX: ClassVar[str] = "swh"


def staff(context: DaibanContext) -> As:
    """The person in this update, acting as staff."""
    if context.messaging_id is None:
        raise RuntimeError("an update without a user has no staff member")
    return As.staff(context.messaging_id)


def staff_menu(texts: Texts, language: str) -> ReplyKeyboardMarkup:
    """Big buttons under the chat: the staff member's way back from anywhere."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(texts.button(name, language=language)) for name in row]
         for row in MENU_ROWS], resize_keyboard=True, is_persistent=True)


def callback_data(update: Update) -> str | None:
    return update.callback_query.data if update.callback_query else None


async def show(update: Update, text: str, markup: InlineKeyboardMarkup | None = None
               ) -> None:
    """Edit the screen a button was pressed on; answer typed words with a new message.

    [Refresh] on a card that has not changed is no failure (the platform refuses the
    same text again); a message too old to edit gets the screen as a new message.
    """
    query = update.callback_query
    if query is not None:
        with contextlib.suppress(BadRequest):  # a press replayed after a restart: too old
            await query.answer()
        try:
            await query.edit_message_text(text, reply_markup=markup)
            return
        except BadRequest as error:
            if "not modified" in str(error).lower():
                return
    if update.effective_chat is not None:
        await update.effective_chat.send_message(text, reply_markup=markup)


def button(texts: Texts, language: str, label: B, data: CallbackData, **values: Any
           ) -> InlineKeyboardButton:
    return InlineKeyboardButton(texts.button(label, language=language, **values),
                                callback_data=data.pack())


def district_zone(case: CaseView) -> dt.tzinfo:
    """The district's time zone, as the case service writes its clocks' instants."""
    return case.service_clock.started_at.tzinfo or dt.UTC


def list_page(back: str) -> str | None:
    """The Page data of the list a card was opened from (`back` as OpenCard carries it)."""
    if len(back) < 2 or not back[1:].isdigit():
        return None
    return Page(f"{LIST_TAG}{back[0]}", int(back[1:])).pack()


async def card(context: DaibanContext, case: CaseView, back: str = ""
               ) -> tuple[str, InlineKeyboardMarkup]:
    """The card of a case as this staff member may see it, and its buttons."""
    office = await context.cases.office(case.office_code)
    matter = await context.cases.matter(case.matter_code)
    slot = case.booking.slot_start
    text = context.texts.render(
        T.STAFF_CARD, language=context.language, case=case,
        office={"zh": office.name_zh, "en": office.name_en},
        slot=slot.astimezone(district_zone(case)) if slot else None,
        materials=matter.materials)
    rows = card_keyboard(context.texts, context.language, case, back).inline_keyboard
    call = button(context.texts, context.language, B.CALLS_CALL, CallVillager(case.id))
    return text, InlineKeyboardMarkup([*rows[:-1], [call], rows[-1]])  # the service decides


def card_keyboard(texts: Texts, language: str, case: CaseView, back: str = ""
                  ) -> InlineKeyboardMarkup:
    """The actions the case service allows this staff member now, two a row; then
    [Originals] (handlers/staff/originals.py); then [Refresh], [Back] to the list it
    came from, and [Work desk]."""
    actions = [button(texts, language, ACTIONS[action][1],
                      Act(case.id, ACTIONS[action][0], case.version))
               for action in case.allowed_actions if action in ACTIONS]
    rows = [actions[i:i + 2] for i in range(0, len(actions), 2)]
    rows.append([button(texts, language, B.ORIGINALS_OPEN, OpenOriginals(short(case.id)))])
    last = [button(texts, language, B.STAFF_REFRESH, OpenCard(case.id, back))]
    page = list_page(back)
    if page is not None:
        last.append(InlineKeyboardButton(texts.button(B.BACK, language=language),
                                         callback_data=page))
    last.append(button(texts, language, B.STAFF_HOME, StaffHome()))
    rows.append(last)
    return InlineKeyboardMarkup(rows)
