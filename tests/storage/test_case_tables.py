"""Guarantees the case tables give by themselves, whatever the code above them does."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, insert, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from backend.storage.tables import case_events, cases, offices, residents, slots

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


async def _seed(connection) -> None:
    office = {"tier": "village", "kind": "village", "name_zh": "x", "name_en": "x",
              "parent_code": None, "address": "x", "phone": "010", "opening_hours": "09:00-17:00",
              "slot_minutes": 30, "slot_capacity": 1, "travel_minutes_to_town": 0,
              "travel_minutes_to_district": 0}
    await connection.execute(insert(offices).values(code="V", **office))
    await connection.execute(insert(residents).values(
        id="r1", messaging_id="1", language="zh", reachable=True, notice_prefs={},
        created_at=NOW, updated_at=NOW))
    await connection.execute(insert(cases).values(
        id="c1", number="PG-2026-000001", resident_id="r1", matter_code="SJ01",
        station_code="V", office_code="V", state="booked", step=0, return_count=0, version=1,
        workflow={}, answers={}, booking_kind="drop_off", created_at=NOW, updated_at=NOW))
    await connection.execute(insert(case_events).values(
        position=1, case_id="c1", version=1, action="book", actor_id="r1",
        acting_role="resident", to_state="booked", office_code="V", to_office_code="V",
        step=0, to_step=0, data={}, at=NOW))


async def test_a_case_event_can_be_neither_changed_nor_deleted(engine) -> None:
    async with engine.begin() as connection:
        await _seed(connection)
    with pytest.raises(DBAPIError, match="append-only"):
        async with engine.begin() as connection:
            await connection.execute(update(case_events).values(reason="rewritten"))
    with pytest.raises(DBAPIError, match="append-only"):
        async with engine.begin() as connection:
            await connection.execute(delete(case_events))


async def test_a_slot_can_never_hold_more_than_its_capacity(engine) -> None:
    async with engine.begin() as connection:
        await _seed(connection)
        await connection.execute(insert(slots).values(
            office_code="V", starts_at=NOW, capacity=1, booked=1))
    with pytest.raises(IntegrityError):
        async with engine.begin() as connection:
            await connection.execute(update(slots).values(booked=slots.c.booked + 1))


async def test_two_events_cannot_share_a_feed_position(engine) -> None:
    async with engine.begin() as connection:
        await _seed(connection)
    with pytest.raises(IntegrityError):
        async with engine.begin() as connection:
            await connection.execute(insert(case_events).values(
                position=1, case_id="c1", version=2, action="claim", actor_id="s",
                acting_role="staff", from_state="booked", to_state="booked", office_code="V",
                to_office_code="V", step=0, to_step=0, data={}, at=NOW))
