"""The catalog end to end: a villager browses or types a few words, sees a matter's card
with their own offices on its way, and old or forged buttons change nothing.

Fixtures (tests/e2e/conftest.py): `people` acts as users through the sandbox's user side,
`daiban` is the daiban process.
"""

from __future__ import annotations

import re
from typing import Any

from backend_client import As, CaseServiceClient
from handlers.callbacks import BookMatter, GoHome, Page
from handlers.resident.catalog import Categories, MatterCard, MatterPart

HAN = re.compile(r"[\u3400-\u9fff]")
FIND = "🔍 找事项"


def buttons(message: dict[str, Any]) -> list[str]:
    """The callback data of a message's inline buttons, in order."""
    markup = message.get("reply_markup") or {}
    return [button["callback_data"] for row in markup.get("inline_keyboard", [])
            for button in row]


def labels(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [button["text"] for row in markup.get("inline_keyboard", []) for button in row]


async def presses_and_sees(person: Any, message: dict[str, Any], data: str
                           ) -> dict[str, Any]:
    """Press a button and return the screen it leads to (its own message, edited)."""
    await person.presses(message["message_id"], data)
    (screen,) = await person.next_from_bot()
    return screen


async def test_a_villager_browses_a_category_to_its_second_page_a_card_and_back(
        people, daiban) -> None:
    await daiban.start()
    wang = await people.person(601)
    await wang.says(FIND)
    (categories,) = await wang.next_from_bot()
    first_page = Page("cat.social_insurance", 0).pack()
    assert first_page in buttons(categories) and "点一下" in categories["text"]

    matters = await presses_and_sees(wang, categories, first_page)
    assert matters["message_id"] == categories["message_id"] and matters["edited"]
    assert "第 1 页，共 2 页" in matters["text"]
    on_first = [data for data in buttons(matters) if data.startswith("ctm")]
    assert len(on_first) == 4 and Categories().pack() in buttons(matters)

    second = await presses_and_sees(wang, matters, Page("cat.social_insurance", 1).pack())
    assert "第 2 页，共 2 页" in second["text"]
    (card_button,) = [data for data in buttons(second) if data.startswith("ctm")]
    assert card_button not in on_first and MatterCard.parse(card_button).page == 1

    card = await presses_and_sees(wang, second, card_button)
    assert "⏱" in card["text"] and "本村代办站" in card["text"]  # not registered: plain tiers
    assert BookMatter(MatterCard.parse(card_button).code).pack() in buttons(card)
    assert GoHome().pack() in buttons(card)

    assert Page("cat.social_insurance", 1).pack() in buttons(card)  # [Back] to page 2
    back = await presses_and_sees(wang, card, Page("cat.social_insurance", 1).pack())
    assert back["text"] == second["text"] and buttons(back) == buttons(second)


async def test_chinese_pinyin_and_a_slip_all_find_the_minimum_living_allowance(
        people, daiban) -> None:
    await daiban.start()
    wang = await people.person(602)
    for typed in ("低保", "dibao", "最低生活保帐"):
        await wang.says(typed)
        (found,) = await wang.next_from_bot()
        assert buttons(found)[0] == MatterCard("SJ01", 0).pack(), typed
        assert labels(found)[0] == "最低生活保障（低保）申请"
        assert f"“{typed}”" in found["text"]

    await wang.says("qwzxv")
    (nothing,) = await wang.next_from_bot()
    assert "没有找到" in nothing["text"]
    assert Page("cat.social_assistance", 0).pack() in buttons(nothing)


async def test_the_card_names_the_villagers_own_station_and_town_and_lists_what_to_bring(
        people, daiban) -> None:
    await daiban.start()
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        resident = await cases.register_resident(603, "zh", "2026-11", actor=As.resident(603))
        await cases.update_resident(resident.id, actor=As.resident(603), phone="13800138000",
                                    village_code="110117108201")
    wang = await people.person(603)
    await wang.says("低保")
    (found,) = await wang.next_from_bot()
    card = await presses_and_sees(wang, found, MatterCard("SJ01", 0).pack())
    assert ("马昌营村 → 马昌营镇 → 平谷区 → 送回本站"
            in card["text"])
    assert "大约 25 个工作日办好" in card["text"] and "不收费" in card["text"]
    assert buttons(card)[0] == BookMatter("SJ01").pack()

    materials = await presses_and_sees(wang, card, MatterPart("SJ01", "m", 0).pack())
    assert "低保申请书" in materials["text"] and "可以以后补" in materials["text"]
    assert MatterCard("SJ01", 0).pack() in buttons(materials)
    faq = await presses_and_sees(wang, materials, MatterCard("SJ01", 0).pack())
    faq = await presses_and_sees(wang, faq, MatterPart("SJ01", "f", 0).pack())
    assert "低保能领多少钱？" in faq["text"]


async def test_an_english_speaker_gets_the_catalog_in_english(people, daiban) -> None:
    await daiban.start()
    mary = await people.person(604, "Mary", "en")
    await mary.says("minimum living allowance")
    (found,) = await mary.next_from_bot()
    assert buttons(found)[0] == MatterCard("SJ01", 0).pack()
    assert labels(found)[0] == "Minimum living allowance (dibao) - application"
    card = await presses_and_sees(mary, found, MatterCard("SJ01", 0).pack())
    assert "Your village station → Town service center" in card["text"]
    assert "Done in about 25 working days" in card["text"]
    assert not HAN.search(card["text"]) and "Book proxy handling" in labels(card)[0]
    eligibility = await presses_and_sees(mary, card, MatterPart("SJ01", "e", 0).pack())
    assert "Who can apply" in eligibility["text"] and not HAN.search(eligibility["text"])


async def test_a_stale_or_forged_catalog_button_has_moved_on_and_nothing_breaks(
        people, daiban) -> None:
    await daiban.start()
    wang = await people.person(605)
    await wang.says("低保")
    (found,) = await wang.next_from_bot()
    for forged in (MatterCard("ZZ99", 0).pack(), MatterPart("SJ01", "x", 0).pack(),
                   Page("cat.no_such_kind", 0).pack(), "ctm1:SJ01", "ctm9:SJ01:0"):
        answer = await people.call("POST", f"/chats/{wang.id}/press", json={
            "message_id": found["message_id"], "data": forged, "forged": True})
        assert answer["answered"], forged
        (moved_on,) = await wang.next_from_bot()
        assert "这个按钮已经过时了" in moved_on["text"], forged
    assert (await wang.bot_messages())[0]["text"] == found["text"]  # unchanged

    card = await presses_and_sees(wang, found, MatterCard("SJ01", 0).pack())
    assert "最低生活保障" in card["text"]
