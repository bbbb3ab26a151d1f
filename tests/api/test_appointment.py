"""The villager's answer to a material request, and a missed appointment."""

from __future__ import annotations

import datetime as dt
from typing import Any

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


async def act(api, case: dict[str, Any], who: dict[str, str], action: str, expect: int = 200,
              **params: Any) -> dict[str, Any]:
    status, body = await post(api, f"/api/v1/cases/{case['id']}/actions",
                              {"action": action, **params}, with_key(who))
    assert status == expect, (action, body)
    return body


async def test_the_villagers_answer_to_a_material_request_is_an_event_for_the_holder(
        api, engine) -> None:
    villager = await add_resident(engine)
    agent, _ = await add_staff(engine, STATION, "agent")
    case = await booked_case(api, villager)
    status, refused = await post(api, f"/api/v1/cases/{case['id']}/replies",
                                 {"text": "here"}, with_key(as_resident(villager)))
    assert (status, refused["code"]) == (409, "case.wrong_state")
    for action, params in (("claim", {}), ("request_material", {"items": ["户口簿"]})):
        case = await act(api, case, as_staff(agent), action, **params)
    status, refused = await post(api, f"/api/v1/cases/{case['id']}/replies", {"text": "  "},
                                 with_key(as_resident(villager)))
    assert (status, refused["code"]) == (422, "case.reply_empty")
    status, replied = await post(api, f"/api/v1/cases/{case['id']}/replies",
                                 {"text": "户口簿 拍好了", "photos": ["photo-1", "photo-2"]},
                                 with_key(as_resident(villager)))
    assert (status, replied["state"], replied["version"]) == (
        200, "awaiting_material", case["version"] + 1)
    status, page = await get(api, "/api/v1/feed", {"Authorization": "Bearer test-service-token"})
    last = page["events"][-1]
    assert (last["action"], last["reason"], last["holder_id"], last["tells_resident"]) == (
        "reply", "户口簿 拍好了", case["holder_id"], False)
    assert last["data"]["items"] == ["photo-1", "photo-2"]
    status, _ = await post(api, f"/api/v1/cases/{case['id']}/replies", {"text": "x"},
                           with_key(as_staff(agent)))
    assert status == 403


async def test_a_missed_slot_is_offered_only_after_it_started_and_frees_the_place(
        api, engine, clock) -> None:
    villager = await add_resident(engine)
    agent, _ = await add_staff(engine, STATION, "agent")
    draft = await filled_draft(api, villager)
    _, slots = await get(api, f"/api/v1/slots?office={STATION}&days=5", as_resident(villager))
    slot = slots["slots"][0]
    status, case = await post(api, f"/api/v1/drafts/{draft['id']}/submit",
                              {"booking": "slot", "slot_start": slot["starts_at"]},
                              with_key(as_resident(villager)))
    assert status == 201, case
    _, seen = await get(api, f"/api/v1/cases/{case['id']}", as_staff(agent))
    assert "mark_missed" not in seen["allowed_actions"]
    refused = await act(api, seen, as_staff(agent), "mark_missed", expect=409)
    assert refused["code"] == "case.not_yet_missed"
    start = dt.datetime.fromisoformat(slot["starts_at"])
    clock.advance(start - clock.now() + dt.timedelta(minutes=30))
    _, seen = await get(api, f"/api/v1/cases/{case['id']}", as_staff(agent))
    assert "mark_missed" in seen["allowed_actions"]
    _, mine = await get(api, f"/api/v1/cases/{case['id']}", as_resident(villager))
    assert "mark_missed" not in mine["allowed_actions"]
    missed = await act(api, seen, as_staff(agent), "mark_missed")
    assert (missed["state"], missed["booking"]["slot_start"]) == ("booked", None)
    _, events = await get(api, f"/api/v1/cases/{case['id']}/events", as_staff(agent))
    assert (events["events"][-1]["action"], events["events"][-1]["tells_resident"]) == (
        "mark_missed", True)
    missed_at = dt.datetime.fromisoformat(events["events"][-1]["data"]["slot_start"])
    assert missed_at == start  # the villager is told which time they missed


async def test_a_text_no_person_could_type_is_refused_before_anything_is_stored(api, engine
                                                                             ) -> None:
    villager = await add_resident(engine)
    case = await booked_case(api, villager)
    for text in ("户口\x00簿", "a\ud800b"):
        status, refused = await post(api, f"/api/v1/cases/{case['id']}/replies",
                                     {"text": text}, with_key(as_resident(villager)))
        assert (status, refused["code"]) == (422, "request.invalid_text")
    status, refused = await post(api, "/api/v1/staff/join",
                                 {"code": "s-x", "messaging_id": "1", "name": "李\x00"},
                                 with_key({"Authorization": "Bearer test-service-token"}))
    assert (status, refused["code"]) == (422, "request.invalid_text")
