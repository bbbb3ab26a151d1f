"""The Bot API face, checked with python-telegram-bot's own Bot against the sandbox."""

from __future__ import annotations

import io
import struct
import zlib

import aiohttp
import pytest
from telegram import (
    Bot,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    LinkPreviewOptions,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken

from sandbox.server import RunningSandbox

TOKEN = "123456:ABC-sandbox-token"


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    raw = b"".join(b"\x00" + b"\x00\x80\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


async def test_a_ptb_bot_learns_its_identity_from_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot, me.first_name) == (123456, "daiban_bot", True,
                                                              "daiban")


async def test_an_unknown_token_is_refused_as_unauthorized(running: RunningSandbox) -> None:
    stranger = Bot("999:nope", base_url=f"{running.url}/bot")
    with pytest.raises(InvalidToken):
        await stranger.initialize()


async def test_unknown_methods_get_404_and_known_ones_match_in_any_case(
        running: RunningSandbox) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{running.url}/bot{TOKEN}/sendTelepathy") as reply:
            assert reply.status == 404
            assert await reply.json() == {"ok": False, "error_code": 404,
                                          "description": "Not Found"}
        async with session.get(f"{running.url}/bot{TOKEN}/GETME") as reply:
            assert (await reply.json())["result"]["username"] == "daiban_bot"


async def test_a_message_to_an_unknown_chat_is_refused_as_chat_not_found(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)Chat not found"):
        await bot.send_message(424242, "hello")


async def test_the_bot_cannot_write_first_to_a_user_who_never_opened_the_chat(
        bot: Bot, users) -> None:
    user = await users.user("Zhao")
    with pytest.raises(Forbidden, match=r"(?i)can't initiate conversation"):
        await bot.send_message(user["id"], "hello")


async def test_sent_html_is_kept_as_given_and_returned_as_text_with_entities(
        bot: Bot, users, started_user) -> None:
    sent = await bot.send_message(started_user["id"], "<b>您好</b>，<a href=\"https://x.cn\">链接</a>",
                                  parse_mode=ParseMode.HTML)
    assert sent.text == "您好，链接"
    assert [e.type for e in sent.entities] == ["bold", "text_link"]
    assert sent.text_html == "<b>您好</b>，<a href=\"https://x.cn\">链接</a>"
    seen = (await users.messages(started_user["id"], sender="bot"))["messages"][-1]
    assert (seen["text"], seen["parse_mode"], seen["plain_text"]) == (
        "<b>您好</b>，<a href=\"https://x.cn\">链接</a>", "HTML", "您好，链接")


async def test_html_telegram_cannot_parse_is_refused(bot: Bot, started_user) -> None:
    with pytest.raises(BadRequest, match=r'(?i)Unsupported start tag "br"'):
        await bot.send_message(started_user["id"], "a<br>b", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)Can't find end tag"):
        await bot.send_message(started_user["id"], "<b>open", parse_mode=ParseMode.HTML)


async def test_texts_are_limited_to_4096_characters_after_parsing(
        bot: Bot, started_user) -> None:
    chat = started_user["id"]
    await bot.send_message(chat, "<b>" + "办" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)Message is too long"):
        await bot.send_message(chat, "办" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)Message text is empty"):
        await bot.send_message(chat, "<b> </b>", parse_mode=ParseMode.HTML)


async def test_callback_data_over_64_bytes_is_refused(bot: Bot, started_user) -> None:
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="办" * 22)]])
    with pytest.raises(BadRequest, match=r"(?i)Button_data_invalid"):
        await bot.send_message(started_user["id"], "pick", reply_markup=too_long)


async def test_an_edit_changes_the_text_in_place_and_an_identical_one_is_not_modified(
        bot: Bot, users, started_user) -> None:
    chat = started_user["id"]
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="ok")]])
    sent = await bot.send_message(chat, "first", reply_markup=keyboard)
    edited = await bot.edit_message_text("second", chat, sent.message_id, reply_markup=keyboard)
    assert edited.text == "second" and edited.edit_date is not None
    with pytest.raises(BadRequest, match=r"(?i)Message is not modified"):
        await bot.edit_message_text("second", chat, sent.message_id, reply_markup=keyboard)
    await bot.edit_message_reply_markup(chat, sent.message_id, reply_markup=None)
    with pytest.raises(BadRequest, match=r"(?i)Message to edit not found"):
        await bot.edit_message_text("x", chat, 9999)
    seen = (await users.messages(chat, sender="bot"))["messages"][-1]
    assert (seen["plain_text"], seen["edit_count"], seen["edited"], seen["reply_markup"]) == (
        "second", 2, True, None)


