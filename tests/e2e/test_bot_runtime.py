"""The bot's runtime, end to end: the real process, the real PTB, a Bot API over HTTP.

Fixtures (tests/e2e/conftest.py): `people` acts as users through the sandbox's user side,
`daiban` is the daiban process (start it, SIGKILL it, start it again).
"""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from handlers.callbacks import ChooseLanguage
from texts.names import COMMANDS


async def test_a_villager_gets_the_welcome_from_daiban_pointed_at_a_sandbox_by_base_url(
        people, daiban, bot_store) -> None:
    await daiban.start()
    wang = await people.person(501)
    await wang.says("/start")
    (welcome,) = await wang.next_from_bot()
    assert "王大爷，您好" in welcome["text"] and welcome["parse_mode"] == "HTML"
    assert welcome["link_preview_options"] == {"is_disabled": True}

    await wang.says("/language")
    (choice,) = await wang.next_from_bot()
    english = ChooseLanguage("en").pack()
    buttons = [b["callback_data"] for row in choice["reply_markup"]["inline_keyboard"]
               for b in row]
    assert english in buttons
    await wang.presses(choice["message_id"], english)
    await wang.says("/help")
    help_screen = (await wang.next_from_bot(2))[-1]
    assert "/start" in help_screen["text"] and "您" not in help_screen["text"]
    assert [command["command"] for command in await people.commands()] == list(COMMANDS)


async def test_a_handled_update_is_done_and_its_payload_erased(people, daiban,
                                                              bot_store) -> None:
    await daiban.start()
    wang = await people.person(502)
    await wang.says("我的电话是13800138000")
    await wang.next_from_bot()
    await asyncio.sleep(0.3)  # the mark-done commit follows the reply
    async with bot_store.engine.connect() as connection:
        rows = (await connection.execute(text(
            "SELECT state, payload FROM bot_updates"))).all()
    assert rows and all(row.state == "done" and row.payload is None for row in rows)
    assert "13800138000" not in daiban.log.read_text()


async def test_the_chosen_language_survives_a_kill_because_it_is_saved_with_its_update(
        people, daiban) -> None:
    await daiban.start()
    wang = await people.person(503)
    await wang.says("/language")
    (choice,) = await wang.next_from_bot()
    await wang.presses(choice["message_id"], ChooseLanguage("en").pack())
    await wang.next_from_bot()  # the edited confirmation counts as news
    await asyncio.sleep(0.3)
    daiban.kill()
    await daiban.wait()
    await daiban.start()
    await wang.says("/start")
    (welcome,) = await wang.next_from_bot()
    assert "Hello" in welcome["text"]


async def test_a_bot_killed_mid_handler_answers_after_restart_with_at_most_the_reply_twice(
        people, daiban, bot_store) -> None:
    await daiban.start()
    wang = await people.person(504)
    await people.hold(method="sendMessage", chat_id=504)
    await wang.says("/start")
    await people.wait_until_held()
    daiban.kill()  # the handler is awaiting its reply: the update is stored, not done
    await daiban.wait()
    await people.release()  # the platform had received the in-flight reply: it arrives
    await daiban.start()
    replies = await wang.next_from_bot(2)
    await asyncio.sleep(1.0)
    replies += await wang.bot_messages(after=wang.seen)
    assert len(replies) == 2, replies  # the in-flight one, and the restart's own answer
    assert all("您好" in reply["text"] for reply in replies)
    async with bot_store.engine.connect() as connection:
        states = (await connection.execute(text(
            "SELECT state, count(*) AS n FROM bot_updates GROUP BY state"))).all()
    assert dict(states) == {"done": 1}  # one update, handled (twice: once cut off)


async def test_a_server_that_refuses_set_my_commands_does_not_stop_the_bot(
        people, daiban) -> None:
    await people.fault(method="setMyCommands", error_code=400, times=None,
                       description="Bad Request: method not supported here")
    await daiban.start()
    wang = await people.person(506)
    await wang.says("/start")
    (welcome,) = await wang.next_from_bot()
    assert "您好" in welcome["text"]
    assert "refused setMyCommands" in daiban.log.read_text()
