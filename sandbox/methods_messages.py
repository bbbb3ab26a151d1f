"""Bot API methods that put things into chats: send, copy, edit, delete, chat actions.

Each method takes the sandbox, the calling bot and its typed parameters, and returns the
``result`` Telegram would return or raises Telegram's refusal.
"""

from __future__ import annotations

import time
from typing import Any

from sandbox.errors import bad_request
from sandbox.markup import check_caption, check_markup, check_text
from sandbox.media import check_kind, guess_mime, media_api
from sandbox.models import BotState, Chat, ChatMessage, Revision, now
from sandbox.params import Upload
from sandbox.state import Sandbox

CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
})
NOT_MODIFIED = ("message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message")


def _reply_to(chat: Chat, params: dict[str, Any]) -> int | None:
    reply = params.get("reply_parameters") or {}
    message_id = reply.get("message_id") or params.get("reply_to_message_id")
    if message_id is None:
        return None
    allow = reply.get("allow_sending_without_reply", params.get("allow_sending_without_reply"))
    found = chat.messages.get(int(message_id))
    if found is None or found.deleted:
        if allow:
            return None
        raise bad_request("message to be replied not found")
    return found.message_id


def _text_content(text: str, entities: list[dict[str, Any]], params: dict[str, Any]
                  ) -> dict[str, Any]:
    content: dict[str, Any] = {"text": text}
    if entities:
        content["entities"] = entities
    preview = params.get("link_preview_options")
    if params.get("disable_web_page_preview"):
        preview = {**(preview or {}), "is_disabled": True}
    if preview:
        content["link_preview_options"] = preview
    return content


def _given_entities(params: dict[str, Any], name: str, parsed: list[dict[str, Any]]
                    ) -> list[dict[str, Any]]:
    return parsed if params.get("parse_mode") else list(params.get(name) or [])


async def send_message(sandbox: Sandbox, bot: BotState, params: dict[str, Any]) -> Any:
    chat = sandbox.chat_for_bot(bot, params.get("chat_id"))
    parse_mode = params.get("parse_mode")
    plain, entities = check_text(params.get("text"), parse_mode)
    markup = check_markup(params.get("reply_markup"))
    reply_to = _reply_to(chat, params)
    content = _text_content(plain, _given_entities(params, "entities", entities), params)
    message = await sandbox.post(chat, from_bot=True, content=content, text=params["text"],
                                 parse_mode=parse_mode, reply_markup=markup, reply_to=reply_to)
    return sandbox.message_api(chat, message)


def _media(sandbox: Sandbox, kind: str, value: Any) -> Any:
    if isinstance(value, Upload):
        return sandbox.store_file(value.data, kind, file_name=value.filename,
                                  mime_type=guess_mime(kind, value.filename, value.content_type))
    if isinstance(value, str) and value.startswith("attach://"):
        raise bad_request(f"wrong remote file identifier specified: {value}")
    stored = sandbox.files.get(str(value)) if value else None
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    check_kind(stored, kind)
    return stored


def _caption_content(params: dict[str, Any]) -> dict[str, Any]:
    if params.get("caption") in (None, ""):
        return {}
    plain, entities = check_caption(params["caption"], params.get("parse_mode"))
    content: dict[str, Any] = {"caption": plain}
    entities = _given_entities(params, "caption_entities", entities)
    if entities:
        content["caption_entities"] = entities
    return content


def media_sender(kind: str) -> Any:
    """sendPhoto, sendDocument and sendVoice differ only in the field that holds the file."""

    async def send(sandbox: Sandbox, bot: BotState, params: dict[str, Any]) -> Any:
        chat = sandbox.chat_for_bot(bot, params.get("chat_id"))
        if kind not in params:
            raise bad_request(f"there is no {kind} in the request")
        stored = _media(sandbox, kind, params[kind])
        markup = check_markup(params.get("reply_markup"))
        reply_to = _reply_to(chat, params)
        content = {kind: media_api(stored, kind, duration=params.get("duration")),
                   **_caption_content(params)}
        message = await sandbox.post(
            chat, from_bot=True, content=content, text=params.get("caption"),
            parse_mode=params.get("parse_mode"), reply_markup=markup, reply_to=reply_to,
            files=[stored.file_id])
        return sandbox.message_api(chat, message)

    return send


