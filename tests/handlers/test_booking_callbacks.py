"""The booking flow's button data: every kind fits in 64 bytes with the longest values and
comes back as it went; a foreign or older version is expired."""

from __future__ import annotations

import uuid

import pytest

from handlers.callbacks import Expired, parse
from handlers.resident.booking_states import (
    Answer,
    Change,
    Confirm,
    Consent,
    Day,
    Drop,
    How,
    Resume,
    Slot,
    Way,
)

LONGEST_FIELD = "f" * 31  # the catalog's longest field key
DRAFT = str(uuid.uuid4())


@pytest.mark.parametrize("data", [
    Resume("SJ01", DRAFT), Resume("SJ01", ""), Consent(1), Answer(LONGEST_FIELD, -1, 9999),
    Change(LONGEST_FIELD), Way("h"), Day("20261126"), Slot(1795000000),
    Confirm(DRAFT, "s", 1795000000), Drop(),
])
def test_every_booking_button_fits_and_comes_back_as_it_went(data: object) -> None:
    packed = data.pack()  # type: ignore[attr-defined]
    assert len(packed.encode()) <= 64
    assert parse(packed) == data


def test_a_skipped_answer_sends_nothing_and_a_pick_sends_its_number() -> None:
    assert Answer("applicant", -1, 3).value is None
    assert Answer("applicant", 2, 3).value == 2


def test_each_way_names_the_case_services_booking_kind() -> None:
    assert [how.booking for how in How] == ["slot", "drop_off", "home_visit"]


def test_a_confirm_of_another_version_is_expired() -> None:
    with pytest.raises(Expired):
        Confirm.parse(Confirm(DRAFT, "s", 0).pack().replace("bcf1", "bcf0"))
