"""Originals and handover lists end to end: a real `daiban run` against the sandbox. A
villager's 低保 case (SJ01): the agent takes two originals with ticks, forwards the case,
leaves with the day's handover list (交接单); the town confirms receipt on its list; the
originals go to the district and back down (moved through the API as those staff, to
keep the test short); the station receives them, hands them back once the result is
ready, and the villager sees that and confirms. A second case on a list is flagged
missing and the station sees the flag; a villager's forged staff presses change nothing.
"""

from __future__ import annotations

from typing import Any

from backend_client import As, CaseServiceClient
from handlers.resident.originals_views import GotThemBack, MyOriginals
from handlers.staff._views import OpenCard
from handlers.staff.carry_views import DepartRun, OpenRun, SettleDossier
from handlers.staff.originals_views import MoveOriginals, OpenOriginals, TickOriginals
from handlers.staff.team_views import short
from tests.e2e.test_my_cases import MY_CASES, _book, _started
from tests.e2e.test_staff_cases import (
    DISTRICT,
    NOT_YOURS,
    STATION,
    TOWN,
    Message,
    _act,
    _data,
    _expect,
    _offers,
    _open_new,
    _says,
    _staff,
)
from wire.cases import CaseView

OWNER = 1951
ZHANG, LI, ZHOU = 1962, 1964, 1965
LISTS = "📋 交接单"
TAKEN = ["id_cards", "household_register"]  # SJ01's 2nd and 3rd originals
NOTHING_CHANGED = "什么也没有改"


async def _press(person: Any, message: Message, data: str, words: str) -> Message:
    """Press a button the message shows; the message as the bot edited it, saying
    `words` (a notice or prompt arriving meanwhile is skipped)."""
    assert data in _data(message), f"{data} not among {_data(message)}"
    await person.presses(message["message_id"], data)
    return await _expect(person, lambda m: m["message_id"] == message["message_id"]
                         and words in (m.get("text") or ""))


async def _refused(people: Any, person: Any, data: str) -> str:
    """Data no button of theirs carries, pressed; the refusal."""
    messages = await person.bot_messages()
    await people.call("POST", f"/chats/{person.id}/press", json={
        "message_id": messages[-1]["message_id"], "data": data, "forged": True})
    refusal = await _expect(person, lambda m: NOT_YOURS in (m.get("text") or "")
                            or NOTHING_CHANGED in (m.get("text") or ""))
    return str(refusal["text"])


def _first(message: Message, prefix: str) -> str:
    found = [data for data in _data(message) if data.startswith(prefix)]
    assert found, f"no {prefix} in {_data(message)}"
    return found[0]


async def _held(cases: CaseServiceClient, case: CaseView, owner: int = OWNER
                ) -> dict[str, str]:
    view = await cases.custody(case.id, actor=As.resident(owner))
    return {original.key: original.holder for original in view.originals
            if original.holder != "resident"}


async def _through(cases: CaseServiceClient, case: CaseView, who: int, *actions: str) -> None:
    for action in actions:
        case = await cases.act(case.id, action, actor=As.staff(who))  # type: ignore[arg-type]


async def _move(cases: CaseServiceClient, case: CaseView, who: int, move: str,
                to_office: str | None = None) -> None:
    await cases.move_originals(case.id, move, TAKEN, to_office, actor=As.staff(who))


async def _open_list(person: Any, case: CaseView, arrow: str) -> Message:
    """[Handover lists] on the staff menu, then the list (⬆️ leaving, ⬇️ coming)."""
    await person.says(LISTS)
    lists = await _expect(person, _offers(OpenRun.PREFIX))
    assert arrow in lists["text"]
    return await _press(person, lists, _first(lists, OpenRun.PREFIX), case.number)


