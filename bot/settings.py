"""The bot's own settings, read from DAIBAN_* variables (composed by daiban/settings.py)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

TELEGRAM = "https://api.telegram.org"


class BotSettings(BaseSettings):
    """How the bot reaches the Bot API, receives updates and paces what it sends."""

    model_config = SettingsConfigDict(env_prefix="DAIBAN_", extra="ignore")

    bot_token: SecretStr | None = None
    bot_username: str | None = None  # for deep links the CLI prints (the bot asks getMe)
    telegram_api_url: str = TELEGRAM  # any server speaking the Bot API
    bot_mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None  # the public https address the platform posts to
    webhook_host: str = "127.0.0.1"  # where our webhook server listens (behind the proxy)
    webhook_port: int = 8443
    webhook_path: str = "/telegram/webhook"
    webhook_secret: SecretStr | None = None  # generated into <var>/secrets when not given
    bot_global_rate: float = Field(25.0, gt=0)  # messages a second, all chats together
    bot_chat_rate: float = Field(1.0, gt=0)  # messages a second to one chat
    bot_chat_burst: int = Field(3, ge=1)
    bot_max_concurrent_updates: int = Field(64, ge=1)  # chats handled at once
    bot_poll_timeout: int = Field(25, ge=0)  # getUpdates long-poll seconds
    bot_inbox_keep_hours: float = Field(24.0, ge=24.0)  # update ids kept for dedupe
    bot_outbox_keep_days: float = Field(30.0, ge=1.0)  # sent rows kept (dedupe, edits)

    def api_base(self) -> str:
        return self.telegram_api_url.rstrip("/")
