"""Finding a matter from the few words a villager types.

Villagers type folk names (低保, 五保, 农保), a piece of the official name, pinyin in full
or as initials (dibao, cjz) when the handwriting pad is hard, and they make homophone
slips with the pinyin keyboard (保章 for 保障). Operators of the English interface type
English words. The index is built once, when the catalog loads, in three spaces:

- Chinese terms (names, the parts of names, aliases, keywords, and with a lower weight the
  department and the category): exact, containment both ways, and edit-distance matches;
- the pinyin of every Chinese term, joined, with its syllable starts and its initials:
  exact, prefix (typing in progress), substring from a syllable start, edit distance; a
  Chinese query is matched here too, through its own pinyin, which catches homophones;
- English words of the English names and Latin keywords: exact, prefix, stem and
  edit-distance matches per word, scored by how much of the query and the term match.

A matter's score is its best term's score (0-100) times the term's weight; hits under
`CUTOFF` are dropped, so nonsense and single common characters return nothing.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from pypinyin import lazy_pinyin
from rapidfuzz import fuzz, process

from matter_catalog._spaces import (
    HAN,
    HAN_OR_DIGIT,
    Space,
    Term,
    compact_han,
    latin_words,
    shared_prefix,
    spoken,
)
from matter_catalog.models import Category, Matter

CUTOFF = 60.0
"""The lowest score worth showing; under it a villager is better served by the menu."""

MAX_QUERY = 64
"""Characters of a query that count: a pasted page must not cost more than a few words."""

WEIGHT_NAME = 1.0
WEIGHT_ALIAS = 1.0
WEIGHT_NAME_PART = 0.9
WEIGHT_KEYWORD = 0.9  # an exact keyword still beats a piece of a longer alias
WEIGHT_CONTEXT = 0.65  # department and category: they narrow, they do not name
_PINYIN_OF_HAN_QUERY = 0.9  # a homophone is likely meant, but the exact characters win
_ENGLISH_IN_ZH = 0.8  # English words typed in the Chinese interface
_PINYIN_IN_EN = 0.9  # pinyin (dibao, hukou) is common in English about China
_STOP_WORDS = frozenset((
    "a", "an", "and", "apply", "at", "by", "for", "from", "get", "how", "i", "in", "is", "it",
    "me", "my", "of", "on", "or", "the", "to", "want", "what", "with",
))


@dataclass(frozen=True, slots=True)
class Hit:
    """A found matter: its code, a score out of 100 and the term that matched."""

    code: str
    score: float
    matched: str


class _Tally:
    """Each matter's best score so far, and which of its terms matched at all."""

    def __init__(self, terms: list[Term]) -> None:
        self._terms = terms
        self._best: dict[int, tuple[float, int]] = {}
        self._support: dict[int, set[int]] = {}

    def offer(self, term_ids: Sequence[int], score: float) -> None:
        for term_id in term_ids:
            term = self._terms[term_id]
            weighted = score * term.weight
            if weighted >= CUTOFF:
                self._support.setdefault(term.owner, set()).add(term_id)
            if weighted > self._best.get(term.owner, (0.0, 0))[0]:
                self._best[term.owner] = (weighted, term_id)

    def ranked(self, limit: int) -> list[tuple[int, float, str]]:
        """Best score first; on a tie, the matter more of whose terms matched, then order.

        Two matters listing the same keyword ("pension") tie on it; the one whose other
        terms ("monthly pension", "old age pension") also match is the likelier meaning.
        """
        found = [(owner, round(min(score, 100.0), 1), self._terms[term_id].shown)
                 for owner, (score, term_id) in self._best.items() if score >= CUTOFF]
        found.sort(key=lambda item: (-item[1], -len(self._support.get(item[0], ())), item[0]))
        return found[:limit]


