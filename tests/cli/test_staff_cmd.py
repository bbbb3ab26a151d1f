"""`daiban staff`: the operator's invites, and the demo's staff accounts."""

from __future__ import annotations

import asyncio
import datetime as dt
import re

from backend.service import staff
from backend.service.clock import FixedClock
from backend.service.offices import import_offices
from backend.service.uow import reading, writing
from backend.storage import migrate
from backend.storage.engine import create_engine
from daiban.cli import run
from daiban.demo import DEMO_OFFICES
from daiban.demo.staff import demo_people, ensure_demo_staff

NOW = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)
STATION = "110117108201"


def test_an_operators_invite_prints_a_code_that_makes_its_sender_staff(
        env, capsys, storage_settings) -> None:
    assert run(["offices", "import", str(DEMO_OFFICES)]) == 0
    assert run(["staff", "invite", "--office", STATION, "--role", "agent"]) == 0
    out = capsys.readouterr().out
    code = re.search(r"/start (s-\S+)", out)
    assert code is not None, out
    assert f"?start={code[1]}" in out

    async def join() -> object:
        engine = create_engine(storage_settings)
        try:
            async with writing(engine) as uow:
                return await staff.join(FixedClock(dt.datetime.now(dt.UTC)), uow,
                                        code=code[1], messaging_id="55501", name="Li",
                                        language="zh")
        finally:
            await engine.dispose()

    member = asyncio.run(join())
    assert (member.office_code, member.role) == (STATION, "agent")  # type: ignore[attr-defined]
    assert run(["staff", "list", "--office", STATION]) == 0
    assert "55501" in capsys.readouterr().out


def test_an_invite_for_a_role_the_office_has_not_is_one_plain_line(env, capsys) -> None:
    assert run(["offices", "import", str(DEMO_OFFICES)]) == 0
    assert run(["staff", "invite", "--office", STATION, "--role", "approver"]) == 1
    err = capsys.readouterr().err
    assert "staff.role_not_at_office" in err and len(err.strip().splitlines()) == 1


async def test_the_demo_makes_every_role_of_every_tier_once_however_often_it_starts(
        engine) -> None:
    await migrate.upgrade(engine)
    await import_offices(engine, DEMO_OFFICES)
    added = await ensure_demo_staff(engine, NOW)
    assert added > 0
    assert await ensure_demo_staff(engine, NOW) == 0
    people = demo_people()
    assert {(p.tier.value, p.role) for p in people} >= {
        ("village", "agent"), ("town", "reviewer"), ("town", "approver"),
        ("town", "supervisor"), ("town", "admin"), ("district", "reviewer"),
        ("district", "approver"), ("district", "supervisor"), ("district", "admin")}
    async with reading(engine) as uow:
        at_station = {row.messaging_id for row in await uow.staff.of_office(STATION)}
    assert {str(p.messaging_id) for p in people if p.tier.value == "village"} == at_station
