"""build_application(): all of the bot's wiring in one builder function.

The Application is built without PTB's updater (our inbox and getUpdates loop replace
it), with the store-backed persistence, our rate limiter (so no call can bypass it),
HTML as the parse mode and link previews off (villagers pay for data).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.warnings import PTBUserWarning

from backend_client import As, CaseServiceClient
from backend_client.errors import CaseServiceError
from bot.limiter import PacedRateLimiter
from bot.pacing import Pacing
from bot.persistence import StorePersistence
from bot.routes import add_routes
from bot.settings import BotSettings
from bot.store import BotStore
from handlers.context import DaibanContext
from texts.render import Texts

log = logging.getLogger(__name__)
DaibanApplication = Application[Any, DaibanContext, Any, Any, Any, Any]


def pacing_from(settings: BotSettings) -> Pacing:
    return Pacing(global_rate=settings.bot_global_rate, chat_rate=settings.bot_chat_rate,
                  chat_burst=settings.bot_chat_burst)


def _quiet_per_message_warning() -> None:
    """Our conversations are per chat and user on purpose (a villager has one booking
    at a time, whichever message its buttons sit on); PTB warns about exactly that."""
    warnings.filterwarnings("ignore", message="If 'per_message=False'",
                            category=PTBUserWarning)


def build_application(settings: BotSettings, token: str, *, store: BotStore, texts: Texts,
                      cases: CaseServiceClient | None = None,
                      pacing: Pacing | None = None) -> DaibanApplication:
    """The bot, ready for `initialize()`; its persistence is `application.persistence`."""
    _quiet_per_message_warning()
    base = settings.api_base()
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .updater(None)
        .persistence(StorePersistence(store))
        .rate_limiter(PacedRateLimiter(pacing or pacing_from(settings),
                                       on_unreachable=_unreachable_reporter(cases)))
        .context_types(ContextTypes(context=DaibanContext))
        .defaults(Defaults(parse_mode=ParseMode.HTML,
                           link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .build()
    )
    application.bot_data["texts"] = texts
    application.bot_data["cases"] = cases
    add_routes(application, texts)
    return application  # type: ignore[return-value]


def _unreachable_reporter(cases: CaseServiceClient | None
                          ) -> Callable[[int], Awaitable[None]] | None:
    """A 403 means the person blocked the bot: the case service records them unreachable
    (staff then phone them instead). Chats that are not residents are ignored."""
    if cases is None:
        return None

    async def report(chat_id: int) -> None:
        try:
            resident = await cases.resident_by_messaging_id(chat_id, actor=As.service())
            await cases.set_reachable(resident.id, False, actor=As.service())
        except CaseServiceError as error:
            log.info("chat %s blocked the bot; not recorded (%s)", chat_id, error.code)

    return report
