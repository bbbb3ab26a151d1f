"""The building blocks of the search index: terms, and strings searchable as one text.

Scanning a thousand terms in a Python loop costs about a millisecond per query, half the
budget. Joining the distinct strings of a space into one text lets `str.find` (C speed)
do the scan; a bisect on the offsets turns a hit back into its string.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from pypinyin import lazy_pinyin

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
HAN_OR_DIGIT = re.compile(r"[\u3400-\u9fff\uf900-\ufaff0-9]+")
LATIN_WORD = re.compile(r"[a-z0-9]+")
_SEPARATOR = "\n"  # never inside a compacted string


@dataclass(frozen=True, slots=True)
class Term:
    """One searchable string of one matter, with how much a match on it counts."""

    owner: int
    weight: float
    shown: str


class Space:
    """Distinct strings, each carried by one or more terms, searchable as one text."""

    def __init__(self, carriers: dict[str, list[int]]) -> None:
        """`carriers` maps each distinct string to the indexes of the terms carrying it."""
        self.strings = list(carriers)
        self.terms = [carriers[text] for text in self.strings]
        self.exact = {text: index for index, text in enumerate(self.strings)}
        self.longest = max((len(text) for text in self.strings), default=0)
        self._starts: list[int] = []
        offset = 1
        for text in self.strings:
            self._starts.append(offset)
            offset += len(text) + 1
        self._text = _SEPARATOR + _SEPARATOR.join(self.strings) + _SEPARATOR

    def occurrences(self, query: str) -> Iterator[tuple[int, int]]:
        """(string index, position inside it) of every occurrence of `query`."""
        text, starts = self._text, self._starts
        position = text.find(query)
        while position != -1:
            index = bisect_right(starts, position) - 1
            yield index, position - starts[index]
            position = text.find(query, position + 1)

    def prefixed(self, query: str) -> Iterator[int]:
        """Indexes of the strings that start with `query` (the separator anchors it)."""
        needle = _SEPARATOR + query
        position = self._text.find(needle)
        while position != -1:
            yield bisect_right(self._starts, position)  # the string right after it
            position = self._text.find(needle, position + 1)


@dataclass(frozen=True, slots=True)
class Spoken:
    """A Chinese string as pinyin: joined, where each syllable starts, and initials."""

    joined: str
    starts: frozenset[int]
    initials: str


def spoken(text: str) -> Spoken:
    """Pinyin without tones (pypinyin picks the reading from its phrase dictionary)."""
    syllables = [syllable.lower() for syllable in lazy_pinyin(text) if syllable]
    starts: list[int] = []
    offset = 0
    for syllable in syllables:
        starts.append(offset)
        offset += len(syllable)
    initials = "".join(item if item.isdigit() else item[0] for item in syllables)
    return Spoken("".join(syllables), frozenset(starts), initials)


def compact_han(text: str) -> str:
    """Only the Chinese characters and digits: punctuation and spaces carry no meaning."""
    return "".join(HAN_OR_DIGIT.findall(unicodedata.normalize("NFKC", text).lower()))


def latin_words(text: str) -> list[str]:
    return LATIN_WORD.findall(unicodedata.normalize("NFKC", text).lower())


def shared_prefix(left: str, right: str) -> int:
    size = 0
    for a, b in zip(left, right, strict=False):
        if a != b:
            break
        size += 1
    return size
