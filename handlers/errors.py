"""The one place where a failure becomes words: every handler's error ends here.

A stale or forged button is "expired" (not a fault: the user pressed something that has
moved on); anything else is logged with its traceback and the user is told plainly that
nothing was lost and they can try again. A handler never leaves a user without an answer.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from handlers.callbacks import Expired
from handlers.context import DaibanContext
from texts.names import T

log = logging.getLogger(__name__)


async def on_error(update: object, context: DaibanContext) -> None:
    """Something went wrong while handling what the user did: answer them anyway."""
    error = context.error
    expired = isinstance(error, Expired)
    if not expired:
        log.error("handling an update failed", exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    text = context.texts.render(T.ERROR_EXPIRED if expired else T.ERROR_UNEXPECTED,
                                language=context.language)
    if update.callback_query is not None:
        # It may have been answered by the handler already, or be too old to answer.
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer()
    try:
        await context.bot.send_message(update.effective_chat.id, text)
    except Forbidden:
        return  # they blocked the bot: the rate limiter has reported it
    except TelegramError:
        log.warning("could not tell the user about a failure", exc_info=True)
