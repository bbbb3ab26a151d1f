"""What answering a material request keeps and shows: the answer in progress (user_data),
its buttons, and the screens of each step.

The answer in progress lives in user_data (persisted with the update that changed it)
until [Send]: the case it answers, where the case is now (whose phone a voice note is
sent to), the words and the photos' file ids given so far, and the album and the
acknowledgement message of the last photo, so that an album (several updates sharing a
media_group_id) is acknowledged by one message that counts up.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any, ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.callbacks import CallbackData, Expired
from handlers.context import DaibanContext
from texts.names import B, T
from texts.render import Texts
from wire.cases import CaseView

PENDING = "resident.reply"
"""user_data: the answer in progress (one at a time: a new one replaces the last)."""
KEEP_WORDS = 4000
KEEP_PHOTOS = 30
"""What is kept at most while collecting, so user_data stays small; the case service
says how much one answer may carry (1,000 characters, 10 photos) and refuses more."""


@dataclasses.dataclass(frozen=True)
class AnswerCase(CallbackData):
    """[Answer now] on a material request's notice: begin an answer for this case."""

    PREFIX: ClassVar[str] = "rpa"
    case_id: str


@dataclasses.dataclass(frozen=True)
class SendReply(CallbackData):
    """[Send] what was given for this case's answer."""

    PREFIX: ClassVar[str] = "rps"
    case_id: str


@dataclasses.dataclass(frozen=True)
class DropReply(CallbackData):
    """[Not now]: forget the answer in progress; nothing is sent."""

    PREFIX: ClassVar[str] = "rpx"


def answer_button(texts: Texts, language: str, case_id: str) -> InlineKeyboardButton:
    """[Answer now], for the material request's notice (handlers/resident/notices.py)."""
    return InlineKeyboardButton(texts.button(B.REPLY_ANSWER, language=language),
                                callback_data=AnswerCase(case_id).pack())


def begin(context: DaibanContext, case: CaseView) -> dict[str, Any]:
    """A new answer for `case`, replacing any other in progress."""
    given = {"case": case.id, "number": case.number, "office": case.office_code,
             "matter": dict(case.matter_name.model_dump()), "words": [], "photos": [],
             "group": None, "ack": None, "at": time.time()}
    if context.user_data is not None:
        context.user_data[PENDING] = given
    return given


def pending(context: DaibanContext, case_id: str | None = None) -> dict[str, Any]:
    """The answer in progress (for `case_id`, when given), or Expired: a button of an
    answer sent or dropped already, or of another case's."""
    given = (context.user_data or {}).get(PENDING)
    if not given or (case_id is not None and given.get("case") != case_id):
        raise Expired(case_id)
    return given  # type: ignore[no-any-return]


def forget(context: DaibanContext) -> None:
    if context.user_data is not None:
        context.user_data.pop(PENDING, None)


def add(given: dict[str, Any], words: str | None, photo: str | None) -> None:
    """Keep what one message brought (a photo once, however often its update comes)."""
    if words and words.strip() and sum(map(len, given["words"])) < KEEP_WORDS:
        given["words"].append(words.strip())
    if photo and photo not in given["photos"] and len(given["photos"]) < KEEP_PHOTOS:
        given["photos"].append(photo)
    given["at"] = time.time()


def stale(given: dict[str, Any], after: float) -> bool:
    """Whether the answer was last added to more than `after` seconds ago (and so is
    put aside rather than added to)."""
    return time.time() - float(given.get("at") or 0) > after


def words_of(given: dict[str, Any]) -> str | None:
    """The words of every message, one paragraph each (None: only photos)."""
    return "\n".join(given["words"]) or None


def keyboard(texts: Texts, language: str, given: dict[str, Any], *,
             sendable: bool = True) -> InlineKeyboardMarkup:
    """[Send] (once something was given) and [Not now]."""
    row = [InlineKeyboardButton(texts.button(B.REPLY_DROP, language=language),
                                callback_data=DropReply().pack())]
    if sendable:
        row.insert(0, InlineKeyboardButton(texts.button(B.REPLY_SEND, language=language),
                                           callback_data=SendReply(given["case"]).pack()))
    return InlineKeyboardMarkup([row])


def ask_screen(texts: Texts, language: str, given: dict[str, Any]) -> str:
    return texts.render(T.REPLY_ASK, language=language, number=given["number"],
                        matter=given["matter"])


def got_screen(texts: Texts, language: str, given: dict[str, Any], *,
               offered: bool = False) -> str:
    return texts.render(T.REPLY_GOT, language=language, number=given["number"],
                        matter=given["matter"], offered=offered,
                        photos=len(given["photos"]), words=words_of(given) or "")