async def test_a_deleted_message_is_flagged_and_cannot_be_deleted_twice(
        bot: Bot, users, started_user) -> None:
    chat = started_user["id"]
    sent = await bot.send_message(chat, "soon gone")
    assert await bot.delete_message(chat, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)Message to delete not found"):
        await bot.delete_message(chat, sent.message_id)
    seen = (await users.messages(chat, sender="bot"))["messages"][-1]
    assert seen["deleted"]


async def test_the_reply_keyboard_is_chat_state_until_removed(bot: Bot, users,
                                                              started_user) -> None:
    chat = started_user["id"]
    menu = ReplyKeyboardMarkup([[KeyboardButton("分享手机号", request_contact=True)]],
                               resize_keyboard=True)
    await bot.send_message(chat, "menu", reply_markup=menu)
    state = await users.call("GET", f"/chats/{chat}")
    assert state["reply_keyboard"]["keyboard"][0][0]["request_contact"] is True
    await bot.send_message(chat, "answer me", reply_markup=ForceReply())
    assert (await users.call("GET", f"/chats/{chat}"))["reply_keyboard"] is not None
    await bot.send_message(chat, "gone", reply_markup=ReplyKeyboardRemove())
    assert (await users.call("GET", f"/chats/{chat}"))["reply_keyboard"] is None


async def test_replies_and_link_preview_options_come_back_on_the_message(
        bot: Bot, started_user) -> None:
    chat = started_user["id"]
    first = await bot.send_message(chat, "see https://example.cn",
                                   link_preview_options=LinkPreviewOptions(is_disabled=True))
    assert first.link_preview_options.is_disabled
    second = await bot.send_message(chat, "re", reply_parameters=ReplyParameters(
        first.message_id))
    assert second.reply_to_message.message_id == first.message_id
    with pytest.raises(BadRequest, match=r"(?i)Message to be replied not found"):
        await bot.send_message(chat, "re", reply_parameters=ReplyParameters(777))


async def test_an_uploaded_photo_round_trips_through_get_file_and_download(
        bot: Bot, users, started_user) -> None:
    image = png(3, 2)
    sent = await bot.send_photo(started_user["id"], io.BytesIO(image), caption="<i>证件</i>",
                                parse_mode=ParseMode.HTML)
    size = sent.photo[-1]
    assert (size.width, size.height, sent.caption) == (3, 2, "证件")
    file = await bot.get_file(size.file_id)
    assert bytes(await file.download_as_bytearray()) == image
    again = await bot.send_photo(started_user["id"], size.file_id)
    assert again.photo[-1].file_id == size.file_id
    with pytest.raises(BadRequest, match=r"(?i)Wrong file identifier"):
        await bot.send_photo(started_user["id"], "no-such-file")


async def test_documents_voice_notes_and_copies_reach_the_chat(bot: Bot, users,
                                                              started_user) -> None:
    chat = started_user["id"]
    document = await bot.send_document(chat, io.BytesIO(b"%PDF-1.4"), filename="回执.pdf")
    assert document.document.file_name == "回执.pdf"
    voice = await bot.send_voice(chat, io.BytesIO(b"OggS"), duration=3)
    assert voice.voice.mime_type == "audio/ogg"
    copy = await bot.copy_message(chat, chat, document.message_id, caption="copy")
    assert copy.message_id > voice.message_id
    seen = (await users.messages(chat, sender="bot"))["messages"]
    assert [m["kind"] for m in seen] == ["document", "voice", "document"]
    assert seen[-1]["plain_text"] == "copy"


async def test_commands_are_kept_per_scope_and_language(bot: Bot) -> None:
    await bot.set_my_commands([("start", "开始"), ("help", "帮助")])
    await bot.set_my_commands([("start", "Start")], language_code="en")
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert [c.description for c in await bot.get_my_commands(language_code="en")] == ["Start"]
    await bot.delete_my_commands(language_code="en")
    assert await bot.get_my_commands(language_code="en") == ()
    with pytest.raises(BadRequest, match=r"(?i)Bot_command_invalid"):
        await bot.set_my_commands([("Bad Command", "x")])


async def test_chat_actions_are_accepted_and_wrong_ones_refused(bot: Bot, started_user
                                                                ) -> None:
    assert await bot.send_chat_action(started_user["id"], "typing")
    with pytest.raises(BadRequest, match=r"(?i)Wrong parameter action"):
        await bot.send_chat_action(started_user["id"], "dancing")
