"""Staff cards end to end: a real `daiban run` against the sandbox, staff who joined with
the operator's invites (`daiban staff invite`), and a villager's 低保 case (SJ01: station
→ town review → district approval → back to the station) carried to delivery by presses
on the cards; plus every way a press that is not theirs, or no longer current, is refused
and changes nothing.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

from backend_client import As, CaseServiceClient
from handlers.callbacks import ClaimCase
from handlers.resident.onboarding_screens import PickLanguage
from handlers.staff._views import Act, OpenCard
from handlers.staff.material import SendMaterial, Tick
from tests.e2e.conftest import BIN
from tests.e2e.test_my_cases import _book, _started
from wire.cases import CaseView

STATION = "110117108201"  # 马昌营村's station, the villager's
OTHER_STATION = "110117108202"  # another village of the same town
TOWN = "110117108000"
DISTRICT = "110117000000"
NEW_CASES = "🆕 新件待接手"
NOT_YOURS = "不归您"
MOVED_ON = "这件事刚有了变化"
OWNER = 951  # the villager
PHONE = "13800000001"  # as test_my_cases books
Message = dict[str, Any]


async def _invite(daiban: Any, office: str, role: str) -> str:
    """The operator's one-time code, as `daiban staff invite` prints it."""
    process = await asyncio.create_subprocess_exec(
        str(BIN / "daiban"), "staff", "invite", "--office", office, "--role", role,
        cwd=daiban.workdir, env=daiban.env, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    out, err = await process.communicate()
    found = re.search(r"/start (s-\S+)", out.decode())
    assert process.returncode == 0 and found, (out, err)
    return found[1]


async def _staff(people: Any, daiban: Any, user_id: int, name: str, office: str,
                 role: str) -> Any:
    """Someone who opened an invite's link and is now staff of the office."""
    person = await people.person(user_id, name)
    await person.says(f"/start {await _invite(daiban, office, role)}")
    joined = await _expect(person, _says("欢迎加入"))
    keyboard = [b["text"] for row in joined["reply_markup"]["keyboard"] for b in row]
    assert NEW_CASES in keyboard and "🏡 回村民菜单" in keyboard
    return person


def _says(words: str) -> Callable[[Message], bool]:
    return lambda message: words in (message.get("text") or "")


def _card_of(case: CaseView) -> Callable[[Message], bool]:
    """The case's card (it always offers [Refresh]), not its handoff prompt, which names
    the case too and may arrive at any moment."""
    return lambda message: case.number in (message.get("text") or "") and any(
        data.startswith(f"{OpenCard.PREFIX}1:{case.id}:") for data in _data(message))


def _data(message: Message) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [button.get("callback_data", "") for row in markup.get("inline_keyboard", [])
            for button in row]


def _offers(prefix: str) -> Callable[[Message], bool]:
    return lambda message: any(data.startswith(prefix) for data in _data(message))


async def _expect(person: Any, matches: Callable[[Message], bool]) -> Message:
    """The bot's next message (new or edited) that matches, skipping others (a handoff
    prompt or a notice may arrive in between)."""
    seen = []
    for _ in range(8):
        for message in await person.next_from_bot():
            if matches(message):
                return message
            seen.append(message.get("text"))
    raise AssertionError(f"no matching message; saw {seen}")


async def _open_new(person: Any, case: CaseView) -> Message:
    """The staff member's new cases, then this case's card."""
    await person.says(NEW_CASES)
    listing = await _expect(person, _offers(OpenCard.PREFIX))
    assert case.number in listing["text"]
    data = next(d for d in _data(listing) if d.startswith(f"sco1:{case.id}:"))
    await person.presses(listing["message_id"], data)
    return await _expect(person, _card_of(case))


def _act_data(card: Message, code: str) -> str:
    found = [d for d in _data(card) if d.startswith(Act.PREFIX) and d.split(":")[2] == code]
    assert found, f"no {code} on the card: {_data(card)}"
    return found[0]


async def _act(person: Any, card: Message, code: str, words: str) -> Message:
    """Press the card's action `code`; the card as it is after, which `words` show."""
    await person.presses(card["message_id"], _act_data(card, code))
    return await _expect(person, _says(words))


async def _forged(people: Any, person: Any, data: str) -> str:
    """Data no button of theirs carries (forged or replayed), pressed; the answer."""
    messages = await person.bot_messages()
    await people.call("POST", f"/chats/{person.id}/press", json={
        "message_id": messages[-1]["message_id"], "data": data, "forged": True})
    return str((await _expect(person, lambda m: True))["text"])


async def _state(cases: CaseServiceClient, case: CaseView, owner: int = OWNER
                 ) -> tuple[str, int]:
    now = await cases.case(case.id, actor=As.resident(owner))
    return now.state, now.version


async def test_a_dibao_case_climbs_to_the_district_and_comes_back_delivered_by_staff_cards(
        people: Any, daiban: Any) -> None:
    await daiban.start()
    await _started(people, OWNER)
    zhang = await _staff(people, daiban, 952, "代办员 小张", STATION, "agent")
    liu = await _staff(people, daiban, 953, "代办员 小刘", STATION, "agent")
    li = await _staff(people, daiban, 954, "镇审核 李", TOWN, "reviewer")
    zhou = await _staff(people, daiban, 955, "区审批 周", DISTRICT, "approver")
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        case = await _book(cases, OWNER)

        card = await _open_new(zhang, case)
        assert "还没人接手" in card["text"] and "材料清单" in card["text"]
        assert PHONE in card["text"]  # the office where the case is sees the whole number
        too_late = await _open_new(liu, case)
        claimed_at = _act_data(card, "cl")
        card = await _act(zhang, card, "cl", "已有人接手")

        await liu.presses(too_late["message_id"], _act_data(too_late, "cl"))
        refusal = await _expect(liu, lambda m: m["message_id"] != too_late["message_id"]
                                and "待接手" not in (m.get("text") or ""))  # not the prompt
        assert "接手了" in refusal["text"] or MOVED_ON in refusal["text"]

        accept = _act_data(card, "ac")
        card = await _act(zhang, card, "ac", "已受理")
        before = await _state(cases, case)
        assert MOVED_ON in await _forged(people, zhang, accept)  # replayed
        assert MOVED_ON in await _forged(people, zhang, claimed_at)
        assert await _state(cases, case) == before

        checklist = await _act(zhang, card, "rm", "一次性告知")
        ticks = [d for d in _data(checklist) if d.startswith(Tick.PREFIX)]
        await zhang.presses(checklist["message_id"], ticks[0])
        checklist = await _expect(zhang, _says("已选 1 项"))
        await zhang.presses(checklist["message_id"],
                            [d for d in _data(checklist) if d.startswith(Tick.PREFIX)][1])
        await _expect(zhang, _says("已选 2 项"))
        await zhang.says("另外请带上户主的银行卡")
        checklist = await _expect(zhang, _says("户主的银行卡"))
        send = next(d for d in _data(checklist) if d.startswith(SendMaterial.PREFIX))
        await zhang.presses(checklist["message_id"], send)
        card = await _expect(zhang, _says("等村民补材料"))
        asked = (await cases.events(case.id, actor=As.resident(OWNER))).events[-1]
        matter = await cases.matter("SJ01")
        assert asked.action == "request_material"
        assert asked.data["items"] == [matter.materials[0].key, matter.materials[1].key,
                                       "另外请带上户主的银行卡"]
        assert asked.reason == "另外请带上户主的银行卡"

        card = await _act(zhang, card, "rv", "已受理")
        card = await _act(zhang, card, "fw", "已报送，待接手")

        town = await _open_new(li, case)
        town = await _act(li, town, "cl", "审核中")
        state = await _state(cases, case)
        assert NOT_YOURS in await _forged(people, zhang, Act(case.id, "fw", state[1]).pack())
        assert await _state(cases, case) == state
        town = await _act(li, town, "fw", "已报送，待接手")

        prompt = await _expect(zhou, _offers(f"{ClaimCase.PREFIX}1:{case.id}:"))
        await zhou.presses(prompt["message_id"],  # [Claim] on the handoff prompt
                           next(d for d in _data(prompt) if d.startswith(ClaimCase.PREFIX)))
        district = await _expect(zhou, _says("审核中"))
        assert district["message_id"] == prompt["message_id"]  # the prompt became the card
        district = await _act(zhou, district, "ap", "已批准")

        await zhang.presses(card["message_id"], OpenCard(case.id, "").pack())  # [Refresh]
        card = await _expect(zhang, _offers(f"{Act.PREFIX}1:{case.id}:rr:"))
        assert PHONE not in card["text"]  # masked while the case is at the district
        card = await _act(zhang, card, "rr", "结果已到服务站，待送达")
        card = await _act(zhang, card, "dl", "已送达")
        assert (await _state(cases, case))[0] == "delivered"
        assert not [d for d in _data(card) if d.startswith(Act.PREFIX)]


async def test_a_villager_and_another_stations_agent_pressing_staff_buttons_are_not_let_in(
        people: Any, daiban: Any) -> None:
    await daiban.start()
    villager = await _started(people, OWNER)
    stranger = await _staff(people, daiban, 962, "代办员 小王", OTHER_STATION, "agent")
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        case = await _book(cases, OWNER)
        claim = Act(case.id, "cl", case.version).pack()
        assert NOT_YOURS in await _forged(people, villager, claim)
        assert NOT_YOURS in await _forged(people, stranger, claim)
        assert NOT_YOURS in await _forged(people, stranger, OpenCard(case.id, "").pack())
        await stranger.says(NEW_CASES)
        listing = await _expect(stranger, _says("现在没有这样的件"))
        assert case.number not in listing["text"]
        assert await _state(cases, case) == ("booked", case.version)

        await villager.says("/work")
        kind = await _expect(villager, _says("您还不是工作人员"))
        assert "keyboard" in kind["reply_markup"]  # the villager's own menu
        await villager.says("/start s-no-such-code")
        assert "邀请码不对" in (await _expect(villager, lambda m: True))["text"]
        newcomer = await people.person(963)
        await newcomer.says("/start")  # no code: a villager's onboarding as ever
        hello = await _expect(newcomer, lambda m: True)
        assert PickLanguage("zh").pack() in _data(hello)


async def _open_from(person: Any, label: str, case: CaseView) -> Message:
    await person.says(label)
    listing = await _expect(person, _offers(f"{OpenCard.PREFIX}1:{case.id}:"))
    data = next(d for d in _data(listing) if d.startswith(f"sco1:{case.id}:"))
    await person.presses(listing["message_id"], data)
    return await _expect(person, _card_of(case))


async def _last_event(cases: CaseServiceClient, case: CaseView, owner: int) -> Any:
    return (await cases.events(case.id, actor=As.resident(owner))).events[-1]


async def test_reasons_are_asked_in_a_follow_up_shown_once_more_and_recorded_as_sent(
        people: Any, daiban: Any) -> None:
    await daiban.start()
    await _started(people, OWNER)
    await _started(people, OWNER + 1)
    zhang = await _staff(people, daiban, 972, "代办员 小张", STATION, "agent")
    li = await _staff(people, daiban, 974, "镇审核 李", TOWN, "reviewer")
    zhao = await _staff(people, daiban, 975, "镇主任 赵", TOWN, "supervisor")
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        first = await _book(cases, OWNER)
        second = await _book(cases, OWNER + 1, day=3)

        refused = await _open_new(zhang, second)
        refused = await _act(zhang, refused, "cl", "已有人接手")
        asked = await _act(zhang, refused, "rf", "请写下理由")
        await zhang.says("家庭收入超过低保标准，可以申请临时救助")
        confirm = await _expect(zhang, _offers("ssa1:"))
        assert "家庭收入超过低保标准" in confirm["text"]
        assert (await _state(cases, second, OWNER + 1))[0] == "booked"  # nothing sent before [Send]
        await zhang.presses(confirm["message_id"], next(
            d for d in _data(confirm) if d.startswith("ssa1:")))
        await _expect(zhang, _says("已不予受理"))
        event = await _last_event(cases, second, OWNER + 1)
        assert (event.action, event.reason) == ("refuse", "家庭收入超过低保标准，可以申请临时救助")
        assert asked["message_id"] == refused["message_id"]

        card = await _open_new(zhang, first)
        card = await _act(zhang, card, "cl", "已有人接手")
        card = await _act(zhang, card, "ac", "已受理")
        card = await _act(zhang, card, "fw", "已报送")
        town = await _open_new(li, first)
        town = await _act(li, town, "cl", "审核中")

        due = await _open_from(zhao, "⏰ 快到期和超期", first)
        days = await _act(zhao, due, "ex", "延长几个工作日")
        await zhao.presses(days["message_id"], f"sxd1:{first.id}:{_version(days)}:10")
        await _expect(zhao, _says("延期的理由"))
        await zhao.says("需要入户调查，家里白天没人")
        confirm = await _expect(zhao, _offers("ssa1:"))
        await zhao.presses(confirm["message_id"], next(
            d for d in _data(confirm) if d.startswith("ssa1:")))
        await _expect(zhao, _card_of(first))
        event = await _last_event(cases, first, OWNER)
        assert (event.action, event.data.get("days"), event.reason) == (
            "extend", 10, "需要入户调查，家里白天没人")

        await li.presses(town["message_id"], OpenCard(first.id, "").pack())  # [Refresh]
        town = await _expect(li, _offers(f"{Act.PREFIX}1:{first.id}:rt:"))
        why = await _act(li, town, "rt", "为什么退回")
        await li.presses(why["message_id"], next(
            d for d in _data(why) if d.startswith("srw1:") and d.endswith(":i")))
        picked = await _expect(li, _says("材料不全"))
        assert "ssa1:" in "".join(_data(picked))
        await li.says("户口簿复印件缺第二页")
        confirm = await _expect(li, _says("材料不全 — 户口簿复印件缺第二页"))
        await li.presses(confirm["message_id"], next(
            d for d in _data(confirm) if d.startswith("ssa1:")))
        await _expect(li, _says("被退回"))
        event = await _last_event(cases, first, OWNER)
        assert (event.action, event.reason) == ("return_to_lower_tier",
                                                "材料不全 — 户口簿复印件缺第二页")
        returned = await cases.case(first.id, actor=As.resident(OWNER))
        assert (returned.state, returned.return_count) == ("returned", 1)


def _version(message: Message) -> int:
    """The case version the buttons of a follow-up screen carry."""
    return int(next(d for d in _data(message) if d.startswith("sxd1:")).split(":")[2])
