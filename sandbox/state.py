"""The Sandbox: the one object holding the in-memory world and the changes to it.

Both sides act on it: the Bot API methods (the bot posting, editing, polling) and the
user side (people sending, pressing, sharing). Every visible change bumps one sequence
number and wakes long-polls, so tests and the web chat can wait for "anything after N"
instead of sleeping.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from sandbox.errors import BLOCKED, CHAT_NOT_FOUND, BotApiError, bad_request, forbidden
from sandbox.models import (
    BotAccount,
    BotState,
    CallbackQuery,
    Chat,
    ChatMessage,
    SandboxUser,
    StoredFile,
    now,
)
from sandbox.switches import Switchboard

FIRST_USER_ID = 100_000_001
FILE_FOLDERS = {"photo": "photos", "document": "documents", "voice": "voice"}


class Sandbox:
    """The world one sandbox process serves, constructed with the bots it stands in for."""

    def __init__(self, bots: Iterable[BotAccount], *, webhook_retry_base: float = 0.2,
                 webhook_retry_max: float = 5.0) -> None:
        self.bots: dict[int, BotState] = {bot.id: BotState(bot) for bot in bots}
        if not self.bots:
            raise ValueError("a sandbox serves at least one bot")
        self.users: dict[int, SandboxUser] = {}
        self.chats: dict[tuple[int, int], Chat] = {}
        self.files: dict[str, StoredFile] = {}
        self.switches = Switchboard()
        self.webhook_retry_base = webhook_retry_base
        self.webhook_retry_max = webhook_retry_max
        self.seq = 0
        self.closing = False
        self._changed = asyncio.Condition()
        self._updates = asyncio.Condition()
        self._file_counter = itertools.count(1)
        self._callback_counter = itertools.count(1)
        self.on_update: Callable[[BotState], None] = lambda _bot: None
        self.tasks: set[asyncio.Task[Any]] = set()

    # --- lookups -------------------------------------------------------------------

    def bot_by_token(self, token: str) -> BotState | None:
        bot_id = token.split(":", 1)[0]
        state = self.bots.get(int(bot_id)) if bot_id.isdigit() else None
        return state if state is not None and state.account.token == token else None

    def bot(self, ref: str | int | None = None) -> BotState:
        """A bot by id or username; the first bot when none is named."""
        if ref in (None, ""):
            return next(iter(self.bots.values()))
        for state in self.bots.values():
            if str(ref) in (str(state.account.id), state.account.username):
                return state
        raise KeyError(f"no bot {ref!r}")

    def user(self, user_id: int) -> SandboxUser:
        return self.users[user_id]

    def chat(self, bot_id: int, user_id: int) -> Chat:
        """The private chat, created on first use (the user may not have started it)."""
        key = (bot_id, user_id)
        if key not in self.chats:
            self.chats[key] = Chat(self.users[user_id], self.bots[bot_id].account)
        return self.chats[key]

    def chat_for_bot(self, bot: BotState, chat_id: object, *, writing: bool = True) -> Chat:
        """The chat a Bot API call names, refused as Telegram refuses."""
        try:
            user_id = int(str(chat_id))
        except ValueError:
            raise bad_request(CHAT_NOT_FOUND) from None
        if user_id not in self.users:
            raise bad_request(CHAT_NOT_FOUND)
        chat = self.chat(bot.account.id, user_id)
        if writing and chat.blocked:
            raise forbidden(BLOCKED)
        if writing and not chat.started:
            raise forbidden("bot can't initiate conversation with a user")
        return chat

    # --- people ----------------------------------------------------------------------

    def add_user(self, first_name: str, *, id: int | None = None, last_name: str | None = None,
                 username: str | None = None, language_code: str | None = None,
                 phone: str | None = None) -> SandboxUser:
        user_id = id if id is not None else max([FIRST_USER_ID - 1, *self.users]) + 1
        user = SandboxUser(user_id, first_name, last_name, username, language_code, phone)
        self.users[user_id] = user
        return user

    # --- changes and waiting ----------------------------------------------------------

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    async def notify_changed(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_changed(self, ready: Callable[[], bool], seconds: float) -> bool:
        """Wait until ``ready()`` holds, the timeout passes or the sandbox closes."""
        async with self._changed:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(seconds):
                    await self._changed.wait_for(lambda: ready() or self.closing)
        return ready()

    async def wait_updates(self, ready: Callable[[], bool], seconds: float) -> bool:
        async with self._updates:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(seconds):
                    await self._updates.wait_for(lambda: ready() or self.closing)
        return ready()

    async def wake_pollers(self) -> None:
        async with self._updates:
            self._updates.notify_all()

    async def close(self) -> None:
        """Wake every long-poll so the server can stop without waiting them out."""
        self.closing = True
        self.switches.release_all()
        await self.notify_changed()
        await self.wake_pollers()

    # --- updates -----------------------------------------------------------------------

    async def enqueue_update(self, bot: BotState, kind: str, payload: dict[str, Any]) -> int:
        update_id = bot.next_update_id
        bot.next_update_id += 1
        if bot.allowed_updates and kind not in bot.allowed_updates:
            return update_id
        bot.updates.append({"update_id": update_id, kind: payload})
        await self.wake_pollers()
        self.on_update(bot)
        return update_id

    # --- messages ------------------------------------------------------------------------

    def message_api(self, chat: Chat, message: ChatMessage, *, with_reply: bool = True
                    ) -> dict[str, Any]:
        """The message as the Bot API shows it to the bot."""
        sender = chat.bot.to_api() if message.from_bot else chat.user.to_api()
        shown: dict[str, Any] = {"message_id": message.message_id, "from": sender,
                                 "chat": chat.user.chat_api(), "date": message.date,
                                 **message.content}
        if message.edit_date is not None:
            shown["edit_date"] = message.edit_date
        markup = message.reply_markup
        if markup is not None and "inline_keyboard" in markup and markup["inline_keyboard"]:
            shown["reply_markup"] = markup
        replied = chat.messages.get(message.reply_to or 0)
        if with_reply and replied is not None and not replied.deleted:
            shown["reply_to_message"] = self.message_api(chat, replied, with_reply=False)
        return shown

    async def post(self, chat: Chat, *, from_bot: bool, content: dict[str, Any],
                   text: str | None = None, parse_mode: str | None = None,
                   reply_markup: dict[str, Any] | None = None, reply_to: int | None = None,
                   files: list[str] | None = None) -> ChatMessage:
        """Add a message to a chat and tell the long-polls."""
        message = ChatMessage(
            chat.allocate_message_id(), from_bot, now(), content, self.next_seq(), text,
            parse_mode, reply_markup, reply_to=reply_to, files=files or [],
        )
        chat.messages[message.message_id] = message
        if from_bot and reply_markup is not None:
            if "keyboard" in reply_markup:
                chat.reply_keyboard = reply_markup
            elif reply_markup.get("remove_keyboard"):
                chat.reply_keyboard = None
        await self.notify_changed()
        return message

    async def touch(self, message: ChatMessage) -> None:
        message.seq = self.next_seq()
        await self.notify_changed()

    # --- files -----------------------------------------------------------------------------

    def store_file(self, data: bytes, kind: str, *, file_name: str | None = None,
                   mime_type: str | None = None) -> StoredFile:
        number = next(self._file_counter)
        suffix = (file_name or "").rpartition(".")[2] if file_name and "." in file_name else ""
        suffix = suffix or {"photo": "jpg", "voice": "oga"}.get(kind, "bin")
        stored = StoredFile(
            file_id=f"sandbox-{kind}-{number}-{secrets.token_hex(6)}",
            file_unique_id=f"u{number}{secrets.token_hex(3)}",
            data=data, file_path=f"{FILE_FOLDERS.get(kind, 'documents')}/file_{number}.{suffix}",
            kind=kind, file_name=file_name, mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    def file_by_path(self, path: str) -> StoredFile | None:
        return next((f for f in self.files.values() if f.file_path == path), None)

    # --- callback queries --------------------------------------------------------------------

    def new_callback_query(self, bot: BotState, user_id: int, message_id: int,
                           data: str | None) -> CallbackQuery:
        query_id = f"{bot.account.id}{next(self._callback_counter):08d}"
        query = CallbackQuery(query_id, user_id, message_id, data)
        bot.callback_queries[query_id] = query
        return query

    def answer_callback(self, bot: BotState, query_id: str, answer: dict[str, Any]) -> None:
        query = bot.callback_queries.get(query_id)
        if query is None or query.answered:
            raise BotApiError(400, "Bad Request: query is too old and response timeout "
                                   "expired or query ID is invalid")
        query.answered = True
        query.answer = answer
