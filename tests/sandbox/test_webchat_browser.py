"""The web chat in headless Chromium: a person talks to a real PTB bot through the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.async_api import expect
from telegram import Bot
from telegram.ext import Application

from sandbox.server import RunningSandbox


async def test_a_person_creates_a_user_chats_in_chinese_and_presses_a_button(
        echo_app: Application, running: RunningSandbox, page: Any, artifacts: Path) -> None:
    await page.goto(running.url)
    await page.get_by_test_id("new-user-first-name").fill("张三")
    await page.get_by_test_id("new-user-phone").fill("+8613800000001")
    await page.get_by_test_id("create-user").click()
    await expect(page.get_by_test_id("chat-title")).to_contain_text("张三")

    await page.get_by_test_id("composer").fill("/start")
    await page.get_by_test_id("send").click()
    from_bot = page.locator("[data-testid=message][data-from=bot]")
    await expect(from_bot.first.locator("b")).to_have_text("欢迎")

    await page.get_by_test_id("composer").fill("你好，我想办理低保")
    await page.get_by_test_id("send").click()
    await expect(from_bot.last).to_contain_text("收到：你好，我想办理低保")
    await from_bot.last.get_by_test_id("inline-button").click()
    await expect(page.get_by_test_id("toast")).to_contain_text("已确认 ok:1")
    await expect(from_bot.last).to_contain_text("已确认：ok:1")
    await expect(from_bot.last.get_by_test_id("inline-button")).to_have_count(0)
    await page.screenshot(path=str(artifacts / "webchat.png"), full_page=True)


async def test_the_page_shows_bot_markup_safely_and_keeps_the_reply_keyboard(
        running: RunningSandbox, bot: Bot, users: Any, page: Any) -> None:
    user = await users.user("李四", phone="+8613800000002")
    await users.say(user["id"], "/start")
    await bot.send_message(
        user["id"], '<b>&lt;img src=x onerror="alert(1)"&gt;</b> <a href="javascript:alert(1)">'
        "点我</a> <tg-spoiler>秘密</tg-spoiler>", parse_mode="HTML",
        reply_markup={"keyboard": [[{"text": "分享手机号", "request_contact": True}]],
                      "resize_keyboard": True})
    await page.goto(f"{running.url}/#user={user['id']}")
    message = page.locator("[data-testid=message][data-from=bot]").last
    await expect(message.locator("b")).to_have_text('<img src=x onerror="alert(1)">')
    await expect(message.locator("img")).to_have_count(0)
    assert await message.locator("a").get_attribute("href") is None
    await expect(message.locator(".tg-spoiler")).to_have_text("秘密")

    await page.get_by_test_id("reply-button").click()
    shared = page.locator("[data-testid=message][data-from=user]").last
    await expect(shared).to_contain_text("+8613800000002")

    sent = await bot.send_message(user["id"], "旧文本")
    await expect(page.locator(f"[data-message-id='{sent.message_id}']")).to_contain_text("旧文本")
    await bot.edit_message_text("新文本", user["id"], sent.message_id)
    await expect(page.locator(f"[data-message-id='{sent.message_id}']")).to_contain_text("新文本")
    await bot.delete_message(user["id"], sent.message_id)
    await expect(page.locator(f"[data-message-id='{sent.message_id}']")).to_have_count(0)
