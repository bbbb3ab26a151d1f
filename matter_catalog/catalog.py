"""The loaded catalog: categories in order, matters by code, and the search index.

Everything is computed once, when the catalog is built, because the bot asks these
questions on every message and the catalog only changes with a new release of the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from matter_catalog.models import Category, CategoryFile, Matter
from matter_catalog.search import Hit, SearchIndex


class UnknownMatterError(KeyError):
    """No matter has this code; the message is the code, for the caller to phrase."""


class Catalog:
    """An immutable view of the category files, with the search index built at once."""

    def __init__(self, files: Iterable[CategoryFile]) -> None:
        ordered = sorted(files, key=lambda item: (item.category.order, item.category.key))
        self.categories: tuple[Category, ...] = tuple(item.category for item in ordered)
        self.matters: tuple[Matter, ...] = tuple(
            matter for item in ordered for matter in item.matters
        )
        self._by_category: dict[str, tuple[Matter, ...]] = {}
        self._category_of: dict[str, Category] = {}
        for item in ordered:
            if item.category.key in self._by_category:
                raise ValueError(f"duplicate category key {item.category.key}")
            self._by_category[item.category.key] = tuple(item.matters)
            for matter in item.matters:
                self._category_of[matter.code] = item.category
        self._by_code = {matter.code: matter for matter in self.matters}
        if len(self._by_code) != len(self.matters):
            raise ValueError("duplicate matter codes; run the checker for the list")
        self.index = SearchIndex(self.matters, self._category_of)

    def __len__(self) -> int:
        return len(self.matters)

    def __iter__(self) -> Iterator[Matter]:
        return iter(self.matters)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def matter(self, code: str) -> Matter:
        """The matter with this code; UnknownMatterError (a KeyError) when there is none."""
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownMatterError(code) from None

    def get(self, code: str) -> Matter | None:
        return self._by_code.get(code)

    def category(self, key: str) -> Category:
        for category in self.categories:
            if category.key == key:
                return category
        raise KeyError(key)

    def category_of(self, code: str) -> Category:
        """The category a matter is listed under (for the menu's back button)."""
        self.matter(code)
        return self._category_of[code]

    def matters_of(self, category_key: str) -> tuple[Matter, ...]:
        """The matters of one category in file order; KeyError for an unknown key."""
        return self._by_category[category_key]

    def search(self, query: str, lang: str = "zh", limit: int = 5) -> list[Hit]:
        """Best matches first; nothing for nonsense. See `matter_catalog.search`."""
        return self.index.search(query, lang=lang, limit=limit)
