"""The catalog's markup and the facts its screens need beyond one matter: the villager's
own offices by tier, the way a matter takes through the tiers, one screen in place."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from backend_client.errors import NotFound
from handlers.callbacks import BookMatter, Page
from handlers.context import DaibanContext
from handlers.keyboards import nav_row
from texts.names import B
from texts.render import Texts
from wire.catalog import CategoryView, MatterDetail, RouteStepView

LIST_TAG = "cat."
"""Page list ids of a category's matters: ``cat.<category key>``."""

MATTERS_PER_PAGE = 4
"""Few big buttons a page: an elderly reader on a small screen should not scroll."""


def matters_list_id(category: str) -> str:
    return f"{LIST_TAG}{category}"


def category_of(list_id: str) -> str:
    return list_id.removeprefix(LIST_TAG)


def way(route: Sequence[RouteStepView]) -> list[str]:
    """The tiers a matter passes through in order, a tier that keeps it for two steps
    named once (village, town, district, village)."""
    tiers: list[str] = []
    for step in route:
        if not tiers or tiers[-1] != step.tier:
            tiers.append(step.tier)
    return tiers


async def own_offices(context: DaibanContext) -> dict[str, str]:
    """This villager's station, town center and district center by tier, named in their
    language; empty for someone not registered yet (the card then names tiers plainly)."""
    if context.messaging_id is None:
        return {}
    try:
        resident = await context.cases.resident_by_messaging_id(
            context.messaging_id, actor=context.resident)
    except NotFound:
        return {}
    names: dict[str, str] = {}
    code = resident.village_code
    while code is not None and len(names) < 3:
        office = await context.cases.office(code)
        names[office.tier] = office.name_en if context.language == "en" else office.name_zh
        code = office.parent_code
    return names


def categories_keyboard(texts: Texts, language: str, categories: Sequence[CategoryView]
                        ) -> InlineKeyboardMarkup:
    """Every category, two a row, each opening the first page of its matters."""
    buttons = [InlineKeyboardButton(
        getattr(category.name, language),
        callback_data=Page(matters_list_id(category.key), 0).pack())
        for category in categories]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    return InlineKeyboardMarkup([*rows, nav_row(texts, language)])


def hits_keyboard(texts: Texts, language: str, items: Sequence[tuple[str, str]], *,
                  by_category: str) -> InlineKeyboardMarkup:
    """One button a found matter (label, data), best first, then [By category], [Home]."""
    rows = [[InlineKeyboardButton(label, callback_data=data)] for label, data in items]
    rows.append([InlineKeyboardButton(texts.button(B.CATALOG_BY_CATEGORY, language=language),
                                      callback_data=by_category)])
    rows.append(nav_row(texts, language))
    return InlineKeyboardMarkup(rows)


def card_keyboard(texts: Texts, language: str, matter: MatterDetail, parts: dict[str, str],
                  back: str) -> InlineKeyboardMarkup:
    """[Book proxy handling], the card's sub-screens (label → data), [Back] [Home]."""
    def button(name: B, data: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(texts.button(name, language=language), callback_data=data)

    return InlineKeyboardMarkup([
        [button(B.CATALOG_BOOK, BookMatter(matter.code).pack())],
        [button(B.CATALOG_MATERIALS, parts["m"]), button(B.CATALOG_ELIGIBILITY, parts["e"])],
        *([[button(B.CATALOG_FAQ, parts["f"])]] if matter.faq else []),
        nav_row(texts, language, back),
    ])


def part_keyboard(texts: Texts, language: str, matter: MatterDetail, back: str
                  ) -> InlineKeyboardMarkup:
    """Under a sub-screen: [Book proxy handling], [Back] to the card, [Home]."""
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(texts.button(B.CATALOG_BOOK, language=language),
                              callback_data=BookMatter(matter.code).pack())],
        nav_row(texts, language, back),
    ])


async def show(update: Update, text: str, markup: InlineKeyboardMarkup) -> None:
    """A pressed button turns its own message into the next screen (the chat stays short);
    a typed request gets a new message."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        await query.edit_message_text(text, reply_markup=markup)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text, reply_markup=markup)
