"""The English catalog covers every sentence, and a fuzzy guess is never shown."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from texts.catalog import extract_messages
from texts.render import LOCALES, translations_from_po

PO = LOCALES / "en" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The shipped English catalog, as written (fuzzy entries included)."""
    with PO.open("rb") as po:
        return read_po(po, locale="en")


def _entries(catalog: Catalog) -> dict[str, Message]:
    return {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalog if m.id}


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def test_the_templates_have_messages_to_translate() -> None:
    assert len(extract_messages()) >= 10


def test_every_extracted_message_is_in_the_english_catalog(catalog: Catalog) -> None:
    assert extract_messages() - set(_entries(catalog)) == set()


def test_the_catalog_has_no_message_the_templates_no_longer_use(catalog: Catalog) -> None:
    assert set(_entries(catalog)) - extract_messages() == set()
    assert dict(catalog.obsolete) == {}


def test_every_english_entry_is_translated_and_not_fuzzy(catalog: Catalog) -> None:
    untranslated = [key for key, m in _entries(catalog).items() if not _translated(m)]
    fuzzy = [key for key, m in _entries(catalog).items() if m.fuzzy]
    assert (untranslated, fuzzy) == ([], [])


def test_every_placeholder_survives_translation(catalog: Catalog) -> None:
    """Babel's own check lets a translation drop a placeholder; a dropped name is a bug here."""
    problems = {key: found for key, m in _entries(catalog).items() if (found := m.check(catalog))}
    dropped = {key: m.string for key, m in _entries(catalog).items()
               if sorted(PLACEHOLDER.findall(key)) != sorted(PLACEHOLDER.findall(str(m.string)))}
    assert (problems, dropped) == ({}, {})


def test_a_fuzzy_translation_is_treated_as_untranslated() -> None:
    po = BytesIO(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        '#, fuzzy\nmsgid "返回"\nmsgstr "Stale"\n\n'
        'msgid "取消"\nmsgstr "Cancel"\n'.encode()
    )
    translations = translations_from_po(po, "en")
    assert translations.gettext("返回") == "返回"
    assert translations.gettext("取消") == "Cancel"
