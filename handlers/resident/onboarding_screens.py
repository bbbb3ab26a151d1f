"""Onboarding's buttons: their typed callback data and the keyboards that carry them.

Prefixes `ob*` are onboarding's own. The town and village lists are `Page`s whose list
id starts with "town": "town" is the list of towns, "town<code>" a town's villages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from handlers import keyboards
from handlers.callbacks import CallbackData, Page
from handlers.resident.places import VILLAGE_TIER, place_name
from texts.names import B
from texts.render import Texts
from wire.offices import OfficeView

PLACES = "town"
"""The Page list-id tag of onboarding's place lists."""


@dataclasses.dataclass(frozen=True)
class PickLanguage(CallbackData):
    """A new person picks the language of everything that follows."""

    PREFIX: ClassVar[str] = "obl"
    language: str


@dataclasses.dataclass(frozen=True)
class Agree(CallbackData):
    """[Agree] on the privacy notice; the language rides along (nothing stored yet)."""

    PREFIX: ClassVar[str] = "oba"
    language: str


@dataclasses.dataclass(frozen=True)
class Decline(CallbackData):
    PREFIX: ClassVar[str] = "obd"
    language: str


@dataclasses.dataclass(frozen=True)
class PickTown(CallbackData):
    PREFIX: ClassVar[str] = "obt"
    code: str


@dataclasses.dataclass(frozen=True)
class PickVillage(CallbackData):
    PREFIX: ClassVar[str] = "obv"
    code: str


@dataclasses.dataclass(frozen=True)
class ConfirmVillage(CallbackData):
    """[Yes, that's it] on the confirmation screen: keep this village."""

    PREFIX: ClassVar[str] = "obc"
    code: str


@dataclasses.dataclass(frozen=True)
class ChangePhone(CallbackData):
    """[Change phone] on /me: onboarding's phone step again."""

    PREFIX: ClassVar[str] = "obp"


@dataclasses.dataclass(frozen=True)
class ChangeVillage(CallbackData):
    """[Change village] on /me: onboarding's town and village steps again."""

    PREFIX: ClassVar[str] = "obw"


def town_list_id(code: str | None = None) -> str:
    return f"{PLACES}{code or ''}"


def languages(texts: Texts) -> InlineKeyboardMarkup:
    """Each language named in itself, the same for every reader."""
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(texts.button(label, language=code),
                             callback_data=PickLanguage(code).pack())
        for code, label in (("zh", B.LANGUAGE_ZH), ("en", B.LANGUAGE_EN))]])


def notice(texts: Texts, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(texts.button(B.ONBOARDING_AGREE, language=language),
                              callback_data=Agree(language).pack())],
        [InlineKeyboardButton(texts.button(B.ONBOARDING_DECLINE, language=language),
                              callback_data=Decline(language).pack())]])


def share_phone(texts: Texts, language: str) -> ReplyKeyboardMarkup:
    """One big button that sends the person's own contact."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(texts.button(B.ONBOARDING_SHARE_PHONE, language=language),
                         request_contact=True)]],
        resize_keyboard=True, one_time_keyboard=True)


def _place_button(texts: Texts, language: str, office: OfficeView) -> tuple[str, str]:
    label = texts.button(B.ONBOARDING_PLACE, language=language,
                         name=place_name(office, language))
    picked = PickVillage if office.tier == VILLAGE_TIER else PickTown
    return label, picked(office.code).pack()


def places(texts: Texts, language: str, offices: Sequence[OfficeView], page: int, *,
           list_id: str, back: str | None = None) -> InlineKeyboardMarkup:
    """A page of towns or villages (a town opens its villages, a village is picked)."""
    return keyboards.paged(texts, language,
                           [_place_button(texts, language, office) for office in offices],
                           page, list_id=list_id, back=back)


def confirm(texts: Texts, language: str, village_code: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(texts.button(B.ONBOARDING_CONFIRM, language=language),
                              callback_data=ConfirmVillage(village_code).pack())],
        [InlineKeyboardButton(texts.button(B.ONBOARDING_CHANGE, language=language),
                              callback_data=Page(town_list_id(), 0).pack())]])
