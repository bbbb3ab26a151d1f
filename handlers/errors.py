"""The one place where a failure becomes words: every handler's error ends here.

A stale or forged button is "expired" (not a fault: the user pressed something that has
moved on); a refusal of the case service is answered by the template named after its
code (`errors/case.already_claimed.j2`); anything else is logged with its traceback and
the user is told plainly that nothing was lost and they can try again. A handler never
leaves a user without an answer.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from backend_client.errors import CaseServiceError, Conflict, NotAllowed, Unavailable
from handlers.callbacks import Expired
from handlers.context import DaibanContext
from texts.names import T

log = logging.getLogger(__name__)


def template_for(error: BaseException | None) -> T:
    """The words for a failure: the case service's own code where a template answers
    it (`errors/<code>.j2`), else the family's (not allowed, unavailable), else "sorry"."""
    if isinstance(error, Expired):
        return T.ERROR_EXPIRED
    if isinstance(error, CaseServiceError):
        try:
            return T(f"errors/{error.code}")
        except ValueError:
            pass
        if isinstance(error, NotAllowed | Conflict):
            return T.ERROR_NOT_ALLOWED
        if isinstance(error, Unavailable):
            return T.ERROR_UNAVAILABLE
    return T.ERROR_UNEXPECTED


async def on_error(update: object, context: DaibanContext) -> None:
    """Something went wrong while handling what the user did: answer them anyway."""
    error = context.error
    template = template_for(error)
    if template is T.ERROR_UNEXPECTED:
        log.error("handling an update failed", exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    text = context.texts.render(template, language=context.language)
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
