"""A Telegram client's language code picks one of our two languages; Chinese by default."""

from __future__ import annotations

import pytest

from texts import LANGUAGES, Texts, language_for


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("en", "en"), ("en-US", "en"), ("en-gb", "en"), ("EN_us", "en"),
        ("zh", "zh"), ("zh-hans", "zh"), ("zh-Hant-TW", "zh"),
        (None, "zh"), ("", "zh"), ("ru", "zh"), ("fr-CA", "zh"), ("english", "zh"),
    ],
)
def test_language_for_keeps_the_primary_subtag_we_speak(code: str | None, language: str) -> None:
    assert language_for(code) == language


def test_the_languages_are_chinese_first_then_english(texts: Texts) -> None:
    assert texts.languages == LANGUAGES == ("zh", "en")
