"""Telegram's HTML parse mode: turn marked-up text into plain text plus entities.

Telegram does this on its side and refuses what it cannot parse ("can't parse entities:
Unsupported start tag ..."), and its 4096-character limit applies to the text *after*
parsing. Doing the same here means a bot template with a ``<br>`` or an unclosed ``<b>``
fails against the sandbox as it would in production, and the web chat can build its DOM
from entities instead of trusting markup. Offsets and lengths are in UTF-16 code units,
as in the Bot API (and as JavaScript strings count).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from sandbox.errors import BotApiError, bad_request

_SIMPLE = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "tg-spoiler": "spoiler", "code": "code", "pre": "pre",
    "blockquote": "blockquote",
}
SUPPORTED_TAGS = frozenset([*_SIMPLE, "a", "span", "tg-emoji"])


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _Open:
    tag: str
    start: int
    entity: dict[str, Any] | None
    children: list[dict[str, Any]] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.parts: list[str] = []
        self.length = 0
        self.stack: list[_Open] = []
        self.entities: list[dict[str, Any]] = []

    def _byte_offset(self) -> int:
        line, column = self.getpos()
        lines = self.source.split("\n")
        index = sum(len(text) + 1 for text in lines[: line - 1]) + column
        return len(self.source[:index].encode())

    def _fail(self, what: str) -> BotApiError:
        return bad_request(f"can't parse entities: {what} at byte offset {self._byte_offset()}")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        self.length += utf16_len(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        entity: dict[str, Any] | None
        if tag in _SIMPLE:
            kind = _SIMPLE[tag]
            if tag == "blockquote" and "expandable" in values:
                kind = "expandable_blockquote"
            entity = {"type": kind}
            if tag == "code" and self.stack and self.stack[-1].tag == "pre":
                language = values.get("class", "").removeprefix("language-")
                if language and self.stack[-1].entity is not None:
                    self.stack[-1].entity["language"] = language
                entity = None
        elif tag == "a":
            href = values.get("href", "")
            entity = {"type": "text_link", "url": href} if href else None
        elif tag == "span" and values.get("class") == "tg-spoiler":
            entity = {"type": "spoiler"}
        elif tag == "tg-emoji":
            entity = {"type": "custom_emoji", "custom_emoji_id": values.get("emoji-id", "")}
        else:
            raise self._fail(f'Unsupported start tag "{tag}"')
        self.stack.append(_Open(tag, self.length, entity))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise self._fail(f'Unsupported start tag "{tag}"')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1].tag != tag:
            raise self._fail(f'Unmatched end tag "{tag}"')
        opened = self.stack.pop()
        if opened.entity is not None and self.length > opened.start:
            opened.entity.update(offset=opened.start, length=self.length - opened.start)
            self.entities.append(opened.entity)


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities (sorted by offset, outer before inner) of Telegram HTML."""
    parser = _Parser(source)
    parser.feed(source)
    parser.close()
    if parser.stack:
        raise bad_request("can't parse entities: Can't find end tag corresponding to start "
                          f'tag "{parser.stack[-1].tag}"')
    entities = sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))
    return "".join(parser.parts), entities


def render(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """What Telegram would store for ``text`` under ``parse_mode``.

    Only HTML is parsed; Markdown modes are kept as given (the bot under test uses HTML).
    """
    if parse_mode and parse_mode.lower() == "html":
        return parse_html(text)
    return text, []
