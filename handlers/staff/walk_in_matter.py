"""The walk-in flow's matter: words typed search the catalog as the villager's search
does (folk names, pinyin, slips: the case service's search), or the agent picks a
category and a matter; the matter picked opens the draft, with the authorization."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers.callbacks import CallbackData, Expired, Page
from handlers.context import DaibanContext
from handlers.keyboards import paged
from handlers.staff import walk_in_form as form
from handlers.staff._views import StaffHome, button, callback_data, show, staff
from handlers.staff.walk_in_states import (
    AUTHORIZATION,
    DRAFT,
    MATTER_LIST,
    NAME,
    RESIDENT,
    PickCategory,
    PickMatter,
    Step,
)
from texts.names import B, T
from wire.base import LocalText
from wire.catalog import CategoryView

__all__ = ["MATTER_LIST", "category", "picked", "search", "show_categories", "turn_page"]

SEARCH_LIMIT = 100
"""The most the case service's search takes."""
FOUND = 6
MATTERS_PER_PAGE = 6


async def show_categories(update: Update, context: DaibanContext, typed: str = "") -> str:
    """The catalog's categories (after a search that found nothing, saying so)."""
    texts, language = context.texts, context.language
    found = (await context.cases.categories()).categories
    rows = [[_named(item.name, language, PickCategory(item.key))] for item in found]
    rows.append([button(texts, language, B.STAFF_HOME, StaffHome())])
    await show(update, texts.render(T.WALK_IN_MATTER, language=language,
                                    name=context.user_data.get(NAME, ""), typed=typed),
               InlineKeyboardMarkup(rows))
    return Step.MATTER


async def search(update: Update, context: DaibanContext) -> str:
    """An agent types what the villager needs ("低保", "dibao") to find the matter."""
    words = (update.effective_message.text or "") if update.effective_message else ""
    words = words.strip()[:SEARCH_LIMIT]
    hits = (await context.cases.search(words, lang=context.language, limit=FOUND)).hits
    if not hits:
        return await show_categories(update, context, typed=words)
    texts, language = context.texts, context.language
    rows = [[_named(hit.name, language, PickMatter(hit.code))] for hit in hits]
    rows.append([button(texts, language, B.WALK_IN_BY_CATEGORY, PickCategory(""))])
    rows.append([button(texts, language, B.STAFF_HOME, StaffHome())])
    await show(update, texts.render(T.WALK_IN_FOUND, language=language, typed=words),
               InlineKeyboardMarkup(rows))
    return Step.MATTER


async def category(update: Update, context: DaibanContext) -> str:
    """An agent opens a category (or goes back to the categories)."""
    key = PickCategory.parse(callback_data(update)).key
    if not key:
        return await show_categories(update, context)
    return await show_matters(update, context, key)


async def turn_page(update: Update, context: DaibanContext) -> str:
    """An agent turns the page of a category's matters."""
    data = Page.parse(callback_data(update))
    return await show_matters(update, context, data.list_id.removeprefix(MATTER_LIST),
                              data.page)


async def show_matters(update: Update, context: DaibanContext, key: str, page: int = 0
                       ) -> str:
    texts, language = context.texts, context.language
    categories: dict[str, CategoryView] = {
        item.key: item for item in (await context.cases.categories()).categories}
    if key not in categories:
        raise Expired(key)  # a category the catalog no longer has
    matters = (await context.cases.matters(key)).matters
    items = [(str(getattr(item.name, language)), PickMatter(item.code).pack())
             for item in matters]
    markup = paged(texts, language, items, page, list_id=f"{MATTER_LIST}{key}",
                   per_page=MATTERS_PER_PAGE, back=PickCategory("").pack())
    rows = [*markup.inline_keyboard[:-1],
            [button(texts, language, B.BACK, PickCategory("")),
             button(texts, language, B.STAFF_HOME, StaffHome())]]
    pages = max(1, -(-len(matters) // MATTERS_PER_PAGE))
    await show(update, texts.render(T.WALK_IN_MATTERS, language=language,
                                    category=categories[key],
                                    page=min(max(page, 0), pages - 1) + 1, pages=pages),
               InlineKeyboardMarkup(rows))
    return Step.MATTER


def _named(name: LocalText, language: str, data: CallbackData) -> InlineKeyboardButton:
    """A button labelled with the catalog's own name of a category or matter."""
    return InlineKeyboardButton(str(getattr(name, language)), callback_data=data.pack())


async def picked(update: Update, context: DaibanContext) -> str:
    """An agent picks the matter: a draft for the villager, on their authorization."""
    code = PickMatter.parse(callback_data(update)).code
    draft = await context.cases.create_draft(
        code, actor=staff(context), resident_id=context.user_data.get(RESIDENT),
        authorization=context.user_data.get(AUTHORIZATION),
        idempotency_key=context.idempotency_key("walk_in_draft"))
    context.user_data[DRAFT] = draft.id
    return await form.ask(update, context, draft)
