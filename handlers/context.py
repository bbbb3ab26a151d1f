"""DaibanContext: what every handler reaches through `context`, resolved once per update.

PTB makes one context per update and shares it across handler groups, so the viewer's
language is worked out here once, from stored user data (a choice they made) or the
app's language code, without a database write.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from backend_client import CaseServiceClient
from texts.render import Texts, language_for

LANGUAGE = "language"
"""The user_data key of a language the user chose themselves."""


class DaibanContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any],
                                    dict[Any, Any]]):
    """PTB's context with the texts, the case service and the viewer's language."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any],
                 chat_id: int | None = None, user_id: int | None = None) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.language = "zh"

    @classmethod
    def from_update(cls, update: object,
                    application: Application[Any, Any, Any, Any, Any, Any]) -> DaibanContext:
        context = super().from_update(update, application)
        if isinstance(update, Update) and update.effective_user is not None:
            chosen = (context.user_data or {}).get(LANGUAGE)
            context.language = chosen or language_for(update.effective_user.language_code)
        return context  # type: ignore[return-value]

    @property
    def texts(self) -> Texts:
        return self.bot_data["texts"]  # type: ignore[no-any-return]

    @property
    def cases(self) -> CaseServiceClient | None:
        return self.bot_data.get("cases")  # type: ignore[no-any-return]
