"""Answer a material request (补正) right in the chat: words and photos, then [Send].

Two ways in: [Answer now] on the material request's notice; or a photo sent outside any
flow while one of the villager's cases waits for material, which the bot offers as the
answer for that case ("is this material for case N?" [Send] [Not now]). Every message
after that (words, photos, an album's photos) is kept (reply_views.py) until [Send],
which makes one call, `cases.reply`, with an idempotency key from the [Send] update. The
case service decides whether the case still takes an answer and how much it may carry;
its refusals are errors/<code>.j2 (case.reply_empty, case.reply_too_long), except a case
that stopped waiting for material, which ends the answer kindly with the office's phone.
A voice note cannot be passed on as material: the villager is told to type, send a
photo, or call. [Not now], Home and /cancel drop what was kept.

An answer left unsent for a while (STALE_AFTER) is put aside by the next message, so
that words typed days later search the catalog as they would have, and a photo is
offered afresh. Diagram: reply.mmd.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from backend_client.errors import Conflict, NotFound
from handlers import common
from handlers.callbacks import CallbackData, GoHome
from handlers.context import DaibanContext
from handlers.keyboards import MENU_ROWS, label_filter
from handlers.resident import catalog_search
from handlers.resident import reply_views as views
from handlers.resident.reply_views import AnswerCase, DropReply, SendReply
from texts.names import T

COLLECT = "collect"
"""The one state: words and photos are kept until [Send] or [Not now]."""
AWAITING_MATERIAL = "awaiting_material"
"""The state of a case whose station asked for material: a stray photo may be for it."""
VOICE = filters.VOICE | filters.AUDIO | filters.VIDEO_NOTE
STALE_AFTER = 3600.0
"""Seconds after the last word or photo when an unsent answer no longer takes more."""


async def answer_now(update: Update, context: DaibanContext) -> str:
    """A villager wants to answer their station's request for material, here and now."""
    data = AnswerCase.parse(update.callback_query.data if update.callback_query else None)
    case = await context.cases.case(data.case_id, actor=context.resident)
    given = views.begin(context, case)
    if update.callback_query is not None:
        await update.callback_query.answer()
    if update.effective_chat is not None:
        await update.effective_chat.send_message(
            views.ask_screen(context.texts, context.language, given),
            reply_markup=views.keyboard(context.texts, context.language, given,
                                        sendable=False))
    return COLLECT


async def offer_photo(update: Update, context: DaibanContext) -> str | int:
    """A villager sends a photo out of the blue: most likely the material asked for."""
    try:
        mine = (await context.cases.my_cases(actor=context.resident)).cases
    except NotFound:  # not a villager of the case service (staff, or not yet registered)
        await common.not_understood(update, context)
        return ConversationHandler.END
    waiting = [case for case in mine if case.state == AWAITING_MATERIAL]
    if not waiting:
        await common.not_understood(update, context)
        return ConversationHandler.END
    views.begin(context, max(waiting, key=lambda case: case.updated_at))
    return await keep(update, context, offered=True)


async def keep(update: Update, context: DaibanContext, *, offered: bool = False
               ) -> str | int:
    """A villager sends words or a photo for their answer; the bot says what it has."""
    message, given = update.effective_message, views.pending(context)
    if message is None:
        return COLLECT
    if views.stale(given, STALE_AFTER):  # an answer forgotten long ago: start afresh
        views.forget(context)
        if message.photo:
            return await offer_photo(update, context)
        await catalog_search.search(update, context)
        return ConversationHandler.END
    photo = message.photo[-1].file_id if message.photo else None
    views.add(given, message.text or message.caption, photo)
    text = views.got_screen(context.texts, context.language, given, offered=offered)
    markup = views.keyboard(context.texts, context.language, given)
    album = message.media_group_id
    if album is not None and album == given["group"] and given["ack"] is not None:
        await context.bot.edit_message_text(text, chat_id=message.chat_id,
                                            message_id=given["ack"], reply_markup=markup)
        return COLLECT
    ack = await message.reply_text(text, reply_markup=markup)
    given["group"], given["ack"] = album, ack.message_id
    return COLLECT