class SearchIndex:
    """The three spaces over one catalog's matters; immutable once built."""

    def __init__(self, matters: Sequence[Matter], categories: dict[str, Category]) -> None:
        """`categories` maps each matter's code to its category, for the context terms."""
        self._codes = [matter.code for matter in matters]
        self._terms: list[Term] = []
        han: dict[str, list[int]] = {}
        english: dict[str, list[int]] = {}
        for owner, matter in enumerate(matters):
            category = categories.get(matter.code)
            for text, weight in _han_sources(matter, category):
                self._add(han, owner, compact_han(text), text, weight)
            for text, weight in _english_sources(matter, category):
                words = " ".join(w for w in latin_words(text) if w not in _STOP_WORDS)
                self._add(english, owner, words, text, weight)
        self._han = Space(han)
        # Strings that sound alike share one pinyin string, which carries all their terms.
        pinyin: dict[str, list[int]] = {}
        initials: dict[str, list[int]] = {}
        syllables: dict[str, frozenset[int]] = {}
        for text, term_ids in zip(self._han.strings, self._han.terms, strict=True):
            voice = spoken(text)
            pinyin.setdefault(voice.joined, []).extend(term_ids)
            initials.setdefault(voice.initials, []).extend(term_ids)
            syllables[voice.joined] = voice.starts
        self._pinyin = Space(pinyin)
        self._initials = Space(initials)
        self._syllable_starts = [syllables[text] for text in self._pinyin.strings]
        self._english = Space(english)
        self._english_words = [tuple(text.split()) for text in self._english.strings]
        postings: dict[str, list[int]] = {}
        for index, words in enumerate(self._english_words):
            for word in set(words):
                postings.setdefault(word, []).append(index)
        self._postings = postings
        self._vocabulary = sorted(postings)
        self._stems: dict[str, list[str]] = {}
        for word in self._vocabulary:
            if len(word) >= 5:
                self._stems.setdefault(word[:5], []).append(word)

    @property
    def size(self) -> int:
        """How many terms the index holds (for the benchmark's report)."""
        return len(self._terms)

    def search(self, query: str, lang: str = "zh", limit: int = 5) -> list[Hit]:
        """The best matters for `query`, best first; `lang` is the interface's language."""
        text = unicodedata.normalize("NFKC", query).lower()[:MAX_QUERY]
        if limit <= 0 or not text.strip():
            return []
        tally = _Tally(self._terms)
        han = "".join(HAN_OR_DIGIT.findall(text)) if HAN.search(text) else ""
        if han:
            self._match_han(han, tally)
        latin = latin_words(HAN.sub(" ", text))
        if any(character.isalpha() for word in latin for character in word):
            pinyin_factor = _PINYIN_IN_EN if lang == "en" else 1.0
            english_factor = 1.0 if lang == "en" else _ENGLISH_IN_ZH
            self._match_pinyin("".join(latin), tally, pinyin_factor, initials=True)
            self._match_english(latin, tally, english_factor)
        elif not han and latin:  # digits alone: an age ("80"), a scheme's name ("4050")
            self._match_han("".join(latin), tally)
            self._match_english(latin, tally, 1.0)
        return [Hit(self._codes[owner], score, shown)
                for owner, score, shown in tally.ranked(limit)]

    # -- building ---------------------------------------------------------------------

    def _add(self, space: dict[str, list[int]], owner: int, key: str, shown: str,
             weight: float) -> None:
        """One string of one matter is one term, in the role that weighs the most."""
        if not key:
            return
        carriers = space.setdefault(key, [])
        for term_id in carriers:
            if self._terms[term_id].owner == owner:
                if weight > self._terms[term_id].weight:
                    self._terms[term_id] = Term(owner, weight, shown)
                return
        carriers.append(len(self._terms))
        self._terms.append(Term(owner, weight, shown))

    # -- matching ---------------------------------------------------------------------

    def _match_han(self, query: str, tally: _Tally) -> None:
        space, size = self._han, len(query)
        exact = space.exact.get(query)
        if exact is not None:
            tally.offer(space.terms[exact], 100.0)
        if size < 2:
            return  # one character ("的", "保") names nothing
        for index, position in space.occurrences(query):
            text = space.strings[index]
            if index != exact:
                bonus = 3.0 if position == 0 else 0.0
                tally.offer(space.terms[index], 75.0 + 15.0 * size / len(text) + bonus)
        for start in range(size):  # terms inside the query: "我要办低保"
            for end in range(start + 2, min(size, start + space.longest) + 1):
                inner = space.exact.get(query[start:end])
                if inner is not None and end - start < size:
                    tally.offer(space.terms[inner], 60.0 + 35.0 * (end - start) / size)
        if size >= 3:
            for _, ratio, index in process.extract(
                query, space.strings, scorer=fuzz.ratio, score_cutoff=70, limit=None
            ):
                tally.offer(space.terms[index], 0.9 * ratio)
        # Homophones: the whole term always; inside a term only for 3+ characters, as two
        # characters' sound (renzheng) sits inside too many unrelated words.
        self._match_pinyin("".join(lazy_pinyin(query)), tally, _PINYIN_OF_HAN_QUERY,
                           initials=False, partial=size >= 3)

    def _match_pinyin(self, query: str, tally: _Tally, factor: float, *, initials: bool,
                      partial: bool = True) -> None:
        space, size = self._pinyin, len(query)
        if size < 2:
            return
        exact = space.exact.get(query)
        if exact is not None:
            tally.offer(space.terms[exact], 100.0 * factor)
        if initials:
            found = self._initials.exact.get(query)
            if found is not None:
                tally.offer(self._initials.terms[found], 92.0 * factor)
            for index in self._initials.prefixed(query):
                length = len(self._initials.strings[index])
                if index != found:
                    tally.offer(self._initials.terms[index], (70.0 + 20.0 * size / length) * factor)
        if not partial or size < 3:
            return
        for index, position in space.occurrences(query):
            text = space.strings[index]
            if index == exact:
                continue
            if position == 0:
                tally.offer(space.terms[index], (82.0 + 13.0 * size / len(text)) * factor)
            elif size >= 4 and position in self._syllable_starts[index]:
                tally.offer(space.terms[index], (75.0 + 15.0 * size / len(text)) * factor)
        if size >= 4:
            for _, ratio, index in process.extract(
                query, space.strings, scorer=fuzz.ratio, score_cutoff=80, limit=None
            ):
                tally.offer(space.terms[index], 0.85 * ratio * factor)

    def _match_english(self, words: list[str], tally: _Tally, factor: float) -> None:
        wanted = [word for word in words if word not in _STOP_WORDS] or words
        covered: dict[int, list[float]] = {}
        for position, word in enumerate(wanted):
            typing = position == len(wanted) - 1 and len(wanted) > 1  # "face sc", "lost ca"
            for vocabulary_word, similarity in self._similar_words(word, typing).items():
                for index in self._postings[vocabulary_word]:
                    found = covered.setdefault(index, [0.0] * len(wanted))
                    found[position] = max(found[position], similarity)
        for index, found in covered.items():
            query_coverage = sum(found) / len(wanted)
            matched = sum(1 for similarity in found if similarity)
            term_coverage = min(1.0, matched / len(self._english_words[index]))
            score = 100.0 * query_coverage * (0.6 + 0.4 * term_coverage)
            tally.offer(self._english.terms[index], score * factor)

    def _similar_words(self, word: str, typing: bool = False) -> dict[str, float]:
        """Vocabulary words close to `word`, with a similarity from 0 to 1.

        `typing` marks the last word after others: its first letters already narrow it.
        """
        found: dict[str, float] = {}
        if word in self._postings:
            found[word] = 1.0
        if len(word) >= 3 or typing:  # still typing: "disab"
            start = bisect_left(self._vocabulary, word)
            for candidate in self._vocabulary[start:]:
                if not candidate.startswith(word):
                    break
                found.setdefault(candidate, min(0.9, 0.6 + 0.1 * len(word)))
        if len(word) >= 5:  # a crude stem: "disabled" and "disability"
            for candidate in self._stems.get(word[:5], ()):
                needed = max(5, int(0.75 * min(len(word), len(candidate))))
                if shared_prefix(word, candidate) >= needed:
                    found.setdefault(candidate, 0.85)
        if len(word) >= 4:  # a typo: "pensoin"
            for candidate, ratio, _ in process.extract(
                word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=80, limit=None
            ):
                found[candidate] = max(found.get(candidate, 0.0), 0.9 * ratio / 100.0)
        return found


