"""Onboarding's place screens: the towns, a town's villages, a typed name, the check.

The state they run in is onboarding's PLACE (see onboarding.py and onboarding.mmd);
the village is kept by onboarding's `confirm_village`.
"""

from __future__ import annotations

from telegram import Update

from handlers.callbacks import Expired, Page
from handlers.context import DaibanContext
from handlers.resident import identity, places
from handlers.resident import onboarding_screens as screens
from handlers.resident.onboarding_screens import PickTown, PickVillage
from texts.names import T

PLACE = "place"
"""onboarding.Step.PLACE, the state every place screen leaves the conversation in."""


async def towns(update: Update, context: DaibanContext, page: int = 0,
                missed: str = "") -> str:
    """A page of the district's towns (answer a press first)."""
    listed = places.towns(await context.cases.office_tree())
    await identity.show(update, context, context.texts.render(
        T.ONBOARDING_TOWN, language=context.language, missed=missed),
        screens.places(context.texts, context.language, listed, page,
                       list_id=screens.town_list_id()))
    return PLACE


async def change_village(update: Update, context: DaibanContext) -> str:
    """A villager moved, or picked the wrong village (from /me)."""
    await update.callback_query.answer()  # type: ignore[union-attr]
    return await towns(update, context)


async def turn_page(update: Update, context: DaibanContext) -> str:
    """A villager turns a page of towns or of a town's villages."""
    shown = Page.parse(update.callback_query and update.callback_query.data)
    await update.callback_query.answer()  # type: ignore[union-attr]
    town_code = shown.list_id.removeprefix(screens.PLACES)
    if not town_code:
        return await towns(update, context, shown.page)
    return await villages(update, context, town_code, shown.page)


async def pick_town(update: Update, context: DaibanContext) -> str:
    """A villager taps their town: its villages follow."""
    town = PickTown.parse(update.callback_query and update.callback_query.data)
    await update.callback_query.answer()  # type: ignore[union-attr]
    return await villages(update, context, town.code)


async def villages(update: Update, context: DaibanContext, town_code: str,
                   page: int = 0) -> str:
    """A page of one town's village stations."""
    tree = await context.cases.office_tree()
    town = places.find(tree, town_code)
    if town is None:
        raise Expired(town_code)
    await identity.show(update, context, context.texts.render(
        T.ONBOARDING_VILLAGE, language=context.language,
        town=places.place_name(town, context.language)),
        screens.places(context.texts, context.language, places.stations(tree, town_code),
                       page, list_id=screens.town_list_id(town_code),
                       back=Page(screens.town_list_id(), 0).pack()))
    return PLACE


async def pick_village(update: Update, context: DaibanContext) -> str:
    """A villager taps their village: they are asked to confirm it."""
    picked = PickVillage.parse(update.callback_query and update.callback_query.data)
    await update.callback_query.answer()  # type: ignore[union-attr]
    tree = await context.cases.office_tree()
    village = places.find(tree, picked.code)
    town = places.find(tree, village.parent_code or "") if village else None
    if village is None or town is None:
        raise Expired(picked.code)
    language = context.language
    await identity.show(update, context, context.texts.render(
        T.ONBOARDING_CONFIRM, language=language, town=places.place_name(town, language),
        village=places.place_name(village, language)),
        screens.confirm(context.texts, language, village.code))
    return PLACE


async def typed_place(update: Update, context: DaibanContext) -> str:
    """A villager types the name of their town or village instead of tapping."""
    typed = ((update.effective_message and update.effective_message.text) or "").strip()
    found = places.search(await context.cases.office_tree(), typed)
    if not found:
        return await towns(update, context, missed=typed[:40])
    await identity.send(update, context, context.texts.render(
        T.ONBOARDING_FOUND, language=context.language, typed=typed[:40]),
        screens.places(context.texts, context.language, found, 0,
                       list_id=screens.town_list_id(),
                       back=Page(screens.town_list_id(), 0).pack()))
    return PLACE
