"""Updates reach the bot as Telegram delivers them: getUpdates with offsets, or a webhook."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import Conflict
from telegram.ext import Application

from sandbox.server import RunningSandbox


async def test_an_echo_application_answers_a_users_text(echo_app: Application, users
                                                         ) -> None:
    user = await users.user("王", last_name="小明")
    said = await users.say(user["id"], "/start")
    welcome = await users.next_from_bot(user["id"], said["seq"])
    assert welcome[0]["plain_text"] == "欢迎使用代办"
    said = await users.say(user["id"], "我要办低保")
    echoed = await users.next_from_bot(user["id"], said["seq"])
    assert echoed[0]["plain_text"] == "收到：我要办低保"
    assert echoed[0]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "ok:1"


async def test_pressing_an_inline_button_is_answered_and_edits_the_message(
        echo_app: Application, users) -> None:
    user = await users.user("Chen")
    said = await users.say(user["id"], "hello")
    [message] = await users.next_from_bot(user["id"], said["seq"])
    pressed = await users.press(user["id"], message["message_id"], text="确认")
    assert pressed["answered"] and pressed["answer"]["text"] == "已确认 ok:1"
    [edited] = await users.next_from_bot(user["id"], message["seq"])
    assert (edited["plain_text"], edited["edit_count"]) == ("已确认：ok:1", 1)


async def test_a_button_that_is_not_on_the_message_cannot_be_pressed_unless_forged(
        echo_app: Application, users) -> None:
    user = await users.user("Sun")
    said = await users.say(user["id"], "hello")
    [message] = await users.next_from_bot(user["id"], said["seq"])
    await users.call("POST", f"/chats/{user['id']}/press", expect=404,
                     json={"message_id": message["message_id"], "data": "admin:delete"})
    forged = await users.press(user["id"], message["message_id"], data="admin:delete",
                               forged=True)
    assert forged["answered"] and forged["data"] == "admin:delete"


async def test_get_updates_drops_what_the_offset_confirms(bot: Bot, users) -> None:
    user = await users.user("Zhou")
    await users.say(user["id"], "/start deep-link")
    await users.say(user["id"], "second")
    first, second = await bot.get_updates()
    assert first.message.text == "/start deep-link"
    assert first.message.entities[0].type == "bot_command"
    assert first.message.entities[0].length == len("/start")
    assert (await bot.get_updates(offset=first.update_id + 1))[0].update_id == second.update_id
    assert await bot.get_updates(offset=second.update_id + 1) == ()
    assert (await users.call("GET", "/updates"))["updates"] == []


async def test_a_long_poll_returns_as_soon_as_an_update_arrives(bot: Bot, users) -> None:
    user = await users.user("Wu")
    started = time.monotonic()
    polling = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.2)
    assert not polling.done()
    await users.say(user["id"], "now")
    [update] = await polling
    assert update.message.text == "now"
    assert time.monotonic() - started < 2


async def test_a_long_poll_with_nothing_to_say_waits_out_its_timeout(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert time.monotonic() - started >= 0.9


async def test_allowed_updates_leaves_out_other_kinds(bot: Bot, users) -> None:
    user = await users.user("Qian")
    await bot.get_updates(allowed_updates=["callback_query"])
    await users.say(user["id"], "ignored")
    assert await bot.get_updates() == ()


async def test_contacts_photos_and_voice_notes_arrive_as_real_updates(
        bot: Bot, users) -> None:
    user = await users.user("Feng", phone="+8613912345678")
    uid = user["id"]
    await users.call("POST", f"/chats/{uid}/contact", json={})
    await users.call("POST", f"/chats/{uid}/contact",
                     json={"phone_number": "+8613700000000", "first_name": "母亲"})
    form_photo = {"data_base64": "iVBORw0KGgo=", "caption": "身份证"}
    await users.call("POST", f"/chats/{uid}/photo", json=form_photo)
    await users.call("POST", f"/chats/{uid}/voice", json={"data_base64": "T2dnUw==",
                                                          "duration": 4})
    own, other, photo, voice = await bot.get_updates()
    assert (own.message.contact.phone_number, own.message.contact.user_id) == (
        "+8613912345678", uid)
    assert other.message.contact.first_name == "母亲" and other.message.contact.user_id is None
    assert photo.message.caption == "身份证"
    file = await bot.get_file(photo.message.photo[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == b"\x89PNG\r\n\x1a\n"
    assert voice.message.voice.mime_type == "audio/ogg"


async def test_get_updates_conflicts_while_a_webhook_is_set(bot: Bot) -> None:
    await bot.set_webhook("http://127.0.0.1:9/hook")
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_a_second_poller_ends_the_first_with_a_conflict(
        bot: Bot, running: RunningSandbox) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    async with Bot(bot.token, base_url=f"{running.url}/bot") as other_instance:
        assert await other_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates"):
        await first


@pytest.fixture
async def webhook_server() -> Any:
    """A webhook receiver that fails its first two requests, then stores what it gets."""
    seen: dict[str, Any] = {"attempts": 0, "updates": [], "secrets": []}

    async def receive(request: web.Request) -> web.Response:
        seen["attempts"] += 1
        seen["secrets"].append(request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
        if seen["attempts"] <= 2:
            return web.Response(status=500)
        seen["updates"].append(await request.json())
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    seen["url"] = f"http://{host}:{port}/hook"
    yield seen
    await runner.cleanup()


async def test_webhook_delivery_carries_the_secret_and_retries_in_order_until_2xx(
        bot: Bot, users, webhook_server: dict[str, Any], wait_until: Any,
        running: RunningSandbox) -> None:
    assert await bot.set_webhook(webhook_server["url"], secret_token="s3cret-token")
    user = await users.user("Han")
    await users.say(user["id"], "one")
    await users.say(user["id"], "two")

    async def both_delivered() -> bool:
        return len(webhook_server["updates"]) == 2

    await wait_until(both_delivered)
    assert [u["message"]["text"] for u in webhook_server["updates"]] == ["one", "two"]
    assert set(webhook_server["secrets"]) == {"s3cret-token"}
    assert webhook_server["attempts"] == 4
    info = await bot.get_webhook_info()
    assert info.url == webhook_server["url"] and info.pending_update_count == 0
    assert "500" in info.last_error_message