def _han_sources(matter: Matter, category: Category | None) -> list[tuple[str, float]]:
    """The Chinese terms of a matter: the name, its parts, aliases, keywords, context."""
    sources = [(matter.name.zh, WEIGHT_NAME)]
    parts = HAN_OR_DIGIT.findall(matter.name.zh)
    if len(parts) > 1:  # two-character parts (补贴, 困难) are too common to name a matter
        sources += [(part, WEIGHT_NAME_PART) for part in parts if len(part) >= 3]
    sources += [(alias, WEIGHT_ALIAS) for alias in matter.aliases if HAN.search(alias)]
    sources += [(word, WEIGHT_KEYWORD) for word in matter.keywords if HAN.search(word)]
    sources.append((matter.department.zh, WEIGHT_CONTEXT))
    if category is not None:
        sources.append((category.name.zh, WEIGHT_CONTEXT))
    return sources


def _english_sources(matter: Matter, category: Category | None) -> list[tuple[str, float]]:
    """The English terms: the English name, Latin aliases and keywords, context."""
    sources = [(matter.name.en, WEIGHT_NAME)]
    sources += [(alias, WEIGHT_ALIAS) for alias in matter.aliases if not HAN.search(alias)]
    sources += [(word, WEIGHT_KEYWORD) for word in matter.keywords if not HAN.search(word)]
    sources.append((matter.department.en, WEIGHT_CONTEXT))
    if category is not None:
        sources.append((category.name.en, WEIGHT_CONTEXT))
    return sources
