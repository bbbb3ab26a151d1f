"""One answer to one booking question: accepted generously, stored strictly, or refused.

Answers come from a chat (typed on a cheap phone, often with a Chinese input method:
full-width digits, 年月日, 是/否) or from JSON. `validate_answer` turns such an answer
into the one value the draft stores, or refuses it with `AnswerRefused`: a stable code
and details, never words. The bot renders `errors/<code>.j2`.

Stored values are JSON-serialisable: str, int, float, bool, list[str], an ISO date
string, or None for an optional question the villager skipped (so the draft knows it
was asked). Sensitive questions are never answered in chat; they are taken at the
station.

The Chinese words accepted here (是/否, numerals, 年月日) live in answer_words.yaml
beside this module: the project keeps Chinese text out of its Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

import phonenumbers
import yaml
from stdnum.cn import ric

from matter_catalog.models import Choice, FieldType, FormField

__all__ = ["AnswerCode", "AnswerRefused", "validate_answer"]


class AnswerCode(StrEnum):
    """Every refusal of an answer. A published code keeps its spelling."""

    REQUIRED = "answer.required"
    WRONG_TYPE = "answer.wrong_type"
    SENSITIVE_FIELD = "answer.sensitive_field"
    TOO_LONG = "answer.too_long"
    CONTROL_CHARACTER = "answer.control_character"
    INVALID_ID_NUMBER = "answer.invalid_id_number"
    IMPLAUSIBLE_BIRTH_DATE = "answer.implausible_birth_date"
    INVALID_PHONE = "answer.invalid_phone"
    NOT_MOBILE = "answer.not_mobile"
    INVALID_DATE = "answer.invalid_date"
    IMPLAUSIBLE_DATE = "answer.implausible_date"
    DATE_IN_FUTURE = "answer.date_in_future"
    NOT_A_NUMBER = "answer.not_a_number"
    BELOW_MINIMUM = "answer.below_minimum"
    ABOVE_MAXIMUM = "answer.above_maximum"
    UNKNOWN_CHOICE = "answer.unknown_choice"
    INVALID_YES_NO = "answer.invalid_yes_no"
    INVALID_PHOTO = "answer.invalid_photo"


class AnswerRefused(Exception):
    """An answer the service will not store: a code and details, never a sentence.

    `details` always names the question (`field`) and is JSON-serialisable, for the
    API's error body and the template's variables.
    """

    def __init__(self, code: AnswerCode, details: dict[str, Any]) -> None:
        super().__init__(f"{code.value} {details}")
        self.code = code
        self.details = details


def _load_words() -> dict[str, Any]:
    with (Path(__file__).parent / "answer_words.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


_WORDS = _load_words()


# How far a person's or an event's date may lie from today.
MAX_AGE_YEARS = 120
DATE_YEARS_BACK = 150
DATE_YEARS_AHEAD = 1
# Past-only dates: a key naming a birth or a death (birth_date, date_of_death, ...).
_PAST_ONLY_KEY = re.compile(r"(^|_)(birth|death)(_|$)")

_PHOTO_REF = re.compile(r"[A-Za-z0-9_\-:.]{1,200}")
_ID_NUMBER = re.compile(r"[0-9]{17}[0-9X]")
_MOBILE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)
# Longer than any phone number, date or number anyone types: refused before parsing.
_SHORT_INPUT = 40
# Stored numbers stay well inside what a float and a database column hold exactly.
_NUMBER_LIMIT = Decimal(10) ** 12

# Characters the chat may add that are no part of the answer.
_INVISIBLE = str.maketrans("", "", "\u200b\ufeff")  # zero-width space, byte order mark

_DATE_FORMS = (
    re.compile(r"(?P<y>[0-9]{4})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"),
    re.compile(r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})"),
    # 1950<year>3<month>2<day>, the markers from answer_words.yaml
    re.compile(
        rf"(?P<y>[0-9]{{4}}){re.escape(_WORDS['date_markers']['year'])}"
        rf"(?P<m>[0-9]{{1,2}}){re.escape(_WORDS['date_markers']['month'])}"
        rf"(?P<d>[0-9]{{1,2}})(?:{'|'.join(map(re.escape, _WORDS['date_markers']['day']))})?"
    ),
)

_PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\.[0-9]+)?|[+-]?\.[0-9]+")

_CN_DIGITS: dict[str, int] = dict(_WORDS["digits"])
_CN_TEN: str = _WORDS["ten"]

_YES_NO: dict[str, bool] = {
    **{unicodedata.normalize("NFKC", word).casefold(): True for word in _WORDS["yes"]},
    **{unicodedata.normalize("NFKC", word).casefold(): False for word in _WORDS["no"]},
}

# Between the items of a multiple choice typed as one text: , ， ; ； 、 and spaces.
_CHOICE_SEPARATORS = re.compile(
    "[,;" + "".join(map(re.escape, _WORDS["choice_separators"])) + "]"
)  # NFKC has already made the full-width , and ; plain


def validate_answer(field: FormField, raw: object, *, today: date) -> object:
    """The value to store for `raw` as the answer to `field`, or AnswerRefused.

    None means an optional question skipped. Nothing but AnswerRefused is raised,
    whatever `raw` is.
    """
    if field.sensitive:
        raise AnswerRefused(AnswerCode.SENSITIVE_FIELD, {"field": field.key})
    if _is_blank(raw) or (field.type is FieldType.MULTI_CHOICE and raw in ([], ())):
        if field.required:
            raise AnswerRefused(AnswerCode.REQUIRED, {"field": field.key})
        return None
    return _VALIDATORS[field.type](field, raw, today)


def _is_blank(raw: object) -> bool:
    """None, or a text of nothing but spaces: an optional question skipped."""
    return raw is None or (isinstance(raw, str) and not raw.translate(_INVISIBLE).strip())


def _refuse(code: AnswerCode, field: FormField, **details: Any) -> AnswerRefused:
    return AnswerRefused(code, {"field": field.key, **details})


def _json_type(raw: object) -> str:
    """The JSON name of a value's type, for `answer.wrong_type` details."""
    if isinstance(raw, bool):
        return "boolean"
    if isinstance(raw, int | float):
        return "number"
    if isinstance(raw, str):
        return "string"
    if isinstance(raw, list | tuple):
        return "array"
    return "object"


