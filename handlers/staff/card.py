"""A case's card for staff, the actions that need nothing more than a press, and [Claim]
on a handoff prompt.

A press acts at the version the card showed (`expected_version`), with an idempotency
key from the update: a press on an old card, a replayed update or forged data is refused
by the case service ("this case has moved on", "this is not yours") and changes nothing;
the error handler says so. Actions that need a reason, days or a list of material are
`acting`'s follow-ups.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler

from backend_client.errors import Conflict
from handlers.callbacks import ClaimCase
from handlers.context import DaibanContext
from handlers.staff._views import OpenCard, callback_data, card, show, staff


async def open_card(update: Update, context: DaibanContext) -> int:
    """A staff member wants to see one case as it is now, and what they may do with it."""
    data = OpenCard.parse(callback_data(update))
    case = await context.cases.case(data.case_id, actor=staff(context))
    await show(update, *await card(context, case, data.back))
    return ConversationHandler.END


async def act_now(update: Update, context: DaibanContext, case_id: str, action: str,
                  version: int) -> int:
    """Take an action that needs no more than the press, then show the case after it."""
    case = await context.cases.act(
        case_id, action, actor=staff(context),  # type: ignore[arg-type]
        expected_version=version, idempotency_key=context.idempotency_key(action))
    await show(update, *await card(context, case))
    return ConversationHandler.END


async def claim_from_prompt(update: Update, context: DaibanContext) -> None:
    """An agent takes a handed-off case from its prompt; the first claim wins."""
    data = ClaimCase.parse(callback_data(update))
    try:
        await act_now(update, context, data.case_id, "claim", data.version)
    except Conflict:
        # Someone was first (or the case moved on): the prompt becomes the case as it is
        # now, which shows it is taken, and the error handler says why in the service's
        # own words (case.already_claimed, case.moved_on).
        case = await context.cases.case(data.case_id, actor=staff(context))
        await show(update, *await card(context, case))
        raise


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """Opening a card (also its [Refresh]), and [Claim] on a prompt."""
    return [CallbackQueryHandler(open_card, pattern=OpenCard.pattern()),
            CallbackQueryHandler(claim_from_prompt, pattern=ClaimCase.pattern())]
