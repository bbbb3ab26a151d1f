"""Issue 5's promise, in a browser: from `daiban run` with no token, a new villager onboards
in the web chat, finds 最低生活保障 by typing "低保", books it by clicks and typing, and
follows it under 我的办件. Screenshots of each stage are kept as test artifacts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.async_api import expect

BOT = "[data-testid=message][data-from=bot]"


async def _send(page: Any, text: str) -> None:
    await page.get_by_test_id("composer").fill(text)
    await page.get_by_test_id("send").click()


async def _tap(page: Any, label: str) -> None:
    """Tap the newest inline button with this label."""
    await page.locator(BOT).get_by_test_id("inline-button").filter(
        has_text=label).last.click()


async def _key(page: Any, label: str) -> None:
    """Tap a reply-keyboard button with this label."""
    await page.get_by_test_id("reply-button").filter(has_text=label).first.click()


async def _bot_says(page: Any, words: str | re.Pattern[str]) -> None:
    await expect(page.locator(BOT).filter(has_text=words).last).to_be_visible(timeout=20_000)


async def test_a_new_villager_onboards_finds_dibao_books_it_and_follows_it_in_the_web_chat(
        daiban, page, artifacts: Path) -> None:
    for name in ("DAIBAN_BOT_TOKEN", "DAIBAN_TELEGRAM_API_URL"):
        daiban.env.pop(name)
    daiban.env["DAIBAN_SANDBOX_PORT"] = "0"
    await daiban.start()
    await page.goto(daiban.web_chat_url)
    await page.get_by_test_id("new-user-first-name").fill("王秀英")
    await page.get_by_test_id("new-user-phone").fill("+8613800000077")
    await page.get_by_test_id("create-user").click()
    await expect(page.get_by_test_id("chat-title")).to_contain_text("王秀英")

    # Onboarding: language, the privacy notice, the phone by the contact button, the place.
    await _send(page, "/start")
    await _tap(page, "中文")
    await _bot_says(page, "同意")
    await page.screenshot(path=str(artifacts / "journey-1-notice.png"), full_page=True)
    await _tap(page, "同意，继续")
    await _key(page, "发送我的手机号")
    await _bot_says(page, "马昌营")  # the first page of towns... or type it
    await _send(page, "马昌营")
    await _tap(page, "马昌营村")
    await _tap(page, "对，就是这里")
    await _bot_says(page, "都办好了")
    await page.screenshot(path=str(artifacts / "journey-2-onboarded.png"), full_page=True)

    # Finding the matter by typing.
    await _send(page, "低保")
    await _tap(page, "最低生活保障")
    await _bot_says(page, "最低生活保障")
    await page.screenshot(path=str(artifacts / "journey-3-card.png"), full_page=True)

    # Booking it: no ID number in chat (the card at the station), the form, a drop-off.
    await _tap(page, "预约代办")
    await _tap(page, "不填，带身份证去服务站")
    await _tap(page, "我自己家")
    await _bot_says(page, "家庭人口数")
    await _send(page, "3")
    await _tap(page, "随时")
    await _tap(page, "把材料送到服务站")
    await _tap(page, "确认预约")
    await _bot_says(page, re.compile(r"PG\d{10}"))
    number = re.search(r"PG\d{10}", await page.locator(BOT).filter(
        has_text=re.compile(r"PG\d{10}")).last.inner_text())
    assert number
    await page.screenshot(path=str(artifacts / "journey-4-booked.png"), full_page=True)

    # Following it under 我的办件.
    await _key(page, "我的办件")
    await _tap(page, "最低生活")
    await _bot_says(page, number.group())
    await page.screenshot(path=str(artifacts / "journey-5-my-case.png"), full_page=True)