def _text_of(field: FormField, raw: object) -> str:
    """A string answer as typed, less invisible characters and surrounding space."""
    if not isinstance(raw, str):
        raise _refuse(AnswerCode.WRONG_TYPE, field, expected="string", got=_json_type(raw))
    return raw.translate(_INVISIBLE).strip()


def _folded(text: str) -> str:
    """Full-width digits and letters made ASCII, for answers that are codes or numbers."""
    return unicodedata.normalize("NFKC", text).strip()


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _years_after(day: date, years: int) -> date:
    return _years_before(day, -years)


# --- text and photo -----------------------------------------------------------------


def _text(field: FormField, raw: object, today: date) -> str:
    text = " ".join(_text_of(field, raw).split())
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in text):
        raise _refuse(AnswerCode.CONTROL_CHARACTER, field)
    if len(text) > field.max_length:
        raise _refuse(AnswerCode.TOO_LONG, field, max_length=field.max_length, length=len(text))
    return text


def _photo(field: FormField, raw: object, today: date) -> str:
    reference = _text_of(field, raw)
    if not _PHOTO_REF.fullmatch(reference):
        raise _refuse(AnswerCode.INVALID_PHOTO, field)
    return reference


# --- identity card number and phone -------------------------------------------------


def _id_number(field: FormField, raw: object, today: date) -> str:
    number = re.sub(r"[\s-]", "", _folded(_text_of(field, raw))).upper()
    if len(number) != 18:
        raise _refuse(AnswerCode.INVALID_ID_NUMBER, field, reason="length")
    if not _ID_NUMBER.fullmatch(number):
        raise _refuse(AnswerCode.INVALID_ID_NUMBER, field, reason="format")
    if ric.calc_check_digit(number) != number[-1]:
        raise _refuse(AnswerCode.INVALID_ID_NUMBER, field, reason="checksum")
    try:
        born = ric.get_birth_date(number)
    except ValueError:  # stdnum's InvalidComponent: a month 13 or a 30 February
        raise _refuse(AnswerCode.INVALID_ID_NUMBER, field, reason="birth_date") from None
    if born > today:
        raise _refuse(
            AnswerCode.IMPLAUSIBLE_BIRTH_DATE, field, reason="future", birth_date=born.isoformat()
        )
    if born < _years_before(today, MAX_AGE_YEARS):
        raise _refuse(
            AnswerCode.IMPLAUSIBLE_BIRTH_DATE,
            field,
            reason="too_old",
            birth_date=born.isoformat(),
            max_age=MAX_AGE_YEARS,
        )
    return number


