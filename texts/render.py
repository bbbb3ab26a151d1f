"""The one object that turns a template name and data into the words a user reads.

There is one jinja2 environment per language, each with its gettext installed once and
its templates compiled once at load: rendering is then a dictionary look-up and a call,
with no shared state switched per request (two users in two languages can be served
concurrently). Chinese is the source language; English comes from the ``.po`` catalog,
read at load time so a fresh clone needs no compile step.
"""

from __future__ import annotations

from collections.abc import Mapping
from gettext import NullTranslations
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape
from jinja2.runtime import Macro
from markupsafe import Markup

from texts.filters import filters_for
from texts.names import B, T

SOURCE_LANGUAGE = "zh"
LANGUAGES: tuple[str, ...] = ("zh", "en")
PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"
LOCALES = PACKAGE / "locales"
BUTTONS = "buttons.j2"


def language_for(language_code: str | None) -> str:
    """The language to speak to a Telegram user whose client reports ``language_code``.

    Only the primary subtag counts (``en-US`` is English); anything we do not speak,
    and no code at all, gets the source language, Chinese.
    """
    if not language_code:
        return SOURCE_LANGUAGE
    primary = language_code.replace("_", "-").split("-", 1)[0].strip().lower()
    return primary if primary in LANGUAGES else SOURCE_LANGUAGE


def translations_from_po(fileobj: IO[bytes], locale: str) -> Translations:
    """Gettext translations straight from a ``.po`` file, without a compiled ``.mo``.

    Fuzzy entries are left out, so a Chinese sentence that changed shows in Chinese
    until a translator confirms its English, rather than showing stale English.
    """
    catalog = read_po(fileobj, locale=locale)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer)


def load_translations(language: str) -> NullTranslations:
    """The translations for ``language`` (none for the source language): every area's
    catalog in ``locales/<language>/LC_MESSAGES/*.po``, merged (see texts.catalog)."""
    if language == SOURCE_LANGUAGE:
        return NullTranslations()
    merged: Translations | None = None
    for path in sorted((LOCALES / language / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as po:
            part = translations_from_po(po, language)
        merged = part if merged is None else merged.merge(part)
    return merged if merged is not None else NullTranslations()


def button_source(name: B) -> tuple[str, str]:
    """(template file, macro) of a button: ``home`` is in ``buttons.j2``, and
    ``resident/booking:confirm`` in ``resident/booking/buttons.j2`` (each flow keeps its
    labels beside its screens, in its own catalog)."""
    folder, _, macro = name.value.rpartition(":")
    return (f"{folder}/{BUTTONS}" if folder else BUTTONS), macro


def build_environment(language: str, translations: NullTranslations) -> Environment:
    """A jinja2 environment speaking ``language``, configured as the extractor expects.

    ``lstrip_blocks`` and the trimmed ``{% trans %}`` policy must match ``babel.cfg``, or
    the extracted msgids would differ from the ones looked up here. ``trim_blocks`` stays
    off: a line ending in ``{% endtrans %}`` must keep its line break (Telegram HTML has
    no ``<br>``); use ``-%}`` where a control line should leave no blank line.
    """
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("j2",), default_for_string=True,
                                     default=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        lstrip_blocks=True,
        auto_reload=False,
        cache_size=-1,
    )
    environment.policies["ext.i18n.trimmed"] = True
    environment.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    environment.filters.update(filters_for(language))
    return environment


class Texts:
    """Renders screens and button labels in the reader's language.

    Build it once with :meth:`load` (it compiles every template in every language, so a
    broken template stops the start, not a villager's request) and share it.
    """

    languages: tuple[str, ...] = LANGUAGES

    def __init__(self, environments: Mapping[str, Environment]) -> None:
        self._environments = dict(environments)
        self._templates: dict[tuple[str, T], Template] = {
            (language, name): environment.get_template(name.path)
            for language, environment in self._environments.items() for name in T
        }
        self._buttons: dict[tuple[str, B], Macro] = {}
        for language, environment in self._environments.items():
            for name in B:
                source, macro = button_source(name)
                found = getattr(environment.get_template(source).module, macro, None)
                if not isinstance(found, Macro):
                    raise LookupError(f"{source} ({language}) has no macro {macro!r}")
                self._buttons[language, name] = found

    @classmethod
    def load(cls) -> Texts:
        """Every language's environment, with its catalog read and its templates compiled."""
        return cls({language: build_environment(language, load_translations(language))
                    for language in LANGUAGES})

    def environment(self, language: str) -> Environment:
        """The environment of ``language`` (for a preview page or a test)."""
        self._check(language)
        return self._environments[language]

    def render(self, template: T, /, language: str, **data: Any) -> str:
        """The text of ``template`` in ``language``, as Telegram HTML, without outer blanks.

        Values in ``data`` are HTML-escaped; a variable the template uses but ``data``
        lacks raises :class:`jinja2.UndefinedError`. ``language`` is reserved and cannot
        be a template variable.
        """
        self._check(language)
        return self._templates[language, template].render(**data).strip()

    def button(self, name: B, /, language: str, **data: Any) -> str:
        """The label of button ``name`` in ``language``, as plain text (not HTML)."""
        self._check(language)
        label = self._buttons[language, name](**data)
        return Markup(label).unescape().strip()

    def _check(self, language: str) -> None:
        if language not in self._environments:
            raise ValueError(f"unknown language {language!r}; use language_for() first")
