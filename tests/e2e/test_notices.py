"""The villager told of every move of their case exactly once, and the staff prompted to
claim, end to end: a real `daiban run` against the sandbox; staff seeded into its
database and acting through the case service's HTTP API as the bot would for them.

While daiban is stopped the case service runs in this test process on the same database
(as in production behind a proxy: the service can move on while the bot is down), so
events happen with no bot reading the feed; they reach the villager when it starts."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid
from collections.abc import AsyncIterator
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from backend.api.app import ApiContext, create_app
from backend.calendar import CalendarSettings, load_calendar
from backend.service.clock import SystemClock
from backend.service.context import ServiceContext
from backend.service.privacy import IdCipher
from backend.service.uow import writing
from backend.storage.engine import create_engine
from backend.storage.settings import StorageSettings
from backend_client import As, CaseServiceClient
from matter_catalog.loader import load_catalog
from tests.api.people import valid_answer
from tests.e2e.conftest import DaibanProcess, People, Person

STATION = "110117108201"
QUIET = 2.0
"""Seconds of silence after which no further message is expected."""


async def _chatting(people: People, user_id: int, name: str) -> Person:
    """Someone who has a chat with the bot (a bot cannot write first)."""
    person = await people.person(user_id, first_name=name)
    await person.says("/help")
    await person.next_from_bot()
    return person


async def _add_staff(daiban: DaibanProcess, messaging_id: int, name: str, office: str,
                     role: str, language: str = "zh") -> str:
    """A staff member straight into daiban's database (tests/api/people.py's way)."""
    engine = create_engine(StorageSettings(database_url=daiban.database_url))
    staff_id = str(uuid.uuid4())
    now = dt.datetime.now(dt.UTC)
    try:
        async with writing(engine) as uow:
            await uow.staff.add(id=staff_id, messaging_id=str(messaging_id), name=name,
                                office_code=office, role=role, active=True, language=language,
                                created_at=now, updated_at=now)
    finally:
        await engine.dispose()
    return staff_id


async def _booked(cases: CaseServiceClient, user_id: int) -> Any:
    """A registered villager's 低保 case, dropped off at the station (no reminder)."""
    me = As.resident(user_id)
    resident = await cases.register_resident(user_id, "zh", "2026-11", actor=me)
    await cases.update_resident(resident.id, phone="+8613800000001", village_code=STATION,
                                actor=me)
    draft = await cases.create_draft("SJ01", actor=me)
    while draft.next_question is not None:
        question = draft.next_question
        draft = await cases.answer(draft.id, question.key, valid_answer(question.model_dump()),
                                   draft.version, actor=me)
    return await cases.submit(draft.id, "drop_off", actor=me)


async def _act(cases: CaseServiceClient, case_id: str, who: int, action: Any, **params: Any
               ) -> Any:
    return await cases.act(case_id, action, actor=As.staff(who), **params)


async def _heard(person: Person, count: int) -> list[str]:
    """The texts of the bot's next `count` messages, then nothing more for a while."""
    texts = [message["plain_text"] for message in await person.next_from_bot(count, wait=30)]
    await asyncio.sleep(QUIET)
    extra = await person.bot_messages(after=person.seen)
    assert extra == [], f"more than {count} message(s): {extra}"
    return texts


def _claim_data(message: dict[str, Any]) -> str:
    rows = (message["reply_markup"] or {}).get("inline_keyboard", [])
    return next(b["callback_data"] for row in rows for b in row
                if b["callback_data"].startswith("cl1:"))


@contextlib.asynccontextmanager
async def _case_service_alone(daiban: DaibanProcess) -> AsyncIterator[str]:
    """The case service on daiban's database and secrets, in this process, while the
    daiban process (and with it the bot) is stopped."""
    secrets = daiban.workdir / "var" / "secrets"
    engine = create_engine(StorageSettings(database_url=daiban.database_url))
    calendar = CalendarSettings()
    services = ServiceContext(
        engine=engine, catalog=load_catalog(), calendar=load_calendar(calendar),
        clock=SystemClock(ZoneInfo(calendar.time_zone)),
        cipher=IdCipher((secrets / "encryption_key").read_text().strip()))
    runner = web.AppRunner(create_app(ApiContext(services=services,
                                                 service_token=daiban.service_token())))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        await runner.cleanup()
        await engine.dispose()


