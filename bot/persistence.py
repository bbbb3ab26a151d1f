"""StorePersistence: PTB's persistence interface over the bot's store, committed per update.

PTB calls the `update_*` methods from `Application.update_persistence()` (and otherwise
on a timer), for every chat touched since the last run. Writing there would commit a
chat's conversation state apart from the update that changed it; so the methods only
*stage* the change, and the inbox takes the staged changes of the update's own chat and
user into the transaction that marks the update done. A change staged for another
chat waits for that chat's update (or for `flush()` at shutdown).
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from bot.store import BotStore, StagedWrite
from bot.store.store import DELETED

log = logging.getLogger(__name__)
ConversationKey = tuple[int | str, ...]
ConversationDict = dict[ConversationKey, object]

_ABSENT = object()
NEVER = 10.0 * 365 * 24 * 3600
"""PTB's own timer would only stage; the inbox stages after every update itself."""


class StorePersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Conversation state, user data and chat data in the bot's store (no bot data)."""

    def __init__(self, store: BotStore) -> None:
        super().__init__(store_data=PersistenceInput(bot_data=False, callback_data=False),
                         update_interval=NEVER)
        self.store = store
        self._staged: dict[tuple[Any, ...], StagedWrite] = {}
        # What the store holds for each user and chat: PTB hands over the data of every
        # user and chat an update touched, changed or not, and an unchanged value need
        # not be written (most updates change none).
        self._saved: dict[tuple[Any, ...], Any] = {}
        self.failures: list[BaseException] = []

    # -- reading, once at start -------------------------------------------------------

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        data = await self.store.user_data()
        self._saved.update({("user", key): copy.deepcopy(value) for key, value in data.items()})
        return data

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        data = await self.store.chat_data()
        self._saved.update({("chat", key): copy.deepcopy(value) for key, value in data.items()})
        return data

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        return await self.store.conversations(name)

    # -- staging ----------------------------------------------------------------------

    def _stage(self, write: StagedWrite) -> None:
        slot = (write.kind, *write.key)
        try:
            if write.kind != "conversation" and self._saved.get(slot, _ABSENT) == write.value:
                self._staged.pop(slot, None)  # back to what is stored: nothing to write
                return
            value = write.value if write.value is DELETED else copy.deepcopy(write.value)
            self._staged[slot] = StagedWrite(write.kind, write.key, value)
        except Exception as error:  # recorded so the inbox does not mark the update done
            self.failures.append(error)
            raise

    def committed(self, writes: list[StagedWrite]) -> None:
        """The store now holds these writes (the inbox calls this after its commit)."""
        for write in writes:
            if write.kind == "conversation":
                continue
            slot = (write.kind, *write.key)
            if write.value is DELETED:
                self._saved[slot] = _ABSENT
            else:
                self._saved[slot] = write.value

    async def update_conversation(self, name: str, key: ConversationKey,
                                  new_state: object | None) -> None:
        value = DELETED if new_state is None else new_state
        self._stage(StagedWrite("conversation", (name, tuple(key)), value))

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        self._stage(StagedWrite("user", (user_id,), data))

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        self._stage(StagedWrite("chat", (chat_id,), data))

    async def drop_user_data(self, user_id: int) -> None:
        self._stage(StagedWrite("user", (user_id,), DELETED))

    async def drop_chat_data(self, chat_id: int) -> None:
        self._stage(StagedWrite("chat", (chat_id,), DELETED))

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        return None

    async def update_callback_data(self, data: Any) -> None:
        return None

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        return None

    # -- handing staged writes to the inbox -----------------------------------------------

    def take(self, chat_id: int | None, user_id: int | None) -> list[StagedWrite]:
        """The staged writes that belong to one update's chat or user, removed from staging."""
        ids = {i for i in (chat_id, user_id) if i is not None}
        taken: list[StagedWrite] = []
        for slot, write in list(self._staged.items()):
            owners = write.key[1] if write.kind == "conversation" else write.key
            if ids.intersection(owners):
                taken.append(write)
                del self._staged[slot]
        return taken

    def give_back(self, writes: list[StagedWrite]) -> None:
        """Return writes whose commit failed, unless something newer was staged since."""
        for write in writes:
            self._staged.setdefault((write.kind, *write.key), write)

    async def flush(self) -> None:
        """At shutdown PTB has staged everything once more: save what no update carried."""
        staged, self._staged = list(self._staged.values()), {}
        try:
            await self.store.flush(staged)
            self.committed(staged)
        except Exception:
            log.exception("could not save the bot's conversation state at shutdown")
            self._staged.update({(w.kind, *w.key): w for w in staged})
