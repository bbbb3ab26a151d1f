"""Family members following a villager's case through a one-time link."""

from __future__ import annotations

import datetime as dt

from tests.api.conftest import AUTH
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


async def share(api, villager: str, case_id: str) -> tuple[int, dict]:
    return await post(api, f"/api/v1/cases/{case_id}/follow-links", {},
                      with_key(as_resident(villager)))


async def follow(api, code: str, messaging_id: str, name: str = "儿子") -> tuple[int, dict]:
    return await post(api, "/api/v1/follow", {"code": code, "messaging_id": messaging_id,
                                              "name": name}, with_key(AUTH))


async def test_a_shared_link_makes_one_follower_the_bot_can_reach(api, engine) -> None:
    villager = await add_resident(engine)
    case = await booked_case(api, villager)
    status, link = await share(api, villager, case["id"])
    assert status == 201 and link["code"].startswith("f-")
    status, follower = await follow(api, link["code"], "66601")
    assert (status, follower["case_id"], follower["name"]) == (200, case["id"], "儿子")
    assert (follower["case_number"], follower["matter_code"]) == (case["number"],
                                                                  case["matter_code"])
    status, seen = await get(api, f"/api/v1/cases/{case['id']}/followers", AUTH)
    assert [(f["messaging_id"], f["name"]) for f in seen["followers"]] == [("66601", "儿子")]
    status, mine = await get(api, f"/api/v1/cases/{case['id']}/followers",
                             as_resident(villager))
    assert [(f["messaging_id"], f["name"]) for f in mine["followers"]] == [(None, "儿子")]
    status, refused = await follow(api, link["code"], "66602")
    assert (status, refused["code"]) == (409, "follow.used")


async def test_a_link_expires_and_the_villager_cannot_follow_themself(api, engine, clock
                                                                     ) -> None:
    villager = await add_resident(engine)
    case = await booked_case(api, villager)
    _, link = await share(api, villager, case["id"])
    status, refused = await follow(api, link["code"], villager)
    assert (status, refused["code"]) == (409, "follow.own_case")
    clock.advance(dt.timedelta(hours=72))
    status, refused = await follow(api, link["code"], "66603")
    assert (status, refused["code"]) == (409, "follow.expired")
    status, refused = await follow(api, "f-nothing-like-it", "66603")
    assert (status, refused["code"]) == (404, "follow.unknown")


async def test_only_the_villager_shares_and_removes_and_a_removed_follower_is_gone(
        api, engine) -> None:
    villager = await add_resident(engine)
    agent, _ = await add_staff(engine, STATION, "agent")
    case = await booked_case(api, villager)
    for headers in (as_resident(await add_resident(engine)), as_staff(agent)):
        status, refused = await post(api, f"/api/v1/cases/{case['id']}/follow-links", {},
                                     with_key(headers))
        assert status == 403, refused
    _, link = await share(api, villager, case["id"])
    _, follower = await follow(api, link["code"], "66604")
    status, refused = await post(api, f"/api/v1/followers/{follower['id']}/remove", {},
                                 with_key(as_staff(agent)))
    assert status == 403
    status, removed = await post(api, f"/api/v1/followers/{follower['id']}/remove", {},
                                 with_key(as_resident(villager)))
    assert (status, removed["removed_at"] is not None) == (200, True)
    _, seen = await get(api, f"/api/v1/cases/{case['id']}/followers", AUTH)
    assert seen["followers"] == []
    status, again = await post(api, f"/api/v1/followers/{follower['id']}/remove", {},
                               with_key(as_resident(villager)))
    assert (status, again["code"]) == (409, "follow.already_removed")
    _, link = await share(api, villager, case["id"])
    status, _ = await follow(api, link["code"], "66604")
    assert status == 200  # removed, then invited again: follows again


async def test_erasing_the_villager_ends_every_follow_of_their_cases(api, engine) -> None:
    villager = await add_resident(engine)
    case = await booked_case(api, villager)
    _, link = await share(api, villager, case["id"])
    _, unused = await share(api, villager, case["id"])
    await follow(api, link["code"], "66605")
    _, me = await get(api, f"/api/v1/residents/by-messaging-id/{villager}",
                      as_resident(villager))
    status, _ = await post(api, f"/api/v1/residents/{me['id']}/erase", {},
                           with_key(as_resident(villager)))
    assert status == 200
    _, seen = await get(api, f"/api/v1/cases/{case['id']}/followers", AUTH)
    assert seen["followers"] == []
    status, refused = await follow(api, unused["code"], "66606")
    assert (status, refused["code"]) == (409, "follow.expired")
