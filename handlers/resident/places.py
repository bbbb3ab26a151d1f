"""The district's towns and village stations, as a villager picks them: lists and search.

Pure functions over the case service's office tree (no I/O), so the onboarding and
profile screens share them and a test can call them directly.
"""

from __future__ import annotations

from collections.abc import Iterator

from pypinyin import lazy_pinyin

from wire.offices import OfficeNode, OfficeTree, OfficeView

VILLAGE_TIER = "village"
MAX_FOUND = 8


def place_name(office: OfficeView, language: str) -> str:
    """The office's name in the reader's language (the template shortens it)."""
    return office.name_zh if language == "zh" else office.name_en


def towns(tree: OfficeTree) -> list[OfficeView]:
    """The town-level centers, in the tree's order (the district's own order)."""
    return [node.office for root in tree.roots for node in root.children]


def _nodes(tree: OfficeTree) -> Iterator[OfficeNode]:
    stack = list(reversed(tree.roots))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def find(tree: OfficeTree, code: str) -> OfficeView | None:
    """The office with this code, or None (an old button, a forged code)."""
    return next((node.office for node in _nodes(tree) if node.office.code == code), None)


def stations(tree: OfficeTree, town_code: str) -> list[OfficeView]:
    """The village stations under one town center."""
    for node in _nodes(tree):
        if node.office.code == town_code:
            return [child.office for child in node.children
                    if child.office.tier == VILLAGE_TIER]
    return []


def _keys(office: OfficeView) -> tuple[str, str, str]:
    return (office.name_zh, "".join(lazy_pinyin(office.name_zh)).lower(),
            office.name_en.lower().replace(" ", ""))


def search(tree: OfficeTree, typed: str) -> list[OfficeView]:
    """Towns and villages whose name holds what the villager typed, in Chinese
    characters, pinyin without tones or spaces, or English; towns first."""
    query = "".join(typed.split()).lower()
    if not query:
        return []
    pinyin = "".join(lazy_pinyin(query)).lower()
    found: list[OfficeView] = []
    for node in _nodes(tree):
        if node.office.tier not in (VILLAGE_TIER, "town"):
            continue
        chinese, spelled, english = _keys(node.office)
        if query in chinese or pinyin in spelled or query in english:
            found.append(node.office)
    found.sort(key=lambda office: office.tier == VILLAGE_TIER)
    return found[:MAX_FOUND]