def _phone(field: FormField, raw: object, today: date) -> str:
    text = _folded(_text_of(field, raw))
    if len(text) > _SHORT_INPUT:
        raise _refuse(AnswerCode.INVALID_PHONE, field)
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        raise _refuse(AnswerCode.INVALID_PHONE, field) from None
    if not phonenumbers.is_valid_number(number):
        raise _refuse(AnswerCode.INVALID_PHONE, field)
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise _refuse(AnswerCode.NOT_MOBILE, field)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- date ---------------------------------------------------------------------------


def _date(field: FormField, raw: object, today: date) -> str:
    text = "".join(_folded(_text_of(field, raw)).split())
    match = next(filter(None, (form.fullmatch(text) for form in _DATE_FORMS)), None)
    if match is None:
        raise _refuse(AnswerCode.INVALID_DATE, field, reason="format")
    try:
        day = date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        raise _refuse(AnswerCode.INVALID_DATE, field, reason="no_such_day") from None
    if _PAST_ONLY_KEY.search(field.key) and day > today:
        raise _refuse(AnswerCode.DATE_IN_FUTURE, field, date=day.isoformat())
    earliest = _years_before(today, DATE_YEARS_BACK)
    latest = _years_after(today, DATE_YEARS_AHEAD)
    if not earliest <= day <= latest:
        raise _refuse(
            AnswerCode.IMPLAUSIBLE_DATE,
            field,
            date=day.isoformat(),
            earliest=earliest.isoformat(),
            latest=latest.isoformat(),
        )
    return day.isoformat()


# --- number -------------------------------------------------------------------------


def _number(field: FormField, raw: object, today: date) -> int | float:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise _refuse(AnswerCode.WRONG_TYPE, field, expected="number", got=_json_type(raw))
    value = _decimal(field, raw)
    if not value.is_finite():
        raise _refuse(AnswerCode.NOT_A_NUMBER, field, reason="not_finite")
    if abs(value) > _NUMBER_LIMIT:
        raise _refuse(AnswerCode.NOT_A_NUMBER, field, reason="out_of_range")
    if field.minimum is not None and value < Decimal(repr(field.minimum)):
        raise _refuse(AnswerCode.BELOW_MINIMUM, field, minimum=_stored(field.minimum))
    if field.maximum is not None and value > Decimal(repr(field.maximum)):
        raise _refuse(AnswerCode.ABOVE_MAXIMUM, field, maximum=_stored(field.maximum))
    return _stored(value)


def _stored(value: Decimal | float) -> int | float:
    """An int when the number is whole (3, not 3.0), else a float."""
    return int(value) if value == int(value) else float(value)


def _decimal(field: FormField, raw: int | float | str) -> Decimal:
    if isinstance(raw, int):
        # An int too long to print (over 4300 digits) is far out of range anyway.
        return Decimal(raw) if abs(raw) <= _NUMBER_LIMIT else _NUMBER_LIMIT * 10
    if isinstance(raw, float):
        return Decimal(repr(raw))  # 0.1 as the 0.1 it was written as; inf and nan stay so
    text = "".join(_folded(raw).split())
    if len(text) <= _SHORT_INPUT and _PLAIN_NUMBER.fullmatch(text):
        return Decimal(text.replace(",", ""))
    small = _chinese_number(text)
    if small is None:
        raise _refuse(AnswerCode.NOT_A_NUMBER, field, reason="format")
    return Decimal(small)


