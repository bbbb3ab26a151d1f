"""Where a draft stands: the next question, the missing answers, the station's questions."""

from __future__ import annotations

from datetime import date

import pytest

from backend.service.answers import validate_answer
from backend.service.form import missing_required, next_question, station_fields
from matter_catalog.loader import load_catalog
from matter_catalog.models import FormField, Matter

TODAY = date(2025, 6, 15)


def question(key: str, *, required: bool = True, sensitive: bool = False) -> FormField:
    return FormField(key=key, label={"zh": "问题", "en": "Question"}, type="text",
                     required=required, sensitive=sensitive)


FORM = [
    question("applicant"),
    question("id_number", sensitive=True),
    question("years_paid", required=False),
    question("income", sensitive=True),
    question("bedridden"),
]


def keys(fields: list[FormField]) -> list[str]:
    return [item.key for item in fields]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, "applicant"),
        ({"applicant": "self"}, "years_paid"),
        ({"applicant": "self", "years_paid": None}, "bedridden"),
        ({"applicant": "self", "years_paid": 12}, "bedridden"),
        ({"years_paid": 3}, "applicant"),
        ({"applicant": "self", "years_paid": None, "bedridden": True}, None),
    ],
    ids=[
        "an empty draft starts at the first question",
        "a sensitive question is passed over",
        "a skipped optional question is not asked again",
        "an answered optional question is not asked again",
        "an earlier unanswered question comes before a later answered one",
        "a draft with every chat question answered has no next question",
    ],
)
def test_the_next_question_is_the_first_chat_question_not_yet_asked(
        answers: dict[str, object], expected: str | None) -> None:
    found = next_question(FORM, answers)
    assert (found.key if found else None) == expected


def test_a_form_of_only_sensitive_questions_has_nothing_to_ask_in_chat() -> None:
    assert next_question([question("income", sensitive=True)], {}) is None


def test_an_empty_form_has_nothing_to_ask() -> None:
    assert next_question([], {}) is None


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, ["applicant", "bedridden"]),
        ({"applicant": "self"}, ["bedridden"]),
        ({"applicant": "self", "bedridden": None}, ["bedridden"]),
        ({"applicant": "self", "bedridden": False}, []),
    ],
    ids=[
        "an empty draft misses every required chat question but no station question",
        "an answered question is no longer missing",
        "a required question stored as None is still missing",
        "a false answer is an answer",
    ],
)
def test_missing_required_lists_the_required_chat_questions_without_an_answer(
        answers: dict[str, object], expected: list[str]) -> None:
    assert missing_required(FORM, answers) == expected


def test_the_station_collects_the_sensitive_questions_in_form_order() -> None:
    assert keys(station_fields(FORM)) == ["id_number", "income"]


def test_a_form_without_sensitive_questions_leaves_nothing_for_the_station() -> None:
    assert station_fields([question("applicant")]) == []


VALID = {
    "text": "村东头", "id_number": "11010519491231002X", "phone": "13800138000",
    "date": "1950-03-02", "number": "3", "choice": "1", "multi_choice": "1",
    "yes_no": "是", "photo": "AgACAgUAAxkBAAIBZ2",
}


@pytest.mark.parametrize(
    "matter", [pytest.param(matter, id=matter.code) for matter in load_catalog() if matter.form]
)
def test_a_villager_can_walk_every_shipped_form_to_the_end_in_chat(matter: Matter) -> None:
    """Answer each next question (skipping the optional ones) until none is left."""
    form = matter.form
    answers: dict[str, object] = {}
    while (asked := next_question(form, answers)) is not None:
        raw = VALID[asked.type.value] if asked.required else None
        answers[asked.key] = validate_answer(asked, raw, today=TODAY)
        assert len(answers) <= len(form)
    assert missing_required(form, answers) == []
    assert set(answers) | set(keys(station_fields(form))) == {item.key for item in form}
