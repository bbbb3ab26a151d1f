"""Profile, settings and privacy: typed callback data (prefixes `pf*`) and keyboards."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers import keyboards
from handlers.callbacks import CallbackData
from handlers.resident.onboarding_screens import ChangePhone, ChangeVillage
from texts.names import B
from texts.render import Texts
from wire.residents import NoticePrefs

SCREENS = ("profile", "settings", "privacy", "languages")


@dataclasses.dataclass(frozen=True)
class Open(CallbackData):
    """Show one of the screens in SCREENS (from settings, or [Back])."""

    PREFIX: ClassVar[str] = "pfo"
    screen: str


@dataclasses.dataclass(frozen=True)
class ChangeName(CallbackData):
    PREFIX: ClassVar[str] = "pfn"


@dataclasses.dataclass(frozen=True)
class SetLanguage(CallbackData):
    PREFIX: ClassVar[str] = "pfl"
    language: str


@dataclasses.dataclass(frozen=True)
class SetNotice(CallbackData):
    """Turn one kind of non-urgent notice on (1) or off (0)."""

    PREFIX: ClassVar[str] = "pft"
    kind: str
    on: int


@dataclasses.dataclass(frozen=True)
class Erase(CallbackData):
    """[Delete my data] ("ask": the confirmation) and [Yes, delete] ("yes")."""

    PREFIX: ClassVar[str] = "pfx"
    step: str


def _button(texts: Texts, language: str, name: B, data: CallbackData,
            **label: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(texts.button(name, language=language, **label),
                                callback_data=data.pack())


def profile(texts: Texts, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [_button(texts, language, B.PROFILE_CHANGE_NAME, ChangeName()),
         _button(texts, language, B.PROFILE_CHANGE_PHONE, ChangePhone())],
        [_button(texts, language, B.PROFILE_CHANGE_VILLAGE, ChangeVillage()),
         _button(texts, language, B.PROFILE_CHANGE_LANGUAGE, Open("languages"))],
        keyboards.nav_row(texts, language, back=Open("settings").pack())])


def settings(texts: Texts, language: str, prefs: NoticePrefs) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [_button(texts, language, B.PROFILE_CHANGE_LANGUAGE, Open("languages"))],
        [_button(texts, language, B.PROFILE_BROADCASTS,
                 SetNotice("broadcasts", int(not prefs.broadcasts)), on=prefs.broadcasts)],
        [_button(texts, language, B.PROFILE_REMINDERS,
                 SetNotice("reminders", int(not prefs.reminders)), on=prefs.reminders)],
        [_button(texts, language, B.PROFILE, Open("profile")),
         _button(texts, language, B.PROFILE_PRIVACY, Open("privacy"))],
        keyboards.nav_row(texts, language)])


def languages(texts: Texts, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(texts.button(label, language=code),
                              callback_data=SetLanguage(code).pack())
         for code, label in (("zh", B.LANGUAGE_ZH), ("en", B.LANGUAGE_EN))],
        keyboards.nav_row(texts, language, back=Open("settings").pack())])


def privacy(texts: Texts, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [_button(texts, language, B.PROFILE_ERASE, Erase("ask"))],
        keyboards.nav_row(texts, language, back=Open("settings").pack())])


def erase(texts: Texts, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [_button(texts, language, B.PROFILE_ERASE_YES, Erase("yes"))],
        [_button(texts, language, B.PROFILE_ERASE_NO, Open("privacy"))]])
