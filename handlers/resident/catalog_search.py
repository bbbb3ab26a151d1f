"""Typed words outside any form search the catalog: folk names, pinyin and slips work
(the case service's search does that); no match gets the categories, never silence.

Added after every flow in bot.routes: a conversation in progress that expects text
(a booking answer, a village name) is an earlier handler in the same group and PTB runs
the first that matches, so it gets its answer first; text that such a conversation does
not take in its current state (it waits for a button) falls through to here.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from handlers.context import DaibanContext
from handlers.keyboards import MENU_ROWS
from handlers.resident import _catalog_views as views
from handlers.resident.catalog import Categories, MatterCard
from texts.names import T
from texts.render import Texts

MAX_QUERY = 100
"""The most the case service takes (wire.catalog.SearchQuery); its search reads fewer."""
SHOWN = 5


async def search(update: Update, context: DaibanContext) -> None:
    """A villager types a few words for what they need ("低保", "dibao") and wants it found."""
    message = update.effective_message
    if message is None or not message.text:
        return
    typed = message.text.strip()[:MAX_QUERY]
    found = await context.cases.search(typed, lang=context.language, limit=SHOWN)
    if found.hits:
        items = [(getattr(hit.name, context.language), MatterCard(hit.code, 0).pack())
                 for hit in found.hits]
        await message.reply_text(
            context.texts.render(T.CATALOG_FOUND, language=context.language, typed=typed),
            reply_markup=views.hits_keyboard(context.texts, context.language, items,
                                             by_category=Categories().pack()))
        return
    categories = await context.cases.categories()
    await message.reply_text(
        context.texts.render(T.CATALOG_NOT_FOUND, language=context.language, typed=typed),
        reply_markup=views.categories_keyboard(context.texts, context.language,
                                               categories.categories))


def handlers(texts: Texts) -> list[BaseHandler[Update, Any, Any]]:
    """Search: any text that is not a command and not a main-menu label."""
    labels = [texts.button(name, language=language)
              for row in MENU_ROWS for name in row for language in texts.languages]
    return [MessageHandler(filters.TEXT & filters.Regex(r"\S") & ~filters.COMMAND
                           & ~filters.Text(labels), search)]