async def test_the_villager_hears_every_move_once_and_the_slower_agent_sees_who_claimed(
        people: People, daiban: DaibanProcess) -> None:
    await daiban.start()
    wang = await _chatting(people, 861, "王大爷")
    li, zhang = await _chatting(people, 862, "李"), await _chatting(people, 863, "Zhang")
    reviewer, approver = await _chatting(people, 864, "赵"), await _chatting(people, 865, "钱")
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        town = (await cases.office(STATION)).parent_code
        assert town is not None
        district = (await cases.office(town)).parent_code
        assert district is not None
        await _add_staff(daiban, 862, "李代办", STATION, "agent")
        await _add_staff(daiban, 863, "Agent Zhang", STATION, "agent", "en")
        await _add_staff(daiban, 864, "赵审核", town, "reviewer")
        await _add_staff(daiban, 865, "钱审批", district, "approver")
        case = await _booked(cases, 861)

        (li_prompt,), (zhang_prompt,) = await li.next_from_bot(), await zhang.next_from_bot()
        assert case.number in li_prompt["text"] and "新办件，待接手" in li_prompt["text"]
        assert "New case: to claim" in zhang_prompt["text"]
        assert _claim_data(li_prompt) == f"cl1:{case.id}:{case.version}"

        await _act(cases, case.id, 862, "claim")
        (edited,) = await zhang.next_from_bot()  # the same message, changed
        assert edited["message_id"] == zhang_prompt["message_id"] and edited["edited"]
        assert "李代办 has claimed it" in edited["text"] and not edited["reply_markup"]
        material = (await cases.matter("SJ01")).materials[0]
        await _act(cases, case.id, 862, "accept")
        await _act(cases, case.id, 862, "request_material", items=[material.key, "村委会出的证明"])
        await _act(cases, case.id, 862, "receive_material")
        await _act(cases, case.id, 862, "forward")
        (town_prompt,) = await reviewer.next_from_bot()
        assert case.number in town_prompt["text"] and "报送来的办件" in town_prompt["text"]
        await _act(cases, case.id, 864, "claim")
        await _act(cases, case.id, 864, "forward")
        await approver.next_from_bot()
        await _act(cases, case.id, 865, "claim")
        await _act(cases, case.id, 865, "approve")
        await _act(cases, case.id, 865, "mark_result_ready")
        (li_again,), _ = await li.next_from_bot(), await zhang.next_from_bot()
        assert "结果到了，待接手送达" in li_again["text"]
        await _act(cases, case.id, 863, "claim")
        await _act(cases, case.id, 863, "deliver")

        heard = await _heard(wang, 8)  # claims are the offices' own business
        firsts = [text.split("\n", 1)[0] for text in heard]
        assert firsts == ["🧾 受理回执", "📎 还需要补这些材料", "📥 补的材料收到了",
                          "📤 已经送到上一级", "📤 已经送到上一级", "✅ 批准了",
                          "📬 结果到服务站了，可以去领", "🎉 办完了"]
        assert "马昌营镇" in heard[3] and "平谷区" in heard[4]  # where it is now
        assert case.number in heard[0] and "我的办件" in heard[0]
        assert f"• {material.name.zh}" in heard[1]  # a material of the matter, by its name
        assert "• 村委会出的证明" in heard[1]
        (li_edited,) = await li.next_from_bot()
        assert li_edited["message_id"] == li_again["message_id"]
        assert "Agent Zhang 已经接手了" in li_edited["text"]
        assert (await zhang.bot_messages(after=zhang.seen)) == []  # never their own


