"""Onboarding, /me and /privacy end to end: the real daiban process, the sandbox, and the
case service's own answers as the proof of what was (and was not) stored.

Fixtures (tests/e2e/conftest.py): `people` acts as users through the sandbox's user side,
`daiban` is the daiban process (start it, SIGKILL it, start it again).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

import pytest

from backend_client import As, CaseServiceClient
from backend_client.errors import NotFound
from handlers.callbacks import Page
from handlers.resident.onboarding import NOTICE_VERSION
from handlers.resident.onboarding_screens import (
    Agree,
    ConfirmVillage,
    Decline,
    PickLanguage,
    PickTown,
    PickVillage,
)
from handlers.resident.profile_screens import Erase

TOWN = "110117108000"  # 马昌营镇, the 12th of 18 towns: on the second page of six
VILLAGE = "110117108201"
HAN = re.compile(r"[\u3400-\u9fff]")
Message = dict[str, Any]


def _data(message: Message) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [button.get("callback_data", "") for row in markup.get("inline_keyboard", [])
            for button in row]


async def _expect(person: Any, matches: Callable[[Message], bool]) -> Message:
    """The bot's next message (new or edited) that `matches`, skipping others."""
    seen = []
    for _ in range(6):
        for message in await person.next_from_bot():
            if matches(message):
                return message
            seen.append(message)
    raise AssertionError(f"no matching message; saw {seen}")


def _says(words: str) -> Callable[[Message], bool]:
    return lambda message: words in (message.get("text") or "")


def _offers(data: str) -> Callable[[Message], bool]:
    return lambda message: data in _data(message)


async def _own_contact(people: Any, user_id: int) -> None:
    """The contact button: the person's own number, with their own user id on it."""
    await people.call("POST", f"/chats/{user_id}/contact", json={
        "phone_number": f"+86138000{user_id:05d}", "first_name": "x", "user_id": user_id})


async def _villager(people: Any, user_id: int, name: str = "王大爷",
                    language: str = "zh") -> Any:
    return await people.person(user_id, name, language)


async def _to_the_phone_step(person: Any, language: str = "zh") -> Message:
    await person.says("/start")
    hello = await _expect(person, _offers(PickLanguage(language).pack()))
    await person.presses(hello["message_id"], PickLanguage(language).pack())
    notice = await _expect(person, _offers(Agree(language).pack()))
    await person.presses(notice["message_id"], Agree(language).pack())
    return await _expect(person, lambda m: bool(
        (m.get("reply_markup") or {}).get("keyboard")))


def _cases(daiban: Any) -> CaseServiceClient:
    return CaseServiceClient(daiban.api_url, daiban.service_token())


async def test_a_new_villager_onboards_by_town_page_and_then_start_welcomes_them_back(
        people, daiban) -> None:
    await daiban.start()
    wang = await _villager(people, 7101)
    ask = await _to_the_phone_step(wang)
    assert "手机号" in ask["text"]
    assert ask["reply_markup"]["keyboard"][0][0]["request_contact"] is True

    await _own_contact(people, wang.id)
    towns = await _expect(wang, _offers(Page("town", 1).pack()))
    assert PickTown(TOWN).pack() not in _data(towns)
    await wang.presses(towns["message_id"], Page("town", 1).pack())
    page_two = await _expect(wang, _offers(PickTown(TOWN).pack()))
    await wang.presses(page_two["message_id"], PickTown(TOWN).pack())
    villages = await _expect(wang, _offers(PickVillage(VILLAGE).pack()))
    assert "马昌营镇" in villages["text"]
    await wang.presses(villages["message_id"], PickVillage(VILLAGE).pack())
    confirm = await _expect(wang, _offers(ConfirmVillage(VILLAGE).pack()))
    await wang.presses(confirm["message_id"], ConfirmVillage(VILLAGE).pack())
    done = await _expect(wang, _says("都办好了"))
    assert "王大爷" in done["text"] and "13800007101" not in done["text"]
    assert "****7101" in done["text"] and "keyboard" in done["reply_markup"]

    async with _cases(daiban) as cases:
        stored = await cases.resident_by_messaging_id(wang.id, actor=As.service())
    assert (stored.name, stored.village_code, stored.language) == ("王大爷", VILLAGE, "zh")
    assert stored.phone_masked and stored.phone_masked.endswith("7101")
    assert stored.consents[0].notice_version == NOTICE_VERSION

    await wang.says("/start")
    back = await _expect(wang, _says("欢迎回来"))
    assert "keyboard" in back["reply_markup"]


