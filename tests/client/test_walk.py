"""A villager's booking and the staff's work on it, all through the client, as the bot
would drive them."""

from __future__ import annotations

from backend_client import As
from tests.api.people import STATION, add_staff
from tests.client.flows import NOTICE, booked_case, filled_draft, registered_villager
from wire.cases import CaseView
from wire.drafts import Authorization

TOWN = "110117108000"
DISTRICT = "110117000000"


async def test_a_villager_registers_and_says_where_they_live(client):
    me = As.resident(4242)
    resident = await client.register_resident(4242, "zh", NOTICE, actor=me)
    assert (resident.messaging_id, resident.village_code) == ("4242", None)
    resident = await client.update_resident(resident.id, village_code=STATION, actor=me)
    assert resident.village_code == STATION
    assert resident.language == "zh"  # left out, so left alone
    again = await client.resident_by_messaging_id(4242, actor=me)
    assert again == resident == await client.resident(resident.id, actor=me)


async def test_a_villager_books_and_the_station_agent_claims_and_accepts(client, engine):
    me, resident = await registered_villager(client)
    draft = await client.create_draft("SJ01", actor=me)
    assert draft.next_question is not None and draft.version == 1
    draft = await filled_draft(client, me, "SJ01")
    assert draft.next_question is None and draft.missing_required == []
    assert await client.draft(draft.id, actor=me) == draft
    case = await client.submit(draft.id, "drop_off", actor=me)
    assert isinstance(case, CaseView)
    assert (case.state, case.station_code, case.allowed_actions) == (
        "booked", STATION, ["cancel"])
    assert case.resident.id == resident.id

    agent = As.staff((await add_staff(engine, STATION, "agent"))[0])
    waiting = await client.queue(STATION, unclaimed=True, actor=agent)
    assert [c.id for c in waiting.cases] == [case.id]
    assert "claim" in waiting.cases[0].allowed_actions
    claimed = await client.act(case.id, "claim", actor=agent)
    accepted = await client.act(case.id, "accept", actor=agent,
                                expected_version=claimed.version)
    assert accepted.state == "accepted"
    assert (await client.queue(STATION, mine=True, actor=agent)).cases[0].id == case.id

    seen_by_villager = await client.case(case.id, actor=me)
    assert seen_by_villager.state == "accepted"
    assert [c.id for c in (await client.my_cases(actor=me)).cases] == [case.id]
    events = await client.events(case.id, actor=me)
    assert [e.action for e in events.events] == ["book", "claim", "accept"]


async def test_a_case_climbs_to_the_district_and_comes_back_delivered_and_rated(client, engine):
    me, _ = await registered_villager(client)
    agent = As.staff((await add_staff(engine, STATION, "agent"))[0])
    staff_for = {
        ("town", "review"): As.staff((await add_staff(engine, TOWN, "reviewer"))[0]),
        ("district", "review"): As.staff((await add_staff(engine, DISTRICT, "reviewer"))[0]),
        ("district", "approve"): As.staff((await add_staff(engine, DISTRICT, "approver"))[0]),
    }
    case = await booked_case(client, me, "CJ03")
    for action in ("claim", "accept", "forward"):
        case = await client.act(case.id, action, actor=agent)
    tiers = []
    while case.state != "approved":
        who = staff_for[(case.step_tier, case.step_action)]
        tiers.append((case.step_tier, case.step_action))
        if case.holder_id is None:
            case = await client.act(case.id, "claim", actor=who)
        step = "approve" if "approve" in case.allowed_actions else "forward"
        case = await client.act(case.id, step, actor=who)
    assert tiers == [("town", "review"), ("district", "review"), ("district", "approve")]
    case = await client.act(case.id, "mark_result_ready", actor=staff_for[tiers[-1]])
    if case.holder_id is None:
        case = await client.act(case.id, "claim", actor=agent)
    case = await client.act(case.id, "deliver", actor=agent)
    case = await client.act(case.id, "rate", score=5, actor=me)
    assert (case.state, case.rating) == ("delivered", 5)
    events = await client.events(case.id, actor=me)
    assert [e.version for e in events.events] == list(range(1, case.version + 1))


async def test_a_villager_sees_and_manages_their_own_data(client):
    me, resident = await registered_villager(client)
    resident = await client.update_resident(resident.id, name="张三", phone="13800138000",
                                            actor=me)
    assert resident.phone_masked and "0013" not in resident.phone_masked
    resident = await client.record_consent(resident.id, "sensitive", NOTICE, actor=me)
    assert resident.sensitive_consent
    resident = await client.update_resident(resident.id, id_number="440301198506151238",
                                            actor=me)
    assert resident.id_number_masked == "440***********1238"
    resident = await client.withdraw_consent(resident.id, "sensitive", actor=me)
    assert (resident.sensitive_consent, resident.id_number_masked) == (False, None)
    resident = await client.update_resident(resident.id, name=None, actor=me)
    assert resident.name is None and resident.phone_masked is not None

    resident = await client.set_reachable(resident.id, False, actor=As.service())
    assert resident.reachable is False
    privacy = await client.privacy(resident.id, actor=me)
    assert privacy.resident_id == resident.id and privacy.cases == 0
    erased = await client.erase_resident(resident.id, actor=me)
    assert erased.erased and erased.name is None and erased.phone_masked is None


async def test_station_staff_book_for_a_walk_in_villager_with_their_authorization(
        client, engine):
    agent = As.staff((await add_staff(engine, STATION, "agent"))[0])
    walk_in = await client.register_walk_in(STATION, "李四", "13800138000", actor=agent)
    draft = await client.create_draft(
        "WJ01", resident_id=walk_in.resident_id, actor=agent,
        authorization=Authorization(kind="written", note="signed form 12"))
    assert draft.resident_id == walk_in.resident_id
    assert draft.next_question is not None
