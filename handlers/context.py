"""DaibanContext: what every handler reaches through `context`, resolved once per update.

PTB makes one context per update and shares it across handler groups, so the viewer's
language, who they are to the case service, and the update's id (the root of every
idempotency key) are worked out here once, without a database write.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from backend_client import As, CaseServiceClient
from texts.render import Texts, language_for

LANGUAGE = "language"
"""The user_data key of a language the user chose themselves."""


class DaibanContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any],
                                    dict[Any, Any]]):
    """PTB's context with the texts, the case service and the viewer."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any],
                 chat_id: int | None = None, user_id: int | None = None) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.language = "zh"
        self.messaging_id: int | None = user_id
        self.update_id: int | None = None

    @classmethod
    def from_update(cls, update: object,
                    application: Application[Any, Any, Any, Any, Any, Any]) -> DaibanContext:
        context = super().from_update(update, application)
        assert isinstance(context, DaibanContext)
        if isinstance(update, Update):
            context.update_id = update.update_id
            if update.effective_user is not None:
                context.messaging_id = update.effective_user.id
                chosen = (context.user_data or {}).get(LANGUAGE)
                context.language = chosen or language_for(update.effective_user.language_code)
        return context

    @property
    def texts(self) -> Texts:
        return self.bot_data["texts"]  # type: ignore[no-any-return]

    @property
    def cases(self) -> CaseServiceClient:
        """The case service; every record a person may ask about lives there."""
        client = self.bot_data.get("cases")
        if client is None:
            raise RuntimeError("this bot runs without a case service")
        return client  # type: ignore[no-any-return]

    @property
    def resident(self) -> As:
        """The case service's name for the person in this update, acting as a villager."""
        if self.messaging_id is None:
            raise RuntimeError("an update without a user has no resident")
        return As.resident(self.messaging_id)

    def idempotency_key(self, step: str = "") -> str:
        """A key derived from the update that caused a change: a replay after a crash
        (the same update handled again) repeats the key, so the change happens once."""
        if self.update_id is None:
            raise RuntimeError("no update to derive an idempotency key from")
        return f"tg:{self.update_id}:{step}" if step else f"tg:{self.update_id}"
