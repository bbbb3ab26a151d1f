"""End to end: a villager books proxy handling through the sandbox, against `daiban run`.

The villager is registered through the case service's API (onboarding is another flow);
everything after that is the chat: the ID number with its own consent, the form, a slot,
the summary, the case number.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from typing import Any

from stdnum.cn import ric

from backend_client import As, CaseServiceClient
from handlers.callbacks import BookMatter
from handlers.resident.booking_states import Answer, Confirm, Consent, Day, Resume, Slot, Way

HAN = re.compile(r"[\u3400-\u9fff]")
PHONE = "13800138000"
STATION = "110117108201"
ID_BODY = "11011719560308123"
GOOD_ID = ID_BODY + ric.calc_check_digit(ID_BODY + "0")  # it reads 18 characters
BAD_ID = ID_BODY + ("0" if GOOD_ID[-1] != "0" else "1")


async def villager(daiban: Any, people: Any, user_id: int, language: str = "zh",
                   name: str = "王大爷") -> Any:
    """A registered villager of the demo station who has said hello to the bot."""
    person = await people.person(user_id, name, language)
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as client:
        resident = await client.register_resident(user_id, language, "2026-11",
                                                  actor=As.resident(user_id))
        await client.update_resident(resident.id, actor=As.resident(user_id), phone=PHONE,
                                     village_code=STATION)
    return person


def buttons(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [button.get("callback_data", "") for row in markup.get("inline_keyboard", [])
            for button in row]


def button(message: dict[str, Any], prefix: str) -> str:
    return next(data for data in buttons(message) if data.startswith(prefix))


async def screen(person: Any, count: int = 1) -> dict[str, Any]:
    """The bot's latest screen (a new message or one edited in place)."""
    return (await person.next_from_bot(count))[-1]


async def screen_with(person: Any, prefix: str) -> dict[str, Any]:
    """The next screen with a button of this kind (a restart may repeat a reply first)."""
    for _ in range(5):
        for message in await person.next_from_bot(1):
            if any(data.startswith(prefix) for data in buttons(message)):
                return message
    raise AssertionError(f"no screen with a {prefix} button")


async def press(person: Any, message: dict[str, Any], prefix: str) -> dict[str, Any]:
    await person.presses(message["message_id"], button(message, prefix))
    return await screen(person)


async def answer_the_form(person: Any, first: dict[str, Any]) -> dict[str, Any]:
    """SJ01 (dibao): whose household (a tap), how many people (typed), when at home (a
    tap); the screen after the last question."""
    await press(person, first, Answer.PREFIX)  # the first choice: my own household
    await person.says("3")
    visit = await screen(person)
    return await press(person, visit, Answer.PREFIX)


async def to_the_form(person: Any) -> dict[str, Any]:
    """/book SJ01, agree to give the ID number, a wrong one, then the right one."""
    await person.says("/book SJ01")
    consent = await screen(person)
    asked = await press(person, consent, f"{Consent.PREFIX}1:1")
    assert "18" in asked["text"]
    wrong = await person.says(BAD_ID)
    again = await screen(person)
    assert "校验位" in again["text"] or "check digit" in again["text"]
    right = await person.says(GOOD_ID)
    first = await screen(person)
    shown = await person.bot_messages()
    user_side = (await person.people.call("GET", f"/chats/{person.id}/messages",
                                          params={"sender": "user"}))["messages"]
    by_id = {m["message_id"]: m for m in user_side}
    assert by_id[wrong["message"]["message_id"]]["deleted"]
    assert by_id[right["message"]["message_id"]]["deleted"]
    assert all(GOOD_ID not in (m.get("text") or "") for m in shown)
    assert GOOD_ID[:3] in first["text"] and GOOD_ID[-4:] in first["text"]
    return first


async def test_a_villager_books_dibao_with_a_wrong_then_a_right_id_number_and_one_case_comes_of_a_double_tap(  # noqa: E501
        daiban: Any, people: Any) -> None:
    await daiban.start()
    person = await villager(daiban, people, 610001)
    first = await to_the_form(person)
    ways = await answer_the_form(person, first)
    days = await press(person, ways, Way("s").pack())
    times = await press(person, days, Day.PREFIX)
    summary = await press(person, times, Slot.PREFIX)
    assert "3" in summary["text"]
    confirm = button(summary, Confirm.PREFIX)
    await asyncio.gather(
        person.people.call("POST", f"/chats/{person.id}/press",
                           json={"message_id": summary["message_id"], "data": confirm}),
        person.people.call("POST", f"/chats/{person.id}/press",
                           json={"message_id": summary["message_id"], "data": confirm,
                                 "forged": True}))
    found = await person.next_from_bot(2)
    receipt = next(m for m in found if m["message_id"] == summary["message_id"])
    number = re.search(r"PG\d{10}", receipt["text"])
    assert number, receipt["text"]
    await asyncio.sleep(2)  # the second tap is handled too
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as client:
        mine = await client.my_cases(actor=As.resident(person.id))
    assert [case.number for case in mine.cases] == [number.group()]
    assert mine.cases[0].booking.kind == "slot"
    log = daiban.log.read_text()
    for secret in (GOOD_ID, BAD_ID, PHONE, "王大爷"):
        assert secret not in log


