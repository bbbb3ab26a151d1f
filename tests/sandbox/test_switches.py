"""The test switches: the call record, chosen failures, blocked users and held calls."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp
import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from sandbox.server import RunningSandbox

TOKEN = "123456:ABC-sandbox-token"


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_a_429_fault_carries_retry_after_and_ptb_raises_retry_after(
        bot: Bot, users, started_user: dict[str, Any], running: RunningSandbox) -> None:
    chat = started_user["id"]
    await users.call("POST", "/faults", json={"method": "sendMessage", "error_code": 429,
                                              "retry_after": 2, "times": 1})
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(chat, "too fast")
    assert "retry in 2" in str(raised.value).lower()
    await bot.send_message(chat, "later")
    calls = await users.calls("SENDMESSAGE")
    assert [(c["method"], c["chat_id"], c["outcome"]) for c in calls] == [
        ("sendMessage", str(chat), 429), ("sendMessage", str(chat), 200)]
    assert calls[0]["at"] <= calls[1]["at"] <= time.monotonic()
    assert abs(calls[0]["wall"] - time.time()) < 5
    assert calls[1]["params"]["text"] == "later"


async def test_the_raw_429_answer_has_telegrams_shape(users, started_user: dict[str, Any],
                                                      running: RunningSandbox) -> None:
    await users.call("POST", "/faults", json={"method": "sendMessage", "error_code": 429,
                                              "retry_after": 7})
    async with aiohttp.ClientSession() as session, session.post(
            f"{running.url}/bot{TOKEN}/sendMessage",
            json={"chat_id": started_user["id"], "text": "x"}) as reply:
        assert reply.status == 429
        assert await reply.json() == {
            "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 7",
            "parameters": {"retry_after": 7}}


async def test_faults_can_target_one_chat_and_last_until_removed(
        bot: Bot, users, started_user: dict[str, Any]) -> None:
    other = await users.user("Other")
    await users.say(other["id"], "/start")
    fault = await users.call("POST", "/faults", json={
        "method": "sendMessage", "error_code": 500, "times": None,
        "chat_id": started_user["id"]})
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.send_message(started_user["id"], "fails")
    await bot.send_message(other["id"], "fine")
    await users.call("DELETE", f"/faults/{fault['id']}")
    await bot.send_message(started_user["id"], "works again")


async def test_a_400_fault_uses_the_given_description(bot: Bot, users, started_user) -> None:
    await users.call("POST", "/faults", json={
        "method": "editMessageText", "error_code": 400,
        "description": "Bad Request: message can't be edited"})
    sent = await bot.send_message(started_user["id"], "x")
    with pytest.raises(BadRequest, match=r"(?i)message can't be edited"):
        await bot.edit_message_text("y", started_user["id"], sent.message_id)


async def test_sends_to_a_user_who_blocked_the_bot_are_forbidden(
        bot: Bot, users, started_user: dict[str, Any]) -> None:
    chat = started_user["id"]
    await users.call("POST", f"/users/{chat}/block", json={"blocked": True})
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(chat, "hello?")
    await users.call("POST", f"/users/{chat}/block", json={"blocked": False})
    await bot.send_message(chat, "welcome back")
    kinds = [u.my_chat_member.new_chat_member.status for u in await bot.get_updates()
             if u.my_chat_member]
    assert kinds == ["kicked", "member"]


async def test_a_held_call_is_recorded_waits_and_is_carried_out_on_release(
        bot: Bot, users, started_user: dict[str, Any], wait_until: Any) -> None:
    chat = started_user["id"]
    hold = await users.call("POST", "/faults", json={"method": "sendMessage", "hold": True})
    sending = asyncio.create_task(bot.send_message(chat, "held"))

    async def is_held() -> bool:
        return bool((await users.call("GET", "/holds"))["held_calls"])

    await wait_until(is_held)
    held = (await users.call("GET", "/holds"))["held_calls"]
    assert held[0]["params"]["text"] == "held" and held[0]["outcome"] is None
    assert not sending.done()
    released = await users.call("POST", "/holds/release", json={"id": hold["id"]})
    assert released == {"released": 1}
    assert (await sending).text == "held"
    assert (await users.calls("sendMessage"))[-1]["outcome"] == 200


async def test_a_held_message_is_still_delivered_after_its_sender_went_away(
        users, started_user: dict[str, Any], running: RunningSandbox, wait_until: Any
        ) -> None:
    chat = started_user["id"]

    async def is_held() -> bool:
        return bool((await users.call("GET", "/holds"))["held_calls"])

    await users.call("POST", "/holds", json={"method": "sendMessage", "chat_id": chat})
    async with aiohttp.ClientSession() as session:
        request = asyncio.create_task(session.post(
            f"{running.url}/bot{TOKEN}/sendMessage", json={"chat_id": chat, "text": "送达"}))
        await wait_until(is_held)
        request.cancel()
    before = (await users.messages(chat))["seq"]
    await users.call("POST", "/holds/release", json={})
    [delivered] = await users.next_from_bot(chat, before)
    assert delivered["plain_text"] == "送达"
    assert (await users.call("GET", "/holds"))["holds"] == []


async def test_the_call_record_can_be_filtered_and_cleared(bot: Bot, users) -> None:
    await users.call("DELETE", "/calls")
    await bot.get_me()
    await bot.get_my_commands()
    assert [c["method"] for c in await users.calls()] == ["getMe", "getMyCommands"]
    assert [c["method"] for c in await users.calls("getme")] == ["getMe"]
    await users.call("DELETE", "/calls")
    assert await users.calls() == []
