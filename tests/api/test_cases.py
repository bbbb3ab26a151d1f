"""The tier workflow through the API: staff at every tier, races, numbers, the feed."""

from __future__ import annotations

import asyncio
import random

import pytest

from backend.storage.drafts import DraftRepository
from tests.api.conftest import AUTH
from tests.api.people import (
    STATION,
    add_resident,
    add_staff,
    as_resident,
    as_staff,
    booked_case,
    filled_draft,
    get,
    post,
    with_key,
)

TOWN = "110117108000"  # 马昌营镇, the station's town center
DISTRICT = "110117000000"


async def act(api, case: dict, who: dict, action: str, **params) -> dict:
    status, body = await post(api, f"/api/v1/cases/{case['id']}/actions",
                              {"action": action, **params}, with_key(who))
    assert status == 200, (action, body)
    return body


async def test_a_case_climbs_village_town_district_and_comes_back_delivered(api, engine):
    resident = await add_resident(engine)
    agent, _ = await add_staff(engine, STATION, "agent")
    staff_for = {
        ("town", "review"): (await add_staff(engine, TOWN, "reviewer"))[0],
        ("district", "review"): (await add_staff(engine, DISTRICT, "reviewer"))[0],
        ("district", "approve"): (await add_staff(engine, DISTRICT, "approver"))[0],
    }
    # CJ03: village accept -> town review -> district review -> district approve -> deliver
    case = await booked_case(api, resident, "CJ03")
    for action in ("claim", "accept", "forward"):
        case = await act(api, case, as_staff(agent), action)
    tiers = []
    while case["state"] != "approved":
        who = as_staff(staff_for[(case["step_tier"], case["step_action"])])
        tiers.append((case["step_tier"], case["step_action"]))
        if case["holder_id"] is None:
            case = await act(api, case, who, "claim")
        case = await act(api, case, who,
                         "approve" if "approve" in case["allowed_actions"] else "forward")
    assert tiers == [("town", "review"), ("district", "review"), ("district", "approve")]
    approver = staff_for[("district", "approve")]
    case = await act(api, case, as_staff(approver), "mark_result_ready")
    if case["holder_id"] is None:
        case = await act(api, case, as_staff(agent), "claim")
    case = await act(api, case, as_staff(agent), "deliver")
    assert case["state"] == "delivered"
    case = await act(api, case, as_resident(resident), "rate", score=5)
    assert case["rating"] == 5
    _status, events = await get(api, f"/api/v1/cases/{case['id']}/events", as_resident(resident))
    versions = [event["version"] for event in events["events"]]
    assert versions == list(range(1, case["version"] + 1))
    assert events["events"][0]["action"] == "book"


async def test_two_agents_claiming_at_once_make_exactly_one_transition(api, engine):
    resident = await add_resident(engine)
    agents = [await add_staff(engine, STATION, "agent") for _ in range(2)]
    case = await booked_case(api, resident)
    results = await asyncio.gather(*(
        post(api, f"/api/v1/cases/{case['id']}/actions", {"action": "claim"},
             with_key(as_staff(agent))) for agent, _ in agents))
    assert sorted(status for status, _ in results) == [200, 409]
    refused = next(body for status, body in results if status == 409)
    assert refused["code"] == "case.already_claimed"
    _status, events = await get(api, f"/api/v1/cases/{case['id']}/events", as_resident(resident))
    assert [event["action"] for event in events["events"]] == ["book", "claim"]


async def test_a_button_pressed_after_the_case_moved_on_changes_nothing(api, engine):
    resident = await add_resident(engine)
    agent, _ = await add_staff(engine, STATION, "agent")
    case = await booked_case(api, resident)
    await act(api, case, as_staff(agent), "claim")
    status, body = await post(api, f"/api/v1/cases/{case['id']}/actions",
                              {"action": "accept", "expected_version": 1},
                              with_key(as_staff(agent)))
    assert (status, body["code"]) == (409, "case.moved_on")


