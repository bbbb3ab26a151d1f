"""My cases, the notifier and the reminders, end to end: a real `daiban run` against the
sandbox, the villager's case booked through the case service as the bot would."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any
from zoneinfo import ZoneInfo

from backend_client import As, CaseServiceClient
from tests.api.people import valid_answer
from wire.cases import CaseView

STATION = "110117108201"
DISTRICT = ZoneInfo("Asia/Shanghai")
MY_CASES = "📋 我的办件"


async def _book(cases: CaseServiceClient, user_id: int, day: int = 2) -> CaseView:
    """A villager registered with phone and village, and their 低保 case booked at the
    first free time of the `day`-th working day with free times (0 = the first)."""
    me = As.resident(user_id)
    resident = await cases.register_resident(user_id, "zh", "2026-11", actor=me)
    await cases.update_resident(resident.id, phone="+8613800000001", village_code=STATION,
                                actor=me)
    draft = await cases.create_draft("SJ01", actor=me)
    while draft.next_question is not None:
        question = draft.next_question
        draft = await cases.answer(draft.id, question.key, valid_answer(question.model_dump()),
                                   draft.version, actor=me)
    days = await _free_days(cases)
    return await cases.submit(draft.id, "slot", days[day][0], actor=me)


async def _free_days(cases: CaseServiceClient) -> list[list[dt.datetime]]:
    by_day: dict[dt.date, list[dt.datetime]] = {}
    for slot in (await cases.slots(STATION, days=10)).slots:
        if slot.free:
            by_day.setdefault(slot.starts_at.astimezone(DISTRICT).date(), []).append(
                slot.starts_at)
    return [by_day[day] for day in sorted(by_day)]


async def _eventually(check: Callable[[], Awaitable[Any]], seconds: float = 20.0) -> Any:
    async with asyncio.timeout(seconds):
        while True:
            if found := await check():
                return found
            await asyncio.sleep(0.1)


async def _started(people: Any, user_id: int) -> Any:
    """A villager who has a chat with the bot (a bot cannot write first)."""
    person = await people.person(user_id)
    await person.says("/help")
    await person.next_from_bot()
    return person


def _buttons(message: dict[str, Any]) -> list[dict[str, str]]:
    return [button for row in (message["reply_markup"] or {}).get("inline_keyboard", [])
            for button in row]


def _button(message: dict[str, Any], prefix: str) -> str:
    (data,) = [b["callback_data"] for b in _buttons(message)
               if b["callback_data"].startswith(prefix)][:1]
    return data


def _reminders(rows: list[dict[str, Any]], case_id: str) -> list[dict[str, Any]]:
    return [row for row in rows if (row["dedupe_key"] or "").startswith(f"remind:{case_id}:")]


async def test_a_villager_sees_a_booked_case_in_plain_words_opens_its_timeline_and_cancels_it(
        people, daiban, bot_store) -> None:
    await daiban.start()
    wang = await people.person(811)
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        case = await _book(cases, 811)
        await _eventually(lambda: _pending_reminders(bot_store, 811, case.id))
        await wang.says(MY_CASES)
        (listing,) = await wang.next_from_bot()
        assert "最低生活保障" in listing["text"] and "已预约，等服务站受理" in listing["text"]

        await wang.presses(listing["message_id"], _button(listing, "mco1:"))
        (detail,) = await wang.next_from_bot()
        assert case.number in detail["text"]
        assert "预约了代办" in detail["text"]  # the timeline
        assert "约好的时间" in detail["text"] and "马昌营村" in detail["text"]
        labels = [b["text"] for b in _buttons(detail)]
        assert "❌ 取消预约" in labels and "↩️ 撤回" not in labels  # what the case view allows

        await wang.presses(detail["message_id"], _button(detail, "mca1:"))
        (confirm,) = await wang.next_from_bot()
        assert "确定要取消吗" in confirm["text"]
        assert (await cases.case(case.id, actor=As.resident(811))).state == "booked"
        await wang.presses(confirm["message_id"], _button(confirm, "mcd1:"))
        (done,) = await wang.next_from_bot()
        assert "您取消了" in done["text"]
        assert (await cases.case(case.id, actor=As.resident(811))).state == "cancelled"

        async def withdrawn() -> bool:
            rows = _reminders(await bot_store.outbox_rows(811), case.id)
            return bool(rows) and all(row["state"] == "withdrawn" for row in rows)
        await _eventually(withdrawn)  # the notifier read the cancellation from the feed


async def test_a_forged_or_stale_confirmation_is_refused_and_changes_nothing(
        people, daiban) -> None:
    await daiban.start()
    wang = await people.person(821)
    await people.person(822)
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        mine = await _book(cases, 821)
        theirs = await _book(cases, 822, day=3)
        await wang.says(MY_CASES)
        (listing,) = await wang.next_from_bot()

        async def forged(data: str) -> str:
            await people.call("POST", "/chats/821/press", json={
                "message_id": listing["message_id"], "data": data, "forged": True})
            (answer,) = await wang.next_from_bot()
            return str(answer["text"])

        stale = f"mcd1:{mine.id}:cancel:{mine.version + 3}:"
        assert "这件事刚有了变化" in await forged(stale)
        assert "这一步现在不能做" in await forged(f"mcd1:{theirs.id}:cancel:{theirs.version}:")
        assert "过时" in await forged(f"mcd1:{mine.id}:cancel:not-a-version:")
        assert (await cases.case(mine.id, actor=As.resident(821))).state == "booked"
        assert (await cases.case(theirs.id, actor=As.resident(822))).state == "booked"


async def test_the_reminder_comes_the_day_before_and_only_the_last_new_time_is_reminded(
        people, daiban, bot_store) -> None:
    daiban.env["DAIBAN_TEST_CLOCK_CONTROL"] = "true"
    await daiban.start()
    wang = await _started(people, 831)
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        case = await _book(cases, 831, day=1)
        (row,) = await _eventually(lambda: _pending_reminders(bot_store, 831, case.id))
        slot = case.booking.slot_start.astimezone(DISTRICT)  # type: ignore[union-attr]
        expected = dt.datetime.combine(slot.date() - dt.timedelta(days=1), dt.time(18),
                                       DISTRICT)
        now = (await cases.advance_clock(0)).now
        assert (abs(row["not_before"] - expected.timestamp()) < 1
                or row["not_before"] <= now.timestamp())  # 18:00 the day before had passed
        await cases.advance_clock(max(0, int(row["not_before"] - now.timestamp()) + 2))
        (reminder,) = await wang.next_from_bot()
        assert "明天别忘了来办事" in reminder["text"] and case.number in reminder["text"]
        assert [b["text"] for b in _buttons(reminder)] == ["👍 我会来", "🕘 改时间",
                                                           "❌ 取消预约"]

        await wang.presses(reminder["message_id"], _button(reminder, "rmc1:"))
        assert "服务站等您" in (await wang.next_from_bot())[0]["text"]

        days = await _free_days(cases)
        for later in (days[-1], days[-2]):  # change twice: the first new reminder goes
            await wang.presses(reminder["message_id"], _button(reminder, "rmt1:"))
            (choose_day,) = await wang.next_from_bot()
            ymd = later[0].astimezone(DISTRICT).strftime("%Y%m%d")
            day_button = f"rmd1:{case.id}:{ymd}"
            assert day_button in [b["callback_data"] for b in _buttons(choose_day)]
            await wang.presses(choose_day["message_id"], day_button)
            (choose_time,) = await wang.next_from_bot()
            await wang.presses(choose_time["message_id"], _button(choose_time, "rmp1:"))
            (moved,) = await wang.next_from_bot()
            assert "改好了" in moved["text"]
        rows = _reminders(await bot_store.outbox_rows(831), case.id)
        assert [r["state"] for r in rows] == ["sent", "withdrawn", "pending"]
        final = (await cases.case(case.id, actor=As.resident(831))).booking.slot_start
        assert final == days[-2][0]

        now = (await cases.advance_clock(0)).now
        await cases.advance_clock(int(rows[-1]["not_before"] - now.timestamp()) + 2)
        (second,) = await wang.next_from_bot()
        assert "明天别忘了来办事" in second["text"]
        await asyncio.sleep(2.0)
        assert await wang.bot_messages(after=wang.seen) == []  # the withdrawn one never came

        await wang.presses(second["message_id"], _button(second, "mca1:"))
        (confirm,) = await wang.next_from_bot()
        await wang.presses(confirm["message_id"], _button(confirm, "mcd1:"))
        assert "您取消了" in (await wang.next_from_bot())[0]["text"]
        assert (await cases.case(case.id, actor=As.resident(831))).state == "cancelled"


async def _pending_reminders(bot_store: Any, chat_id: int, case_id: str) -> list[Any]:
    return [row for row in _reminders(await bot_store.outbox_rows(chat_id), case_id)
            if row["state"] == "pending"]


async def test_after_a_sigkill_the_notifier_resumes_at_its_cursor_and_reminds_once(
        people, daiban, bot_store) -> None:
    daiban.env["DAIBAN_TEST_CLOCK_CONTROL"] = "true"
    await daiban.start()
    wang = await _started(people, 841)
    await people.person(842)
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        first = await _book(cases, 841, day=1)
        await _eventually(lambda: _pending_reminders(bot_store, 841, first.id))
        cursor = await bot_store.cursor("cases")
        assert cursor >= 1
    daiban.kill()
    await daiban.wait()
    await daiban.start()
    async with CaseServiceClient(daiban.api_url, daiban.service_token()) as cases:
        second = await _book(cases, 842, day=1)
        await _eventually(lambda: _pending_reminders(bot_store, 842, second.id))
        assert await bot_store.cursor("cases") > cursor
        assert len(_reminders(await bot_store.outbox_rows(841), first.id)) == 1
        now = (await cases.advance_clock(0)).now
        (row,) = _reminders(await bot_store.outbox_rows(841), first.id)
        await cases.advance_clock(max(0, int(row["not_before"] - now.timestamp()) + 2))
        (reminder,) = await wang.next_from_bot()
        assert first.number in reminder["text"]
        await asyncio.sleep(2.0)
        assert await wang.bot_messages(after=wang.seen) == []
