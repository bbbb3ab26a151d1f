"""Picking a town and village: lists in the district's order, search by name or pinyin."""

from __future__ import annotations

import pytest

from handlers.callbacks import parse
from handlers.resident.onboarding_screens import ConfirmVillage, PickTown, PickVillage
from handlers.resident.places import search, stations, towns
from handlers.resident.profile_screens import Erase, Open, SetNotice
from wire.offices import OfficeNode, OfficeTree, OfficeView


def _office(code: str, tier: str, name_zh: str, name_en: str, parent: str | None) -> OfficeView:
    return OfficeView(code=code, tier=tier, kind=tier, name_zh=name_zh, name_en=name_en,
                      parent_code=parent, address="", phone="", opening_hours="",
                      slot_minutes=30, slot_capacity=2, travel_minutes_to_town=0,
                      travel_minutes_to_district=0)


def _tree() -> OfficeTree:
    district = _office("110117000000", "district", "平谷区政务服务中心",
                       "Pinggu District Government Service Center", None)
    town = _office("110117108000", "town", "马昌营镇政务服务中心",
                   "Machangying Town Government Service Center", district.code)
    other = _office("110117005000", "town", "马坊镇政务服务中心",
                    "Mafang Town Government Service Center", district.code)
    village = _office("110117108201", "village", "马昌营村便民代办服务站",
                      "Machangying Village Proxy Service Station", town.code)
    return OfficeTree(count=4, roots=[OfficeNode(office=district, children=[
        OfficeNode(office=other),
        OfficeNode(office=town, children=[OfficeNode(office=village)])])])


def test_towns_come_in_the_districts_order_and_a_town_lists_its_villages() -> None:
    tree = _tree()
    assert [office.code for office in towns(tree)] == ["110117005000", "110117108000"]
    assert [office.code for office in stations(tree, "110117108000")] == ["110117108201"]


@pytest.mark.parametrize("typed", ["马昌营", "machangying", "Ma Chang Ying", "MACHANGYING"])
def test_a_typed_name_finds_the_town_first_then_its_village(typed: str) -> None:
    assert [office.code for office in search(_tree(), typed)] == [
        "110117108000", "110117108201"]


def test_a_name_that_matches_nothing_finds_nothing_and_the_district_is_never_offered() -> None:
    assert search(_tree(), "上海") == []
    assert search(_tree(), "平谷区") == []
    assert search(_tree(), "   ") == []


@pytest.mark.parametrize("data", [PickTown("110117108000"), PickVillage("110117108201"),
                                  ConfirmVillage("110117108201"), Open("languages"),
                                  SetNotice("broadcasts", 0), Erase("yes")])
def test_onboarding_and_profile_buttons_pack_small_and_parse_back(data: object) -> None:
    packed = data.pack()  # type: ignore[attr-defined]
    assert len(packed.encode()) <= 64 and parse(packed) == data
