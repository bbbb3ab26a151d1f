"""A refusal reaches the caller as the exception of its family, carrying the service's code."""

from __future__ import annotations

import pytest

from backend_client import (
    As,
    CaseServiceClient,
    CaseServiceError,
    Conflict,
    Invalid,
    NotAllowed,
    NotFound,
    Unauthorized,
)
from tests.api.people import STATION, add_staff, set_capacity
from tests.client.conftest import FAST, base_url
from tests.client.flows import booked_case, filled_draft, registered_villager


async def test_an_unknown_matter_is_not_found(client):
    with pytest.raises(NotFound) as refused:
        await client.matter("ZZ99")
    assert (refused.value.status, refused.value.code) == (404, "catalog.unknown_matter")
    assert refused.value.details == {"code": "ZZ99"}


async def test_a_path_parameter_cannot_climb_out_of_its_segment(client):
    with pytest.raises(NotFound) as refused:
        await client.matter("../categories")
    assert refused.value.code == "catalog.unknown_matter"


async def test_the_last_place_in_a_slot_goes_to_one_villager_the_other_gets_slot_full(
        client, engine):
    await set_capacity(engine, STATION, 1)
    first, _ = await registered_villager(client)
    second, _ = await registered_villager(client)
    start = (await client.slots(STATION, days=2)).slots[0].starts_at
    drafts = [await filled_draft(client, who, "WJ01") for who in (first, second)]
    await client.submit(drafts[0].id, "slot", start, actor=first)
    with pytest.raises(Conflict) as refused:
        await client.submit(drafts[1].id, "slot", start, actor=second)
    assert (refused.value.status, refused.value.code) == (409, "slot.full")


async def test_the_second_agent_to_claim_gets_already_claimed(client, engine):
    me, _ = await registered_villager(client)
    case = await booked_case(client, me)
    first, second = [As.staff((await add_staff(engine, STATION, "agent"))[0])
                     for _ in range(2)]
    await client.act(case.id, "claim", actor=first)
    with pytest.raises(Conflict) as refused:
        await client.act(case.id, "claim", actor=second)
    assert refused.value.code == "case.already_claimed"


async def test_another_villagers_case_is_not_allowed_and_nothing_leaks(client):
    owner, _ = await registered_villager(client)
    other, _ = await registered_villager(client)
    case = await booked_case(client, owner)
    with pytest.raises(NotAllowed) as refused:
        await client.case(case.id, actor=other)
    assert (refused.value.status, refused.value.code) == (403, "rights.not_yours")
    assert case.number not in str(refused.value.details) + refused.value.message
    with pytest.raises(NotAllowed):
        await client.act(case.id, "cancel", actor=other)


async def test_a_wrong_token_is_unauthorized(api):
    async with CaseServiceClient(base_url(api), "not-the-token", backoff=FAST) as intruder:
        with pytest.raises(Unauthorized) as refused:
            await intruder.categories()
    assert (refused.value.status, refused.value.code) == (401, "auth.invalid_token")


async def test_a_person_scoped_call_made_for_nobody_is_a_front_end_mistake(client):
    with pytest.raises(Invalid) as refused:
        await client.my_cases(actor=As.service())
    assert refused.value.code == "rights.actor_required"


async def test_a_wrong_answer_is_invalid_and_names_the_field(client, catalog):
    me, _ = await registered_villager(client)
    draft = await client.create_draft("SJ01", actor=me)
    number = next(f.key for f in catalog.matter("SJ01").form
                  if f.type.value == "number" and not f.sensitive)
    with pytest.raises(Invalid) as refused:
        await client.answer(draft.id, number, "many", draft.version, actor=me)
    assert (refused.value.status, refused.value.code) == (422, "answer.not_a_number")
    assert refused.value.details["field"] == number


async def test_a_stale_answer_is_a_conflict(client):
    me, _ = await registered_villager(client)
    draft = await client.create_draft("SJ01", actor=me)
    question = draft.next_question
    assert question is not None
    await client.answer(draft.id, question.key, question.choices[0].key, 1, actor=me)
    with pytest.raises(Conflict) as refused:
        await client.answer(draft.id, question.key, question.choices[0].key, 1, actor=me)
    assert refused.value.code == "draft.stale_version"


async def test_a_body_the_service_would_refuse_is_refused_before_it_is_sent(client):
    with pytest.raises(Invalid) as refused:
        await client.act("no-such-case", "claim", reason="x" * 2000, actor=As.staff(1))
    assert (refused.value.status, refused.value.code) == (400, "request.invalid_body")
    assert refused.value.details["errors"][0]["field"] == "reason"


def test_every_family_is_a_case_service_error_that_shows_its_code():
    for family in (NotFound, NotAllowed, Conflict, Invalid, Unauthorized):
        error = family(409, "case.moved_on", "refused")
        assert isinstance(error, CaseServiceError)
        assert "case.moved_on" in str(error) and "case.moved_on" in repr(error)