async def test_someone_elses_contact_is_refused_with_the_reason_and_the_own_accepted(
        people, daiban) -> None:
    await daiban.start()
    wang = await _villager(people, 7102)
    await _to_the_phone_step(wang)
    await people.call("POST", f"/chats/{wang.id}/contact", json={
        "phone_number": "+8613912345678", "first_name": "李四", "user_id": 7999})
    refused = await _expect(wang, _says("别人的号码"))
    assert refused["reply_markup"]["keyboard"][0][0]["request_contact"] is True
    await wang.says("13912345678")
    await _expect(wang, _says("请不要打字"))
    async with _cases(daiban) as cases:
        stored = await cases.resident_by_messaging_id(wang.id, actor=As.service())
        assert stored.phone_masked is None
        await _own_contact(people, wang.id)
        await _expect(wang, _offers(Page("town", 1).pack()))
        stored = await cases.resident_by_messaging_id(wang.id, actor=As.service())
    assert stored.phone_masked and stored.phone_masked.endswith("7102")


async def test_declining_the_notice_stores_nothing_and_start_asks_again(people, daiban) -> None:
    await daiban.start()
    wang = await _villager(people, 7103)
    await wang.says("/start")
    hello = await _expect(wang, _offers(PickLanguage("zh").pack()))
    await wang.presses(hello["message_id"], PickLanguage("zh").pack())
    notice = await _expect(wang, _offers(Decline("zh").pack()))
    assert "/privacy" in notice["text"] and "谁能看到" in notice["text"]
    await wang.presses(notice["message_id"], Decline("zh").pack())
    await _expect(wang, _says("都没有保存"))
    async with _cases(daiban) as cases:
        with pytest.raises(NotFound):
            await cases.resident_by_messaging_id(wang.id, actor=As.service())
    await wang.says("/start")
    await _expect(wang, _offers(PickLanguage("zh").pack()))


async def test_an_english_villager_onboards_in_english_by_typing_the_town_in_pinyin(
        people, daiban) -> None:
    await daiban.start()
    tom = await _villager(people, 7104, name="Tom", language="en")
    await tom.says("/start")
    hello = await _expect(tom, _offers(PickLanguage("en").pack()))
    screens = [hello]
    await tom.presses(hello["message_id"], PickLanguage("en").pack())
    notice = await _expect(tom, _offers(Agree("en").pack()))
    await tom.presses(notice["message_id"], Agree("en").pack())
    screens += [notice, await _expect(tom, lambda m: bool(
        (m.get("reply_markup") or {}).get("keyboard")))]
    await _own_contact(people, tom.id)
    screens.append(await _expect(tom, _offers(Page("town", 1).pack())))
    await tom.says("machangying")
    found = await _expect(tom, _offers(PickVillage(VILLAGE).pack()))
    await tom.presses(found["message_id"], PickVillage(VILLAGE).pack())
    confirm = await _expect(tom, _offers(ConfirmVillage(VILLAGE).pack()))
    await tom.presses(confirm["message_id"], ConfirmVillage(VILLAGE).pack())
    screens += [found, confirm, await _expect(tom, _says("All set"))]
    await tom.says("/me")
    screens.append(await _expect(tom, _says("My details")))
    assert [s["text"] for s in screens if HAN.search(s["text"])] == []
    assert "Machangying" in confirm["text"]
    async with _cases(daiban) as cases:
        stored = await cases.resident_by_messaging_id(tom.id, actor=As.service())
    assert (stored.language, stored.village_code) == ("en", VILLAGE)


async def test_privacy_shows_masked_data_and_delete_erases_it_after_a_confirmation(
        people, daiban) -> None:
    await daiban.start()
    wang = await _villager(people, 7105)
    async with _cases(daiban) as cases:  # onboarded through the API, not by clicks
        resident = await cases.register_resident(wang.id, "zh", NOTICE_VERSION,
                                                 actor=As.resident(wang.id))
        await cases.update_resident(resident.id, name="王大爷", phone="13800007105",
                                    village_code=VILLAGE, actor=As.resident(wang.id))
        await wang.says("/privacy")
        shown = await _expect(wang, _offers(Erase("ask").pack()))
        assert "13800007105" not in shown["text"] and "7105" in shown["text"]
        assert "王大爷" not in shown["text"] and "马昌营" in shown["text"]
        await wang.presses(shown["message_id"], Erase("ask").pack())
        confirm = await _expect(wang, _offers(Erase("yes").pack()))
        assert "会删掉" in confirm["text"] and "会留下" in confirm["text"]
        await wang.presses(confirm["message_id"], Erase("yes").pack())
        await _expect(wang, _says("已经删除"))
        with pytest.raises(NotFound):
            await cases.resident_by_messaging_id(wang.id, actor=As.service())
        erased = await cases.resident(resident.id, actor=As.service())
    assert erased.erased and erased.name is None and erased.phone_masked is None
    await wang.says("/start")
    await _expect(wang, _offers(PickLanguage("zh").pack()))


async def test_a_bot_killed_mid_onboarding_resumes_at_the_same_step(people, daiban) -> None:
    await daiban.start()
    wang = await _villager(people, 7106)
    await _to_the_phone_step(wang)
    await asyncio.sleep(0.3)  # the state is committed with the update that changed it
    daiban.kill()
    await daiban.wait()
    await daiban.start()
    await wang.says("我不会按")
    await _expect(wang, _says("请不要打字"))
    await _own_contact(people, wang.id)
    await _expect(wang, _offers(Page("town", 1).pack()))