async def copy_message(sandbox: Sandbox, bot: BotState, params: dict[str, Any]) -> Any:
    source_chat = sandbox.chat_for_bot(bot, params.get("from_chat_id"), writing=False)
    source = source_chat.messages.get(int(params.get("message_id") or 0))
    if source is None or source.deleted:
        raise bad_request("message to copy not found")
    chat = sandbox.chat_for_bot(bot, params.get("chat_id"))
    content = {key: value for key, value in source.content.items()
               if key not in ("caption", "caption_entities")}
    text, parse_mode = source.text, source.parse_mode
    if "caption" in params:
        content.update(_caption_content(params))
        text, parse_mode = params.get("caption"), params.get("parse_mode")
    elif "text" not in content:
        content.update({key: source.content[key] for key in ("caption", "caption_entities")
                        if key in source.content})
    markup = check_markup(params.get("reply_markup"))
    message = await sandbox.post(chat, from_bot=True, content=content, text=text,
                                 parse_mode=parse_mode, reply_markup=markup,
                                 reply_to=_reply_to(chat, params), files=list(source.files))
    return {"message_id": message.message_id}


def _editable(sandbox: Sandbox, bot: BotState, params: dict[str, Any]) -> tuple[Chat,
                                                                               ChatMessage]:
    if params.get("inline_message_id"):
        raise bad_request("inline messages are not supported by the sandbox")
    chat = sandbox.chat_for_bot(bot, params.get("chat_id"))
    message = chat.messages.get(int(params.get("message_id") or 0))
    if message is None or message.deleted:
        raise bad_request("message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return chat, message


async def _apply_edit(sandbox: Sandbox, chat: Chat, message: ChatMessage,
                      content: dict[str, Any], text: str | None, parse_mode: str | None,
                      markup: dict[str, Any] | None) -> Any:
    inline = markup if markup and markup.get("inline_keyboard") else None
    current_inline = message.reply_markup if message.reply_markup and message.reply_markup.get(
        "inline_keyboard") else None
    if content == message.content and inline == current_inline:
        raise bad_request(NOT_MODIFIED)
    message.edits.append(Revision(message.text, message.parse_mode, message.reply_markup,
                                  time.monotonic()))
    message.content, message.text, message.parse_mode = content, text, parse_mode
    message.reply_markup = inline
    message.edit_date = now()
    await sandbox.touch(message)
    return sandbox.message_api(chat, message)


async def edit_message_text(sandbox: Sandbox, bot: BotState, params: dict[str, Any]) -> Any:
    chat, message = _editable(sandbox, bot, params)
    if "text" not in message.content:
        raise bad_request("there is no text in the message to edit")
    parse_mode = params.get("parse_mode")
    plain, entities = check_text(params.get("text"), parse_mode)
    markup = check_markup(params.get("reply_markup"))
    content = _text_content(plain, _given_entities(params, "entities", entities), params)
    return await _apply_edit(sandbox, chat, message, content, params["text"], parse_mode,
                             markup)


async def edit_message_caption(sandbox: Sandbox, bot: BotState, params: dict[str, Any]) -> Any:
    chat, message = _editable(sandbox, bot, params)
    if "text" in message.content:
        raise bad_request("there is no caption in the message to edit")
    content = {key: value for key, value in message.content.items()
               if key not in ("caption", "caption_entities")}
    content.update(_caption_content(params))
    markup = check_markup(params.get("reply_markup"))
    return await _apply_edit(sandbox, chat, message, content, params.get("caption"),
                             params.get("parse_mode"), markup)


async def edit_message_reply_markup(sandbox: Sandbox, bot: BotState, params: dict[str, Any]
                                    ) -> Any:
    chat, message = _editable(sandbox, bot, params)
    markup = check_markup(params.get("reply_markup"))
    return await _apply_edit(sandbox, chat, message, dict(message.content), message.text,
                             message.parse_mode, markup)


async def delete_message(sandbox: Sandbox, bot: BotState, params: dict[str, Any]) -> Any:
    chat = sandbox.chat_for_bot(bot, params.get("chat_id"), writing=False)
    message = chat.messages.get(int(params.get("message_id") or 0))
    if message is None or message.deleted:
        raise bad_request("message to delete not found")
    message.deleted = True
    await sandbox.touch(message)
    return True


async def send_chat_action(sandbox: Sandbox, bot: BotState, params: dict[str, Any]) -> Any:
    chat = sandbox.chat_for_bot(bot, params.get("chat_id"))
    action = params.get("action")
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat.last_action = (action, time.monotonic())
    return True
