"""A villager's booking through the API: drafts, submit, slots, and the races around them."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import func, select

from backend.storage.tables import case_events, cases
from tests.api.people import (
    STATION,
    add_resident,
    as_resident,
    booked_case,
    filled_draft,
    get,
    post,
    set_capacity,
    valid_answer,
    with_key,
)


async def test_a_villager_answers_the_form_and_gets_one_numbered_case(api, engine, catalog):
    resident = await add_resident(engine)
    draft = await filled_draft(api, resident, "SJ01")
    sensitive = [f.key for f in catalog.matter("SJ01").form if f.sensitive]
    assert draft["missing_required"] == []
    assert draft["station_fields"] == sensitive
    assert not set(sensitive) & set(draft["answers"])
    status, case = await post(api, f"/api/v1/drafts/{draft['id']}/submit",
                              {"booking": "drop_off"}, with_key(as_resident(resident)))
    assert status == 201, case
    assert case["number"] == "PG2026000001"
    assert (case["state"], case["office_code"], case["station_code"]) == (
        "booked", STATION, STATION)
    assert case["allowed_actions"] == ["cancel"]
    assert case["service_clock"]["limit_days"] == catalog.matter("SJ01").promised_limit.days
    status, mine = await get(api, "/api/v1/cases/mine", as_resident(resident))
    assert [c["id"] for c in mine["cases"]] == [case["id"]]


async def test_a_stale_answer_cannot_overwrite_a_newer_one(api, engine):
    resident = await add_resident(engine)
    status, draft = await post(api, "/api/v1/drafts", {"matter_code": "SJ01"},
                               with_key(as_resident(resident)))
    question = draft["next_question"]
    body = {"field": question["key"], "value": valid_answer(question), "version": 1}
    assert (await post(api, f"/api/v1/drafts/{draft['id']}/answers", body,
                       with_key(as_resident(resident))))[0] == 200
    status, refused = await post(api, f"/api/v1/drafts/{draft['id']}/answers", body,
                                 with_key(as_resident(resident)))
    assert (status, refused["code"]) == (409, "draft.stale_version")


@pytest.mark.parametrize("field_type, value, code", [
    ("number", "many", "answer.not_a_number"),
    ("choice", "nonsense", "answer.unknown_choice"),
])
async def test_a_wrong_answer_is_refused_with_its_field_named(api, engine, field_type, value,
                                                             code):
    resident = await add_resident(engine)
    status, draft = await post(api, "/api/v1/drafts", {"matter_code": "SJ01"},
                               with_key(as_resident(resident)))
    detail = (await get(api, "/api/v1/catalog/matters/SJ01", as_resident(resident)))[1]
    field = next(f for f in detail["form"] if f["type"] == field_type and not f["sensitive"])
    status, refused = await post(api, f"/api/v1/drafts/{draft['id']}/answers",
                                 {"field": field["key"], "value": value, "version": 1},
                                 with_key(as_resident(resident)))
    assert (status, refused["code"], refused["details"]["field"]) == (422, code, field["key"])


async def test_an_incomplete_draft_cannot_be_submitted(api, engine):
    resident = await add_resident(engine)
    status, draft = await post(api, "/api/v1/drafts", {"matter_code": "SJ01"},
                               with_key(as_resident(resident)))
    status, refused = await post(api, f"/api/v1/drafts/{draft['id']}/submit",
                                 {"booking": "drop_off"}, with_key(as_resident(resident)))
    assert (status, refused["code"]) == (422, "draft.incomplete")
    assert draft["next_question"]["key"] in refused["details"]["missing"]


async def test_one_submit_retried_twenty_times_at_once_makes_one_case(api, engine):
    resident = await add_resident(engine)
    draft = await filled_draft(api, resident)
    results = await asyncio.gather(*(
        post(api, f"/api/v1/drafts/{draft['id']}/submit", {"booking": "drop_off"},
             with_key(as_resident(resident))) for _ in range(20)))
    assert {status for status, _ in results} == {201}
    assert len({case["id"] for _, case in results}) == 1
    async with engine.connect() as connection:
        assert (await connection.execute(select(func.count()).select_from(cases))).scalar() == 1
        assert (await connection.execute(
            select(func.count()).select_from(case_events))).scalar() == 1


async def test_fifty_villagers_racing_for_five_places_leave_exactly_five_booked(api, engine):
    await set_capacity(engine, STATION, 5)
    residents = [await add_resident(engine) for _ in range(50)]
    drafts = [await filled_draft(api, resident, "WJ01") for resident in residents]
    _status, slots = await get(api, f"/api/v1/slots?office={STATION}&days=2",
                              as_resident(residents[0]))
    start = slots["slots"][0]["starts_at"]
    results = await asyncio.gather(*(
        post(api, f"/api/v1/drafts/{draft['id']}/submit",
             {"booking": "slot", "slot_start": start}, with_key(as_resident(resident)))
        for resident, draft in zip(residents, drafts, strict=True)))
    statuses = sorted(status for status, _ in results)
    assert statuses.count(201) == 5
    assert [body["code"] for status, body in results if status != 201] == ["slot.full"] * 45
    slots = (await get(api, f"/api/v1/slots?office={STATION}&days=2",
                       as_resident(residents[0])))[1]
    assert slots["slots"][0] | {} == slots["slots"][0]
    assert (slots["slots"][0]["booked"], slots["slots"][0]["free"]) == (5, 0)


async def test_a_time_that_is_not_an_offered_slot_is_refused(api, engine):
    resident = await add_resident(engine)
    draft = await filled_draft(api, resident, "WJ01")
    status, refused = await post(api, f"/api/v1/drafts/{draft['id']}/submit",
                                 {"booking": "slot", "slot_start": "2026-11-25T03:17:00+08:00"},
                                 with_key(as_resident(resident)))
    assert (status, refused["code"]) == (422, "slot.not_offered")


async def test_a_home_visit_needs_a_matter_that_offers_one_and_a_reason(api, engine):
    resident = await add_resident(engine)
    draft = await filled_draft(api, resident, "WJ01")  # no home visit for WJ01
    status, refused = await post(api, f"/api/v1/drafts/{draft['id']}/submit",
                                 {"booking": "home_visit", "note": "bedridden"},
                                 with_key(as_resident(resident)))
    assert (status, refused["code"]) == (422, "booking.home_visit_not_offered")
    draft = await filled_draft(api, resident, "SJ01")
    status, refused = await post(api, f"/api/v1/drafts/{draft['id']}/submit",
                                 {"booking": "home_visit"}, with_key(as_resident(resident)))
    assert (status, refused["code"]) == (422, "booking.reason_required")


async def test_rescheduling_frees_the_old_place_and_takes_the_new_one(api, engine):
    resident = await add_resident(engine)
    draft = await filled_draft(api, resident, "WJ01")
    slots = (await get(api, f"/api/v1/slots?office={STATION}&days=2",
                       as_resident(resident)))[1]["slots"]
    first, second = slots[0]["starts_at"], slots[1]["starts_at"]
    status, case = await post(api, f"/api/v1/drafts/{draft['id']}/submit",
                              {"booking": "slot", "slot_start": first},
                              with_key(as_resident(resident)))
    assert status == 201
    status, moved = await post(api, f"/api/v1/cases/{case['id']}/reschedule",
                               {"slot_start": second}, with_key(as_resident(resident)))
    assert status == 200, moved
    slots = (await get(api, f"/api/v1/slots?office={STATION}&days=2",
                       as_resident(resident)))[1]["slots"]
    assert (slots[0]["booked"], slots[1]["booked"]) == (0, 1)
    # The move is a change like any other: one event, in the timeline and the feed.
    assert moved["version"] == case["version"] + 1 and moved["state"] == "booked"
    status, events = await get(api, f"/api/v1/cases/{case['id']}/events",
                               as_resident(resident))
    assert [e["action"] for e in events["events"]] == ["book", "reschedule"]


async def test_a_villager_cannot_read_or_cancel_another_villagers_case(api, engine):
    owner, other = await add_resident(engine), await add_resident(engine)
    case = await booked_case(api, owner)
    status, body = await get(api, f"/api/v1/cases/{case['id']}", as_resident(other))
    assert (status, body["code"]) == (403, "rights.not_yours")
    assert case["number"] not in str(body)
    status, body = await post(api, f"/api/v1/cases/{case['id']}/actions",
                              {"action": "cancel"}, with_key(as_resident(other)))
    assert (status, body["code"]) == (403, "rights.not_yours")


async def test_the_same_idempotency_key_replays_and_a_different_body_is_refused(api, engine):
    resident = await add_resident(engine)
    headers = with_key(as_resident(resident), "same-key")
    first = await post(api, "/api/v1/drafts", {"matter_code": "SJ01"}, headers)
    again = await post(api, "/api/v1/drafts", {"matter_code": "SJ01"}, headers)
    assert first == again
    status, body = await post(api, "/api/v1/drafts", {"matter_code": "CJ01"}, headers)
    assert (status, body["code"]) == (422, "idempotency.key_mismatch")


async def test_a_state_changing_call_without_an_idempotency_key_is_refused(api, engine):
    resident = await add_resident(engine)
    status, body = await post(api, "/api/v1/drafts", {"matter_code": "SJ01"},
                              as_resident(resident))
    assert (status, body["code"]) == (400, "request.idempotency_key_required")


async def test_station_staff_book_for_a_walk_in_with_the_authorization_recorded(api, engine):
    from sqlalchemy import select as select_

    from backend.storage.tables import consents, drafts
    from tests.api.people import add_staff, as_staff

    agent, agent_id = await add_staff(engine, STATION, "agent")
    status, walk_in = await post(api, "/api/v1/walk-ins", {
        "station_code": STATION, "name": " 李  四 ", "phone": "13900139000"},
        with_key(as_staff(agent)))
    assert status == 201, walk_in
    status, refused = await post(api, "/api/v1/drafts", {
        "matter_code": "WJ01", "resident_id": walk_in["resident_id"]},
        with_key(as_staff(agent)))
    assert (status, refused["code"]) == (422, "walk_in.authorization_required")
    status, draft = await post(api, "/api/v1/drafts", {
        "matter_code": "WJ01", "resident_id": walk_in["resident_id"],
        "authorization": {"kind": "written", "note": "signed form kept at the station"}},
        with_key(as_staff(agent)))
    assert (status, draft["registered_by"]) == (201, agent_id)
    while draft["next_question"]:
        question = draft["next_question"]
        status, draft = await post(api, f"/api/v1/drafts/{draft['id']}/answers", {
            "field": question["key"], "value": valid_answer(question),
            "version": draft["version"]}, with_key(as_staff(agent)))
        assert status == 200, draft
    status, case = await post(api, f"/api/v1/drafts/{draft['id']}/submit",
                              {"booking": "drop_off"}, with_key(as_staff(agent)))
    assert status == 201, case
    assert case["resident"]["name"] == "李 四"
    assert case["resident"]["phone"] == "+8613900139000"  # the holding station sees it whole
    status, events = await get(api, f"/api/v1/cases/{case['id']}/events", as_staff(agent))
    assert (events["events"][0]["actor_id"], events["events"][0]["acting_role"]) == (
        agent_id, "agent")
    async with engine.connect() as connection:
        recorded = (await connection.execute(select_(consents.c.recorded_by).where(
            consents.c.resident_id == walk_in["resident_id"]))).scalar_one()
        authorization = (await connection.execute(select_(drafts.c.authorization).where(
            drafts.c.id == draft["id"]))).scalar_one()
    assert recorded == agent_id
    assert authorization == {"kind": "written", "note": "signed form kept at the station"}


async def test_only_staff_of_that_station_may_register_a_walk_in_there(api, engine):
    from tests.api.people import add_staff, as_staff

    elsewhere, _ = await add_staff(engine, "110117108000", "reviewer")
    status, refused = await post(api, "/api/v1/walk-ins", {
        "station_code": STATION, "name": "王五"}, with_key(as_staff(elsewhere)))
    assert (status, refused["code"]) == (403, "rights.not_station_staff")


async def test_erasing_a_villager_keeps_their_cases_but_nothing_they_told_us(api, engine):
    from sqlalchemy import select as select_

    from backend.storage.tables import cases as cases_
    from backend.storage.tables import drafts as drafts_
    from backend.storage.tables import residents
    from tests.api.people import add_staff, as_staff

    resident = await add_resident(engine)
    draft = await filled_draft(api, resident, "SJ01")
    status, case = await post(api, f"/api/v1/drafts/{draft['id']}/submit",
                              {"booking": "home_visit", "note": "bedridden after a stroke"},
                              with_key(as_resident(resident)))
    assert status == 201
    status, erased = await post(api, f"/api/v1/residents/{case['resident']['id']}/erase", {},
                                with_key(as_resident(resident)))
    assert (status, erased["erased"]) == (200, True)
    agent, _ = await add_staff(engine, STATION, "agent")
    status, kept = await get(api, f"/api/v1/cases/{case['id']}", as_staff(agent))
    assert (status, kept["number"], kept["state"]) == (200, case["number"], "booked")
    assert (kept["answers"], kept["booking"]["note"], kept["resident"]["name"]) == ({}, None,
                                                                                     None)
    async with engine.connect() as connection:
        row = (await connection.execute(select_(cases_).where(cases_.c.id == case["id"]))).one()
        person = (await connection.execute(select_(residents).where(
            residents.c.id == case["resident"]["id"]))).one()
        draft_answers = (await connection.execute(select_(drafts_.c.answers).where(
            drafts_.c.id == draft["id"]))).scalar_one()
    assert (row.answers, row.booking_note, draft_answers) == ({}, None, {})
    assert (person.name, person.phone, person.messaging_id) == (None, None, None)


async def test_an_office_queue_masks_phones_while_the_single_case_shows_them_to_its_holder(
        api, engine):
    from tests.api.people import add_staff, as_staff

    resident = await add_resident(engine)
    case = await booked_case(api, resident)
    agent, _ = await add_staff(engine, STATION, "agent")
    status, queue = await get(api, f"/api/v1/cases?office={STATION}", as_staff(agent))
    assert status == 200
    assert queue["cases"][0]["resident"]["phone"] == "+86138****8000"
    status, one = await get(api, f"/api/v1/cases/{case['id']}", as_staff(agent))
    assert one["resident"]["phone"] == "+8613800138000"


async def test_a_repeat_that_arrives_while_the_first_is_still_running_is_refused(api, engine,
                                                                                clock):
    from backend.service.uow import writing
    from backend.storage import idempotency

    resident = await add_resident(engine)
    headers = with_key(as_resident(resident), "running-key")
    body = b'{"matter_code":"SJ01"}'
    import hashlib
    fingerprint = hashlib.sha256(b"\0".join([b"POST", b"/api/v1/drafts", body])).hexdigest()
    async with writing(engine) as uow:
        claim = await idempotency.claim(uow.connection, f"resident:{resident}:running-key",
                                        fingerprint, clock.now(), dt.timedelta(seconds=60))
    assert claim.outcome == "new"
    response = await api.post("/api/v1/drafts", data=body,
                              headers=headers | {"Content-Type": "application/json"})
    assert (response.status, (await response.json())["code"]) == (409, "idempotency.in_progress")
    assert response.headers["Retry-After"] == "1"
    clock.advance(dt.timedelta(seconds=61))  # the first process died: the claim is stale
    response = await api.post("/api/v1/drafts", data=body,
                              headers=headers | {"Content-Type": "application/json"})
    assert response.status == 201


async def test_a_body_over_the_size_limit_is_refused_with_413(api, engine):
    resident = await add_resident(engine)
    response = await api.post("/api/v1/drafts", data=b'{"matter_code":"' + b"x" * 300_000
                              + b'"}', headers=with_key(as_resident(resident))
                              | {"Content-Type": "application/json"})
    assert (response.status, (await response.json())["code"]) == (413, "request.too_large")


async def test_a_household_of_minus_one_people_is_refused(api, engine):
    resident = await add_resident(engine)
    status, draft = await post(api, "/api/v1/drafts", {"matter_code": "SJ01"},
                               with_key(as_resident(resident)))
    status, refused = await post(api, f"/api/v1/drafts/{draft['id']}/answers",
                                 {"field": "household_size", "value": "-1", "version": 1},
                                 with_key(as_resident(resident)))
    assert (status, refused["code"], refused["details"]["minimum"]) == (
        422, "answer.below_minimum", 1)


async def test_a_walk_in_asks_at_the_counter_and_station_staff_erase_their_data(api, engine):
    from tests.api.people import add_staff, as_staff

    agent, _ = await add_staff(engine, STATION, "agent")
    reviewer, _ = await add_staff(engine, "110117108000", "reviewer")
    status, walk_in = await post(api, "/api/v1/walk-ins", {
        "station_code": STATION, "name": "赵六", "phone": "13900139000"},
        with_key(as_staff(agent)))
    path = f"/api/v1/residents/{walk_in['resident_id']}/erase"
    status, refused = await post(api, path, {}, with_key(as_staff(reviewer)))
    assert (status, refused["code"]) == (403, "rights.not_station_staff")
    status, erased = await post(api, path, {}, with_key(as_staff(agent)))
    assert (status, erased["erased"], erased["name"], erased["phone_masked"]) == (
        200, True, None, None)