async def test_moves_made_while_the_bot_is_down_reach_the_villager_once_when_it_starts(
        people: People, daiban: DaibanProcess) -> None:
    await daiban.start()
    wang = await _chatting(people, 871, "王大爷")
    li, zhang = await _chatting(people, 872, "李"), await _chatting(people, 873, "张")
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        await _add_staff(daiban, 872, "李代办", STATION, "agent")
        await _add_staff(daiban, 873, "张代办", STATION, "agent")
        case = await _booked(cases, 871)
    (zhang_prompt,) = await zhang.next_from_bot()
    await li.next_from_bot()
    await daiban.stop()

    async with _case_service_alone(daiban) as url, CaseServiceClient(
            url, daiban.service_token()) as cases:
        await _act(cases, case.id, 872, "claim")
        await _act(cases, case.id, 872, "accept")
        await _act(cases, case.id, 872, "request_material", items=["户口簿首页"])
    await asyncio.sleep(QUIET)
    assert await wang.bot_messages(after=wang.seen) == []  # nobody to tell them yet

    await daiban.start()
    heard = await _heard(wang, 2)
    assert [text.split("\n", 1)[0] for text in heard] == ["🧾 受理回执", "📎 还需要补这些材料"]
    assert "• 户口簿首页" in heard[1]
    (edited,) = await zhang.next_from_bot()
    assert edited["message_id"] == zhang_prompt["message_id"]
    assert "李代办 已经接手了" in edited["text"]


async def _sent_texts(people: People, chat_id: int) -> list[str]:
    """Every sendMessage text the sandbox received for a chat (held ones included)."""
    return [call["params"].get("text", "") for call in await people.calls("sendMessage")
            if str(call["chat_id"]) == str(chat_id)]


async def test_killed_in_a_burst_of_notices_nothing_is_lost_and_repeats_stay_within_the_in_flight(
        people: People, daiban: DaibanProcess, bot_store: Any) -> None:
    await daiban.start()
    villagers = [await _chatting(people, user_id, "村民") for user_id in (891, 892, 893, 894)]
    await _chatting(people, 895, "李")
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        await _add_staff(daiban, 895, "李代办", STATION, "agent")
        booked = [await _booked(cases, person.id) for person in villagers]
        await people.hold(method="sendMessage", chat_id=891, times=1)
        for case in booked:  # four notices each: a burst, paced per chat
            await _act(cases, case.id, 895, "claim")
            await _act(cases, case.id, 895, "accept")
            await _act(cases, case.id, 895, "request_material", items=["户口簿首页"])
            await _act(cases, case.id, 895, "receive_material")
            await _act(cases, case.id, 895, "forward")
        await people.wait_until_held()
    daiban.kill()
    await daiban.wait()
    await people.release()  # the held call is carried out: it did reach the villager
    await asyncio.sleep(1.0)  # and so is any request that was on the wire at the kill

    # In flight at the kill: rows still pending whose message the sandbox has received.
    rows = [row for row in await bot_store.outbox_rows()
            if (row["dedupe_key"] or "").startswith("note:")]
    in_flight = [row["dedupe_key"] for row in rows if row["state"] == "pending"
                 and row["params"]["text"] in await _sent_texts(people, row["chat_id"])]
    assert 1 <= len(in_flight) <= len(villagers), in_flight  # one per chat at most

    await daiban.start()

    async def all_sent() -> bool:
        notes = [row for row in await bot_store.outbox_rows()
                 if (row["dedupe_key"] or "").startswith("note:")]
        return len(notes) == 4 * len(villagers) and all(r["state"] != "pending"
                                                         for r in notes)

    async with asyncio.timeout(60):
        while True:
            if await all_sent():
                break
            await asyncio.sleep(0.2)
    repeats = {}
    for row in await bot_store.outbox_rows():
        if (row["dedupe_key"] or "").startswith("note:"):
            page = await people.call("GET", f"/chats/{row['chat_id']}/messages",
                                     params={"after": 0, "sender": "bot"})
            received = [message["text"] for message in page["messages"]]
            assert row["params"]["text"] in received, row  # nothing lost
            if received.count(row["params"]["text"]) > 1:
                repeats[row["dedupe_key"]] = received.count(row["params"]["text"]) - 1
    assert sum(repeats.values()) <= len(in_flight), (repeats, in_flight)
    assert set(repeats) <= set(in_flight)  # only what was in flight came twice
