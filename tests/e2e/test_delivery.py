"""What the bot sends, end to end: 429s honoured, pacing, priorities, webhooks, blocks.

Every timing assertion reads the sandbox's own record of when each call arrived: these
are lower bounds the limiter guarantees (a wait of retry_after, a gap of 1/rate), not
speed thresholds.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from backend_client import As, CaseServiceClient
from bot.pacing import Kind

SLACK = 0.03  # the two clocks (bot's, sandbox's) tick apart by scheduling noise only


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _until(check: Callable[[], Awaitable[bool]], seconds: float = 20.0) -> None:
    async with asyncio.timeout(seconds):
        while True:
            if await check():
                return
            await asyncio.sleep(0.05)


def _sends(calls: list[dict[str, Any]], chat_id: int | None = None) -> list[dict[str, Any]]:
    return [call for call in calls if call["method"].lower() == "sendmessage"
            and (chat_id is None or str(call["chat_id"]) == str(chat_id))]


async def _wait_for_sends(people, count: int, seconds: float = 30.0) -> list[dict[str, Any]]:
    async with asyncio.timeout(seconds):
        while True:
            sends = [c for c in _sends(await people.calls()) if c["status"] == 200]
            if len(sends) >= count:
                return sends
            await asyncio.sleep(0.1)


async def test_after_a_429_every_send_waits_retry_after_then_the_reply_is_retried(
        people, daiban) -> None:
    await daiban.start()
    first, second = await people.person(601), await people.person(602)
    await people.fault(method="sendMessage", error_code=429, retry_after=2, chat_id=601)
    await first.says("/start")
    async def refused() -> bool:
        return any(c["status"] == 429 for c in _sends(await people.calls()))

    await _until(refused)
    await second.says("/help")  # another chat, during the pause
    await first.next_from_bot()
    await second.next_from_bot()
    sends = _sends(await people.calls())
    refused = next(c for c in sends if c["status"] == 429)
    later = [c for c in sends if c["seq"] > refused["seq"]]
    assert {str(c["chat_id"]) for c in later} == {"601", "602"}
    assert all(c["at"] >= refused["at"] + 2 - SLACK for c in later), (refused, later)


async def test_one_chat_is_paced_to_its_rate_after_its_burst(people, daiban) -> None:
    daiban.env.update({"DAIBAN_BOT_CHAT_RATE": "4", "DAIBAN_BOT_CHAT_BURST": "1"})
    await daiban.start()
    wang = await people.person(611)
    for _ in range(5):
        await wang.says("你好")
    await wang.next_from_bot(5)
    times = [c["at"] for c in _sends(await people.calls(), 611)]
    # Five sends with a burst of one at 4 a second take at least a second from first to
    # last. Measured over the span, not per gap: a send's arrival at the sandbox lags its
    # token by a varying moment on a busy machine, which moves single gaps, not the span.
    assert len(times) == 5 and times[-1] - times[0] >= 4 * 0.25 - SLACK, times


async def test_replies_go_before_notifications_before_bulk_when_the_global_rate_binds(
        people, daiban, bot_store) -> None:
    daiban.env.update({"DAIBAN_BOT_GLOBAL_RATE": "2", "DAIBAN_BOT_CHAT_RATE": "100",
                       "DAIBAN_BOT_CHAT_BURST": "10"})
    await daiban.start()
    asker = await people.person(620)
    bulk_ids = list(range(621, 627))
    for user_id in [*bulk_ids, 627]:  # the platform lets a bot write only to its users
        person = await people.person(user_id)
        await person.says("/start")
        await person.next_from_bot()
    await people.call("DELETE", "/calls")
    now = asyncio.get_running_loop().time()  # only order matters to the store
    for user_id in bulk_ids:
        await bot_store.enqueue(chat_id=user_id, kind=int(Kind.BULK), method="sendMessage",
                                params={"chat_id": user_id, "text": f"bulk {user_id}"},
                                not_before=0, now=now, dedupe_key=f"bulk:{user_id}")
    await _wait_for_sends(people, 1)  # the bulk run has begun
    await bot_store.enqueue(chat_id=627, kind=int(Kind.NOTIFY), method="sendMessage",
                            params={"chat_id": 627, "text": "your case moved"},
                            not_before=0, now=now, dedupe_key="notify:627")
    await asker.says("/start")
    order = [str(c["chat_id"]) for c in await _wait_for_sends(people, 8)]
    reply, notify = order.index("620"), order.index("627")
    bulk_after_reply = [o for o in order[reply:] if int(o) in bulk_ids]
    assert len(bulk_after_reply) >= 3, order  # the reply overtook queued bulk messages
    assert reply < notify or notify < order.index(str(bulk_ids[-1])), order
    assert len([o for o in order[notify:] if int(o) in bulk_ids]) >= 2, order
    rows = await bot_store.outbox_rows()
    assert {row["state"] for row in rows} == {"sent"} and all(row["message_id"] for row in rows)


async def test_a_blocked_user_is_marked_unreachable_through_the_case_service_once(
        people, daiban, bot_store) -> None:
    await daiban.start()
    wang = await people.person(631)
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        await cases.register_resident(631, "zh", "2026-11", actor=As.resident(631))
        await wang.blocks_the_bot()
        await bot_store.enqueue(chat_id=631, kind=int(Kind.NOTIFY), method="sendMessage",
                                params={"chat_id": 631, "text": "reminder"}, not_before=0,
                                now=0, dedupe_key="reminder:631")
        async def settled() -> bool:
            return (await bot_store.outbox_rows(631))[0]["state"] != "pending"

        await _until(settled)
        (row,) = await bot_store.outbox_rows(631)
        assert (row["state"], row["outcome"]) == ("failed", "unreachable")
        resident = await cases.resident_by_messaging_id(631, actor=As.service())
        assert resident.reachable is False
    assert len([c for c in _sends(await people.calls(), 631)]) == 1  # a 403 is not retried


async def test_the_webhook_refuses_a_missing_or_wrong_secret_and_handles_each_update_once(
        people, daiban, tmp_path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    daiban.env.update({"DAIBAN_BOT_MODE": "webhook", "DAIBAN_WEBHOOK_PORT": str(port),
                       "DAIBAN_WEBHOOK_URL": url, "DAIBAN_WEBHOOK_SECRET": "e2e-secret_1"})
    await daiban.start()
    wang = await people.person(641)
    await wang.says("/start")  # the sandbox posts it to the webhook with the secret
    (welcome,) = await wang.next_from_bot()
    assert "您好" in welcome["text"]
    update = {"update_id": 9_000_001, "message": {
        "message_id": 77, "date": 1_790_000_000, "text": "/help",
        "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        "chat": {"id": 641, "type": "private", "first_name": "W"},
        "from": {"id": 641, "is_bot": False, "first_name": "W"}}}
    async with aiohttp.ClientSession() as session:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
            async with session.post(url, json=update, headers=headers) as response:
                assert response.status == 403
        for _ in range(2):
            async with session.post(url, json=update, headers={
                    "X-Telegram-Bot-Api-Secret-Token": "e2e-secret_1"}) as response:
                assert response.status == 200
    (help_screen,) = await wang.next_from_bot()
    await asyncio.sleep(1.0)
    assert await wang.bot_messages(after=wang.seen) == []  # the repeat was dropped
    assert "/language" in help_screen["text"]


async def test_a_message_waits_for_its_not_before_time_on_the_clock_the_case_service_uses(
        people, daiban, bot_store) -> None:
    daiban.env["DAIBAN_TEST_CLOCK_CONTROL"] = "true"
    await daiban.start()
    wang = await people.person(651)
    await wang.says("/start")
    await wang.next_from_bot()
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        now = (await cases.advance_clock(0)).now.timestamp()
        await bot_store.enqueue(chat_id=651, kind=int(Kind.NOTIFY), method="sendMessage",
                                params={"chat_id": 651, "text": "tomorrow's reminder"},
                                not_before=now + 3600, now=now, dedupe_key="later:651")
        await asyncio.sleep(2.5)  # the sender looks at least once a second
        assert (await bot_store.outbox_rows(651))[0]["state"] == "pending"
        await cases.advance_clock(3600)
        (reminder,) = await wang.next_from_bot()
    assert reminder["text"] == "tomorrow's reminder"


async def test_a_refused_message_is_recorded_as_permanent_and_not_retried(
        people, daiban, bot_store) -> None:
    await daiban.start()
    wang = await people.person(661)
    await wang.says("/start")
    await wang.next_from_bot()
    await people.fault(method="sendMessage", error_code=400, chat_id=661,
                       description="Bad Request: can't parse entities")
    await bot_store.enqueue(chat_id=661, kind=int(Kind.NOTIFY), method="sendMessage",
                            params={"chat_id": 661, "text": "<b>broken"}, not_before=0, now=0,
                            dedupe_key="broken:661")

    async def settled() -> bool:
        return (await bot_store.outbox_rows(661))[0]["state"] != "pending"

    await _until(settled)
    (row,) = await bot_store.outbox_rows(661)
    assert (row["state"], row["outcome"]) == ("failed", "permanent")
    assert "can't parse entities" in row["detail"].lower()
    assert len([c for c in _sends(await people.calls(), 661) if c["status"] == 400]) == 1
