"""THE map of flows: which handler answers what, in commented groups.

Later issues add one conversation per flow (onboarding, booking, staff handoffs, ...)
here; the order of groups is the order in which PTB tries them.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from handlers import common
from handlers.callbacks import ChooseLanguage
from handlers.errors import on_error

COMMANDS = ("start", "help", "language")
"""The command menu, in this order; each has a description in texts' buttons."""


def add_routes(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    # -- everyone: greeting, help, language --------------------------------------------
    application.add_handler(CommandHandler("start", common.start))
    application.add_handler(CommandHandler("help", common.show_help))
    application.add_handler(CommandHandler("language", common.ask_language))
    application.add_handler(CallbackQueryHandler(common.choose_language,
                                                 pattern=ChooseLanguage.pattern()))

    # -- last resort: nobody is left without an answer -----------------------------------
    # (in the same group, after every flow: PTB runs one handler per group)
    application.add_handler(MessageHandler(filters.ALL, common.show_help))
    application.add_handler(CallbackQueryHandler(common.expired_button))
    application.add_error_handler(on_error)
