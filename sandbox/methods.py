"""The table of Bot API methods the sandbox answers, by lower-cased name.

Telegram matches method names case-insensitively; the record keeps the canonical
spelling so tests can filter on ``sendMessage`` whatever the client sent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sandbox import methods_bot as b
from sandbox import methods_messages as m
from sandbox.models import BotState
from sandbox.state import Sandbox

Method = Callable[[Sandbox, BotState, dict[str, Any]], Awaitable[Any]]

_CANONICAL: dict[str, Method] = {
    "getMe": b.get_me,
    "getUpdates": b.get_updates,
    "setWebhook": b.set_webhook,
    "deleteWebhook": b.delete_webhook,
    "getWebhookInfo": b.get_webhook_info,
    "answerCallbackQuery": b.answer_callback_query,
    "getFile": b.get_file,
    "setMyCommands": b.set_my_commands,
    "getMyCommands": b.get_my_commands,
    "deleteMyCommands": b.delete_my_commands,
    "logOut": b.log_out,
    "close": b.log_out,
    "sendMessage": m.send_message,
    "sendPhoto": m.media_sender("photo"),
    "sendDocument": m.media_sender("document"),
    "sendVoice": m.media_sender("voice"),
    "copyMessage": m.copy_message,
    "editMessageText": m.edit_message_text,
    "editMessageCaption": m.edit_message_caption,
    "editMessageReplyMarkup": m.edit_message_reply_markup,
    "deleteMessage": m.delete_message,
    "sendChatAction": m.send_chat_action,
}
METHODS: dict[str, tuple[str, Method]] = {
    name.lower(): (name, method) for name, method in _CANONICAL.items()}
