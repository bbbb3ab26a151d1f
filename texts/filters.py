"""Filters that screens share: a date in the reader's language and a masked phone number.

Each filter that depends on the language is bound to one language when its environment is
built (there is one environment per language), so templates write ``{{ day | date }}``
and never pass the language around.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from babel.dates import format_date

#: CLDR patterns chosen for elderly readers: the full year, no weekday, no leading zeros.
DATE_PATTERNS = {"zh": "y年M月d日", "en": "d MMM y"}


def date(value: dt.date, language: str) -> str:
    """``2026年11月25日`` / ``25 Nov 2026``; a datetime shows its own (local) calendar day."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, format=DATE_PATTERNS[language], locale=language)


def masked_phone(value: str) -> str:
    """``138****5678``: enough for a villager to recognise their number, no more.

    Anything that is not a digit (spaces, dashes, a ``+86``) is dropped first; a number
    too short to mask safely shows only its last two digits.
    """
    digits = "".join(ch for ch in value if ch.isdigit())
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if len(digits) < 8:
        return "*" * max(len(digits) - 2, 0) + digits[-2:]
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def local(value: Any, language: str) -> str:
    """The reader's side of a text the case service gives in both languages (a
    ``LocalText``: ``{{ matter.name | local }}``, or a mapping with the same keys, as
    sample data gives it); anything else as it is."""
    if isinstance(value, Mapping):
        return str(value[language])
    return str(getattr(value, language, value))


def filters_for(language: str) -> dict[str, Callable[..., Any]]:
    """The filters to register on the environment of ``language``."""
    return {"date": partial(date, language=language), "masked_phone": masked_phone,
            "local": partial(local, language=language)}
