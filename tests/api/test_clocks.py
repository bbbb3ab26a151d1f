"""Clocks as the API reports them: working days, holidays, pauses, extensions, 2027."""

from __future__ import annotations

import datetime as dt

from backend.calendar import CalendarSettings, load_calendar
from tests.api.people import (
    STATION,
    add_resident,
    add_staff,
    as_resident,
    as_staff,
    booked_case,
    get,
    post,
    with_key,
)

CALENDAR = load_calendar(CalendarSettings())


async def act(api, case, who, action, **params):
    status, body = await post(api, f"/api/v1/cases/{case['id']}/actions",
                              {"action": action, **params}, with_key(who))
    assert status == 200, body
    return body


async def test_the_service_clock_counts_working_days_from_booking_into_2027(api, engine, catalog,
                                                                           clock):
    resident = await add_resident(engine)
    case = await booked_case(api, resident, "SJ01")
    limit = catalog.matter("SJ01").promised_limit.days
    assert case["service_clock"]["due"] == CALENDAR.add_working_days(clock.now(), limit
                                                                     ).isoformat()
    assert case["service_clock"]["remaining_days"] == limit
    assert not case["service_clock"]["overdue"]
    clock.advance(dt.timedelta(days=60))  # 2027-01-24: past the due date, counted Mon-Fri
    status, seen = await get(api, f"/api/v1/cases/{case['id']}", as_resident(resident))
    assert status == 200
    assert seen["service_clock"]["overdue"] is True
    late = CALENDAR.working_days_between(dt.date.fromisoformat(seen["service_clock"]["due"]),
                                         clock.now())
    assert seen["service_clock"]["remaining_days"] == -late


async def test_waiting_for_material_pauses_the_clocks_and_an_extension_moves_them(
        api, engine, clock):
    resident = await add_resident(engine)
    agent, _ = await add_staff(engine, STATION, "agent")
    supervisor, _ = await add_staff(engine, STATION, "supervisor")
    case = await booked_case(api, resident, "WJ02")
    case = await act(api, case, as_staff(agent), "claim")
    case = await act(api, case, as_staff(agent), "accept")
    due_before = dt.date.fromisoformat(case["service_clock"]["due"])
    case = await act(api, case, as_staff(agent), "request_material",
                     items=["marriage certificate"])
    assert case["state"] == "awaiting_material" and case["service_clock"]["paused"]
    paused_at = clock.now()
    clock.advance(dt.timedelta(days=7))  # a week waiting for the villager
    case = await act(api, case, as_staff(agent), "receive_material")
    paused = CALENDAR.working_days_between(paused_at, clock.now())
    due_after_pause = dt.date.fromisoformat(case["service_clock"]["due"])
    assert due_after_pause == CALENDAR.add_working_days(due_before, paused)
    case = await act(api, case, as_staff(supervisor), "extend", days=5,
                     reason="home investigation delayed by snow")
    assert dt.date.fromisoformat(case["service_clock"]["due"]) == CALENDAR.add_working_days(
        due_after_pause, 5)
    status, again = await post(api, f"/api/v1/cases/{case['id']}/actions",
                               {"action": "extend", "days": 5, "reason": "again"},
                               with_key(as_staff(supervisor)))
    assert (status, again["code"]) == (409, "case.already_extended")


async def test_an_extension_beyond_sixty_working_days_is_refused(api, engine):
    resident = await add_resident(engine)
    agent, _ = await add_staff(engine, STATION, "agent")
    supervisor, _ = await add_staff(engine, STATION, "supervisor")
    case = await booked_case(api, resident, "WJ02")
    for action in ("claim", "accept"):
        case = await act(api, case, as_staff(agent), action)
    status, body = await post(api, f"/api/v1/cases/{case['id']}/actions",
                              {"action": "extend", "days": 61, "reason": "too long"},
                              with_key(as_staff(supervisor)))
    assert (status, body["code"]) == (422, "case.bad_extension_days")


async def test_an_instant_the_calendar_cannot_count_from_is_refused_not_crashed_on(api):
    from tests.api.conftest import AUTH

    status, body = await get(api, "/api/v1/calendar/due-date?days=0&start=0001-01-01T00:00:00"
                                  "%2B14:00", AUTH)
    assert (status, body["code"]) == (422, "calendar.out_of_range")
