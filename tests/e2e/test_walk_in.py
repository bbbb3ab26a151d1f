"""Walk-ins end to end: a real `daiban run` against the sandbox. A station agent (who
joined with the operator's invite) registers a villager without a phone of their own at
the counter and books 生育登记 (WJ01: station → town decides → back to the station) for
them through the bot, claims and accepts on the card and looks up her number there
([Call the villager]); the villager's news appears on the station's call list with the
message to pass on, [No answer] keeps a task and [Reached] closes it; the case goes on to
delivery (the middle tiers through the API), and every piece of news became exactly one
call task and not one chat message.
"""

from __future__ import annotations

import re
from typing import Any

from backend_client import As, CaseServiceClient
from bot.notifier import FEED
from handlers.staff._views import CallVillager
from handlers.staff.calls import Finish
from handlers.staff.walk_in_states import Answer, Authorize, Book, PickMatter
from tests.e2e.test_my_cases import _eventually
from tests.e2e.test_staff_cases import _act, _data, _expect, _forged, _offers, _says, _staff
from wire.cases import CaseView

STATION = "110117108201"
TOWN = "110117108000"
AGENT, APPROVER = 971, 972
WALK_IN = "🧓 代村民预约"
TO_CALL = "📞 待打电话"
PHONE = "+8613900139000"
Message = dict[str, Any]


def _one(message: Message, prefix: str) -> str:
    found = [data for data in _data(message) if data.startswith(prefix)]
    assert found, f"no {prefix} button: {_data(message)}"
    return found[0]


async def _book_at_the_counter(zhang: Any) -> Message:
    """The agent registers 李四 (phone, signed authorization) and books WJ01 for her."""
    await zhang.says(WALK_IN)
    await _expect(zhang, _says("请输入村民的姓名"))
    await zhang.says("李四")
    await _expect(zhang, _says("电话号码"))
    await zhang.says("13900139000")
    ask = await _expect(zhang, _offers(f"{Authorize.PREFIX}1:"))
    assert "已登记村民" in ask["text"] and "13900139000" in ask["text"]
    await zhang.presses(ask["message_id"], Authorize("written").pack())
    await _expect(zhang, _says("委托书签了什么"))
    await zhang.says("本人签字，委托书放在服务站二号柜")
    await _expect(zhang, _offers("wic1:"))
    await zhang.says("生育登记")
    found = await _expect(zhang, _offers(PickMatter("WJ01").pack()))
    await zhang.presses(found["message_id"], PickMatter("WJ01").pack())
    screen = await _expect(zhang, _offers(f"{Answer.PREFIX}1:"))
    for _ in range(5):  # the matter's questions, each answered by its first button
        await zhang.presses(screen["message_id"], _one(screen, f"{Answer.PREFIX}1:"))
        screen = await _expect(zhang, lambda m: _offers(f"{Answer.PREFIX}1:")(m)
                               or _offers(f"{Book.PREFIX}1:")(m))
        if _offers(f"{Book.PREFIX}1:")(screen):
            break
    assert "委托书放在服务站二号柜" in screen["text"] and "李四" in screen["text"]
    await zhang.presses(screen["message_id"], _one(screen, f"{Book.PREFIX}1:"))
    return await _expect(zhang, _says("已替"))


async def _call_list(zhang: Any) -> Message:
    await zhang.says(TO_CALL)
    return await _expect(zhang, _says("待打电话"))


async def test_a_walk_in_villager_s_news_is_passed_on_by_the_station_never_the_chat(
        people: Any, daiban: Any, bot_store: Any) -> None:
    await daiban.start()
    zhang = await _staff(people, daiban, AGENT, "代办员 小张", STATION, "agent")
    await _staff(people, daiban, APPROVER, "镇审批 王", TOWN, "approver")
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        done = await _book_at_the_counter(zhang)
        number = re.findall(r"PG\d+", done["text"])[0]
        case: CaseView = await cases.case_by_number(number, actor=As.staff(AGENT))
        assert case.booking.kind == "drop_off" and case.resident.name == "李四"

        await zhang.presses(done["message_id"], _one(done, f"sco1:{case.id}:"))
        card = await _expect(zhang, _offers(f"sac1:{case.id}:cl:"))
        card = await _act(zhang, card, "cl", "已有人接手")
        card = await _act(zhang, card, "ac", "已受理")
        await zhang.presses(card["message_id"], CallVillager(case.id).pack())
        rung = await _expect(zhang, _says("查看号码已记录"))  # [Call the villager]
        assert PHONE in rung["text"] and "李四" in rung["text"]

        listing = await _call_list(zhang)  # oldest first: the booking, then the receipt
        text = listing["text"]
        assert "第 1 条，共 2 条" in text and "李四" in text and PHONE in text
        assert number in text and "服务站替您预约好了" in text
        tasks = (await cases.call_tasks(STATION, actor=As.staff(AGENT))).tasks
        assert [task.event.action for task in tasks] == ["book", "accept"]
        booked, receipt = tasks

        await zhang.presses(listing["message_id"], Finish(booked.id, "n", 0).pack())
        listing = await _expect(zhang, _says("没打通（共 1 次）"))
        assert "第 2 条，共 2 条" in listing["text"] and "受理回执" in listing["text"]
        tasks = (await cases.call_tasks(STATION, actor=As.staff(AGENT))).tasks
        assert [(task.id, task.attempts) for task in tasks] == [(booked.id, 1),
                                                                (receipt.id, 0)]

        await zhang.presses(listing["message_id"], Finish(receipt.id, "r", 1).pack())
        listing = await _expect(zhang, _says("打电话转告了"))
        assert "第 1 条，共 1 条" in listing["text"] and "已经打过 1 次没打通" in listing["text"]
        await zhang.presses(listing["message_id"], Finish(booked.id, "r", 0).pack())
        await _expect(zhang, _says("现在没有要转告的村民"))
        await _forged(people, zhang, Finish(booked.id, "v", 0).pack())  # pressed again
        await _expect(zhang, _says("已经有同事办完了"))  # call_task.already_done
        assert (await cases.call_tasks(STATION, actor=As.staff(AGENT))).tasks == []

        case = await cases.case(case.id, actor=As.staff(AGENT))
        for who, action in ((AGENT, "forward"), (APPROVER, "claim"), (APPROVER, "approve"),
                            (AGENT, "mark_result_ready"), (AGENT, "deliver")):
            case = await cases.act(case.id, action, actor=As.staff(who),  # type: ignore[arg-type]
                                   expected_version=case.version)
        assert case.state == "delivered"

        events = (await cases.events(case.id, actor=As.staff(AGENT))).events
        news = [event.version for event in events if event.tells_resident]
        every = (await cases.call_tasks(STATION, open_only=False,
                                        actor=As.staff(AGENT))).tasks
        assert sorted(task.event.version for task in every) == news  # one task each
        assert {"book", "accept", "approve", "deliver"} <= {t.event.action for t in every}
        assert len(every) == len(news) == len({task.event.version for task in every})

        await _eventually(lambda: _caught_up(bot_store, events[-1].position))
        rows = [row for row in await bot_store.outbox_rows()
                if case.id in (row["dedupe_key"] or "")]
        assert rows and all(row["chat_id"] in (AGENT, APPROVER) for row in rows), rows
        assert not [row for row in rows if row["dedupe_key"].startswith("note:")]
        # not one chat message for the villager: only the staff's handoff prompts


async def _caught_up(bot_store: Any, position: int) -> bool:
    return bool(await bot_store.cursor(FEED) >= position)
