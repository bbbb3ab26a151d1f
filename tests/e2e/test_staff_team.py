"""Team management end to end: a real `daiban run` against the sandbox. A station's
supervisor invites an agent through /team (who joins by sending /start CODE), retires
another agent who holds a claimed case, and hands that case to the new agent; an agent
pressing a forged [Retire] is refused and nothing changes."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import uuid
from collections.abc import Callable
from typing import Any

from backend.service.uow import writing
from backend.storage.engine import create_engine
from backend.storage.settings import StorageSettings
from backend_client import As, CaseServiceClient
from handlers.staff.team_views import DoRetire, short
from tests.e2e.conftest import USERNAME, DaibanProcess, Person
from tests.e2e.test_my_cases import _book

STATION = "110117108201"
CODE = re.compile(r"/start (s-[A-Za-z0-9_-]+)")


async def _seed_staff(daiban: DaibanProcess, messaging_id: int, name: str, role: str) -> str:
    """A staff member written straight into the running process's database (as the
    operator's `daiban staff invite` and a /start would make them); their staff id."""
    engine = create_engine(StorageSettings(database_url=daiban.database_url))
    staff_id = str(uuid.uuid4())
    now = dt.datetime.now(dt.UTC)
    try:
        async with writing(engine) as uow:
            await uow.staff.add(id=staff_id, messaging_id=str(messaging_id), name=name,
                                office_code=STATION, role=role, active=True, language="zh",
                                created_at=now, updated_at=now)
    finally:
        await engine.dispose()
    return staff_id


async def _screen(person: Person, check: Callable[[str], bool], wait: float = 20.0
                  ) -> dict[str, Any]:
    """The bot's next message to `person` that passes `check`; others (handoff prompts
    from the notifier, which come when they come) are passed over."""
    async with asyncio.timeout(wait):
        while True:
            for message in await person.next_from_bot(wait=wait):
                if check(message["text"]):
                    return message


def _buttons(message: dict[str, Any]) -> list[dict[str, str]]:
    return [button for row in (message["reply_markup"] or {}).get("inline_keyboard", [])
            for button in row]


async def _press(person: Person, message: dict[str, Any], *, label: str = "",
                 prefix: str = "") -> None:
    """Press the button whose label holds `label` and whose data starts with `prefix`."""
    (data,) = [b["callback_data"] for b in _buttons(message)
               if label in b["text"] and b["callback_data"].startswith(prefix)][:1]
    await person.presses(message["message_id"], data)


async def test_a_supervisor_invites_an_agent_retires_another_and_hands_over_their_case(
        people, daiban) -> None:
    await daiban.start()
    boss = await people.person(951, "站长")
    await _seed_staff(daiban, 951, "Station head Liu", "supervisor")
    leaving = await _seed_staff(daiban, 952, "Agent Bai", "agent")
    await people.person(953)
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        case = await _book(cases, 953)
        case = await cases.act(case.id, "claim", actor=As.staff(952), idempotency_key="c1")
        assert case.holder_id == leaving

        await boss.says("/team")
        office = await _screen(boss, lambda text: "在岗 2 人" in text)
        assert "Agent Bai" in office["text"] and "Station head Liu" in office["text"]

        await _press(boss, office, prefix="tmi1:")
        roles = await _screen(boss, lambda text: "请选他的岗位" in text)
        await _press(boss, roles, label="代办员", prefix="tmc1:")
        invite = await _screen(boss, lambda text: "邀请码生成了" in text)
        code = CODE.search(invite["text"])
        assert code is not None
        assert f"https://t.me/{USERNAME}?start={code[1]}" in invite["text"]
        assert "前有效，只能用一次" in invite["text"]

        chen = await people.person(954, "陈新")
        await chen.says(f"/start {code[1]}")
        await _screen(chen, lambda text: "欢迎加入" in text)
        (joined,) = (await cases.my_memberships(actor=As.staff(954))).staff
        assert (joined.office_code, joined.role) == (STATION, "agent")

        await boss.says("/team")
        office = await _screen(boss, lambda text: "在岗 3 人" in text)
        await _press(boss, office, label="Agent Bai", prefix="tmm1:")
        person = await _screen(boss, lambda text: "办理离岗" in text and "Agent Bai" in text)
        await _press(boss, person, prefix="tmr1:")
        confirm = await _screen(boss, lambda text: "离岗吗" in text)
        await _press(boss, confirm, prefix="tmx1:")
        retired = await _screen(boss, lambda text: "已离岗" in text)
        active = (await cases.office_staff(STATION, actor=As.staff(951))).staff
        assert leaving not in {row.id for row in active}

        await _press(boss, retired, prefix="tmh1:")
        held = await _screen(boss, lambda text: "没办完的共 1 件" in text)
        assert case.number in held["text"]
        await _press(boss, held, label=case.number, prefix="tma1:")
        pick = await _screen(boss, lambda text: "请选接手的同事" in text)
        await _press(boss, pick, label="陈新", prefix="tmd1:")
        await _screen(boss, lambda text: f"{case.number} 已转给 陈新" in text)
        after = await cases.case(case.id, actor=As.staff(951))
        assert after.holder_id == joined.id and after.version == case.version + 1


async def test_an_agent_pressing_a_forged_retire_is_refused_and_nothing_changes(
        people, daiban) -> None:
    await daiban.start()
    await _seed_staff(daiban, 961, "Station head Liu", "supervisor")
    colleague = await _seed_staff(daiban, 962, "Agent Bai", "agent")
    await _seed_staff(daiban, 963, "Agent Chen", "agent")
    chen = await people.person(963)
    await chen.says("/team")
    none = await _screen(chen, lambda text: "团队管理是单位负责人和管理员用的" in text)
    assert not [b for b in _buttons(none) if b["callback_data"].startswith("tm")]

    await people.call("POST", "/chats/963/press", json={
        "message_id": none["message_id"], "data": DoRetire(short(colleague)).pack(),
        "forged": True})
    refused = await _screen(chen, lambda text: "这一步您不能做" in text)
    assert "什么也没有改" in refused["text"]
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        active = (await cases.office_staff(STATION, actor=As.staff(961))).staff
        assert colleague in {row.id for row in active}