@pytest.mark.parametrize("who, action, code, status", [
    ("resident", "claim", "case.not_allowed", 403),
    ("reviewer", "claim", "case.not_allowed", 403),
    ("agent", "approve", "case.wrong_state", 409),
    ("agent", "refuse", "case.not_allowed", 403),
])
async def test_an_action_the_viewer_may_not_take_is_refused_by_the_service(
        api, engine, who, action, code, status):
    resident = await add_resident(engine)
    case = await booked_case(api, resident)
    if who == "resident":
        headers = as_resident(resident)
    else:
        office = STATION if who == "agent" else TOWN
        headers = as_staff((await add_staff(engine, office, who))[0])
    got, body = await post(api, f"/api/v1/cases/{case['id']}/actions", {"action": action},
                           with_key(headers))
    assert (got, body["code"]) == (status, code)


async def test_refusing_without_a_reason_is_refused(api, engine):
    resident = await add_resident(engine)
    agent, _ = await add_staff(engine, STATION, "agent")
    case = await act(api, await booked_case(api, resident), as_staff(agent), "claim")
    status, body = await post(api, f"/api/v1/cases/{case['id']}/actions",
                              {"action": "refuse"}, with_key(as_staff(agent)))
    assert (status, body["code"]) == (422, "case.reason_required")


async def test_concurrent_submits_some_failing_after_drawing_a_number_leave_no_gaps(
        api, engine, monkeypatch):
    count = 200
    residents = [await add_resident(engine) for _ in range(count)]
    drafts = [await filled_draft(api, resident, "WJ01") for resident in residents]
    doomed = {draft["id"] for draft in random.Random(7).sample(drafts, 40)}
    original = DraftRepository.mark_submitted

    async def flaky(self, draft_id, case_id, now):
        if draft_id in doomed:
            raise RuntimeError("disk full, after the number was drawn")
        return await original(self, draft_id, case_id, now)

    monkeypatch.setattr(DraftRepository, "mark_submitted", flaky)
    results = await asyncio.gather(*(
        post(api, f"/api/v1/drafts/{draft['id']}/submit", {"booking": "drop_off"},
             with_key(as_resident(resident)))
        for resident, draft in zip(residents, drafts, strict=True)))
    numbers = sorted(body["number"] for status, body in results if status == 201)
    assert len(numbers) == count - len(doomed)
    assert numbers == [f"PG2026{n:06d}" for n in range(1, len(numbers) + 1)]
    assert [status for status, _ in results].count(500) == len(doomed)


async def test_a_feed_reader_with_a_cursor_misses_no_event_while_writers_race(api, engine):
    residents = [await add_resident(engine) for _ in range(12)]
    agents = [await add_staff(engine, STATION, "agent") for _ in range(3)]
    seen: list[int] = []
    done = asyncio.Event()

    async def reader() -> None:
        cursor = 0
        while True:
            finished = done.is_set()
            status, page = await get(api, f"/api/v1/feed?after={cursor}&wait=0.3", AUTH)
            assert status == 200
            seen.extend(event["position"] for event in page["events"])
            cursor = page["cursor"]
            if finished and not page["events"]:
                return

    async def writer(resident: str, agent: str) -> None:
        case = await booked_case(api, resident)
        await post(api, f"/api/v1/cases/{case['id']}/actions", {"action": "claim"},
                   with_key(as_staff(agent)))

    task = asyncio.create_task(reader())
    await asyncio.gather(*(writer(r, agents[i % 3][0]) for i, r in enumerate(residents)))
    done.set()
    await task
    _status, everything = await get(api, "/api/v1/feed?after=0&limit=1000", AUTH)
    positions = [event["position"] for event in everything["events"]]
    assert seen == positions
    assert positions == sorted(set(positions))
    assert len(positions) == 24


async def test_the_feed_is_for_services_not_for_people(api, engine):
    resident = await add_resident(engine)
    status, body = await get(api, "/api/v1/feed", as_resident(resident))
    assert (status, body["code"]) == (403, "rights.feed_is_for_services")


async def test_a_long_poll_returns_as_soon_as_an_event_arrives(api, engine):
    resident = await add_resident(engine)
    _, page = await get(api, "/api/v1/feed?after=0", AUTH)
    cursor = page["cursor"]
    waiting = asyncio.create_task(get(api, f"/api/v1/feed?after={cursor}&wait=10", AUTH))
    await asyncio.sleep(0.3)
    assert not waiting.done()
    await booked_case(api, resident)
    _status, page = await asyncio.wait_for(waiting, timeout=5)
    assert [event["action"] for event in page["events"]][-1] == "book"
