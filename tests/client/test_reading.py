"""Reading the catalog, the offices, the calendar and the slots: typed answers."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from tests.api.people import STATION
from wire.calendar import DueDate, Opening
from wire.catalog import CategoryList, MatterDetail, MatterList, SearchResult
from wire.drafts import SlotList
from wire.offices import OfficeTree, OfficeView

SHANGHAI = ZoneInfo("Asia/Shanghai")


async def test_a_search_answers_with_typed_hits_best_first(client):
    result = await client.search("低保")
    assert isinstance(result, SearchResult)
    assert result.hits[0].code == "SJ01"
    assert result.hits[0].name.zh
    assert [hit.score for hit in result.hits] == sorted(
        (hit.score for hit in result.hits), reverse=True)
    english = await client.search("pension", lang="en", limit=2)
    assert len(english.hits) == 2


async def test_a_matter_comes_back_with_its_form_route_and_limits(client, catalog):
    matter = await client.matter("SJ01")
    assert isinstance(matter, MatterDetail)
    expected = catalog.matter("SJ01")
    assert matter.name.zh == expected.name.zh
    assert [field.key for field in matter.form] == [field.key for field in expected.form]
    assert matter.route and matter.promised_limit.days == expected.promised_limit.days


async def test_categories_and_the_matters_of_one_category_agree(client):
    categories = await client.categories()
    assert isinstance(categories, CategoryList)
    first = categories.categories[0]
    matters = await client.matters(first.key)
    assert isinstance(matters, MatterList)
    assert len(matters.matters) == first.matter_count
    assert {m.category for m in matters.matters} == {first.key}
    everything = await client.matters()
    assert len(everything.matters) == sum(c.matter_count for c in categories.categories)


async def test_the_office_tree_holds_the_village_station_under_its_town(client):
    tree = await client.office_tree()
    assert isinstance(tree, OfficeTree)
    [district] = tree.roots
    assert district.office.tier == "district"
    station = next(village for town in district.children for village in town.children
                   if village.office.code == STATION)
    assert station.office.tier == "village"
    office = await client.office(STATION)
    assert isinstance(office, OfficeView)
    assert office == station.office


async def test_the_calendar_counts_working_days_and_knows_opening_hours(client):
    wednesday = dt.datetime(2026, 11, 25, 20, 0, tzinfo=SHANGHAI)
    due = await client.due_date(wednesday, 3)
    assert isinstance(due, DueDate)
    assert due.due == dt.date(2026, 11, 30)  # Thursday, Friday, then Monday
    natural = await client.due_date(wednesday, 2, "natural_days")
    assert natural.due == dt.date(2026, 11, 27)
    friday_evening = dt.datetime(2026, 11, 27, 20, 0, tzinfo=SHANGHAI)
    opening = await client.next_opening(STATION, friday_evening)
    assert isinstance(opening, Opening)
    assert not opening.open_now
    assert opening.next_opening.date() == dt.date(2026, 11, 30)


async def test_the_slots_of_a_station_are_typed_with_their_free_places(client):
    slots = await client.slots(STATION, days=2)
    assert isinstance(slots, SlotList)
    assert slots.office == STATION
    assert slots.slots and all(s.free == s.capacity - s.booked for s in slots.slots)
