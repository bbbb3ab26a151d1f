"""The README's first command, in a browser: with no bot token, `daiban run` opens a web
chat on its own sandbox, and /start there gets the welcome from the real bot."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import expect


async def test_without_a_token_daiban_run_serves_a_web_chat_where_start_gets_the_welcome(
        daiban, page, artifacts: Path) -> None:
    for name in ("DAIBAN_BOT_TOKEN", "DAIBAN_TELEGRAM_API_URL"):
        daiban.env.pop(name)
    daiban.env["DAIBAN_SANDBOX_PORT"] = "0"
    await daiban.start()
    assert daiban.web_chat_url, "daiban run printed no web chat address"

    await page.goto(daiban.web_chat_url)
    await page.get_by_test_id("new-user-first-name").fill("王秀英")
    await page.get_by_test_id("create-user").click()
    await expect(page.get_by_test_id("chat-title")).to_contain_text("王秀英")
    await page.get_by_test_id("composer").fill("/start")
    await page.get_by_test_id("send").click()
    welcome = page.locator("[data-testid=message][data-from=bot]").first
    await expect(welcome.locator("b").first).to_have_text("王秀英，您好！")
    await expect(welcome).to_contain_text("/help")
    await page.screenshot(path=str(artifacts / "daiban-webchat-welcome.png"), full_page=True)
