"""Family followers' buttons: the callback data of sharing a case, the list of those who
follow it and removing one, and the [Share with family] button that my cases' detail and
the receipt notice carry (so that those modules need not import the flow itself)."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import uuid
from typing import ClassVar

from telegram import InlineKeyboardButton

from handlers.callbacks import CallbackData, Expired
from texts.names import B
from texts.render import Texts


@dataclasses.dataclass(frozen=True)
class ShareCase(CallbackData):
    """[Share with family]: a new one-time follow link for the case, and who follows it."""

    PREFIX: ClassVar[str] = "fsh"
    case_id: str


@dataclasses.dataclass(frozen=True)
class FamilyOf(CallbackData):
    """Who follows the case (back from a removal)."""

    PREFIX: ClassVar[str] = "fam"
    case_id: str


@dataclasses.dataclass(frozen=True)
class AskRemove(CallbackData):
    """[✖ name]: stop this follower? Both ids short (`short`), to fit in 64 bytes."""

    PREFIX: ClassVar[str] = "fax"
    case: str
    follower: str


@dataclasses.dataclass(frozen=True)
class DoRemove(CallbackData):
    """The confirmation: the follower stops getting the case's news."""

    PREFIX: ClassVar[str] = "fdr"
    follower_id: str


def share_button(texts: Texts, language: str, case_id: str) -> InlineKeyboardButton:
    """[Share with family] for a case (the service checks that it is the presser's own)."""
    return InlineKeyboardButton(texts.button(B.FAMILY_SHARE, language=language),
                                callback_data=ShareCase(case_id).pack())


def short(value: str) -> str:
    """A UUID in 22 characters for button data."""
    return base64.urlsafe_b64encode(uuid.UUID(value).bytes).decode().rstrip("=")


def long(value: str) -> str:
    """The UUID a short id stands for; Expired for anything that is not one."""
    try:
        return str(uuid.UUID(bytes=base64.urlsafe_b64decode(value + "==")))
    except (ValueError, binascii.Error) as error:
        raise Expired(value) from error
