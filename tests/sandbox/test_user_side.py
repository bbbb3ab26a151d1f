"""The user side's HTTP API, the HTML parsing rules, and the standalone command."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
from telegram import Bot

from sandbox.telegram_html import parse_html

ROOT = Path(__file__).resolve().parents[2]


async def test_users_are_created_listed_and_refused_without_a_name(users: Any) -> None:
    made = await users.user("周", last_name="杰", username="zj", language_code="zh",
                            phone="+8613600000000", id=555)
    assert made == {"id": 555, "first_name": "周", "last_name": "杰", "username": "zj",
                    "language_code": "zh", "phone": "+8613600000000"}
    await users.call("POST", "/users", expect=409, json={"first_name": "again", "id": 555})
    await users.call("POST", "/users", expect=400, json={"last_name": "no first"})
    assert [u["id"] for u in (await users.call("GET", "/users"))["users"]] == [555]
    [bot] = (await users.call("GET", "/bots"))["bots"]
    assert (bot["id"], bot["username"]) == (123456, "daiban_bot")


async def test_waiting_for_the_bot_returns_as_soon_as_it_writes(
        bot: Bot, users: Any, started_user: dict[str, Any]) -> None:
    chat = started_user["id"]
    seq = (await users.messages(chat))["seq"]
    started = time.monotonic()
    waiting = asyncio.create_task(users.next_from_bot(chat, seq, wait=10))
    await asyncio.sleep(0.1)
    await bot.send_message(chat, "来了")
    [message] = await waiting
    assert message["plain_text"] == "来了" and time.monotonic() - started < 2
    assert (await users.messages(chat, after=message["seq"], wait=0.2))["messages"] == []


async def test_a_user_can_send_photos_by_multipart_and_read_them_back(
        bot: Bot, users: Any, running: Any) -> None:
    user = await users.user("Ma")
    form = aiohttp.FormData()
    form.add_field("photo", b"\xff\xd8\xff\xe0jpeg", filename="id.jpg",
                   content_type="image/jpeg")
    form.add_field("caption", "正面")
    sent = await users.call("POST", f"/chats/{user['id']}/photo", data=form)
    [file] = sent["message"]["files"]
    async with users.session.get(f"{running.url}{file['url']}") as reply:
        assert await reply.read() == b"\xff\xd8\xff\xe0jpeg"
    [update] = await bot.get_updates()
    assert update.message.caption == "正面" and update.message.photo


async def test_user_side_mistakes_are_answered_with_an_error_in_words(users: Any) -> None:
    user = await users.user("Yang")
    missing = await users.call("POST", "/chats/999/messages", expect=404, json={"text": "x"})
    assert missing == {"error": "no user 999"}
    await users.call("POST", f"/chats/{user['id']}/contact", expect=400, json={})
    await users.call("POST", f"/chats/{user['id']}/press", expect=404,
                     json={"message_id": 1, "data": "x"})
    await users.call("GET", f"/chats/{user['id']}/messages?sender=robot", expect=400)


def test_telegram_html_becomes_text_and_utf16_entities() -> None:
    text, entities = parse_html('<b>粗<i>斜</i></b> 😀<a href="https://a.cn">链</a>'
                                '<pre><code class="language-python">x</code></pre>')
    assert text == "粗斜 😀链x"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 2},
        {"type": "italic", "offset": 1, "length": 1},
        {"type": "text_link", "url": "https://a.cn", "offset": 5, "length": 1},
        {"type": "pre", "language": "python", "offset": 6, "length": 1},
    ]
    assert parse_html("1 &lt; 2 &amp;&amp; 3 &gt; 2") == ("1 < 2 && 3 > 2", [])


def test_the_standalone_command_prints_its_address_and_serves_the_bot_api() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--host", "127.0.0.1", "--port", "0",
         "--token", "42:standalone", "--username", "daiban_bot", "--user", "7:Ann:+861"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("sandbox listening on http://127.0.0.1:")
        url = line.split()[-1]

        async def check() -> None:
            async with aiohttp.ClientSession() as session:
                async with session.get(f"{url}/bot42:standalone/getMe") as reply:
                    assert (await reply.json())["result"]["id"] == 42
                async with session.get(f"{url}/sandbox/api/users") as reply:
                    assert (await reply.json())["users"][0]["phone"] == "+861"
                async with session.get(f"{url}/") as reply:
                    assert 'data-testid="composer"' in await reply.text()

        asyncio.run(check())
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
