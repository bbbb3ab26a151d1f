"""Custody of originals and carry runs, through the API: the originals go up the tiers
on a carry run and handovers, come back down, and reach the villager again."""

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
DISTRICT = "110117000000"
OTHER_STATION = "110117001001"
ORIGINALS = ["id_cards", "household_register"]


async def act(api, case: dict[str, Any], who: str, action: str, **params: Any
              ) -> dict[str, Any]:
    status, body = await post(api, f"/api/v1/cases/{case['id']}/actions",
                              {"action": action, **params}, with_key(as_staff(who)))
    assert status == 200, (action, body)
    return body


async def move(api, case: dict[str, Any], headers: dict[str, str], kind: str,
               items: list[str] = ORIGINALS, to_office: str | None = None,
               expect: int = 200) -> dict[str, Any]:
    status, body = await post(api, f"/api/v1/cases/{case['id']}/custody",
                              {"move": kind, "items": items, "to_office": to_office},
                              with_key(headers))
    assert status == expect, (kind, body)
    return body


def held(view: dict[str, Any]) -> dict[str, str]:
    return {o["key"]: o["holder"] for o in view["originals"] if o["key"] in ORIGINALS}


async def runs(api, office: str, who: str) -> list[dict[str, Any]]:
    status, body = await get(api, f"/api/v1/offices/{office}/carry-runs", as_staff(who))
    assert status == 200, body
    return body["runs"]


async def run_call(api, run: dict[str, Any], who: str, path: str, expect: int = 200
                   ) -> dict[str, Any]:
    status, body = await post(api, f"/api/v1/carry-runs/{run['id']}{path}", {},
                              with_key(as_staff(who)))
    assert status == expect, body
    return body


async def test_originals_go_up_on_a_carry_run_and_come_back_to_the_villager(api, engine
                                                                           ) -> None:
    villager = await add_resident(engine)
    agent, _ = await add_staff(engine, STATION, "agent")
    reviewer, _ = await add_staff(engine, TOWN, "reviewer")
    approver, _ = await add_staff(engine, DISTRICT, "approver")
    case = await booked_case(api, villager, "SJ01")
    case = await act(api, case, agent, "claim")
    view = await move(api, case, as_staff(agent), "take")
    assert held(view) == {key: STATION for key in ORIGINALS}
    status, seen = await get(api, f"/api/v1/cases/{case['id']}/custody", as_resident(villager))
    assert (status, held(seen), seen["moves"]) == (200, held(view), [])
    assert {"move": "send", "items": sorted(ORIGINALS), "to_office": TOWN} in view["moves"]
    assert all(m["move"] != "receive" for m in view["moves"])
    case = await act(api, case, agent, "accept")
    case = await act(api, case, agent, "forward")

    (run,) = await runs(api, STATION, agent)
    assert (run["to_office_code"], [i["case_id"] for i in run["items"]]) == (TOWN, [case["id"]])
    refused = await run_call(api, run, reviewer, f"/cases/{case['id']}/received", 409)
    assert refused["code"] == "carry_run.not_departed"
    run = await run_call(api, run, agent, "/depart")
    assert run["departed_at"] is not None
    assert run["items"][0]["originals"] == {key: f"transit:{TOWN}" for key in ORIGINALS}
    assert (await run_call(api, run, agent, "/depart", 409))["code"] == (
        "carry_run.already_departed")
    run = await run_call(api, run, reviewer, f"/cases/{case['id']}/received")
    assert run["items"][0]["received_at"] is not None
    assert run["items"][0]["originals"] == {key: TOWN for key in ORIGINALS}
    assert [r["id"] for r in await runs(api, TOWN, reviewer)] == [run["id"]]

    case = await act(api, case, reviewer, "claim")
    case = await act(api, case, reviewer, "forward")
    await move(api, case, as_staff(reviewer), "send", to_office=DISTRICT)
    view = await move(api, case, as_staff(approver), "receive")
    assert held(view) == {key: DISTRICT for key in ORIGINALS}
    case = await act(api, case, approver, "claim")
    case = await act(api, case, approver, "approve")
    await move(api, case, as_staff(approver), "send", to_office=TOWN)
    await move(api, case, as_staff(reviewer), "receive")
    await move(api, case, as_staff(reviewer), "send", to_office=STATION)
    view = await move(api, case, as_staff(agent), "receive")
    assert held(view) == {key: STATION for key in ORIGINALS}

    refused = await move(api, case, as_staff(agent), "hand_back", expect=409)
    assert refused["code"] == "custody.not_ready"
    case = await act(api, case, approver, "mark_result_ready")
    view = await move(api, case, as_staff(agent), "hand_back")
    assert held(view) == {key: "transit:resident" for key in ORIGINALS}
    _, seen = await get(api, f"/api/v1/cases/{case['id']}/custody", as_resident(villager))
    assert seen["moves"] == [{"move": "confirm_back", "items": sorted(ORIGINALS),
                              "to_office": None}]
    view = await move(api, case, as_resident(villager), "confirm_back")
    assert held(view) == {key: "resident" for key in ORIGINALS}
    assert len(view["history"]) == 2 * 11  # take, 4 handovers up and down, back