async def test_originals_go_up_on_the_handover_list_and_come_back_to_the_villager(
        people: Any, daiban: Any) -> None:
    await daiban.start()
    villager = await _started(people, OWNER)
    zhang = await _staff(people, daiban, ZHANG, "代办员 小张", STATION, "agent")
    li = await _staff(people, daiban, LI, "镇审核 李", TOWN, "reviewer")
    await _staff(people, daiban, ZHOU, "区审批 周", DISTRICT, "approver")
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        case = await _book(cases, OWNER)
        key = short(case.id)
        card = await _open_new(zhang, case)
        card = await _act(zhang, card, "cl", "已有人接手")

        screen = await _press(zhang, card, OpenOriginals(key).pack(), "在村民手里")
        ticks = await _press(zhang, screen, TickOriginals(key, 0).pack(), "已选 0 件")
        ticks = await _press(zhang, ticks, TickOriginals(key, 0b010).pack(), "已选 1 件")
        ticks = await _press(zhang, ticks, TickOriginals(key, 0b110).pack(), "已选 2 件")
        screen = await _press(zhang, ticks, MoveOriginals(key, "t", 0b110, "").pack(),
                              "从村民手里收下原件")
        assert "在马昌营村代办站" in screen["text"]
        assert await _held(cases, case) == {item: STATION for item in TAKEN}

        card = await _press(zhang, screen, OpenCard(case.id, "").pack(), "已有人接手")
        card = await _act(zhang, card, "ac", "已受理")
        card = await _act(zhang, card, "fw", "已报送")
        leaving = await _open_list(zhang, case, "⬆️")
        assert "居民身份证" in leaving["text"] and "在本站，等出发" in leaving["text"]
        leaving = await _press(zhang, leaving, _first(leaving, DepartRun.PREFIX),
                               "等对方确认收到")
        assert await _held(cases, case) == {item: f"transit:{TOWN}" for item in TAKEN}

        coming = await _open_list(li, case, "⬇️")
        received = SettleDossier(int(_first(coming, OpenRun.PREFIX).split(":")[1]), case.id,
                                 "r").pack()
        coming = await _press(li, coming, received, "已收到")
        assert await _held(cases, case) == {item: TOWN for item in TAKEN}

        await _through(cases, case, LI, "claim", "forward")
        await _move(cases, case, LI, "send", DISTRICT)
        await _move(cases, case, ZHOU, "receive")
        await _through(cases, case, ZHOU, "claim", "approve")
        await _move(cases, case, ZHOU, "send", TOWN)
        await _move(cases, case, LI, "receive")
        await _move(cases, case, LI, "send", STATION)

        await zhang.presses(card["message_id"], OpenCard(case.id, "").pack())  # [Refresh]
        card = await _expect(zhang, _offers(OpenOriginals.PREFIX))
        screen = await _press(zhang, card, OpenOriginals(key).pack(), "在送往马昌营村代办站的路上")
        screen = await _press(zhang, screen, MoveOriginals(key, "r", 0b110, "").pack(),
                              "原件收到")
        assert not [d for d in _data(screen) if d.startswith(f"orm1:{key}:h:")]  # not ready
        await _through(cases, case, ZHANG, "mark_result_ready")
        screen = await _press(zhang, screen, OpenOriginals(key).pack(), "的原件")
        screen = await _press(zhang, screen, MoveOriginals(key, "h", 0b110, "").pack(),
                              "等村民确认收到")

        await villager.says(MY_CASES)
        listing = await _expect(villager, _says("您办的事"))
        detail = await _press(villager, listing, _first(listing, "mco1:"), case.number)
        where = await _press(villager, detail, MyOriginals(case.id).pack(), "服务站已还给您")
        done = await _press(villager, where, GotThemBack(case.id, 0b110).pack(),
                            "已记下您拿回了原件")
        assert "在您自己手里" in done["text"] and "服务站已还给您" not in done["text"]
        assert not [d for d in _data(done) if d.startswith(GotThemBack.PREFIX)]
        assert await _held(cases, case) == {}


async def test_a_missing_dossier_is_flagged_on_both_sides_and_forged_presses_change_nothing(
        people: Any, daiban: Any) -> None:
    await daiban.start()
    villager = await _started(people, OWNER)
    await _started(people, OWNER + 1)
    zhang = await _staff(people, daiban, ZHANG, "代办员 小张", STATION, "agent")
    li = await _staff(people, daiban, LI, "镇审核 李", TOWN, "reviewer")
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        first = await _book(cases, OWNER)
        second = await _book(cases, OWNER + 1, day=3)
        await _through(cases, first, ZHANG, "claim")
        await _move(cases, first, ZHANG, "take")
        await _through(cases, first, ZHANG, "accept", "forward")
        await _through(cases, second, ZHANG, "claim", "accept", "forward")

        leaving = await _open_list(zhang, first, "⬆️")
        assert second.number in leaving["text"]
        run = int(_first(leaving, OpenRun.PREFIX).split(":")[1])
        leaving = await _press(zhang, leaving, DepartRun(run).pack(), "等对方确认收到")

        coming = await _open_list(li, first, "⬇️")
        coming = await _press(li, coming, SettleDossier(run, second.id, "m").pack(),
                              "标记为没收到")
        assert SettleDossier(run, second.id, "r").pack() in _data(coming)  # may still come

        seen = await _press(zhang, leaving, _first(leaving, OpenRun.PREFIX), "标记为没收到")
        assert "1 件没收到" in seen["text"]
        await zhang.says(LISTS)
        assert "1 件没收到" in (await _expect(zhang, _offers(OpenRun.PREFIX)))["text"]

        held = await _held(cases, first)
        assert held == {item: f"transit:{TOWN}" for item in TAKEN}
        key = short(first.id)
        for forged in (MoveOriginals(key, "r", 0b110, "").pack(),
                       MoveOriginals(key, "t", 0b001, "").pack(), DepartRun(run).pack(),
                       SettleDossier(run, first.id, "r").pack()):
            await _refused(people, villager, forged)
        assert await _held(cases, first) == held
        (now,) = (await cases.carry_runs(STATION, actor=As.staff(ZHANG))).runs
        assert [item.received_at for item in now.items] == [None, None]
