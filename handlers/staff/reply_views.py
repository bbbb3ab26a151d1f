"""A villager's answer to a material request as staff read it: one message with the case,
the words and [Open the case] (the staff card's own button), then each photo, captioned
with the case and its place among the photos.

The notifier (bot/relay.py) decides who reads it and queues these through the outbox;
everything here is rendered in the reader's language.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.staff._views import OpenCard
from texts.names import B, T
from texts.render import Texts
from wire.base import LocalText


def relay_messages(texts: Texts, language: str, *, case_id: str, number: str,
                   matter: LocalText, words: str | None, photos: list[str], holder: bool
                   ) -> list[tuple[str, dict[str, Any]]]:
    """(Bot API method, parameters) of each message that carries the answer, in order.

    `holder`: the reader holds the case (False: they are one of those who may claim
    it). The photos are the file ids the villager's messages carried."""
    text = texts.render(T.RELAY, language=language, number=number, matter=matter,
                        words=words, photos=len(photos), holder=holder)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton(
        texts.button(B.RELAY_OPEN, language=language),
        callback_data=OpenCard(case_id, "").pack())]])
    messages: list[tuple[str, dict[str, Any]]] = [
        ("sendMessage", {"text": text, "parse_mode": "HTML",
                         "reply_markup": markup.to_dict()})]
    for index, photo in enumerate(photos, start=1):
        caption = texts.render(T.RELAY_PHOTO, language=language, number=number,
                               index=index, total=len(photos))
        messages.append(("sendPhoto", {"photo": photo, "caption": caption,
                                       "parse_mode": "HTML"}))
    return messages
