"""Dates read naturally in each language; a phone number shows only enough to recognise it."""

from __future__ import annotations

import datetime as dt

import pytest

from texts import Texts
from texts.filters import date, masked_phone
from wire.base import LocalText


@pytest.mark.parametrize(
    ("language", "expected"), [("zh", "2026年11月25日"), ("en", "25 Nov 2026")]
)
def test_a_date_is_written_the_way_its_reader_writes_it(language: str, expected: str) -> None:
    assert date(dt.date(2026, 11, 25), language) == expected
    assert date(dt.datetime(2026, 11, 25, 23, 59), language) == expected


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("0571-8765-4321", "057*****4321"),
        ("12345", "***45"),
    ],
)
def test_a_phone_is_masked_in_the_middle(phone: str, masked: str) -> None:
    assert masked_phone(phone) == masked


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh", "2026年11月25日 138****5678"), ("en", "25 Nov 2026 138****5678")],
)
def test_templates_get_the_filters_in_their_own_language(
    texts: Texts, language: str, expected: str
) -> None:
    source = "{{ day | date }} {{ phone | masked_phone }}"
    template = texts.environment(language).from_string(source)
    assert template.render(day=dt.date(2026, 11, 25), phone="13812345678") == expected


@pytest.mark.parametrize(("language", "expected"), [("zh", "低保 &lt;b&gt;"), ("en", "dibao")])
def test_a_text_given_in_both_languages_shows_the_readers_side_escaped(
    texts: Texts, language: str, expected: str
) -> None:
    template = texts.environment(language).from_string("{{ name | local }}")
    assert template.render(name=LocalText(zh="低保 <b>", en="dibao")) == expected
