"""Shared for the texts tests: one loaded ``Texts``, and a Telegram HTML checker.

The checker follows the Bot API's formatting rules: only the listed tags and attributes,
every tag closed in order, ``<``, ``>`` and ``&`` only as part of a tag or an entity, and
only the four named entities Telegram knows (numeric ones are all accepted).
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

import pytest

from texts import Texts

ALLOWED: dict[str, set[str]] = {
    "b": set(), "strong": set(), "i": set(), "em": set(), "u": set(), "ins": set(),
    "s": set(), "strike": set(), "del": set(), "a": {"href"}, "code": {"class"},
    "pre": set(), "blockquote": {"expandable"}, "tg-spoiler": set(), "span": {"class"},
    "tg-emoji": {"emoji-id"},
}
NAMED_ENTITIES = {"lt", "gt", "amp", "quot"}


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.problems: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.problems.append(f"tag <{tag}> is not allowed")
            return
        for name, value in attrs:
            if name not in ALLOWED[tag]:
                self.problems.append(f"attribute {name} is not allowed on <{tag}>")
            elif tag == "span" and value != "tg-spoiler":
                self.problems.append(f'<span class="{value}">: only class="tg-spoiler"')
        if tag == "a" and not dict(attrs).get("href"):
            self.problems.append("<a> without href")
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"self-closing <{tag}/> is not allowed")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> does not close the last open tag {self.open[-1:]}")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        for char in "<>&":
            if char in data:
                self.problems.append(f"bare {char!r} in text: {data!r}")

    def handle_entityref(self, name: str) -> None:
        if name not in NAMED_ENTITIES:
            self.problems.append(f"unknown entity &{name};")

    def handle_charref(self, name: str) -> None:
        try:
            int(name[1:], 16) if name[:1] in "xX" else int(name)
        except ValueError:
            self.problems.append(f"bad character reference &#{name};")

    def handle_comment(self, data: str) -> None:
        self.problems.append("HTML comments are not allowed")

    def handle_decl(self, decl: str) -> None:
        self.problems.append(f"declaration <!{decl}> is not allowed")

    def handle_pi(self, data: str) -> None:
        self.problems.append(f"processing instruction <?{data}> is not allowed")

    def unknown_decl(self, data: str) -> None:
        self.problems.append(f"declaration {data!r} is not allowed")


def telegram_html_problems(text: str) -> list[str]:
    """Everything Telegram would refuse or misread in ``text``; empty when it is fine."""
    checker = _Checker()
    checker.feed(text)
    checker.close()
    if checker.rawdata:
        checker.problems.append(f"unparsed rest {checker.rawdata!r}")
    checker.problems.extend(f"<{tag}> is never closed" for tag in checker.open)
    return checker.problems


@pytest.fixture(scope="session")
def texts() -> Texts:
    """The shipped templates and catalogs, as the bot loads them (every template compiled once)."""
    return Texts.load()


@pytest.fixture(scope="session")
def html_problems() -> Callable[[str], list[str]]:
    """What Telegram would refuse in a text (tests cannot import conftest under importlib)."""
    return telegram_html_problems
