"""Residents through the live API: registration is consent, data masked, erasure keeps cases."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json

import pytest
from sqlalchemy import insert, select

from backend.service.privacy import IdCipher
from backend.storage.tables import cases, consents, drafts, residents, staff
from tests.api.conftest import AUTH, KEY
from tests.api.people import as_resident, as_staff

NOTICE = "2026-11"
ID_NUMBER = "440301198506151238"  # valid GB 11643 check digit, born 1985-06-15
VILLAGE = "110117108201"
TOWN = "110117108000"
AT = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)

_keys = itertools.count(1)


async def call(api, method: str, path: str, headers=AUTH, body=None, key: str | None = None):
    headers = dict(headers)
    if method != "GET":
        headers["Idempotency-Key"] = key or f"test-{next(_keys)}"
    response = await api.request(method, path, headers=headers,
                                 data=None if body is None else json.dumps(body))
    return response.status, await response.json()


async def register(api, messaging_id: str, **extra):
    body = {"messaging_id": messaging_id, "language": "zh",
            "privacy_notice_version": NOTICE} | extra
    return await call(api, "POST", "/api/v1/residents", as_resident(messaging_id), body)


async def registered(api, messaging_id: str) -> dict:
    status, body = await register(api, messaging_id)
    assert status == 201, body
    return body


async def patch(api, resident: dict, body: dict, headers=None):
    return await call(api, "PATCH", f"/api/v1/residents/{resident['id']}",
                      headers or as_resident(resident["messaging_id"]), body)


async def consent(api, resident: dict, kind: str, version: str = NOTICE):
    return await call(api, "POST", f"/api/v1/residents/{resident['id']}/consents",
                      as_resident(resident["messaging_id"]),
                      {"kind": kind, "notice_version": version})


async def stored_row(engine, resident_id: str):
    async with engine.connect() as connection:
        return (await connection.execute(
            select(residents).where(residents.c.id == resident_id))).one()


async def seed_staff(engine, messaging_id: str, *, active: bool = True) -> None:
    async with engine.begin() as connection:
        await connection.execute(insert(staff).values(
            id=f"staff-{messaging_id}", messaging_id=messaging_id, name="Agent",
            office_code=VILLAGE, role="agent", active=active, created_at=AT, updated_at=AT))


# --- registration --------------------------------------------------------------------


async def test_a_registered_resident_can_be_read_by_messaging_id_and_by_id(api):
    created = await registered(api, "1001")
    assert created["messaging_id"] == "1001"
    assert created["language"] == "zh"
    assert created["reachable"] is True
    assert created["erased"] is False
    assert created["notice_prefs"] == {"broadcasts": True, "reminders": True}
    assert [(c["kind"], c["notice_version"], c["withdrawn_at"]) for c in created["consents"]] \
        == [("privacy", NOTICE, None)]
    assert dt.datetime.fromisoformat(created["consents"][0]["given_at"]) == dt.datetime(
        2026, 11, 25, 2, 0, tzinfo=dt.UTC)
    status, by_messaging_id = await call(api, "GET", "/api/v1/residents/by-messaging-id/1001",
                                         as_resident("1001"))
    assert (status, by_messaging_id) == (200, created)
    status, by_id = await call(api, "GET", f"/api/v1/residents/{created['id']}",
                               as_resident("1001"))
    assert (status, by_id) == (200, created)


async def test_registering_the_same_messaging_id_twice_is_a_conflict(api):
    await registered(api, "1002")
    status, body = await register(api, "1002")
    assert (status, body["code"]) == (409, "resident.already_registered")


async def test_registration_needs_the_current_privacy_notice(api):
    status, body = await register(api, "1003", privacy_notice_version="2020-01")
    assert (status, body["code"]) == (422, "consent.outdated_notice")
    assert body["details"]["field"] == "notice_version"
    status, body = await call(api, "GET", "/api/v1/residents/by-messaging-id/1003",
                              as_resident("1003"))
    assert (status, body["code"]) == (404, "resident.unknown")


@pytest.mark.parametrize("headers, status, code", [
    (AUTH, 400, "rights.actor_required"),
    (as_resident("1005"), 403, "rights.not_yours"),
    (as_staff("1004"), 403, "rights.not_resident"),
])
async def test_only_the_person_themself_can_register(api, headers, status, code):
    answer = await call(api, "POST", "/api/v1/residents", headers,
                        {"messaging_id": "1004", "language": "en",
                         "privacy_notice_version": NOTICE})
    assert (answer[0], answer[1]["code"]) == (status, code)


async def test_a_forged_actor_header_without_the_service_token_is_refused(api):
    resident = await registered(api, "1006")
    forged = {"X-Daiban-Actor": "1006", "X-Daiban-Role": "resident"}
    status, body = await call(api, "GET", f"/api/v1/residents/{resident['id']}", forged)
    assert (status, body["code"]) == (401, "auth.invalid_token")
    status, body = await call(api, "PATCH", f"/api/v1/residents/{resident['id']}", forged,
                              {"name": "Mallory"})
    assert (status, body["code"]) == (401, "auth.invalid_token")


# --- rights --------------------------------------------------------------------------


async def test_another_resident_can_neither_read_nor_change_someone_and_learns_nothing(api):
    victim = await registered(api, "1101")
    status, _ = await patch(api, victim, {"name": "Wang Fang", "phone": "13800138000",
                                          "village_code": VILLAGE})
    assert status == 200
    await registered(api, "1102")
    other = as_resident("1102")
    answers = [
        await call(api, "GET", f"/api/v1/residents/{victim['id']}", other),
        await call(api, "GET", "/api/v1/residents/by-messaging-id/1101", other),
        await call(api, "GET", f"/api/v1/residents/{victim['id']}/privacy", other),
        await call(api, "PATCH", f"/api/v1/residents/{victim['id']}", other, {"name": "X"}),
        await call(api, "POST", f"/api/v1/residents/{victim['id']}/consents", other,
                   {"kind": "sensitive", "notice_version": NOTICE}),
        await call(api, "POST", f"/api/v1/residents/{victim['id']}/erase", other),
    ]
    for status, body in answers:
        assert (status, body["code"]) == (403, "rights.not_yours")
        text = json.dumps(body)
        for secret in ("Wang", "8000", "138", VILLAGE, "1101"):
            assert secret not in text
    status, body = await call(api, "GET", f"/api/v1/residents/{victim['id']}",
                              as_resident("1101"))
    assert body["name"] == "Wang Fang"


async def test_staff_read_residents_masked_and_only_if_they_are_active_staff(api, engine):
    resident = await registered(api, "1201")
    await patch(api, resident, {"phone": "13800138000"})
    await seed_staff(engine, "9001")
    await seed_staff(engine, "9002", active=False)
    status, body = await call(api, "GET", f"/api/v1/residents/{resident['id']}",
                              as_staff("9001"))
    assert status == 200
    assert body["phone_masked"] == "+86138****8000"
    assert "13800138000" not in json.dumps(body)
    for headers in (as_staff("9002"), as_staff("9003")):
        status, body = await call(api, "GET", f"/api/v1/residents/{resident['id']}", headers)
        assert (status, body["code"]) == (403, "rights.not_staff")


async def test_the_bot_itself_reads_a_resident_to_route_updates(api):
    resident = await registered(api, "1301")
    status, body = await call(api, "GET", "/api/v1/residents/by-messaging-id/1301")
    assert (status, body["id"]) == (200, resident["id"])
    status, body = await call(api, "GET", "/api/v1/residents/by-messaging-id/1399")
    assert (status, body["code"]) == (404, "resident.unknown")
    status, body = await call(api, "GET", "/api/v1/residents/no-such-id")
    assert (status, body["code"]) == (404, "resident.unknown")


async def test_only_the_bot_and_staff_report_reachability(api, engine):
    resident = await registered(api, "1401")
    path = f"/api/v1/residents/{resident['id']}/reachability"
    status, body = await call(api, "POST", path, AUTH, {"reachable": False})
    assert (status, body["reachable"]) == (200, False)
    await seed_staff(engine, "9401")
    status, body = await call(api, "POST", path, as_staff("9401"), {"reachable": True})
    assert (status, body["reachable"]) == (200, True)
    status, body = await call(api, "POST", path, as_resident("1401"), {"reachable": False})
    assert (status, body["code"]) == (403, "rights.not_staff")


# --- the resident's own data -------------------------------------------------------------


async def test_an_update_normalises_and_masks_what_it_stores(api, engine):
    resident = await registered(api, "1501")
    status, body = await patch(api, resident, {
        "name": "  Li   Ming ", "phone": "138 0013 8000", "village_code": VILLAGE,
        "language": "en", "notice_prefs": {"broadcasts": False}})
    assert status == 200, body
    assert body["name"] == "Li Ming"
    assert body["phone_masked"] == "+86138****8000"
    assert (body["village_code"], body["language"]) == (VILLAGE, "en")
    assert body["notice_prefs"] == {"broadcasts": False, "reminders": True}
    row = await stored_row(engine, resident["id"])
    assert row.phone == "+8613800138000"
    status, body = await patch(api, resident, {"notice_prefs": {"reminders": False}})
    assert body["notice_prefs"] == {"broadcasts": False, "reminders": False}
    status, body = await patch(api, resident, {})
    assert (status, body["name"]) == (200, "Li Ming")
    status, body = await patch(api, resident, {"phone": None})
    assert (status, body["phone_masked"], body["name"]) == (200, None, "Li Ming")
    assert (await stored_row(engine, resident["id"])).phone is None


@pytest.mark.parametrize("change, code, field", [
    ({"phone": "12345"}, "answer.invalid_phone", "phone"),
    ({"phone": "010-69962345"}, "answer.not_mobile", "phone"),
    ({"name": "   "}, "answer.required", "name"),
    ({"name": "x" * 51}, "answer.too_long", "name"),
    ({"village_code": TOWN}, "resident.unknown_village", "village_code"),
    ({"village_code": "999999999999"}, "resident.unknown_village", "village_code"),
])
async def test_an_invalid_value_is_refused_naming_the_field(api, change, code, field):
    resident = await registered(api, "1601")
    status, body = await patch(api, resident, change)
    assert (status, body["code"], body["details"]["field"]) == (422, code, field)


@pytest.mark.parametrize("body", [
    {"language": 5},
    {"language": "fr"},
    {"nickname": "Xiao Li"},
    {"notice_prefs": {"marketing": True}},
    {"notice_prefs": {"broadcasts": "no"}},
])
async def test_a_body_off_the_schema_is_a_bad_request(api, body):
    resident = await registered(api, "1701")
    status, answer = await patch(api, resident, body)
    assert (status, answer["code"]) == (400, "request.invalid_body")


# --- the ID number and the sensitive-data consent ---------------------------------------


async def test_an_id_number_needs_the_separate_sensitive_consent(api, engine):
    resident = await registered(api, "1801")
    status, body = await patch(api, resident, {"id_number": ID_NUMBER})
    assert (status, body["code"], body["details"]["field"]) == (
        422, "consent.sensitive_required", "id_number")
    assert ID_NUMBER not in json.dumps(body)
    assert (await stored_row(engine, resident["id"])).id_number_enc is None


async def test_an_id_number_is_stored_encrypted_with_its_lookup_hash_and_shown_masked(
        api, engine):
    resident = await registered(api, "1802")
    status, body = await consent(api, resident, "sensitive")
    assert (status, body["sensitive_consent"]) == (200, True)
    status, body = await patch(api, resident, {"id_number": ID_NUMBER})
    assert status == 200, body
    assert body["id_number_masked"] == "440***********1238"
    assert ID_NUMBER not in json.dumps(body)
    row = await stored_row(engine, resident["id"])
    raw = row.id_number_enc
    assert all(ID_NUMBER[i:i + 6] not in raw for i in range(len(ID_NUMBER) - 5))
    cipher = IdCipher(KEY)
    assert cipher.decrypt(raw) == ID_NUMBER
    assert row.id_number_hash == cipher.lookup_hash(ID_NUMBER)
    status, privacy = await call(api, "GET", f"/api/v1/residents/{resident['id']}/privacy",
                                 as_resident("1802"))
    shown = {f["field"]: f["shown"] for f in privacy["fields"]}
    assert shown["id_number"] == "440***********1238"


async def test_an_invalid_id_number_is_refused_even_with_consent(api):
    resident = await registered(api, "1803")
    await consent(api, resident, "sensitive")
    status, body = await patch(api, resident, {"id_number": ID_NUMBER[:-1] + "3"})
    assert (status, body["code"], body["details"]["field"]) == (
        422, "answer.invalid_id_number", "id_number")


async def test_withdrawing_the_sensitive_consent_deletes_the_id_number(api, engine):
    resident = await registered(api, "1804")
    await consent(api, resident, "sensitive")
    await patch(api, resident, {"id_number": ID_NUMBER})
    status, body = await call(api, "POST",
                              f"/api/v1/residents/{resident['id']}/consents/withdraw",
                              as_resident("1804"), {"kind": "sensitive"})
    assert status == 200
    assert (body["id_number_masked"], body["sensitive_consent"]) == (None, False)
    row = await stored_row(engine, resident["id"])
    assert (row.id_number_enc, row.id_number_hash) == (None, None)
    status, body = await patch(api, resident, {"id_number": ID_NUMBER})
    assert (status, body["code"]) == (422, "consent.sensitive_required")


async def test_the_privacy_consent_is_not_withdrawn_but_erased(api):
    resident = await registered(api, "1805")
    status, body = await call(api, "POST",
                              f"/api/v1/residents/{resident['id']}/consents/withdraw",
                              as_resident("1805"), {"kind": "privacy"})
    assert (status, body["code"]) == (422, "consent.use_erase")


async def test_a_consent_to_an_old_notice_is_refused_and_the_same_consent_twice_is_one(api):
    resident = await registered(api, "1806")
    status, body = await consent(api, resident, "sensitive", "2025-01")
    assert (status, body["code"]) == (422, "consent.outdated_notice")
    await consent(api, resident, "sensitive")
    status, body = await consent(api, resident, "sensitive")
    assert [c["kind"] for c in body["consents"]] == ["privacy", "sensitive"]


# --- erasure -----------------------------------------------------------------------------


async def _case_and_draft_of(engine, resident_id: str) -> None:
    async with engine.begin() as connection:
        await connection.execute(insert(cases).values(
            id="case-1", number="PG-2026-000001", resident_id=resident_id, matter_code="SJ01",
            station_code=VILLAGE, office_code=VILLAGE, state="booked", step=0,
            return_count=0, version=1, workflow={}, answers={}, booking_kind="drop_off",
            created_at=AT, updated_at=AT))
        await connection.execute(insert(drafts).values(
            id="draft-1", resident_id=resident_id, matter_code="SJ02",
            answers={"applicant_name": "Wang Fang"}, version=3, status="open",
            created_at=AT, updated_at=AT))


async def test_erasure_clears_personal_data_and_keeps_the_cases(api, engine):
    resident = await registered(api, "1901")
    await consent(api, resident, "sensitive")
    await patch(api, resident, {"name": "Wang Fang", "phone": "13800138000",
                                "village_code": VILLAGE, "id_number": ID_NUMBER,
                                "notice_prefs": {"broadcasts": False}})
    await _case_and_draft_of(engine, resident["id"])
    status, privacy = await call(api, "GET", f"/api/v1/residents/{resident['id']}/privacy",
                                 as_resident("1901"))
    assert (privacy["cases"], privacy["open_drafts"]) == (1, 1)
    assert all(f["stored"] for f in privacy["fields"])

    status, body = await call(api, "POST", f"/api/v1/residents/{resident['id']}/erase",
                              as_resident("1901"))
    assert status == 200, body
    assert body["erased"] is True
    assert (body["messaging_id"], body["name"], body["phone_masked"],
            body["id_number_masked"]) == (None, None, None, None)
    assert all(c["withdrawn_at"] is not None for c in body["consents"])

    row = await stored_row(engine, resident["id"])
    assert (row.messaging_id, row.name, row.phone, row.id_number_enc,
            row.id_number_hash) == (None, None, None, None, None)
    assert row.notice_prefs == {}
    assert row.erased_at is not None
    async with engine.connect() as connection:
        kept = (await connection.execute(select(cases.c.resident_id))).scalars().all()
        answers = (await connection.execute(
            select(drafts.c.answers).where(drafts.c.id == "draft-1"))).scalar_one()
        open_consents = (await connection.execute(select(consents).where(
            consents.c.resident_id == resident["id"],
            consents.c.withdrawn_at.is_(None)))).all()
    assert kept == [resident["id"]]
    assert answers == {}
    assert open_consents == []

    status, body = await call(api, "GET", "/api/v1/residents/by-messaging-id/1901")
    assert (status, body["code"]) == (404, "resident.unknown")
    status, body = await call(api, "GET", f"/api/v1/residents/{resident['id']}")
    assert (status, body["erased"], body["name"]) == (200, True, None)


async def test_erasing_twice_is_harmless(api, engine):
    resident = await registered(api, "1902")
    path = f"/api/v1/residents/{resident['id']}/erase"
    status, first = await call(api, "POST", path, as_resident("1902"), key="erase-1")
    assert status == 200
    erased_at = (await stored_row(engine, resident["id"])).erased_at
    # The same call repeated is replayed; a retry under a new key finds the record
    # already empty and answers the same, changing nothing.
    status, again = await call(api, "POST", path, as_resident("1902"), key="erase-1")
    assert (status, again) == (200, first)
    status, retried = await call(api, "POST", path, as_resident("1902"), key="erase-2")
    assert (status, retried) == (200, first)
    assert (await stored_row(engine, resident["id"])).erased_at == erased_at


async def test_a_person_can_register_again_after_erasure(api):
    first = await registered(api, "1903")
    await call(api, "POST", f"/api/v1/residents/{first['id']}/erase", as_resident("1903"))
    again = await registered(api, "1903")
    assert again["id"] != first["id"]
    assert again["erased"] is False
    status, body = await call(api, "GET", "/api/v1/residents/by-messaging-id/1903",
                              as_resident("1903"))
    assert (status, body["id"]) == (200, again["id"])


# --- idempotency -------------------------------------------------------------------------


async def test_the_same_idempotency_key_replays_the_first_answer(api):
    body = {"messaging_id": "2001", "language": "zh", "privacy_notice_version": NOTICE}
    first = await call(api, "POST", "/api/v1/residents", as_resident("2001"), body, key="k1")
    again = await call(api, "POST", "/api/v1/residents", as_resident("2001"), body, key="k1")
    assert first[0] == 201
    assert again == first
    other = await call(api, "POST", "/api/v1/residents", as_resident("2001"),
                       body | {"language": "en"}, key="k1")
    assert (other[0], other[1]["code"]) == (422, "idempotency.key_mismatch")
    fresh = await call(api, "POST", "/api/v1/residents", as_resident("2001"), body, key="k2")
    assert (fresh[0], fresh[1]["code"]) == (409, "resident.already_registered")


async def test_a_write_without_an_idempotency_key_is_refused(api):
    response = await api.post("/api/v1/residents", headers=as_resident("2002"), json={
        "messaging_id": "2002", "language": "zh", "privacy_notice_version": NOTICE})
    body = await response.json()
    assert (response.status, body["code"]) == (400, "request.idempotency_key_required")


# --- the privacy view and the API document ----------------------------------------------


async def test_the_privacy_view_lists_what_is_stored_masked(api):
    resident = await registered(api, "2101")
    await patch(api, resident, {"name": "Zhang San", "phone": "13800138000"})
    status, body = await call(api, "GET", f"/api/v1/residents/{resident['id']}/privacy",
                              as_resident("2101"))
    assert status == 200
    fields = {f["field"]: (f["stored"], f["shown"]) for f in body["fields"]}
    assert fields["name"] == (True, "Z********")
    assert fields["phone"] == (True, "+86138****8000")
    assert fields["id_number"] == (False, None)
    assert fields["village_code"] == (False, None)
    assert body["current_notice_version"] == NOTICE
    assert (body["cases"], body["open_drafts"], body["erased"]) == (0, 0, False)
    assert [c["kind"] for c in body["consents"]] == ["privacy"]
    assert "13800138000" not in json.dumps(body)


async def test_every_resident_endpoint_is_in_the_openapi_document(api):
    status, document = await call(api, "GET", "/api/v1/openapi.json")
    assert status == 200
    paths = document["paths"]
    assert set(paths["/api/v1/residents/{resident_id}"]) == {"get", "patch"}
    for path in ("/api/v1/residents", "/api/v1/residents/{resident_id}/consents",
                 "/api/v1/residents/{resident_id}/consents/withdraw",
                 "/api/v1/residents/{resident_id}/reachability",
                 "/api/v1/residents/{resident_id}/erase"):
        assert "post" in paths[path]
    assert "get" in paths["/api/v1/residents/by-messaging-id/{messaging_id}"]
    assert "get" in paths["/api/v1/residents/{resident_id}/privacy"]


async def test_concurrent_registrations_of_one_person_make_one_resident(api, engine):
    answers = await asyncio.gather(*(register(api, "2201") for _ in range(10)))
    statuses = sorted(status for status, _ in answers)
    assert statuses == [201] + [409] * 9
    async with engine.connect() as connection:
        rows = (await connection.execute(
            select(residents.c.id).where(residents.c.messaging_id == "2201"))).all()
    assert len(rows) == 1