async def test_a_slot_someone_else_took_is_answered_plainly_with_the_slots_again(
        daiban: Any, people: Any) -> None:
    await daiban.start()
    person = await villager(daiban, people, 610002)
    await person.says("/book SJ01")
    consent = await screen(person)
    first = await press(person, consent, f"{Consent.PREFIX}1:0")  # bring the ID card
    ways = await answer_the_form(person, first)
    days = await press(person, ways, Way("s").pack())
    times = await press(person, days, Day.PREFIX)
    taken = button(times, Slot.PREFIX)
    summary = await press(person, times, taken)
    other = 610003
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as client:
        resident = await client.register_resident(other, "zh", "2026-11",
                                                  actor=As.resident(other))
        await client.update_resident(resident.id, actor=As.resident(other),
                                     village_code=STATION)
        draft = await client.create_draft("SJ01", actor=As.resident(other))
        draft = await client.answer(draft.id, "applicant", "self", draft.version,
                                    actor=As.resident(other))
        draft = await client.answer(draft.id, "household_size", 2, draft.version,
                                    actor=As.resident(other))
        start = dt.datetime.fromtimestamp(Slot.parse(taken).at, tz=dt.UTC)
        await client.submit(draft.id, "slot", start, actor=As.resident(other))
    again = await press(person, summary, Confirm.PREFIX)
    assert "约走" in again["text"]
    assert taken not in buttons(await press(person, again, Day.PREFIX))
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as client:
        assert (await client.my_cases(actor=As.resident(person.id))).cases == []


async def test_a_villager_who_leaves_and_whose_bot_is_killed_resumes_at_the_same_question(
        daiban: Any, people: Any) -> None:
    await daiban.start()
    person = await villager(daiban, people, 610004)
    await person.says("/book SJ01")
    consent = await screen(person)
    first = await press(person, consent, f"{Consent.PREFIX}1:0")
    await press(person, first, Answer.PREFIX)  # whose household: asked next, how many
    await person.says("/cancel")
    await screen(person)
    daiban.kill()
    await daiban.wait()
    await daiban.start()
    await person.says("/help")
    await asyncio.sleep(3)  # the reply to /help (and a /cancel repeated by the restart)
    help_message = (await person.bot_messages())[-1]
    await person.people.call("POST", f"/chats/{person.id}/press", json={
        "message_id": help_message["message_id"], "data": BookMatter("SJ01").pack(),
        "forged": True})
    offer = await screen_with(person, Resume.PREFIX)
    assert "1" in offer["text"]
    asked = await press(person, offer, Resume.PREFIX)
    assert "人口" in asked["text"]  # the same question: how many people live together
    daiban.kill()
    await daiban.wait()
    await daiban.start()
    await person.says("4")
    visit = await screen_with(person, Answer.PREFIX)
    assert Answer.PREFIX in button(visit, Answer.PREFIX)
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as client:
        drafts = await client.privacy(
            (await client.resident_by_messaging_id(person.id, actor=As.resident(person.id))).id,
            actor=As.resident(person.id))
    assert drafts.open_drafts == 1


async def test_an_english_villager_books_in_english_throughout(
        daiban: Any, people: Any) -> None:
    await daiban.start()
    person = await villager(daiban, people, 610005, language="en", name="Li")
    await person.says("/book SJ01")
    consent = await screen(person)
    first = await press(person, consent, f"{Consent.PREFIX}1:0")
    ways = await answer_the_form(person, first)
    summary = await press(person, ways, Way("d").pack())
    await press(person, summary, Confirm.PREFIX)
    await person.next_from_bot(1)
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as client:
        address = (await client.office(STATION)).address
    texts = [m["text"].replace(address, "") for m in await person.bot_messages()]
    labels = [button["text"] for m in await person.bot_messages()
              for row in (m.get("reply_markup") or {}).get("inline_keyboard", [])
              for button in row]
    assert [text for text in texts + labels if HAN.search(text)] == []
    assert any("Case number" in text for text in texts)