def _chinese_number(text: str) -> int | None:
    """0 to 99 in the simple forms: 三, 十, 十二, 二十, 二十五, 两; None otherwise."""
    if len(text) == 1 and text in _CN_DIGITS:
        return _CN_DIGITS[text]
    tens, ten, ones = text.partition(_CN_TEN)
    if not ten or len(tens) > 1 or len(ones) > 1:
        return None
    if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
        return None
    tens_value = _CN_DIGITS[tens] if tens else 1
    if tens_value == 0:
        return None
    return 10 * tens_value + (_CN_DIGITS[ones] if ones else 0)


# --- choice, multiple choice, yes or no ---------------------------------------------


def _choice(field: FormField, raw: object, today: date) -> str:
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise _refuse(AnswerCode.WRONG_TYPE, field, expected="string", got=_json_type(raw))
    choice = _match_choice(field.choices, raw)
    if choice is None:
        raise _refuse(AnswerCode.UNKNOWN_CHOICE, field, count=len(field.choices))
    return choice.key


def _multi_choice(field: FormField, raw: object, today: date) -> list[str] | None:
    if isinstance(raw, str):
        items: Sequence[object] = _split_choices(field.choices, _text_of(field, raw))
    elif isinstance(raw, list | tuple):
        items = raw
    else:
        raise _refuse(AnswerCode.WRONG_TYPE, field, expected="array", got=_json_type(raw))
    picked: set[str] = set()
    for position, item in enumerate(items):
        if _is_blank(item):
            continue
        if isinstance(item, bool) or not isinstance(item, int | str):
            raise _refuse(AnswerCode.WRONG_TYPE, field, expected="string", got=_json_type(item))
        choice = _match_choice(field.choices, item)
        if choice is None:
            raise _refuse(
                AnswerCode.UNKNOWN_CHOICE, field, count=len(field.choices), position=position
            )
        picked.add(choice.key)
    if not picked:
        if field.required:
            raise _refuse(AnswerCode.REQUIRED, field)
        return None
    return [choice.key for choice in field.choices if choice.key in picked]


def _split_choices(choices: Sequence[Choice], text: str) -> list[str]:
    """The items of a typed multiple choice; spaces separate only where labels do not."""
    items: list[str] = []
    for part in _CHOICE_SEPARATORS.split(_folded(text)):
        if _match_choice(choices, part) is not None:
            items.append(part)
        else:
            items.extend(part.split())
    return items


def _match_choice(choices: Sequence[Choice], raw: int | str) -> Choice | None:
    """A choice by its key, then its label in either language, then its 1-based number."""
    if isinstance(raw, int):
        return choices[raw - 1] if 1 <= raw <= len(choices) else None
    wanted = _folded(raw).casefold()
    if not wanted or len(wanted) > _SHORT_INPUT * 5:
        return None
    names = (
        [(choice.key, choice) for choice in choices]
        + [(choice.label.zh, choice) for choice in choices]
        + [(choice.label.en, choice) for choice in choices]
    )
    for name, choice in names:
        if _folded(name).casefold() == wanted:
            return choice
    if wanted.isascii() and wanted.isdigit() and len(wanted) <= 3:
        return _match_choice(choices, int(wanted))
    return None


def _yes_no(field: FormField, raw: object, today: date) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int):  # 1 and 0 as a JSON number mean what "1" and "0" mean
        if raw in (0, 1):
            return bool(raw)
        raise _refuse(AnswerCode.INVALID_YES_NO, field)
    if not isinstance(raw, str):
        raise _refuse(AnswerCode.WRONG_TYPE, field, expected="boolean", got=_json_type(raw))
    answer = _YES_NO.get(_folded(raw).casefold())
    if answer is None:
        raise _refuse(AnswerCode.INVALID_YES_NO, field)
    return answer


_VALIDATORS: dict[FieldType, Callable[[FormField, object, date], object]] = {
    FieldType.TEXT: _text,
    FieldType.ID_NUMBER: _id_number,
    FieldType.PHONE: _phone,
    FieldType.DATE: _date,
    FieldType.NUMBER: _number,
    FieldType.CHOICE: _choice,
    FieldType.MULTI_CHOICE: _multi_choice,
    FieldType.YES_NO: _yes_no,
    FieldType.PHOTO: _photo,
}
