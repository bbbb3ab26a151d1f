"""The villager answers a material request right in the chat, end to end: a real `daiban
run` against the sandbox; the station's agent seeded into its database and acting through
the case service's HTTP API as the bot would for them. The villager's words and photo
reach the agent's chat once; a second answer (a photo sent out of the blue) is a second
relay; an answer after the station received the material is refused kindly."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

from backend_client import As, CaseServiceClient
from handlers.callbacks import parse
from handlers.resident.reply_views import AnswerCase, SendReply
from handlers.staff._views import OpenCard
from tests.e2e.conftest import DaibanProcess, People, Person
from tests.e2e.test_notices import QUIET, STATION, _add_staff, _booked, _chatting

VILLAGER, AGENT = 961, 962
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e2c81d0000000049454e44ae426082"
)).decode()
Message = dict[str, Any]


def _data(message: Message) -> list[str]:
    return [button["callback_data"]
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
            for button in row]


async def _press(person: Person, message: Message, data: str) -> list[Message]:
    """Press a button and return the bot's next message."""
    await person.presses(message["message_id"], data)
    return await person.next_from_bot(wait=30)


async def _photo(person: Person, caption: str | None = None) -> str:
    """The person sends a photo; its file id as the bot receives it."""
    sent = await person.people.call(
        "POST", f"/chats/{person.id}/photo",
        json={"data_base64": PNG, "file_name": "hukou.png", "mime_type": "image/png",
              **({"caption": caption} if caption else {})})
    return str(sent["message"]["files"][0]["file_id"])


async def _quiet(person: Person) -> None:
    await asyncio.sleep(QUIET)
    assert await person.bot_messages(after=person.seen) == []


async def test_the_villagers_words_and_photos_reach_the_agent_once_each_answer_its_own_relay(
        people: People, daiban: DaibanProcess) -> None:
    await daiban.start()
    wang = await _chatting(people, VILLAGER, "王大爷")
    li = await _chatting(people, AGENT, "李")
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        await _add_staff(daiban, AGENT, "李代办", STATION, "agent")
        case = await _booked(cases, VILLAGER)
        await li.next_from_bot(wait=30)  # the handoff prompt
        for action, params in (("claim", {}), ("accept", {}),
                               ("request_material", {"items": ["户口簿首页"]})):
            await cases.act(case.id, action, actor=As.staff(AGENT), **params)  # type: ignore[arg-type]

        receipt, material = await wang.next_from_bot(2, wait=30)
        assert "还需要补这些材料" in material["text"]
        answer = AnswerCase(case.id).pack()
        assert _data(material)[0] == answer and answer not in _data(receipt)

        # -- the first answer: [Answer now], words, a photo, [Send] ----------------------
        (ask,) = await _press(wang, material, answer)
        assert case.number in ask["text"] and _data(ask) == ["rpx1:"]
        await wang.says("户口簿首页拍好了，<请看>")
        (got,) = await wang.next_from_bot(wait=30)
        assert SendReply(case.id).pack() in _data(got)
        file_id = await _photo(wang)
        (got,) = await wang.next_from_bot(wait=30)
        assert "照片 1 张" in got["text"]
        (sent,) = await _press(wang, got, SendReply(case.id).pack())
        assert "已经发出去了" in sent["text"] and "服务站" in sent["text"]

        words, photo = await li.next_from_bot(2, wait=30)
        assert case.number in words["text"] and "户口簿首页拍好了，&lt;请看&gt;" in words["text"]
        assert [parse(data) for data in _data(words)] == [OpenCard(case.id, "")]
        assert photo["kind"] == "photo" and photo["files"][0]["file_id"] == file_id
        assert "1/1" in photo["text"]
        await _quiet(li)

        # -- a second answer: a photo out of the blue is offered for the waiting case ----
        second = await _photo(wang, caption="银行卡")
        (offer,) = await wang.next_from_bot(wait=30)
        assert f"这是给办件 {case.number} 补的材料吗" in offer["text"]
        await _press(wang, offer, SendReply(case.id).pack())
        words, photo = await li.next_from_bot(2, wait=30)
        assert "银行卡" in words["text"] and photo["files"][0]["file_id"] == second
        await _quiet(li)
        events = [e.action for e in (await cases.events(case.id, actor=As.staff(AGENT))).events]
        assert events.count("reply") == 2

        # -- after the station received the material: refused kindly, nothing relayed ----
        await cases.act(case.id, "receive_material", actor=As.staff(AGENT))
        (received,) = await wang.next_from_bot(wait=30)
        assert "补的材料收到了" in received["text"]
        (ask,) = await _press(wang, material, answer)  # the old notice's button
        await wang.says("还有一张")
        (got,) = await wang.next_from_bot(wait=30)
        (closed,) = await _press(wang, got, SendReply(case.id).pack())
        assert "不用再补材料" in closed["text"] and "没有发出去" in closed["text"]
        await _quiet(li)
        events = [e.action for e in (await cases.events(case.id, actor=As.staff(AGENT))).events]
        assert events.count("reply") == 2
        await wang.says("低保")  # the answer is over: words search the catalog again
        (found,) = await wang.next_from_bot(wait=30)
        assert "低保" in found["text"] and "回复" not in found["text"]
