"""Staff through the API: invites, joining, retirement, the audit log and claimants."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from backend.service import staff as staff_service
from backend.service.uow import writing
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

TOWN = "110117108000"
DISTRICT = "110117000000"
OTHER_STATION = "110117001001"


async def invite(api, by: str, office: str, role: str, hours: int = 24):
    return await post(api, "/api/v1/staff/invites",
                      {"office_code": office, "role": role, "valid_hours": hours},
                      with_key(as_staff(by)))


async def join(api, code: str, messaging_id: str, name: str = "李站长"):
    return await post(api, "/api/v1/staff/join",
                      {"code": code, "messaging_id": messaging_id, "name": name,
                       "language": "zh"}, with_key(AUTH))


async def test_a_supervisor_invites_an_agent_who_joins_with_the_code(api, engine) -> None:
    supervisor, _ = await add_staff(engine, STATION, "supervisor")
    status, made = await invite(api, supervisor, STATION, "agent")
    assert status == 201, made
    assert made["code"].startswith("s-")
    status, member = await join(api, made["code"], "777001")
    assert status == 200, member
    assert (member["office_code"], member["role"], member["active"]) == (STATION, "agent", True)
    status, mine = await get(api, "/api/v1/staff/me", as_staff("777001"))
    assert [m["id"] for m in mine["staff"]] == [member["id"]]


async def test_a_used_code_is_refused_and_changes_nothing(api, engine) -> None:
    supervisor, _ = await add_staff(engine, STATION, "supervisor")
    _, made = await invite(api, supervisor, STATION, "agent")
    await join(api, made["code"], "777002")
    status, refused = await join(api, made["code"], "777003")
    assert (status, refused["code"]) == (409, "invite.used")
    _, mine = await get(api, "/api/v1/staff/me", as_staff("777003"))
    assert mine["staff"] == []


async def test_an_expired_or_unknown_code_is_refused(api, engine, clock) -> None:
    supervisor, _ = await add_staff(engine, STATION, "supervisor")
    _, made = await invite(api, supervisor, STATION, "agent", hours=1)
    clock.advance(dt.timedelta(hours=1, seconds=1))
    status, refused = await join(api, made["code"], "777004")
    assert (status, refused["code"]) == (409, "invite.expired")
    status, refused = await join(api, "s-not-a-real-code", "777004")
    assert (status, refused["code"]) == (404, "invite.unknown")
    _, mine = await get(api, "/api/v1/staff/me", as_staff("777004"))
    assert mine["staff"] == []


async def test_two_people_sending_one_code_at_once_make_one_member(api, engine) -> None:
    supervisor, _ = await add_staff(engine, STATION, "supervisor")
    _, made = await invite(api, supervisor, STATION, "agent")
    results = await asyncio.gather(join(api, made["code"], "777005"),
                                   join(api, made["code"], "777006"))
    assert sorted(status for status, _ in results) == [200, 409]
    _, members = await get(api, f"/api/v1/offices/{STATION}/staff", AUTH)
    assert {"777005", "777006"} & {m["messaging_id"] for m in members["staff"]} in (
        {"777005"}, {"777006"})


@pytest.mark.parametrize(("who", "office", "role", "code"), [
    ("agent", STATION, "agent", "staff.not_allowed"),
    ("supervisor", STATION, "supervisor", "staff.not_allowed"),
    ("supervisor", OTHER_STATION, "agent", "staff.not_allowed"),
    ("supervisor", STATION, "reviewer", "staff.role_not_at_office"),
])
async def test_an_invite_beyond_the_inviters_rights_is_refused(api, engine, who, office,
                                                               role, code) -> None:
    inviter, _ = await add_staff(engine, STATION, who)
    status, refused = await invite(api, inviter, office, role)
    assert refused["code"] == code
    assert status in (403, 422)


async def test_a_town_admin_invites_for_its_villages_but_not_for_another_town(api, engine
                                                                             ) -> None:
    admin, _ = await add_staff(engine, TOWN, "admin")
    status, _made = await invite(api, admin, STATION, "supervisor")
    assert status == 201
    status, refused = await invite(api, admin, OTHER_STATION, "agent")
    assert (status, refused["code"]) == (403, "staff.not_allowed")


async def test_a_resident_cannot_invite(api, engine) -> None:
    villager = await add_resident(engine)
    status, refused = await post(api, "/api/v1/staff/invites",
                                 {"office_code": STATION, "role": "agent"},
                                 with_key(as_resident(villager)))
    assert status == 403, refused


async def test_a_retired_member_stops_being_staff_and_may_rejoin(api, engine) -> None:
    supervisor, _ = await add_staff(engine, STATION, "supervisor")
    agent, agent_id = await add_staff(engine, STATION, "agent")
    status, retired = await post(api, f"/api/v1/staff/{agent_id}/retire",
                                 {"reason": "moved away"}, with_key(as_staff(supervisor)))
    assert (status, retired["active"]) == (200, False)
    _, mine = await get(api, "/api/v1/staff/me", as_staff(agent))
    assert mine["staff"] == []
    status, again = await post(api, f"/api/v1/staff/{agent_id}/retire", {},
                               with_key(as_staff(supervisor)))
    assert (status, again["code"]) == (409, "staff.already_retired")
    _, made = await invite(api, supervisor, STATION, "agent")
    status, back = await join(api, made["code"], agent)
    assert (status, back["id"], back["active"]) == (200, agent_id, True)


async def test_nobody_retires_themself_and_agents_retire_nobody(api, engine) -> None:
    supervisor, supervisor_id = await add_staff(engine, STATION, "supervisor")
    agent, agent_id = await add_staff(engine, STATION, "agent")
    status, refused = await post(api, f"/api/v1/staff/{supervisor_id}/retire", {},
                                 with_key(as_staff(supervisor)))
    assert (status, refused["code"]) == (403, "staff.cannot_retire_self")
    status, refused = await post(api, f"/api/v1/staff/{supervisor_id}/retire", {},
                                 with_key(as_staff(agent)))
    assert (status, refused["code"]) == (403, "staff.not_allowed")
    _, members = await get(api, f"/api/v1/offices/{STATION}/staff", AUTH)
    assert {supervisor_id, agent_id} <= {m["id"] for m in members["staff"]}


async def test_the_audit_log_names_who_invited_who_joined_and_who_retired(api, engine
                                                                         ) -> None:
    supervisor, supervisor_id = await add_staff(engine, STATION, "supervisor")
    _, made = await invite(api, supervisor, STATION, "agent")
    _, member = await join(api, made["code"], "777010")
    await post(api, f"/api/v1/staff/{member['id']}/retire", {"reason": "left"},
               with_key(as_staff(supervisor)))
    status, log = await get(api, f"/api/v1/offices/{STATION}/staff/audit",
                            as_staff(supervisor))
    assert status == 200, log
    assert [(e["action"], e["actor_id"]) for e in log["entries"]] == [
        ("retired", supervisor_id), ("joined", supervisor_id), ("invited", supervisor_id)]
    status, _ = await get(api, f"/api/v1/offices/{OTHER_STATION}/staff/audit",
                          as_staff(supervisor))
    assert status == 403


async def test_a_booked_cases_claimants_are_its_stations_active_agents(api, engine) -> None:
    villager = await add_resident(engine)
    _, agent_a = await add_staff(engine, STATION, "agent")
    _, agent_b = await add_staff(engine, STATION, "agent")
    _, retired = await add_staff(engine, STATION, "agent")
    _, supervisor = await add_staff(engine, STATION, "supervisor")
    await add_staff(engine, OTHER_STATION, "agent")
    await add_staff(engine, TOWN, "reviewer")
    await add_staff(engine, STATION, "admin")
    async with writing(engine) as uow:
        await uow.staff.update(retired, active=False)
    case = await booked_case(api, villager)
    status, found = await get(api, f"/api/v1/cases/{case['id']}/claimants", AUTH)
    assert status == 200, found
    assert {m["id"] for m in found["staff"]} == {agent_a, agent_b, supervisor}


async def test_only_the_service_itself_asks_for_claimants(api, engine) -> None:
    villager = await add_resident(engine)
    agent, _ = await add_staff(engine, STATION, "agent")
    case = await booked_case(api, villager)
    status, refused = await get(api, f"/api/v1/cases/{case['id']}/claimants",
                                as_staff(agent))
    assert (status, refused["code"]) == (403, "rights.for_services_only")


async def test_an_operators_invite_needs_no_inviter(engine, api, clock) -> None:
    """The CLI acts as the district itself: no membership, no rights check."""
    async with writing(engine) as uow:
        made = await staff_service.create_invite(clock, uow, None, office_code=DISTRICT,
                                                 role="admin")
    status, member = await join(api, made.code, "777020")
    assert (status, member["role"], member["office_code"]) == (200, "admin", DISTRICT)
