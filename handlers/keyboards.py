"""Markup from view data: the main menu, paged lists, and the Back/Home row.

Reply-keyboard labels are matched by their rendered text in every language (never by a
hard-coded pattern), so a translated label keeps working.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from telegram.ext import filters

from handlers.callbacks import GoHome, Page
from texts.names import B
from texts.render import Texts

MENU_ROWS: tuple[tuple[B, ...], ...] = ((B.MENU_FIND, B.MENU_CASES),
                                         (B.MENU_ASK, B.MENU_SETTINGS, B.MENU_HELP))


def main_menu(texts: Texts, language: str) -> ReplyKeyboardMarkup:
    """Big buttons that stay under the chat: the villager's way home from anywhere."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(texts.button(name, language=language)) for name in row]
         for row in MENU_ROWS], resize_keyboard=True, is_persistent=True)


def label_filter(texts: Texts, name: B) -> filters.BaseFilter:
    """Matches a message whose text is this button's label in any language."""
    return filters.Text([texts.button(name, language=language)
                         for language in texts.languages])


def nav_row(texts: Texts, language: str, back: str | None = None) -> list[InlineKeyboardButton]:
    """[Back] (to the given callback data) and [Home], for the bottom of every screen."""
    row = [InlineKeyboardButton(texts.button(B.HOME, language=language),
                                callback_data=GoHome().pack())]
    if back is not None:
        row.insert(0, InlineKeyboardButton(texts.button(B.BACK, language=language),
                                           callback_data=back))
    return row


def paged(texts: Texts, language: str, items: Sequence[tuple[str, str]], page: int, *,
          list_id: str, per_page: int = 6, back: str | None = None,
          columns: int = 1) -> InlineKeyboardMarkup:
    """One page of (label, callback data) buttons, with ◀ ▶ when there are more pages.

    `list_id` names the list in the Page callback (e.g. a town's code), so that the
    flow showing it can rebuild any page from the case service's current data.
    """
    pages = max(1, -(-len(items) // per_page))
    page = min(max(page, 0), pages - 1)
    shown = items[page * per_page:(page + 1) * per_page]
    rows = [[InlineKeyboardButton(label, callback_data=data)
             for label, data in shown[i:i + columns]] for i in range(0, len(shown), columns)]
    turn: list[InlineKeyboardButton] = []
    if page > 0:
        turn.append(InlineKeyboardButton(texts.button(B.PREVIOUS_PAGE, language=language),
                                         callback_data=Page(list_id, page - 1).pack()))
    if page < pages - 1:
        turn.append(InlineKeyboardButton(texts.button(B.NEXT_PAGE, language=language),
                                         callback_data=Page(list_id, page + 1).pack()))
    if turn:
        rows.append(turn)
    rows.append(nav_row(texts, language, back))
    return InlineKeyboardMarkup(rows)
