"""[Villagers to call]: news for villagers the bot cannot reach, passed on by phone or a
visit; and [Call the villager] on a case card.

The case service puts every piece of news for a villager without a chat (a walk-in) or
who blocked the bot on their station's call list, in the event's own transaction. The
list shows one task a screen, oldest first across the agent's stations: who, their full
number, the case, and the message to pass on, rendered from the task's event exactly as
the villager would have read it in the chat, in their language. [Reached] and [Visited]
close the task; [No answer] counts a try and keeps it (the next task follows). A task
someone else closed meanwhile is refused by the service (call_task.already_done) and
answered by errors/.

The full number is shown as plain text, not as a tel: link: Telegram refuses a whole
message whose link is not http(s) or tg ("Wrong HTTP URL"), and its apps make a written
phone number tappable anyway.
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any, ClassVar

from markupsafe import Markup
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler, MessageHandler

from backend_client.errors import Conflict, NotAllowed
from handlers.callbacks import CallbackData, Expired, Page
from handlers.context import DaibanContext
from handlers.keyboards import label_filter
from handlers.resident._booking_views import DISTRICT_ZONE
from handlers.resident.notices import NOTICES, notice_message
from handlers.staff._views import CallVillager, StaffHome, button, callback_data, show, staff
from handlers.staff.walk_in_states import my_stations
from texts.names import B, T
from texts.render import SOURCE_LANGUAGE, Texts
from wire.calls import CallTaskView

CALL_LIST = "call."
"""The list id of the call list's pages (one task a page)."""
OUTCOMES = {"r": "reached", "v": "visited", "n": "not_reached"}
"""The outcome buttons' short codes and what the case service records."""
LABELS = {"r": B.CALLS_REACHED, "v": B.CALLS_VISITED, "n": B.CALLS_NO_ANSWER}
TASK_LIMIT = 200
"""The most open tasks read from one station (the service's own cap)."""
AT_ONCE = 8
"""How many stations' lists are read at the same time (a demo agent works at hundreds)."""


@dataclasses.dataclass(frozen=True)
class Finish(CallbackData):
    """An outcome (a key of OUTCOMES) of one task, from the list's `page`."""

    PREFIX: ClassVar[str] = "vcd"
    task_id: int
    outcome: str
    page: int


async def open_tasks(context: DaibanContext) -> list[CallTaskView]:
    """The open tasks of every station the staff member works at, oldest first."""
    stations = [office.code for office in await my_stations(context)]
    found: list[CallTaskView] = []
    for start in range(0, len(stations), AT_ONCE):
        for tasks in await asyncio.gather(*(_station_tasks(context, code)
                                            for code in stations[start:start + AT_ONCE])):
            found.extend(tasks)
    return sorted(found, key=lambda task: (task.created_at, task.id))


async def _station_tasks(context: DaibanContext, station: str) -> list[CallTaskView]:
    try:
        return (await context.cases.call_tasks(station, open_only=True, limit=TASK_LIMIT,
                                               actor=staff(context))).tasks
    except NotAllowed:  # staff of the station in a role that does not ring villagers
        return []


async def message_to_pass_on(context: DaibanContext, task: CallTaskView) -> str | None:
    """The chat message the villager would have got for the task's event, in their
    language (None for an event the notices have no screen for)."""
    if task.event.action not in NOTICES:
        return None
    language = task.language if task.language in context.texts.languages else SOURCE_LANGUAGE
    case = await context.cases.case(task.case_id, actor=staff(context))
    office = await context.cases.office(task.event.to_office_code)
    station = await context.cases.office(case.station_code)
    matter = await context.cases.matter(case.matter_code)
    return str(notice_message(context.texts, language, task.event, case, office, station,
                              matter)["text"])


def task_keyboard(texts: Texts, language: str, task: CallTaskView | None, page: int,
                  count: int) -> InlineKeyboardMarkup:
    """The outcomes of the task on screen, the pages either side, and [Work desk]."""
    rows: list[list[InlineKeyboardButton]] = []
    if task is not None:
        outcomes = [button(texts, language, LABELS[code], Finish(task.id, code, page))
                    for code in OUTCOMES]
        rows += [outcomes[:2], outcomes[2:]]
    turn = []
    if page > 0:
        turn.append(button(texts, language, B.PREVIOUS_PAGE, Page(CALL_LIST, page - 1)))
    if page < count - 1:
        turn.append(button(texts, language, B.NEXT_PAGE, Page(CALL_LIST, page + 1)))
    if turn:
        rows.append(turn)
    rows.append([button(texts, language, B.STAFF_HOME, StaffHome())])
    return InlineKeyboardMarkup(rows)


async def show_task(update: Update, context: DaibanContext, page: int = 0,
                    recorded: CallTaskView | None = None) -> int:
    """The call list at one task (the page clamped to the list as it is now)."""
    tasks = await open_tasks(context)
    page = min(max(page, 0), max(len(tasks) - 1, 0))
    task = tasks[page] if tasks else None
    message = await message_to_pass_on(context, task) if task is not None else None
    texts, language = context.texts, context.language
    since = task.created_at.astimezone(DISTRICT_ZONE) if task is not None else None
    await show(update, texts.render(
        T.CALLS_TASK, language=language, task=task, count=len(tasks), index=page + 1,
        message=Markup(message) if message is not None else None,  # rendered HTML
        recorded=recorded, since=since),
        task_keyboard(texts, language, task, page, len(tasks)))
    return ConversationHandler.END  # the menu's lists leave any follow-up


async def show_list(update: Update, context: DaibanContext) -> int:
    """An agent wants to pass on the news of villagers the bot cannot reach."""
    return await show_task(update, context)


async def turn_page(update: Update, context: DaibanContext) -> int:
    """An agent moves to the next or the previous task."""
    return await show_task(update, context, Page.parse(callback_data(update)).page)


async def finish(update: Update, context: DaibanContext) -> int:
    """An agent reached or visited the villager (the task closes), or got no answer (a
    try is counted and the task stays; the next one follows)."""
    data = Finish.parse(callback_data(update))
    outcome = OUTCOMES.get(data.outcome)
    if outcome is None:
        raise Expired(callback_data(update))
    try:
        done = await context.cases.finish_call_task(
            data.task_id, outcome, actor=staff(context),
            idempotency_key=context.idempotency_key("call_task"))
    except Conflict:  # closed meanwhile: the list as it is now, and errors/ says why
        await show_task(update, context, data.page)
        raise
    return await show_task(update, context, data.page + (outcome == "not_reached"), done)


async def ring(update: Update, context: DaibanContext) -> None:
    """A staff member wants to ring the villager of a case: the full number (logged)."""
    data = CallVillager.parse(callback_data(update))
    call = await context.cases.call_resident(data.case_id, actor=staff(context),
                                             idempotency_key=context.idempotency_key("call"))
    if update.callback_query is not None:
        await update.callback_query.answer()
    if update.effective_chat is not None:
        await update.effective_chat.send_message(context.texts.render(
            T.CALLS_RING, language=context.language, call=call,
            at=call.at.astimezone(DISTRICT_ZONE)))


def handlers(texts: Texts) -> list[BaseHandler[Any, Any, Any]]:
    """The menu's [Villagers to call], its pages and outcomes, and a card's [Call the
    villager] (also the walk-in flow's ways out)."""
    return [MessageHandler(label_filter(texts, B.CALLS_MENU), show_list),
            CallbackQueryHandler(turn_page, pattern=Page.pattern_for(CALL_LIST)),
            CallbackQueryHandler(finish, pattern=Finish.pattern()),
            CallbackQueryHandler(ring, pattern=CallVillager.pattern())]
