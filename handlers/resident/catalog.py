"""Finding a matter: categories → a category's matters (paged) → a matter's card and its
parts (materials to bring, who may apply, questions) → [Book proxy handling].

Plain callback handlers, not a conversation: every screen is rebuilt from its button's
data and the case service's catalog, so there is no state to keep or lose, a button on an
old message still works (or is "expired" when its matter or category is gone), and a
villager can browse in the middle of another flow whose conversation does not claim the
press. Typed words are searched in `catalog_search`.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler

from backend_client.errors import NotFound
from handlers.callbacks import CallbackData, Expired, Page
from handlers.context import DaibanContext
from handlers.keyboards import label_filter, paged
from handlers.resident import _catalog_views as views
from texts.names import B, T
from texts.render import Texts
from wire.catalog import MatterDetail


@dataclasses.dataclass(frozen=True)
class Categories(CallbackData):
    """[Back] to the categories, or [By category] under search results."""

    PREFIX: ClassVar[str] = "ctl"


@dataclasses.dataclass(frozen=True)
class MatterCard(CallbackData):
    """A matter's card; `page` is the page of its category's list that [Back] returns to."""

    PREFIX: ClassVar[str] = "ctm"
    code: str
    page: int


@dataclasses.dataclass(frozen=True)
class MatterPart(CallbackData):
    """A part of a matter's card on its own screen: `part` is a key of PARTS."""

    PREFIX: ClassVar[str] = "ctp"
    code: str
    part: str
    page: int


PARTS: dict[str, T] = {"m": T.CATALOG_MATERIALS, "e": T.CATALOG_ELIGIBILITY,
                       "f": T.CATALOG_FAQ}


async def show_categories(update: Update, context: DaibanContext) -> None:
    """A villager wants to find a matter by looking through its kinds."""
    found = await context.cases.categories()
    await views.show(update, context.texts.render(T.CATALOG_CATEGORIES,
                                                  language=context.language),
                     views.categories_keyboard(context.texts, context.language,
                                               found.categories))


async def show_matters(update: Update, context: DaibanContext) -> None:
    """A villager looks at the matters of one kind, a page at a time."""
    page = Page.parse(update.callback_query.data if update.callback_query else None)
    categories = {c.key: c for c in (await context.cases.categories()).categories}
    category = categories.get(views.category_of(page.list_id))
    if category is None:
        raise Expired(page.list_id)  # a kind the catalog no longer has
    found = await context.cases.matters(category.key)
    pages = max(1, -(-len(found.matters) // views.MATTERS_PER_PAGE))
    items = [(getattr(m.name, context.language), MatterCard(m.code, page.page).pack())
             for m in found.matters]
    await views.show(update, context.texts.render(
        T.CATALOG_MATTERS, language=context.language, category=category,
        page=min(page.page, pages - 1) + 1, pages=pages),
        paged(context.texts, context.language, items, page.page, list_id=page.list_id,
              per_page=views.MATTERS_PER_PAGE, back=Categories().pack()))


async def show_card(update: Update, context: DaibanContext) -> None:
    """A villager wants to know what a matter is, how long it takes and where it goes."""
    data = MatterCard.parse(update.callback_query.data if update.callback_query else None)
    matter = await _matter(context, data.code)
    offices = await views.own_offices(context)
    parts = {part: MatterPart(data.code, part, data.page).pack() for part in PARTS}
    await views.show(update, context.texts.render(
        T.CATALOG_CARD, language=context.language, matter=matter,
        way=views.way(matter.route), offices=offices),
        views.card_keyboard(context.texts, context.language, matter, parts,
                            back=Page(views.matters_list_id(matter.category),
                                      data.page).pack()))


async def show_part(update: Update, context: DaibanContext) -> None:
    """A villager wants the list of what to bring, who may apply, or the usual questions."""
    data = MatterPart.parse(update.callback_query.data if update.callback_query else None)
    template = PARTS.get(data.part)
    if template is None:
        raise Expired(data.part)
    matter = await _matter(context, data.code)
    await views.show(update, context.texts.render(template, language=context.language,
                                                  matter=matter),
                     views.part_keyboard(context.texts, context.language, matter,
                                         back=MatterCard(data.code, data.page).pack()))


async def _matter(context: DaibanContext, code: str) -> MatterDetail:
    """The matter a button names; a matter no longer in the catalog is an expired button."""
    try:
        return await context.cases.matter(code)
    except NotFound as gone:
        raise Expired(code) from gone


def handlers(texts: Texts) -> list[BaseHandler[Update, Any, Any]]:
    """The catalog's handlers, for its group in bot.routes (search is added separately,
    after every flow)."""
    return [
        MessageHandler(label_filter(texts, B.MENU_FIND), show_categories),
        CallbackQueryHandler(show_categories, pattern=Categories.pattern()),
        CallbackQueryHandler(show_matters, pattern=Page.pattern_for(views.LIST_TAG)),
        CallbackQueryHandler(show_card, pattern=MatterCard.pattern()),
        CallbackQueryHandler(show_part, pattern=MatterPart.pattern()),
    ]
