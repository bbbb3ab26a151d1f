"""/privacy: what the case service holds about the villager, and erasing it.

Erasure asks once more, saying exactly what goes and what stays; then the case service
erases the person (their cases stay, anonymized) and the bot forgets its own data of
them (the resident id and the language in user_data).
"""

from __future__ import annotations

from typing import Any

from telegram import ReplyKeyboardRemove, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from handlers.callbacks import Expired
from handlers.context import DaibanContext
from handlers.resident import identity, places
from handlers.resident import profile_screens as screens
from handlers.resident.profile_screens import Erase
from texts.names import T


async def show_privacy(update: Update, context: DaibanContext) -> None:
    """A villager wants to see what is stored about them (/privacy)."""
    resident = await identity.current(context)
    stored = await context.cases.privacy(resident.id, actor=context.resident)
    village = (places.place_name(await context.cases.office(resident.village_code),
                                 context.language) if resident.village_code else None)
    await identity.show(update, context, context.texts.render(
        T.PRIVACY, language=context.language, fields=stored.fields, village=village,
        cases=stored.cases, open_drafts=stored.open_drafts),
        screens.privacy(context.texts, context.language))


async def erase(update: Update, context: DaibanContext) -> None:
    """A villager wants their data deleted: confirm first, then erase."""
    step = Erase.parse(update.callback_query and update.callback_query.data).step
    if step not in ("ask", "yes"):
        raise Expired(step)
    if step == "ask":
        stored = await context.cases.privacy(await identity.resident_id(context),
                                             actor=context.resident)
        await update.callback_query.answer()  # type: ignore[union-attr]
        await identity.show(update, context, context.texts.render(
            T.PRIVACY_ERASE_CONFIRM, language=context.language, cases=stored.cases),
            screens.erase(context.texts, context.language))
        return
    await context.cases.erase_resident(await identity.resident_id(context),
                                       actor=context.resident,
                                       idempotency_key=context.idempotency_key("erase"))
    if context.user_data is not None:
        context.user_data.clear()
    await update.callback_query.answer()  # type: ignore[union-attr]
    await update.callback_query.edit_message_reply_markup(None)  # type: ignore[union-attr]
    await identity.send(update, context,
                        context.texts.render(T.PRIVACY_ERASED, language=context.language),
                        ReplyKeyboardRemove())


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [CallbackQueryHandler(erase, pattern=Erase.pattern())]