async def test_a_missing_dossier_is_flagged_at_once_and_may_still_arrive(api, engine) -> None:
    agent, _ = await add_staff(engine, STATION, "agent")
    reviewer, _ = await add_staff(engine, TOWN, "reviewer")
    cases = []
    for _ in range(2):
        case = await booked_case(api, await add_resident(engine), "SJ01")
        for action in ("claim", "accept", "forward"):
            case = await act(api, case, agent, action)
        cases.append(case)
    (run,) = await runs(api, STATION, agent)
    assert {i["case_id"] for i in run["items"]} == {c["id"] for c in cases}
    await run_call(api, run, agent, "/depart")
    run = await run_call(api, run, reviewer, f"/cases/{cases[1]['id']}/missing")
    flagged = {i["case_id"]: i["missing_at"] for i in run["items"]}
    assert flagged[cases[1]["id"]] is not None and flagged[cases[0]["id"]] is None
    (seen,) = await runs(api, STATION, agent)
    assert {i["case_id"]: i["missing_at"] for i in seen["items"]} == flagged
    run = await run_call(api, run, reviewer, f"/cases/{cases[1]['id']}/received")
    assert all(i["received_at"] is None for i in run["items"] if i["case_id"] == cases[0]["id"])


async def test_a_case_forwarded_after_the_run_left_starts_the_next_run(api, engine) -> None:
    agent, _ = await add_staff(engine, STATION, "agent")
    first = await booked_case(api, await add_resident(engine), "SJ01")
    for action in ("claim", "accept", "forward"):
        first = await act(api, first, agent, action)
    (run,) = await runs(api, STATION, agent)
    await run_call(api, run, agent, "/depart")
    second = await booked_case(api, await add_resident(engine), "SJ01")
    for action in ("claim", "accept", "forward"):
        second = await act(api, second, agent, action)
    later, earlier = await runs(api, STATION, agent)
    assert (earlier["seq"], later["seq"]) == (1, 2)
    assert [i["case_id"] for i in later["items"]] == [second["id"]]


async def test_only_the_right_people_move_originals(api, engine) -> None:
    villager = await add_resident(engine)
    agent, _ = await add_staff(engine, STATION, "agent")
    stranger, _ = await add_staff(engine, OTHER_STATION, "agent")
    case = await booked_case(api, villager, "SJ01")
    for headers, code in ((as_staff(stranger), "rights.not_yours"),
                          (as_resident(villager), "custody.not_allowed")):
        status, refused = await post(api, f"/api/v1/cases/{case['id']}/custody",
                                     {"move": "take", "items": ORIGINALS}, with_key(headers))
        assert (status, refused["code"]) == (403, code)
    refused = await move(api, case, as_staff(agent), "take", ["bank_card"], expect=409)
    assert (refused["code"], refused["details"]["item"]) == ("custody.not_an_original",
                                                            "bank_card")
    await move(api, case, as_staff(agent), "take")
    refused = await move(api, case, as_staff(agent), "take", expect=409)
    assert refused["code"] == "custody.not_with_resident"
    refused = await move(api, case, as_staff(agent), "send", to_office=DISTRICT, expect=409)
    assert refused["code"] == "custody.bad_destination"
    status, _ = await get(api, f"/api/v1/offices/{STATION}/carry-runs", as_staff(stranger))
    assert status == 403
