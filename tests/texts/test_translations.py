"""The English catalog covers every sentence, and a fuzzy guess is never shown."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from texts.catalog import EN_CATALOGS, area_of, catalog_path, extract_by_area, extract_messages
from texts.render import translations_from_po

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]")
AREAS = extract_by_area()
FILES = sorted(path.stem for path in EN_CATALOGS.glob("*.po"))


def _catalog(area: str) -> Catalog:
    """One shipped English catalog, as written (fuzzy entries included)."""
    with catalog_path(area).open("rb") as po:
        return read_po(po, locale="en")


def _entries(catalog: Catalog) -> dict[str, Message]:
    return {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalog if m.id}


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def test_the_templates_have_messages_to_translate() -> None:
    assert len(extract_messages()) >= 10


def test_every_area_of_templates_has_its_english_catalog_and_no_catalog_is_orphaned() -> None:
    assert sorted(AREAS) == FILES


@pytest.mark.parametrize("area", FILES)
def test_every_extracted_message_is_in_its_areas_english_catalog(area: str) -> None:
    assert set(AREAS.get(area, {})) - set(_entries(_catalog(area))) == set()


@pytest.mark.parametrize("area", FILES)
def test_a_catalog_has_no_message_its_templates_no_longer_use(area: str) -> None:
    catalog = _catalog(area)
    assert set(_entries(catalog)) - set(AREAS.get(area, {})) == set()
    assert dict(catalog.obsolete) == {}


@pytest.mark.parametrize("area", FILES)
def test_every_english_entry_is_translated_and_not_fuzzy(area: str) -> None:
    entries = _entries(_catalog(area))
    untranslated = [key for key, m in entries.items() if not _translated(m)]
    fuzzy = [key for key, m in entries.items() if m.fuzzy]
    assert (untranslated, fuzzy) == ([], [])


@pytest.mark.parametrize("area", FILES)
def test_every_placeholder_survives_translation(area: str) -> None:
    """Babel's own check lets a translation drop a placeholder; a dropped name is a bug here."""
    catalog = _catalog(area)
    entries = _entries(catalog)
    problems = {key: found for key, m in entries.items() if (found := m.check(catalog))}
    dropped = {key: m.string for key, m in entries.items()
               if sorted(PLACEHOLDER.findall(key)) != sorted(PLACEHOLDER.findall(str(m.string)))}
    assert (problems, dropped) == ({}, {})


def test_a_message_is_translated_in_one_catalog_only() -> None:
    seen: dict[str, str] = {}
    twice = []
    for area in FILES:
        for msgid in _entries(_catalog(area)):
            if msgid in seen:
                twice.append((msgid, seen[msgid], area))
            seen[msgid] = area
    assert twice == []


def test_an_area_is_named_after_its_template_folders() -> None:
    assert area_of("buttons.j2") == area_of("common/welcome.j2") == "messages"
    assert area_of("errors/case.already_claimed.j2") == "messages"
    assert area_of("resident/booking/summary.j2") == "resident-booking"
    assert area_of("resident/booking/buttons.j2") == "resident-booking"
    assert area_of("staff/queue.j2") == "staff"


def test_a_fuzzy_translation_is_treated_as_untranslated() -> None:
    po = BytesIO(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        '#, fuzzy\nmsgid "返回"\nmsgstr "Stale"\n\n'
        'msgid "取消"\nmsgstr "Cancel"\n'.encode()
    )
    translations = translations_from_po(po, "en")
    assert translations.gettext("返回") == "返回"
    assert translations.gettext("取消") == "Cancel"
