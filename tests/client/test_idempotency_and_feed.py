"""Replays have no second effect, and the feed long-polls through the client."""

from __future__ import annotations

import asyncio

import pytest

from backend_client import CaseServiceClient, Invalid
from tests.client.conftest import FAST, TOKEN, base_url
from tests.client.flows import booked_case, filled_draft, registered_villager


async def test_two_submits_with_the_same_key_return_the_same_case(client):
    me, _ = await registered_villager(client)
    draft = await filled_draft(client, me)
    first = await client.submit(draft.id, "drop_off", actor=me, idempotency_key="update-41")
    again = await client.submit(draft.id, "drop_off", actor=me, idempotency_key="update-41")
    assert again == first
    assert [e.action for e in (await client.events(first.id, actor=me)).events] == ["book"]


async def test_a_replayed_draft_creation_makes_no_second_draft(client):
    me, _ = await registered_villager(client)
    first = await client.create_draft("SJ01", actor=me, idempotency_key="update-7")
    again = await client.create_draft("SJ01", actor=me, idempotency_key="update-7")
    assert again.id == first.id
    assert (await client.privacy(first.resident_id, actor=me)).open_drafts == 1


async def test_a_key_reused_for_a_different_request_is_invalid(client):
    me, _ = await registered_villager(client)
    await client.create_draft("SJ01", actor=me, idempotency_key="update-8")
    with pytest.raises(Invalid) as refused:
        await client.create_draft("CJ01", actor=me, idempotency_key="update-8")
    assert refused.value.code == "idempotency.key_mismatch"


async def test_without_a_key_each_call_is_its_own_and_makes_its_own_draft(client):
    me, _ = await registered_villager(client)
    first = await client.create_draft("SJ01", actor=me)
    second = await client.create_draft("SJ01", actor=me)
    assert first.id != second.id


async def test_a_long_poll_returns_as_soon_as_an_event_arrives(client):
    me, _ = await registered_villager(client)
    cursor = (await client.feed()).cursor
    waiting = asyncio.create_task(client.feed(after=cursor, wait=10))
    await asyncio.sleep(0.3)
    assert not waiting.done()
    case = await booked_case(client, me)
    page = await asyncio.wait_for(waiting, timeout=5)
    assert [(e.case_id, e.action) for e in page.events] == [(case.id, "book")]
    assert page.cursor == page.events[-1].position > cursor
    assert (await client.feed(after=page.cursor)).events == []


async def test_the_feeds_wait_is_added_to_the_timeout(api):
    async with CaseServiceClient(base_url(api), TOKEN, timeout=0.5, retries=0,
                                 backoff=FAST) as impatient:
        page = await impatient.feed(after=10**6, wait=1.0)
    assert (page.events, page.cursor) == ([], 10**6)


async def test_a_reader_that_keeps_its_cursor_reads_every_event_once(client):
    me, _ = await registered_villager(client)
    cases = [await booked_case(client, me) for _ in range(3)]
    seen, cursor = [], 0
    while (page := await client.feed(after=cursor, limit=2)).events:
        seen.extend(page.events)
        cursor = page.cursor
    assert [e.case_id for e in seen] == [c.id for c in cases]
    assert len({e.position for e in seen}) == 3
