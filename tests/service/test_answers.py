"""validate_answer: generous in what a villager may type, strict in what the draft stores."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from stdnum.cn import ric

from backend.service.answers import AnswerCode, AnswerRefused, validate_answer
from matter_catalog.loader import load_catalog
from matter_catalog.models import FieldType, FormField

TODAY = date(2025, 6, 15)

WHO = [
    {"key": "self", "label": {"zh": "本人", "en": "Myself"}},
    {"key": "spouse", "label": {"zh": "配偶", "en": "My spouse"}},
    {"key": "parent", "label": {"zh": "父母", "en": "My parent"}},
]
NEEDS = [
    {"key": "grab_bars", "label": {"zh": "扶手", "en": "Grab bars"}},
    {"key": "non_slip_floor", "label": {"zh": "防滑地面", "en": "Non-slip floor"}},
    {"key": "lighting", "label": {"zh": "照明", "en": "Lighting"}},
]


def field(type_: str, key: str = "answer", **extra: Any) -> FormField:
    """A question of the given type; choice questions get choices unless told otherwise."""
    if type_ == "choice":
        extra.setdefault("choices", WHO)
    if type_ == "multi_choice":
        extra.setdefault("choices", NEEDS)
    return FormField(key=key, label={"zh": "问题", "en": "Question"}, type=type_, **extra)


def with_check_digit(first_17: str) -> str:
    """An identity card number made valid by GB 11643's check digit."""
    return first_17 + ric.calc_check_digit(first_17 + "0")


def refusal(question: FormField, raw: object) -> AnswerRefused:
    with pytest.raises(AnswerRefused) as caught:
        validate_answer(question, raw, today=TODAY)
    return caught.value


# --- accepted answers and what the draft stores ---------------------------------------

