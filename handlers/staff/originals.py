"""A case's originals for staff: [Originals] on the card → who holds each original now
→ one button per move the case service lists for this staff member (take, send to an
office, receive, hand back) → the screen again, after the move.

Taking is two steps: the take screen ticks the originals taken from the villager (each
tick button carries the whole set after it is pressed, so the screen is rebuilt from
its button alone), then [Confirm taken]. Every other move applies to the originals the
service listed for it, all at once: a dossier travels whole.

Plain callback handlers, not a conversation: every screen is rebuilt from the case
service. A press carries an idempotency key from the update; a stale or forged one is
refused by the service (custody.*), answered by handlers/errors.py, and changes nothing.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from handlers.callbacks import Expired
from handlers.context import DaibanContext
from handlers.staff._views import OpenCard, StaffHome, button, callback_data, show, staff
from handlers.staff.originals_views import (
    MOVE_CODES,
    MOVES,
    MoveOriginals,
    OpenOriginals,
    TickOriginals,
    items_of,
    mask_of,
    originals,
    parties,
    places,
)
from handlers.staff.team_views import long, short
from texts.names import B, T
from texts.render import Texts
from wire.custody import CustodyView

LABELS: dict[str, B] = {"take": B.ORIGINALS_TAKE, "send": B.ORIGINALS_SEND,
                        "receive": B.ORIGINALS_RECEIVE, "hand_back": B.ORIGINALS_HAND_BACK}
"""The staff moves and their buttons; confirm_back is the villager's own."""


async def open_originals(update: Update, context: DaibanContext) -> None:
    """A staff member wants to know who holds a case's originals, and to hand them on."""
    data = OpenOriginals.parse(callback_data(update))
    view = await context.cases.custody(long(data.case), actor=staff(context))
    await show(update, *await screen(context, view))


async def tick(update: Update, context: DaibanContext) -> None:
    """A staff member ticks (or unticks) an original they take from the villager."""
    data = TickOriginals.parse(callback_data(update))
    view = await context.cases.custody(long(data.case), actor=staff(context))
    offered = next((move for move in view.moves if move.move == "take"), None)
    if offered is None:  # taken meanwhile, or the case moved on: the screen as it is now
        await show(update, *await screen(context, view))
        return
    mask = data.mask & mask_of(view, offered.items)
    texts, language = context.texts, context.language
    await show(update, texts.render(T.ORIGINALS_TAKE, language=language,
                                    number=view.case_number, ticked=bin(mask).count("1")),
               take_keyboard(texts, language, view, offered.items, mask))


async def make_move(update: Update, context: DaibanContext) -> None:
    """A staff member confirms a handover; the service records it, or refuses it."""
    data = MoveOriginals.parse(callback_data(update))
    move = MOVES.get(data.move)
    if move not in LABELS:
        raise Expired(callback_data(update))
    case_id = long(data.case)
    view = await context.cases.custody(case_id, actor=staff(context))
    view = await context.cases.move_originals(
        case_id, move, items_of(view, data.mask), data.to or None, actor=staff(context),
        idempotency_key=context.idempotency_key("custody"))
    await show(update, *await screen(context, view, done=move))


async def screen(context: DaibanContext, view: CustodyView, done: str | None = None
                 ) -> tuple[str, InlineKeyboardMarkup]:
    """Who holds each original, and the moves this staff member may make now."""
    named = await places(context, parties(view))
    text = context.texts.render(T.ORIGINALS_STAFF, language=context.language,
                                number=view.case_number, originals=originals(view),
                                places=named, done=done, moves=len(keyboard_moves(view)))
    return text, keyboard(context.texts, context.language, view, named)


def keyboard_moves(view: CustodyView) -> list[Any]:
    """The moves the service lists for this viewer that a staff screen offers."""
    return [move for move in view.moves if move.move in LABELS]


def keyboard(texts: Texts, language: str, view: CustodyView, named: dict[str, Any]
             ) -> InlineKeyboardMarkup:
    """One button a move the service allows now; then [Refresh], the card, the desk."""
    case = short(view.case_id)
    rows = []
    for move in keyboard_moves(view):
        data: Any = (TickOriginals(case, 0) if move.move == "take" else
                     MoveOriginals(case, MOVE_CODES[move.move], mask_of(view, move.items),
                                   move.to_office or ""))
        values = ({"name": named.get(move.to_office or "", {}).get("name", "")}
                  if move.move == "send" else {})
        rows.append([button(texts, language, LABELS[move.move], data, **values)])
    rows.append([button(texts, language, B.STAFF_REFRESH, OpenOriginals(case)),
                 button(texts, language, B.ORIGINALS_CASE, OpenCard(view.case_id, "")),
                 button(texts, language, B.STAFF_HOME, StaffHome())])
    return InlineKeyboardMarkup(rows)


def take_keyboard(texts: Texts, language: str, view: CustodyView, offered: list[str],
                  mask: int) -> InlineKeyboardMarkup:
    """A toggle for each original still with the villager, [Confirm taken] once one is
    ticked, and [Back] to the originals."""
    case = short(view.case_id)
    rows: list[list[InlineKeyboardButton]] = []
    for i, original in enumerate(view.originals):
        if original.key in offered:
            rows.append([button(texts, language, B.ORIGINALS_TICK,
                                TickOriginals(case, mask ^ (1 << i)), name=original.name,
                                ticked=bool(mask >> i & 1))])
    last = [button(texts, language, B.BACK, OpenOriginals(case))]
    if mask:
        last.insert(0, button(texts, language, B.ORIGINALS_CONFIRM_TAKE,
                              MoveOriginals(case, MOVE_CODES["take"], mask, "")))
    rows.append(last)
    return InlineKeyboardMarkup(rows)


def build() -> list[BaseHandler[Any, Any, Any]]:
    """The originals screens' handlers, for bot/routes.py."""
    return [CallbackQueryHandler(open_originals, pattern=OpenOriginals.pattern()),
            CallbackQueryHandler(tick, pattern=TickOriginals.pattern()),
            CallbackQueryHandler(make_move, pattern=MoveOriginals.pattern())]