async def cannot_pass_on(update: Update, context: DaibanContext) -> str | int:
    """A villager sends a voice note (or a file, a sticker) for their answer."""
    given, message = views.pending(context), update.effective_message
    if message is None:
        return COLLECT
    if views.stale(given, STALE_AFTER):
        views.forget(context)
        await common.not_understood(update, context)
        return ConversationHandler.END
    voice = bool(message.voice or message.audio or message.video_note)
    office = await context.cases.office(given["office"])
    await message.reply_text(
        context.texts.render(T.REPLY_UNSUPPORTED, language=context.language,
                             kind="voice" if voice else "other",
                             office={"zh": office.name_zh, "en": office.name_en},
                             phone=office.phone),
        reply_markup=views.keyboard(context.texts, context.language, given,
                                    sendable=bool(given["words"] or given["photos"])))
    return COLLECT


async def send(update: Update, context: DaibanContext) -> int:
    """A villager has said and shown everything: it goes to who holds the case."""
    data = SendReply.parse(update.callback_query.data if update.callback_query else None)
    given = views.pending(context, data.case_id)
    if update.callback_query is not None:
        await update.callback_query.answer()
    try:
        case = await context.cases.reply(
            data.case_id, views.words_of(given), given["photos"], actor=context.resident,
            idempotency_key=context.idempotency_key("reply"))
    except Conflict:  # the case stopped waiting for material: this answer cannot go
        views.forget(context)
        await _closed(update, context, given)
        return ConversationHandler.END
    views.forget(context)
    office = await context.cases.office(case.office_code)
    await _say(update, context.texts.render(
        T.REPLY_SENT, language=context.language, number=case.number,
        office={"zh": office.name_zh, "en": office.name_en},
        photos=len(given["photos"]), words=bool(given["words"])))
    return ConversationHandler.END


async def drop(update: Update, context: DaibanContext) -> int:
    """A villager decides not to send the answer after all."""
    views.forget(context)
    return await common.cancel(update, context)


async def leave(update: Update, context: DaibanContext) -> int:
    """Home or /cancel while answering: what was kept is dropped, nothing is sent."""
    views.forget(context)
    if update.callback_query is not None:
        return await common.home(update, context)
    return await common.cancel(update, context)


async def _closed(update: Update, context: DaibanContext, given: dict[str, Any]) -> None:
    office = await context.cases.office(given["office"])
    await _say(update, context.texts.render(
        T.REPLY_CLOSED, language=context.language, number=given["number"],
        office={"zh": office.name_zh, "en": office.name_en}, phone=office.phone))


async def _say(update: Update, text: str) -> None:
    if update.effective_chat is not None:
        await update.effective_chat.send_message(text)


def _typed(texts: Any) -> filters.BaseFilter:
    """Words typed for the answer: not a command, nor a label of the villager's menu
    (those belong to other flows)."""
    typed: Any = filters.TEXT & ~filters.COMMAND
    for name in (n for row in MENU_ROWS for n in row):
        typed = typed & ~label_filter(texts, name)
    return typed  # type: ignore[no-any-return]


def _press(callback: Any, kind: type[CallbackData]) -> CallbackQueryHandler[Any, Any]:
    return CallbackQueryHandler(callback, pattern=kind.pattern())


def build(texts: Any) -> list[BaseHandler[Any, Any, Any]]:
    """The answer conversation (persistent), for bot/routes.py: after every flow that
    takes photos or words of its own, before the catalog's free-text search."""
    # No re-entry: a photo while answering is part of the answer, not a new offer; a
    # press of [Answer now] while answering begins anew from the state's own handler.
    entry: list[BaseHandler[Any, Any, Any]] = [
        _press(answer_now, AnswerCase),
        MessageHandler(filters.PHOTO & filters.ChatType.PRIVATE, offer_photo)]
    return [ConversationHandler(
        entry_points=entry,
        states={COLLECT: [
            MessageHandler(filters.PHOTO | _typed(texts), keep),
            MessageHandler(VOICE | filters.Document.ALL | filters.Sticker.ALL
                           | filters.VIDEO | filters.LOCATION | filters.CONTACT,
                           cannot_pass_on),
            _press(send, SendReply), _press(drop, DropReply), _press(answer_now, AnswerCase)]},
        fallbacks=[_press(leave, GoHome), CommandHandler("cancel", leave)],
        name="resident_reply", persistent=True)]
