"""Queue filters staff lists need: open only, one holder's cases, the station's cases
wherever they are; a case by its number; the holder's name on the card."""

from __future__ import annotations

from typing import Any

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

TOWN = "110117108000"


async def act(api, case: dict[str, Any], who: str, action: str, **params: Any
              ) -> dict[str, Any]:
    status, body = await post(api, f"/api/v1/cases/{case['id']}/actions",
                              {"action": action, **params}, with_key(as_staff(who)))
    assert status == 200, (action, body)
    return body


async def queue(api, who: str, **query: str) -> list[str]:
    params = "&".join(f"{key}={value}" for key, value in query.items())
    status, body = await get(api, f"/api/v1/cases?{params}", as_staff(who))
    assert status == 200, body
    return [case["id"] for case in body["cases"]]


async def test_the_station_follows_its_cases_up_the_tiers_and_skips_closed_ones(api, engine
                                                                               ) -> None:
    agent, _ = await add_staff(engine, STATION, "agent")
    climbing = await booked_case(api, await add_resident(engine), "SJ01")
    for action in ("claim", "accept", "forward"):
        climbing = await act(api, climbing, agent, action)
    refused = await booked_case(api, await add_resident(engine), "SJ01")
    refused = await act(api, refused, agent, "claim")
    refused = await act(api, refused, agent, "refuse", reason="not eligible")
    waiting = await booked_case(api, await add_resident(engine), "SJ01")
    assert set(await queue(api, agent, office=STATION)) == {refused["id"], waiting["id"]}
    assert set(await queue(api, agent, office=STATION, where="station")) == {
        climbing["id"], refused["id"], waiting["id"]}
    assert set(await queue(api, agent, office=STATION, where="station", open="true")) == {
        climbing["id"], waiting["id"]}


async def test_a_supervisor_lists_the_cases_one_colleague_holds(api, engine) -> None:
    supervisor, _ = await add_staff(engine, STATION, "supervisor")
    agent, agent_id = await add_staff(engine, STATION, "agent")
    other, _ = await add_staff(engine, STATION, "agent")
    held = await act(api, await booked_case(api, await add_resident(engine)), agent, "claim")
    await act(api, await booked_case(api, await add_resident(engine)), other, "claim")
    assert await queue(api, supervisor, office=STATION, holder=agent_id) == [held["id"]]


async def test_a_case_is_found_by_its_number_as_typed_and_shows_who_holds_it(api, engine
                                                                            ) -> None:
    villager = await add_resident(engine)
    agent, _ = await add_staff(engine, STATION, "agent")
    case = await act(api, await booked_case(api, villager), agent, "claim")
    typed = "-".join(case["number"].lower())
    status, found = await get(api, f"/api/v1/cases/by-number/{typed}", as_staff(agent))
    assert (status, found["id"], found["holder_name"]) == (200, case["id"], "Staff agent")
    status, _ = await get(api, f"/api/v1/cases/by-number/{case['number']}",
                          as_resident(await add_resident(engine)))
    assert status == 403
    status, found = await get(api, f"/api/v1/cases/by-number/{case['number'][2:]}",
                              as_staff(agent))
    assert (status, found["id"]) == (200, case["id"])  # the digits only, as read out
    status, refused = await get(api, "/api/v1/cases/by-number/PG2026999999", as_staff(agent))
    assert (status, refused["code"]) == (404, "case.unknown")


async def test_the_town_cannot_read_a_stations_list_of_another_town(api, engine) -> None:
    stranger, _ = await add_staff(engine, "110117001000", "reviewer")
    status, _ = await get(api, f"/api/v1/cases?office={STATION}&where=station",
                          as_staff(stranger))
    assert status == 403
