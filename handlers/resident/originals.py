"""Where are my originals: from a case's detail, the villager sees each original they
gave the station and who holds it now, in plain words (with you, at your station, on
the way to the town center, handed back to you); once the station has handed them back,
[I got them back] records that the villager has them again.

Plain callback handlers: the screen is rebuilt from the case service's custody view for
this villager, and [I got them back] is offered only when the view lists that move for
them (confirm_back). Its press carries an idempotency key; pressed twice or forged, the
service refuses it (custody.not_handed_back, custody.not_allowed) and nothing changes.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from handlers.context import DaibanContext
from handlers.keyboards import nav_row
from handlers.resident.cases import OpenCase
from handlers.resident.originals_views import GotThemBack, MyOriginals
from handlers.staff.originals_views import items_of, mask_of, parties, places
from texts.names import B, T
from texts.render import Texts
from wire.custody import CustodyView

CONFIRM = "confirm_back"


async def show_originals(update: Update, context: DaibanContext) -> None:
    """A villager wants to know where the originals they gave the station are now."""
    data = MyOriginals.parse(_data(update))
    view = await context.cases.custody(data.case_id, actor=context.resident)
    await _show(update, *await screen(context, view))


async def got_them_back(update: Update, context: DaibanContext) -> None:
    """A villager says they have their originals back from the station."""
    data = GotThemBack.parse(_data(update))
    view = await context.cases.custody(data.case_id, actor=context.resident)
    view = await context.cases.move_originals(
        data.case_id, CONFIRM, items_of(view, data.mask), actor=context.resident,
        idempotency_key=context.idempotency_key(CONFIRM))
    await _show(update, *await screen(context, view, done=True))


async def screen(context: DaibanContext, view: CustodyView, done: bool = False
                 ) -> tuple[str, InlineKeyboardMarkup]:
    """The villager's originals and who holds each, and [I got them back] if due."""
    back = next((move for move in view.moves if move.move == CONFIRM), None)
    text = context.texts.render(
        T.ORIGINALS_RESIDENT, language=context.language, number=view.case_number,
        originals=[{"name": o.name, "count": o.count, "holder": o.holder}
                   for o in view.originals],
        places=await places(context, parties(view)), back=back is not None, done=done)
    return text, keyboard(context.texts, context.language, view,
                          mask_of(view, back.items) if back else 0)


def keyboard(texts: Texts, language: str, view: CustodyView, mask: int
             ) -> InlineKeyboardMarkup:
    """[I got them back] for the originals handed back (if any), then Back and Home."""
    rows = []
    if mask:
        rows.append([InlineKeyboardButton(texts.button(B.ORIGINALS_GOT_BACK, language=language),
                                          callback_data=GotThemBack(view.case_id, mask).pack())])
    rows.append(nav_row(texts, language, back=OpenCase(view.case_id).pack()))
    return InlineKeyboardMarkup(rows)


def _data(update: Update) -> str | None:
    return update.callback_query.data if update.callback_query else None


async def _show(update: Update, text: str, markup: InlineKeyboardMarkup) -> None:
    """Edit the screen the button was pressed on."""
    if update.callback_query is not None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_text(text, reply_markup=markup)


def build() -> list[BaseHandler[Any, Any, Any]]:
    """The handlers of the villager's originals, for bot/routes.py."""
    return [CallbackQueryHandler(show_originals, pattern=MyOriginals.pattern()),
            CallbackQueryHandler(got_them_back, pattern=GotThemBack.pattern())]
