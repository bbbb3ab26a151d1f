"""Issue 6's promise, in a browser: in `daiban demo`, one person plays the villager and
every tier's staff in the web chat, switching users in its list, and carries a 低保 case
(SJ01: station → town review → district approval → back to the station) from booking to
delivery by taps. Screenshots of each stage are kept as test artifacts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.async_api import expect

from tests.e2e.test_journey_browser import BOT, _bot_says, _key, _send, _tap

AGENT, TOWN_REVIEWER, DISTRICT_APPROVER = "代办员 小张", "镇审核 李", "区审批 周"
CLAIM_PROMPT = "我来办"


async def _play(page: Any, user: str) -> None:
    """Switch the web chat to another of the demo's people."""
    select = page.get_by_test_id("user-select")
    value = await select.locator("option", has_text=user).first.get_attribute("value")
    assert value, f"{user} is not in the web chat's user list"
    await select.select_option(value=value)
    await expect(page.get_by_test_id("chat-title")).to_contain_text(user)


async def _act(page: Any, label: str, expects: str | re.Pattern[str]) -> None:
    await _tap(page, label)
    await _bot_says(page, expects)


async def test_one_person_plays_villager_and_every_tier_and_carries_a_case_to_delivery(
        daiban, page, artifacts: Path) -> None:
    for name in ("DAIBAN_BOT_TOKEN", "DAIBAN_TELEGRAM_API_URL"):
        daiban.env.pop(name)
    daiban.env["DAIBAN_SANDBOX_PORT"] = "0"
    daiban.command = "demo"
    await daiban.start()
    await page.goto(daiban.web_chat_url)

    # The villager onboards at 马昌营村 and books 低保 with a drop-off.
    await page.get_by_test_id("new-user-first-name").fill("王秀英")
    await page.get_by_test_id("new-user-phone").fill("+8613800000078")
    await page.get_by_test_id("create-user").click()
    await expect(page.get_by_test_id("chat-title")).to_contain_text("王秀英")
    await _send(page, "/start")
    await _tap(page, "中文")
    await _tap(page, "同意，继续")
    await _key(page, "发送我的手机号")
    await _send(page, "马昌营")
    await _tap(page, "马昌营村")
    await _tap(page, "对，就是这里")
    await _bot_says(page, "都办好了")
    await _send(page, "低保")
    await _tap(page, "最低生活保障")
    await _tap(page, "预约代办")
    await _tap(page, "不填，带身份证去服务站")
    await _tap(page, "我自己家")
    await _send(page, "3")
    await _tap(page, "随时")
    await _tap(page, "把材料送到服务站")
    await _tap(page, "确认预约")
    await _bot_says(page, re.compile(r"PG\d{10}"))
    number = re.search(r"PG\d{10}", await page.locator(BOT).filter(
        has_text=re.compile(r"PG\d{10}")).last.inner_text())
    assert number
    await page.screenshot(path=str(artifacts / "demo-1-booked.png"), full_page=True)

    # The station's agent gets the handoff prompt, claims, accepts and forwards.
    await _play(page, AGENT)
    await _bot_says(page, number.group())
    await _act(page, CLAIM_PROMPT, "受理此件")
    await _act(page, "受理此件", "报送上一级")
    await _act(page, "报送上一级", number.group())
    await page.screenshot(path=str(artifacts / "demo-2-station.png"), full_page=True)

    # The town reviews and forwards; the district approves.
    await _play(page, TOWN_REVIEWER)
    await _bot_says(page, number.group())
    await _act(page, CLAIM_PROMPT, "报送上一级")
    await _act(page, "报送上一级", number.group())
    await _play(page, DISTRICT_APPROVER)
    await _bot_says(page, number.group())
    await _act(page, CLAIM_PROMPT, "批准此件")
    await _act(page, "批准此件", "结果已到服务站")
    await page.screenshot(path=str(artifacts / "demo-3-district.png"), full_page=True)

    # Back at the station: the result is there, the villager gets it.
    await _play(page, AGENT)
    await _send(page, "/work")
    await _key(page, "按办件号查")
    await _send(page, number.group())
    await _act(page, "结果已到服务站", "已送达村民")
    await _act(page, "已送达村民", number.group())
    await page.screenshot(path=str(artifacts / "demo-4-delivered.png"), full_page=True)

    # The villager was told at every move and sees the case done.
    await _play(page, "王秀英")
    await _bot_says(page, re.compile("送达|办结|办好"))
    await page.screenshot(path=str(artifacts / "demo-5-villager.png"), full_page=True)
