"""What people do toward a bot: send text, press buttons, share contacts, send files.

Each action adds the user's message to the chat and queues the Update a real client
would cause, in Telegram's JSON, so the bot under test cannot tell the difference. The
user side's HTTP API and the web chat are thin over these functions.
"""

from __future__ import annotations

import re
from typing import Any

from sandbox.markup import inline_buttons
from sandbox.media import guess_mime, media_api
from sandbox.models import BotState, Chat, ChatMessage, SandboxUser, now
from sandbox.state import Sandbox
from sandbox.telegram_html import utf16_len

_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?")
CONTENT_KINDS = ("text", "photo", "document", "voice", "contact")


class UserActionError(Exception):
    """Something a person could not do in the app (press a button that is not there)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


async def _send(sandbox: Sandbox, bot: BotState, user: SandboxUser, content: dict[str, Any],
                *, text: str | None = None, reply_to: int | None = None,
                files: list[str] | None = None) -> tuple[Chat, ChatMessage, int]:
    chat = sandbox.chat(bot.account.id, user.id)
    chat.started, chat.blocked = True, False
    if chat.reply_keyboard and chat.reply_keyboard.get("one_time_keyboard"):
        chat.reply_keyboard = None
    if reply_to is not None and reply_to not in chat.messages:
        raise UserActionError(404, f"no message {reply_to} in this chat")
    message = await sandbox.post(chat, from_bot=False, content=content, text=text,
                                 reply_to=reply_to, files=files)
    update_id = await sandbox.enqueue_update(bot, "message", sandbox.message_api(chat, message))
    return chat, message, update_id


def command_entities(text: str) -> list[dict[str, Any]]:
    found = _COMMAND.match(text)
    if found is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(found.group(0))}]


async def send_text(sandbox: Sandbox, bot: BotState, user: SandboxUser, text: str,
                    reply_to: int | None = None) -> tuple[Chat, ChatMessage, int]:
    if not text.strip():
        raise UserActionError(400, "text is empty")
    content: dict[str, Any] = {"text": text}
    entities = command_entities(text)
    if entities:
        content["entities"] = entities
    return await _send(sandbox, bot, user, content, text=text, reply_to=reply_to)


async def share_contact(sandbox: Sandbox, bot: BotState, user: SandboxUser,
                        contact: dict[str, Any] | None = None
                        ) -> tuple[Chat, ChatMessage, int]:
    """The user's own contact (as a request_contact button sends it) or someone else's."""
    if contact:
        if not contact.get("phone_number") or not contact.get("first_name"):
            raise UserActionError(400, "a contact needs phone_number and first_name")
        shared = {key: contact[key] for key in
                  ("phone_number", "first_name", "last_name", "user_id", "vcard")
                  if contact.get(key) not in (None, "")}
    else:
        if not user.phone:
            raise UserActionError(400, "this user has no phone number to share")
        shared = {"phone_number": user.phone, "first_name": user.first_name,
                  "user_id": user.id}
        if user.last_name:
            shared["last_name"] = user.last_name
    return await _send(sandbox, bot, user, {"contact": shared})


async def send_media(sandbox: Sandbox, bot: BotState, user: SandboxUser, kind: str,
                     data: bytes, *, file_name: str | None = None, mime_type: str | None = None,
                     caption: str | None = None, duration: int | None = None
                     ) -> tuple[Chat, ChatMessage, int]:
    if not data:
        raise UserActionError(400, "the file is empty")
    stored = sandbox.store_file(data, kind, file_name=file_name,
                                mime_type=guess_mime(kind, file_name, mime_type))
    content: dict[str, Any] = {kind: media_api(stored, kind, duration=duration)}
    if caption:
        content["caption"] = caption
    return await _send(sandbox, bot, user, content, text=caption, files=[stored.file_id])


async def press_button(sandbox: Sandbox, bot: BotState, user: SandboxUser, message_id: int, *,
                       data: str | None = None, text: str | None = None, forged: bool = False,
                       wait: float = 5.0) -> dict[str, Any]:
    """Press an inline button; wait up to ``wait`` seconds for the bot's answer.

    A button is found by its callback data or its label. ``forged`` sends data that no
    button carries, as a modified client could: the bot must check it again.
    """
    chat = sandbox.chat(bot.account.id, user.id)
    message = chat.messages.get(message_id)
    if message is None or message.deleted or not message.from_bot:
        raise UserActionError(404, f"no message {message_id} from the bot in this chat")
    buttons = inline_buttons(message.reply_markup)
    button = next((b for b in buttons if (data is not None and b.get("callback_data") == data)
                   or (text is not None and b.get("text") == text)), None)
    if button is not None and "callback_data" not in button:
        return {"answered": False, "url": button.get("url"), "button": button}
    if button is None and not forged:
        raise UserActionError(404, "no such inline button on that message")
    sent = button["callback_data"] if button is not None else data
    query = sandbox.new_callback_query(bot, user.id, message_id, sent)
    payload = {"id": query.id, "from": user.to_api(), "chat_instance": chat.chat_instance,
               "message": sandbox.message_api(chat, message)}
    if sent is not None:
        payload["data"] = sent
    update_id = await sandbox.enqueue_update(bot, "callback_query", payload)
    answered = await sandbox.wait_changed(lambda: query.answered, wait)
    return {"callback_query_id": query.id, "update_id": update_id, "data": sent,
            "answered": answered, "answer": query.answer}


async def member_changed(sandbox: Sandbox, bot: BotState, user: SandboxUser, status: str
                         ) -> int:
    """The my_chat_member update Telegram sends when a user blocks or unblocks the bot."""
    old = "member" if status == "kicked" else "kicked"

    def member(state: str) -> dict[str, Any]:
        shown: dict[str, Any] = {"status": state, "user": bot.account.to_api()}
        return {**shown, "until_date": 0} if state == "kicked" else shown

    payload = {"chat": user.chat_api(), "from": user.to_api(), "date": now(),
               "old_chat_member": member(old), "new_chat_member": member(status)}
    return await sandbox.enqueue_update(bot, "my_chat_member", payload)


def message_view(sandbox: Sandbox, chat: Chat, message: ChatMessage) -> dict[str, Any]:
    """A message as tests and the web chat read it: content plus edit/delete bookkeeping."""
    content = message.content
    files = [sandbox.files[file_id] for file_id in message.files if file_id in sandbox.files]
    return {
        "message_id": message.message_id, "seq": message.seq, "from_bot": message.from_bot,
        "date": message.date,
        "kind": next((kind for kind in CONTENT_KINDS if kind in content), "other"),
        "text": message.text, "parse_mode": message.parse_mode,
        "plain_text": content.get("text", content.get("caption")),
        "entities": content.get("entities", content.get("caption_entities", [])),
        "reply_markup": message.reply_markup,
        "edited": bool(message.edits), "edit_count": len(message.edits),
        "edits": [{"text": r.text, "parse_mode": r.parse_mode, "reply_markup": r.reply_markup}
                  for r in message.edits],
        "deleted": message.deleted, "reply_to_message_id": message.reply_to,
        "contact": content.get("contact"),
        "files": [{"file_id": f.file_id, "kind": f.kind, "file_name": f.file_name,
                   "mime_type": f.mime_type, "size": len(f.data),
                   "url": f"/sandbox/api/files/{f.file_id}"} for f in files],
        "link_preview_options": content.get("link_preview_options"),
    }
