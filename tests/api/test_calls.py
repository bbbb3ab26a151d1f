"""The station's call list and staff ringing a villager, through the API."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from backend.service.uow import writing
from backend.storage.tables import call_log, residents
from tests.api.people import (
    STATION,
    add_resident,
    add_staff,
    as_resident,
    as_staff,
    booked_case,
    get,
    post,
    valid_answer,
    with_key,
)

OTHER_STATION = "110117001001"


async def walk_in_case(api, agent: str, matter: str = "WJ01") -> dict[str, Any]:
    """A villager without a phone of their own, booked at the counter by the agent."""
    status, walk_in = await post(api, "/api/v1/walk-ins", {
        "station_code": STATION, "name": "李四", "phone": "13900139000"},
        with_key(as_staff(agent)))
    assert status == 201, walk_in
    status, draft = await post(api, "/api/v1/drafts", {
        "matter_code": matter, "resident_id": walk_in["resident_id"],
        "authorization": {"kind": "written", "note": "signed form kept at the station"}},
        with_key(as_staff(agent)))
    assert status == 201, draft
    while draft["next_question"]:
        question = draft["next_question"]
        status, draft = await post(api, f"/api/v1/drafts/{draft['id']}/answers", {
            "field": question["key"], "value": valid_answer(question),
            "version": draft["version"]}, with_key(as_staff(agent)))
    status, case = await post(api, f"/api/v1/drafts/{draft['id']}/submit",
                              {"booking": "drop_off"}, with_key(as_staff(agent)))
    assert status == 201, case
    return case


async def act(api, who: str, case: dict[str, Any], action: str, **params: Any
              ) -> dict[str, Any]:
    status, body = await post(api, f"/api/v1/cases/{case['id']}/actions",
                              {"action": action, **params}, with_key(as_staff(who)))
    assert status == 200, body
    return body


async def tasks(api, who: str, open_only: bool = True) -> list[dict[str, Any]]:
    status, body = await get(
        api, f"/api/v1/offices/{STATION}/call-tasks?open={str(open_only).lower()}",
        as_staff(who))
    assert status == 200, body
    return body["tasks"]


async def test_news_for_a_walk_in_villager_becomes_one_call_task_per_event(api, engine
                                                                          ) -> None:
    agent, _ = await add_staff(engine, STATION, "agent")
    case = await walk_in_case(api, agent)
    case = await act(api, agent, case, "claim")
    case = await act(api, agent, case, "accept")
    found = await tasks(api, agent)
    assert [t["event"]["action"] for t in found] == ["book", "accept"]
    assert all(t["event"]["tells_resident"] for t in found)
    assert found[0]["phone"] == "+8613900139000" and found[0]["resident_name"] == "李四"
    assert found[1]["case_number"] == case["number"]


async def test_a_villager_in_the_chat_gets_no_call_tasks_until_unreachable(api, engine
                                                                          ) -> None:
    villager = await add_resident(engine)
    agent, _ = await add_staff(engine, STATION, "agent")
    case = await booked_case(api, villager)
    case = await act(api, agent, case, "claim")
    case = await act(api, agent, case, "accept")
    assert await tasks(api, agent) == []
    async with writing(engine) as uow:
        await uow.connection.execute(residents.update()
                                     .where(residents.c.messaging_id == villager)
                                     .values(reachable=False))
    await act(api, agent, case, "request_material", items=["户口簿"])
    assert [t["event"]["action"] for t in await tasks(api, agent)] == ["request_material"]


async def test_a_task_closes_once_and_a_failed_try_only_counts(api, engine) -> None:
    agent, _ = await add_staff(engine, STATION, "agent")
    await walk_in_case(api, agent)
    task = (await tasks(api, agent))[0]
    status, tried = await post(api, f"/api/v1/call-tasks/{task['id']}/done",
                               {"outcome": "not_reached", "note": "no answer"},
                               with_key(as_staff(agent)))
    assert (status, tried["attempts"], tried["done_at"]) == (200, 1, None)
    status, done = await post(api, f"/api/v1/call-tasks/{task['id']}/done",
                              {"outcome": "reached"}, with_key(as_staff(agent)))
    assert (status, done["outcome"], done["attempts"]) == (200, "reached", 2)
    status, again = await post(api, f"/api/v1/call-tasks/{task['id']}/done",
                               {"outcome": "visited"}, with_key(as_staff(agent)))
    assert (status, again["code"]) == (409, "call_task.already_done")
    assert await tasks(api, agent) == []
    assert len(await tasks(api, agent, open_only=False)) == 1


async def test_another_stations_agent_sees_and_closes_no_task_here(api, engine) -> None:
    agent, _ = await add_staff(engine, STATION, "agent")
    stranger, _ = await add_staff(engine, OTHER_STATION, "agent")
    await walk_in_case(api, agent)
    task = (await tasks(api, agent))[0]
    status, _ = await get(api, f"/api/v1/offices/{STATION}/call-tasks", as_staff(stranger))
    assert status == 403
    status, _ = await post(api, f"/api/v1/call-tasks/{task['id']}/done",
                           {"outcome": "reached"}, with_key(as_staff(stranger)))
    assert status == 403
    assert len(await tasks(api, agent)) == 1


async def test_ringing_a_villager_shows_the_full_number_and_is_logged(api, engine) -> None:
    villager = await add_resident(engine)
    agent, agent_id = await add_staff(engine, STATION, "agent")
    stranger, _ = await add_staff(engine, OTHER_STATION, "agent")
    case = await booked_case(api, villager)
    status, call = await post(api, f"/api/v1/cases/{case['id']}/calls", {},
                              with_key(as_staff(agent)))
    assert (status, call["phone"]) == (200, "+8613800138000")
    for refused_headers in (as_staff(stranger), as_resident(villager)):
        status, _ = await post(api, f"/api/v1/cases/{case['id']}/calls", {},
                               with_key(refused_headers))
        assert status == 403
    async with engine.connect() as connection:
        logged = (await connection.execute(select(call_log.c.staff_id))).scalars().all()
    assert logged == [agent_id]


async def test_the_feed_says_which_events_are_news_for_the_villager(api, engine) -> None:
    villager = await add_resident(engine)
    agent, _ = await add_staff(engine, STATION, "agent")
    case = await booked_case(api, villager)
    case = await act(api, agent, case, "claim")
    await act(api, agent, case, "accept")
    status, page = await get(api, "/api/v1/feed", {"Authorization": "Bearer test-service-token"})
    assert status == 200, page
    assert [(e["action"], e["tells_resident"]) for e in page["events"]] == [
        ("book", False), ("claim", False), ("accept", True)]
