"""Family followers end to end: a real `daiban run` against the sandbox. A villager's case
is accepted; from the receipt they share it with family; their son opens the link
(/start f-...) and from then on both hear each move exactly once, the son without his
father's name; the villager removes the son, and the next move reaches only the
villager; the used link is refused to anyone else. Staff act through the case service's
HTTP API as the bot would for them (tests/e2e/test_notices.py)."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from backend_client import As, CaseServiceClient
from handlers.callbacks import parse
from handlers.resident.family_views import AskRemove, DoRemove, FamilyOf, ShareCase, short
from tests.e2e.conftest import USERNAME, DaibanProcess, People, Person
from tests.e2e.test_notices import QUIET, STATION, _act, _add_staff, _booked, _chatting

CODE = re.compile(r"/start (f-[A-Za-z0-9_-]+)")
FAMILY_LINE = "👪 您关注的家人办件有新消息："


def _data(message: dict[str, Any]) -> list[str]:
    return [button["callback_data"]
            for row in (message["reply_markup"] or {}).get("inline_keyboard", [])
            for button in row]


async def _exactly(person: Person, count: int) -> list[dict[str, Any]]:
    """The bot's next `count` messages to `person`, then nothing more for a while."""
    found = await person.next_from_bot(count, wait=60)
    await asyncio.sleep(QUIET)
    extra = await person.bot_messages(after=person.seen)
    assert len(found) == count and extra == [], (found, extra)
    return found


def _headings(messages: list[dict[str, Any]]) -> list[str]:
    """Each notice's heading: its first line, or for a follower the line after theirs."""
    lines = [message["plain_text"].split("\n") for message in messages]
    return [found[1] if found[0] == FAMILY_LINE else found[0] for found in lines]


async def test_a_follower_hears_each_move_once_without_the_villagers_name_until_removed(
        people: People, daiban: DaibanProcess) -> None:
    await daiban.start()
    wang = await _chatting(people, 881, "王大爷")
    li = await _chatting(people, 882, "李")
    await _chatting(people, 884, "赵")
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        town = (await cases.office(STATION)).parent_code
        assert town is not None
        await _add_staff(daiban, 882, "李代办", STATION, "agent")
        await _add_staff(daiban, 884, "赵审核", town, "reviewer")
        case = await _booked(cases, 881)
        await cases.update_resident(case.resident.id, name="王大爷", actor=As.resident(881))
        await li.next_from_bot()  # the handoff prompt
        await _act(cases, case.id, 882, "claim")
        await _act(cases, case.id, 882, "accept")

        (receipt,) = await _exactly(wang, 1)
        assert "受理回执" in receipt["text"] and ShareCase(case.id).pack() in _data(receipt)
        await wang.presses(receipt["message_id"], ShareCase(case.id).pack())
        link, screen = await wang.next_from_bot(2)
        code = CODE.search(link["plain_text"])
        assert code is not None, link
        assert f"https://t.me/{USERNAME}?start={code[1]}" in link["plain_text"]
        assert case.number in link["plain_text"] and "王大爷" not in link["plain_text"]
        assert "现在还没有家里人关注" in screen["plain_text"]

        son = await people.person(885, first_name="小明")
        await son.says(f"/start {code[1]}")  # as the deep link sends it
        (welcome,) = await _exactly(son, 1)
        assert f"您关注了办件 {case.number}" in welcome["plain_text"]

        material = (await cases.matter("SJ01")).materials[0]
        await _act(cases, case.id, 882, "request_material", items=[material.key],
                   reason="王大爷的户口簿首页要复印，电话 13800000001 打不通")
        await _act(cases, case.id, 882, "receive_material")
        await _act(cases, case.id, 882, "forward")
        villager_heard = await _exactly(wang, 3)
        son_heard = await _exactly(son, 3)
        moves = ["📎 还需要补这些材料", "📥 补的材料收到了", "📤 已经送到上一级"]
        assert _headings(villager_heard) == moves
        assert _headings(son_heard) == moves
        assert all(message["plain_text"].startswith(FAMILY_LINE) for message in son_heard)
        assert "王大爷的户口簿首页" in villager_heard[0]["plain_text"]
        for message in son_heard:
            assert "王大爷" not in message["plain_text"]
            assert "13800000001" not in message["plain_text"]
            assert not _data(message)  # nothing to press: not their case
        assert f"• {material.name.zh}" in son_heard[0]["plain_text"]

        await wang.presses(screen["message_id"], FamilyOf(case.id).pack())
        (listed,) = await wang.next_from_bot()
        assert "小明" in listed["plain_text"]
        (remove,) = [data for data in _data(listed) if AskRemove.pattern().match(data)]
        assert parse(remove).case == short(case.id)
        await wang.presses(listed["message_id"], remove)
        (confirm,) = await wang.next_from_bot()
        assert "不让 小明 再收到" in confirm["plain_text"]
        (yes,) = [data for data in _data(confirm) if DoRemove.pattern().match(data)]
        await wang.presses(confirm["message_id"], yes)
        (removed,) = await wang.next_from_bot()
        assert "小明 不会再收到这件事的消息了" in removed["plain_text"]

        await _act(cases, case.id, 884, "claim")
        await _act(cases, case.id, 884, "forward")
        (moved,) = await _exactly(wang, 1)
        assert moved["plain_text"].split("\n", 1)[0] == "📤 已经送到上一级"
        assert await son.bot_messages(after=son.seen) == []  # removed: nothing more

        other = await people.person(886, first_name="外人")
        await other.says(f"/start {code[1]}")
        (refused,) = await _exactly(other, 1)
        assert "这个关注链接已经有人用过了" in refused["plain_text"]
        assert (await cases.followers(case.id, actor=As.service())).followers == []
