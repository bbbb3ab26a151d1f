"""Checking reply markup and message texts as Telegram checks them.

These are the refusals a bot meets only in production unless a stand-in repeats them:
callback data over 64 bytes, an empty or over-long text, a button without an action.
"""

from __future__ import annotations

from typing import Any

from sandbox.errors import bad_request
from sandbox.telegram_html import render, utf16_len

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
_INLINE_ACTIONS = ("callback_data", "url", "switch_inline_query",
                   "switch_inline_query_current_chat", "login_url", "web_app", "pay",
                   "callback_game", "copy_text", "switch_inline_query_chosen_chat")


def check_text(text: Any, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """The plain text and entities of a message text, or Telegram's refusal."""
    if not isinstance(text, str) or not text.strip():
        raise bad_request("message text is empty")
    plain, entities = render(text, parse_mode)
    if not plain.strip():
        raise bad_request("message text is empty")
    if utf16_len(plain) > MAX_TEXT:
        raise bad_request("message is too long")
    return plain, entities


def check_caption(caption: Any, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    plain, entities = render(str(caption), parse_mode)
    if utf16_len(plain) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return plain, entities


def _check_inline(keyboard: Any) -> None:
    if not isinstance(keyboard, list) or not all(isinstance(row, list) for row in keyboard):
        raise bad_request("field \"inline_keyboard\" of the InlineKeyboardMarkup should be "
                          "an Array of Arrays")
    for row in keyboard:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise bad_request("text buttons are unallowed in the inline keyboard")
            if not any(name in button for name in _INLINE_ACTIONS):
                raise bad_request("text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise bad_request("BUTTON_DATA_INVALID")
            if "url" in button and not str(button["url"]).strip():
                raise bad_request("BUTTON_URL_INVALID")


def check_markup(markup: Any) -> dict[str, Any] | None:
    """The reply markup if it is one of the four kinds Telegram knows, else a refusal."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _check_inline(markup["inline_keyboard"])
    elif "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request("field \"keyboard\" of the ReplyKeyboardMarkup should be an "
                              "Array of Arrays")
    elif not markup.get("remove_keyboard") and not markup.get("force_reply"):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def inline_buttons(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not markup or "inline_keyboard" not in markup:
        return []
    return [button for row in markup["inline_keyboard"] for button in row]