ACCEPTED = [
    # text
    ("text is trimmed", field("text"), "  王家村  ", "王家村"),
    ("text has its inner spaces collapsed", field("text"), "东头 \n\t 第三家", "东头 第三家"),
    ("text keeps full-width punctuation", field("text"),
     "县人民医院（住院部）", "县人民医院（住院部）"),
    ("text of exactly max_length is kept", field("text", max_length=5), "一二三四五", "一二三四五"),
    ("text loses a zero-width space", field("text"), "\u200b李四", "李四"),
    # identity card number
    ("a valid id number is kept", field("id_number"), "11010519491231002X", "11010519491231002X"),
    ("an id number with lowercase x is upper-cased", field("id_number"),
     "11010519491231002x", "11010519491231002X"),
    ("a full-width id number is made ASCII", field("id_number"),
     "１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),
    ("an id number typed in groups loses its spaces", field("id_number"),
     " 110105 19491231 002X ", "11010519491231002X"),
    ("an id number of someone exactly 120 today is plausible", field("id_number"),
     with_check_digit("11010519050615001"), with_check_digit("11010519050615001")),
    ("an id number of someone born today is plausible", field("id_number"),
     with_check_digit("11010520250615001"), with_check_digit("11010520250615001")),
    # phone
    ("a mobile with +86 and spaces is stored E.164", field("phone"),
     "+86 138 0013 8000", "+8613800138000"),
    ("a mobile with hyphens is stored E.164", field("phone"), "138-0013-8000", "+8613800138000"),
    ("a bare mobile is stored E.164", field("phone"), "13800138000", "+8613800138000"),
    ("a full-width mobile is stored E.164", field("phone"),
     "１３８００１３８０００", "+8613800138000"),
    # date
    ("an ISO date is kept", field("date"), "1950-03-02", "1950-03-02"),
    ("a date without leading zeros is stored ISO", field("date"), "1950-3-2", "1950-03-02"),
    ("a date with slashes is stored ISO", field("date"), "1950/3/2", "1950-03-02"),
    ("a date with dots is stored ISO", field("date"), "1950.3.2", "1950-03-02"),
    ("a date in 年月日 is stored ISO", field("date"), "1950年3月2日", "1950-03-02"),
    ("a date in 年月号 is stored ISO", field("date"), "1950年3月2号", "1950-03-02"),
    ("a date in 年月 without 日 is stored ISO", field("date"), "1950年3月2", "1950-03-02"),
    ("a date in 年月日 with spaces is stored ISO", field("date"),
     "1950 年 3 月 2 日", "1950-03-02"),
    ("eight digits are a date", field("date"), "19500302", "1950-03-02"),
    ("a full-width date is stored ISO", field("date"), "１９５０年３月２日", "1950-03-02"),
    ("a full-width date with slashes is stored ISO", field("date"),
     "１９５０／３／２", "1950-03-02"),
    ("a date 150 years back is plausible", field("date"), "1875-06-15", "1875-06-15"),
    ("an appointment within a year ahead is plausible", field("date", key="start_date"),
     "2026-06-15", "2026-06-15"),
    ("a birth date of today is fine", field("date", key="birth_date"), "2025-06-15", "2025-06-15"),
    # number
    ("a number is stored as an int", field("number"), "3", 3),
    ("a full-width number is stored as an int", field("number"), "３", 3),
    ("a decimal is stored as a float", field("number"), "3.5", 3.5),
    ("a number with thousands separators is understood", field("number"), " 1,200 ", 1200),
    ("a number with a full-width thousands separator is understood", field("number"),
     "1，200", 1200),
    ("a JSON int is kept", field("number"), 7, 7),
    ("a whole JSON float is stored as an int", field("number"), 4.0, 4),
    ("a JSON float is kept", field("number"), 2.25, 2.25),
    ("三 is three", field("number"), "三", 3),
    ("两 is two", field("number"), "两", 2),
    ("十 is ten", field("number"), "十", 10),
    ("十二 is twelve", field("number"), "十二", 12),
    ("二十 is twenty", field("number"), "二十", 20),
    ("九十九 is ninety-nine", field("number"), "九十九", 99),
    ("零 is zero", field("number"), "零", 0),
    ("the minimum itself is allowed", field("number", minimum=0, maximum=20), "0", 0),
    ("the maximum itself is allowed", field("number", minimum=0, maximum=20), "20", 20),
    ("a negative number is allowed without a minimum", field("number"), "-1", -1),
    # choice
    ("a choice by its key", field("choice"), "spouse", "spouse"),
    ("a choice by its number", field("choice"), "2", "spouse"),
    ("a choice by its full-width number", field("choice"), "２", "spouse"),
    ("a choice by its number as a JSON int", field("choice"), 3, "parent"),
    ("a choice by its Chinese label", field("choice"), "配偶", "spouse"),
    ("a choice by its Chinese label with spaces", field("choice"), " 配偶 ", "spouse"),
    ("a choice by its English label in any case", field("choice"), "  my SPOUSE ", "spouse"),
    # multiple choice
    ("multiple choices by numbers and commas", field("multi_choice"), "1,3",
     ["grab_bars", "lighting"]),
    ("multiple choices by full-width commas", field("multi_choice"), "1，3",
     ["grab_bars", "lighting"]),
    ("multiple choices by 、", field("multi_choice"), "扶手、照明", ["grab_bars", "lighting"]),
    ("multiple choices by semicolons", field("multi_choice"), "1;2；3",
     ["grab_bars", "non_slip_floor", "lighting"]),
    ("multiple choices by spaces", field("multi_choice"), "3 1", ["grab_bars", "lighting"]),
    ("multiple choices by English labels that have spaces", field("multi_choice"),
     "Non-slip floor, grab BARS", ["grab_bars", "non_slip_floor"]),
    ("multiple choices are stored in the form's order", field("multi_choice"),
     ["lighting", "grab_bars"], ["grab_bars", "lighting"]),
    ("multiple choices lose duplicates", field("multi_choice"), "1、1、扶手", ["grab_bars"]),
    ("multiple choices mix keys, numbers and labels", field("multi_choice"),
     ["lighting", 2, "扶手"], ["grab_bars", "non_slip_floor", "lighting"]),
    ("a single choice is a multiple choice of one", field("multi_choice"), "照明", ["lighting"]),
    # yes or no
    ("是 is yes", field("yes_no"), "是", True),
    ("是的 is yes", field("yes_no"), "是的", True),
    ("对 is yes", field("yes_no"), "对", True),
    ("有 is yes", field("yes_no"), "有", True),
    ("否 is no", field("yes_no"), "否", False),
    ("不是 is no", field("yes_no"), "不是", False),
    ("不 is no", field("yes_no"), "不", False),
    ("没有 is no", field("yes_no"), " 没有 ", False),
    ("Yes is yes", field("yes_no"), "Yes", True),
    ("N is no", field("yes_no"), "N", False),
    ("true is yes", field("yes_no"), "true", True),
    ("FALSE is no", field("yes_no"), "FALSE", False),
    ("1 is yes", field("yes_no"), "1", True),
    ("full-width 0 is no", field("yes_no"), "０", False),
    ("a JSON true is yes", field("yes_no"), True, True),
    ("a JSON false is no", field("yes_no"), False, False),
    ("a JSON 1 is yes", field("yes_no"), 1, True),
    # photo
    ("a messaging-app file id is kept", field("photo"),
     "AgACAgUAAxkBAAIB-Z_x:1.jpg", "AgACAgUAAxkBAAIB-Z_x:1.jpg"),
]


@pytest.mark.parametrize(
    ("question", "raw", "stored"),
    [case[1:] for case in ACCEPTED],
    ids=[case[0] for case in ACCEPTED],
)
def test_an_accepted_answer_is_stored_normalized(question: FormField, raw: object,
                                                 stored: object) -> None:
    value = validate_answer(question, raw, today=TODAY)
    assert value == stored
    assert type(value) is type(stored)


# --- refused answers, with their code and details -------------------------------------

REFUSED = [
    # text
    ("text over max_length is too long", field("text", max_length=5), "一二三四五六",
     AnswerCode.TOO_LONG, {"max_length": 5, "length": 6}),
    ("10,000 characters are too long", field("text"), "长" * 10_000,
     AnswerCode.TOO_LONG, {"max_length": 200, "length": 10_000}),
    ("text with a NUL is refused", field("text"), "王\x00五", AnswerCode.CONTROL_CHARACTER, {}),
    ("text with an escape character is refused", field("text"), "a\x1bb",
     AnswerCode.CONTROL_CHARACTER, {}),
    ("a number is not a text", field("text"), 12, AnswerCode.WRONG_TYPE,
     {"expected": "string", "got": "number"}),
    # identity card number
    ("an id number with a wrong check digit", field("id_number"), "110105194912310021",
     AnswerCode.INVALID_ID_NUMBER, {"reason": "checksum"}),
    ("an id number one digit short", field("id_number"), "11010519491231002",
     AnswerCode.INVALID_ID_NUMBER, {"reason": "length"}),
    ("an old 15-digit id number", field("id_number"), "110105491231002",
     AnswerCode.INVALID_ID_NUMBER, {"reason": "length"}),
    ("an id number with a letter inside", field("id_number"), "1101051949A231002X",
     AnswerCode.INVALID_ID_NUMBER, {"reason": "format"}),
    ("an id number of words", field("id_number"), "我不知道身份证号码是多少啊",
     AnswerCode.INVALID_ID_NUMBER, {"reason": "length"}),
    ("an id number with a month 13", field("id_number"), with_check_digit("11010519491331002"),
     AnswerCode.INVALID_ID_NUMBER, {"reason": "birth_date"}),
    ("an id number born tomorrow", field("id_number"), with_check_digit("11010520250616001"),
     AnswerCode.IMPLAUSIBLE_BIRTH_DATE, {"reason": "future", "birth_date": "2025-06-16"}),
    ("an id number of someone 121 years old", field("id_number"),
     with_check_digit("11010519040614001"), AnswerCode.IMPLAUSIBLE_BIRTH_DATE,
     {"reason": "too_old", "birth_date": "1904-06-14", "max_age": 120}),
    ("an id number one day past 120 years", field("id_number"),
     with_check_digit("11010519050614001"), AnswerCode.IMPLAUSIBLE_BIRTH_DATE,
     {"reason": "too_old", "birth_date": "1905-06-14", "max_age": 120}),
    # phone
    ("a Beijing landline is not a mobile", field("phone"), "010-12345678",
     AnswerCode.NOT_MOBILE, {}),
    ("a Shenzhen landline is not a mobile", field("phone"), "0755 8888 8888",
     AnswerCode.NOT_MOBILE, {}),
    ("a mobile one digit short", field("phone"), "1380013800", AnswerCode.INVALID_PHONE, {}),
    ("garbage is not a phone", field("phone"), "abc", AnswerCode.INVALID_PHONE, {}),
    ("words are not a phone", field("phone"), "打我电话", AnswerCode.INVALID_PHONE, {}),
    # date
    ("30 February is no day", field("date"), "1950-02-30", AnswerCode.INVALID_DATE,
     {"reason": "no_such_day"}),
    ("month 13 is no day", field("date"), "1950年13月1日", AnswerCode.INVALID_DATE,
     {"reason": "no_such_day"}),
    ("a two-digit year is not understood", field("date"), "50-3-2", AnswerCode.INVALID_DATE,
     {"reason": "format"}),
    ("mixed separators are not understood", field("date"), "1950-3/2", AnswerCode.INVALID_DATE,
     {"reason": "format"}),
    ("words are not a date", field("date"), "去年冬天", AnswerCode.INVALID_DATE,
     {"reason": "format"}),
    ("a date more than 150 years back", field("date"), "1875-06-14",
     AnswerCode.IMPLAUSIBLE_DATE,
     {"date": "1875-06-14", "earliest": "1875-06-15", "latest": "2026-06-15"}),
    ("a date more than a year ahead", field("date", key="start_date"), "2026-06-16",
     AnswerCode.IMPLAUSIBLE_DATE,
     {"date": "2026-06-16", "earliest": "1875-06-15", "latest": "2026-06-15"}),
    ("a birth date tomorrow", field("date", key="birth_date"), "2025-06-16",
     AnswerCode.DATE_IN_FUTURE, {"date": "2025-06-16"}),
    ("a child's birth date tomorrow", field("date", key="child_date_of_birth"), "2025年6月16日",
     AnswerCode.DATE_IN_FUTURE, {"date": "2025-06-16"}),
    ("a date of death tomorrow", field("date", key="date_of_death"), "2025-06-16",
     AnswerCode.DATE_IN_FUTURE, {"date": "2025-06-16"}),
    # number
    ("abc is not a number", field("number"), "abc", AnswerCode.NOT_A_NUMBER, {"reason": "format"}),
    ("a comma in the wrong place is not a number", field("number"), "1,2",
     AnswerCode.NOT_A_NUMBER, {"reason": "format"}),
    ("one hundred in Chinese is beyond the simple forms", field("number"), "一百",
     AnswerCode.NOT_A_NUMBER, {"reason": "format"}),
    ("十十 is not a number", field("number"), "十十", AnswerCode.NOT_A_NUMBER,
     {"reason": "format"}),
    ("nan typed is not a number", field("number"), "nan", AnswerCode.NOT_A_NUMBER,
     {"reason": "format"}),
    ("a JSON NaN is not a number", field("number"), float("nan"), AnswerCode.NOT_A_NUMBER,
     {"reason": "not_finite"}),
    ("1e309 is infinity, not a number", field("number"), 1e309, AnswerCode.NOT_A_NUMBER,
     {"reason": "not_finite"}),
    ("an astronomically large int is out of range", field("number"), 10**5000,
     AnswerCode.NOT_A_NUMBER, {"reason": "out_of_range"}),
    ("below the minimum", field("number", key="household_size", minimum=1, maximum=20), "0",
     AnswerCode.BELOW_MINIMUM, {"field": "household_size", "minimum": 1}),
    ("a negative number below a minimum of zero", field("number", minimum=0), "-1",
     AnswerCode.BELOW_MINIMUM, {"minimum": 0}),
    ("above the maximum", field("number", minimum=0, maximum=20), "二十一",
     AnswerCode.ABOVE_MAXIMUM, {"maximum": 20}),
    ("a JSON true is not a number", field("number"), True, AnswerCode.WRONG_TYPE,
     {"expected": "number", "got": "boolean"}),
    # choice
    ("a number past the last choice", field("choice"), "4", AnswerCode.UNKNOWN_CHOICE,
     {"count": 3}),
    ("choice zero does not exist", field("choice"), "0", AnswerCode.UNKNOWN_CHOICE, {"count": 3}),
    ("an unknown label", field("choice"), "邻居", AnswerCode.UNKNOWN_CHOICE, {"count": 3}),
    ("a list is not one choice", field("choice"), ["self"], AnswerCode.WRONG_TYPE,
     {"expected": "string", "got": "array"}),
    ("one unknown item refuses a multiple choice", field("multi_choice"), "1,9",
     AnswerCode.UNKNOWN_CHOICE, {"count": 3, "position": 1}),
    ("nothing but separators is no multiple choice", field("multi_choice"), "，、",
     AnswerCode.REQUIRED, {}),
    ("an empty list is no multiple choice", field("multi_choice"), [], AnswerCode.REQUIRED, {}),
    ("a dict is not a multiple choice", field("multi_choice"), {"a": 1}, AnswerCode.WRONG_TYPE,
     {"expected": "array", "got": "object"}),
    # yes or no
    ("maybe is neither yes nor no", field("yes_no"), "也许吧", AnswerCode.INVALID_YES_NO, {}),
    ("2 is neither yes nor no", field("yes_no"), 2, AnswerCode.INVALID_YES_NO, {}),
    ("a list is not yes or no", field("yes_no"), [True], AnswerCode.WRONG_TYPE,
     {"expected": "boolean", "got": "array"}),
    # photo
    ("a photo reference with a space", field("photo"), "file id", AnswerCode.INVALID_PHOTO, {}),
    ("a photo reference with a slash", field("photo"), "../etc/passwd", AnswerCode.INVALID_PHOTO,
     {}),
    ("a photo reference over 200 characters", field("photo"), "a" * 201,
     AnswerCode.INVALID_PHOTO, {}),
    ("a photo reference that is not a string", field("photo"), {"file_id": "x"},
     AnswerCode.WRONG_TYPE, {"expected": "string", "got": "object"}),
]


@pytest.mark.parametrize(
    ("question", "raw", "code", "details"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_a_refused_answer_carries_a_code_and_details(question: FormField, raw: object,
                                                     code: AnswerCode,
                                                     details: dict[str, Any]) -> None:
    refused = refusal(question, raw)
    assert refused.code == code
    assert refused.details == {"field": question.key, **details}
    json.dumps(refused.details)


# --- skipping, required, sensitive ---------------------------------------------------


@pytest.mark.parametrize("type_", [member.value for member in FieldType])
@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000"], ids=["None", "empty", "spaces",
                                                                  "ideographic space"])
def test_an_optional_question_left_empty_is_stored_as_skipped(type_: str, raw: object) -> None:
    assert validate_answer(field(type_, required=False), raw, today=TODAY) is None


@pytest.mark.parametrize("type_", [member.value for member in FieldType])
@pytest.mark.parametrize("raw", [None, "", "   "], ids=["None", "empty", "spaces"])
def test_a_required_question_left_empty_is_refused_as_required(type_: str, raw: object) -> None:
    refused = refusal(field(type_, key="birth_date"), raw)
    assert (refused.code, refused.details) == (AnswerCode.REQUIRED, {"field": "birth_date"})


def test_an_optional_multiple_choice_with_nothing_picked_is_skipped() -> None:
    assert validate_answer(field("multi_choice", required=False), [], today=TODAY) is None


@pytest.mark.parametrize("raw", ["11010519491231002X", None, ""])
def test_a_sensitive_question_is_never_answered_in_chat(raw: object) -> None:
    question = field("id_number", key="id_number", sensitive=True)
    refused = refusal(question, raw)
    assert (refused.code, refused.details) == (AnswerCode.SENSITIVE_FIELD, {"field": "id_number"})


def test_the_refusal_names_its_code_and_details_and_no_words() -> None:
    refused = refusal(field("number", key="years_paid", minimum=0), "-3")
    assert str(refused) == "answer.below_minimum {'field': 'years_paid', 'minimum': 0}"


# --- every question of the shipped catalog -------------------------------------------

CATALOG_FIELDS = [
    pytest.param(form_field, id=f"{matter.code}.{form_field.key}")
    for matter in load_catalog()
    for form_field in matter.form
]

A_VALID_ANSWER: dict[FieldType, object] = {
    FieldType.TEXT: "村东头第三家",
    FieldType.ID_NUMBER: "11010519491231002X",
    FieldType.PHONE: "138 0013 8000",
    FieldType.DATE: "1950年3月2日",
    FieldType.CHOICE: "1",
    FieldType.MULTI_CHOICE: "1",
    FieldType.YES_NO: "是",
    FieldType.PHOTO: "AgACAgUAAxkBAAIBZ2",
}


def a_valid_answer(question: FormField) -> object:
    if question.type is FieldType.NUMBER:
        for bound in (question.minimum, question.maximum):
            if bound is not None:
                return str(bound)
        return "3"
    return A_VALID_ANSWER[question.type]


@pytest.mark.parametrize("question", CATALOG_FIELDS)
def test_every_question_of_the_catalog_accepts_a_valid_answer_of_its_type(
        question: FormField) -> None:
    if question.sensitive:
        assert refusal(question, a_valid_answer(question)).code == AnswerCode.SENSITIVE_FIELD
        return
    value = validate_answer(question, a_valid_answer(question), today=TODAY)
    assert value is not None
    json.dumps(value)


NASTY = [None, "", " ", "\x00", "长" * 10_000, {"a": 1}, [1, 2], 1e309, float("nan"), -1,
         10**5000, "😀", "👨‍👩‍👧", [None], [[]], ["\x00"], True, b"bytes", object(), "\ud800",
         "1" * 5000, "-" * 300, "\u200b"]


@pytest.mark.parametrize("question", CATALOG_FIELDS)
def test_no_nasty_input_raises_anything_but_a_refusal(question: FormField) -> None:
    for raw in NASTY:
        try:
            value = validate_answer(question, raw, today=TODAY)
        except AnswerRefused as refused:
            assert refused.code in set(AnswerCode)
            assert refused.details["field"] == question.key
            json.dumps(refused.details)
        else:
            json.dumps(value)
