"""The sandbox's in-memory world: bots, users, their private chats, messages and files.

Everything lives in memory on purpose: a sandbox is started per test run (or per
browser session) and thrown away, so there is nothing to migrate or clean up. Each class
knows how to show itself in the Bot API's JSON shape (``to_api``) because PTB rebuilds
its objects with ``de_json`` and would choke on a missing required field.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class BotAccount:
    """A bot the sandbox serves; its id is the number before the colon of its token."""

    token: str
    username: str
    first_name: str = "Bot"

    @property
    def id(self) -> int:
        return int(self.token.split(":", 1)[0])

    def to_api(self) -> dict[str, Any]:
        return {"id": self.id, "is_bot": True, "first_name": self.first_name,
                "username": self.username}


@dataclass
class SandboxUser:
    """A person on the messaging app; tests and the web chat act as them."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    phone: str | None = None

    def to_api(self) -> dict[str, Any]:
        shown: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for name in ("last_name", "username", "language_code"):
            if getattr(self, name):
                shown[name] = getattr(self, name)
        return shown

    def chat_api(self) -> dict[str, Any]:
        """The user's private chat with a bot, whose id is the user's id as on Telegram."""
        shown: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        for name in ("last_name", "username"):
            if getattr(self, name):
                shown[name] = getattr(self, name)
        return shown

    def view(self) -> dict[str, Any]:
        return {"id": self.id, "first_name": self.first_name, "last_name": self.last_name,
                "username": self.username, "language_code": self.language_code,
                "phone": self.phone}


@dataclass
class StoredFile:
    """Bytes someone sent, reachable by file_id through getFile and the file URL."""

    file_id: str
    file_unique_id: str
    data: bytes
    file_path: str
    kind: str
    file_name: str | None = None
    mime_type: str | None = None

    def get_file_api(self) -> dict[str, Any]:
        return {"file_id": self.file_id, "file_unique_id": self.file_unique_id,
                "file_size": len(self.data), "file_path": self.file_path}


@dataclass
class Revision:
    """One earlier state of an edited message, kept so tests can count edits."""

    text: str | None
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    at: float


@dataclass
class ChatMessage:
    """A message in a private chat, from either side, with the sandbox's bookkeeping."""

    message_id: int
    from_bot: bool
    date: int
    content: dict[str, Any]
    seq: int
    text: str | None = None
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    edits: list[Revision] = field(default_factory=list)
    edit_date: int | None = None
    deleted: bool = False
    reply_to: int | None = None
    files: list[str] = field(default_factory=list)


@dataclass
class Chat:
    """A user's private chat with one bot."""

    user: SandboxUser
    bot: BotAccount
    messages: dict[int, ChatMessage] = field(default_factory=dict)
    next_message_id: int = 1
    reply_keyboard: dict[str, Any] | None = None
    blocked: bool = False
    started: bool = False
    last_action: tuple[str, float] | None = None

    @property
    def chat_instance(self) -> str:
        return f"{self.bot.id}{self.user.id}"

    def allocate_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass
class CallbackQuery:
    """A button press waiting for the bot's answerCallbackQuery."""

    id: str
    user_id: int
    message_id: int
    data: str | None
    answered: bool = False
    answer: dict[str, Any] | None = None


@dataclass
class Webhook:
    url: str
    secret_token: str | None = None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class BotState:
    """What the sandbox holds for one bot: its update queue, webhook and commands."""

    account: BotAccount
    updates: list[dict[str, Any]] = field(default_factory=list)
    next_update_id: int = 1
    allowed_updates: list[str] | None = None
    webhook: Webhook | None = None
    commands: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)
    poll_generation: int = 0
    callback_queries: dict[str, CallbackQuery] = field(default_factory=dict)


def now() -> int:
    return int(time.time())
