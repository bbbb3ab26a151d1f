"""The loader: a folder loads whole, in order, indexed once, or fails with every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

import matter_catalog.catalog as catalog_module
from matter_catalog.catalog import Catalog, UnknownMatterError
from matter_catalog.checker import check_catalog
from matter_catalog.loader import DEFAULT_PATH, CatalogError, load_catalog
from matter_catalog.models import Category, CategoryFile, Text

from .factories import SHIPPED, category, matter, write_file


def test_categories_come_in_their_order_and_matters_in_file_order(tiny_catalog: Path) -> None:
    catalog = load_catalog(tiny_catalog)
    assert [c.key for c in catalog.categories] == ["social_assistance", "disability"]
    assert [m.code for m in catalog.matters] == ["SJ01", "SJ02", "CJ01"]
    assert [m.code for m in catalog.matters_of("social_assistance")] == ["SJ01", "SJ02"]
    assert len(catalog) == 3


def test_a_matter_is_found_by_its_code_with_its_category(tiny_catalog: Path) -> None:
    catalog = load_catalog(tiny_catalog)
    assert catalog.matter("CJ01").name.en == "Disability certificate"
    assert catalog.category_of("CJ01").key == "disability"
    assert "SJ02" in catalog
    assert catalog.get("XX99") is None


def test_an_unknown_code_raises_a_key_error_naming_it(tiny_catalog: Path) -> None:
    with pytest.raises(UnknownMatterError, match="XX99"):
        load_catalog(tiny_catalog).matter("XX99")
    with pytest.raises(KeyError):
        load_catalog(tiny_catalog).matters_of("no_such_category")


def test_the_search_index_is_built_once_at_load(
    tiny_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[object] = []
    real = catalog_module.SearchIndex

    def counting(*args: object, **kwargs: object) -> object:
        built.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog_module, "SearchIndex", counting)
    catalog = load_catalog(tiny_catalog)
    for query in ("低保", "dibao", "wubao", "disability card"):
        catalog.search(query)
    assert len(built) == 1


def test_a_broken_folder_raises_with_the_checkers_full_list(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    write_file(folder, "01_a.yaml", {"category": category(), "matters": [
        matter("SJ01", trips={"count": 1}),
        matter("SJ02", route=[{"tier": "city", "action": "approve", "limit_days": 1}]),
        matter("SJ03", route=[{"tier": "town", "action": "review", "limit_days": 1}]),
    ]})
    (folder / "02_b.yaml").write_text("category: [\n", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder)
    assert caught.value.problems == check_catalog(folder)
    assert len(caught.value.problems) == 4  # reason, tier, deciding step, syntax
    assert "4 problem(s)" in str(caught.value)


def test_an_empty_folder_does_not_load(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no catalog files"):
        load_catalog(tmp_path)


def test_the_default_is_the_shipped_data_folder() -> None:
    assert DEFAULT_PATH == SHIPPED
    catalog = load_catalog()
    assert len(catalog) == sum(len(catalog.matters_of(c.key)) for c in catalog.categories)


def test_a_catalog_refuses_duplicate_codes_even_when_built_by_hand(tiny_catalog: Path) -> None:
    first = load_catalog(tiny_catalog).matters[0]
    twice = CategoryFile(category=Category(key="x", name=Text(zh="甲", en="x")),
                         matters=[first, first])
    with pytest.raises(ValueError, match="duplicate"):
        Catalog([twice])


def test_every_number_question_in_the_shipped_catalog_states_its_range() -> None:
    from matter_catalog.loader import load_catalog
    from matter_catalog.models import FieldType

    unbounded = [(matter.code, field.key) for matter in load_catalog() for field in matter.form
                 if field.type is FieldType.NUMBER
                 and (field.minimum is None or field.maximum is None)]
    assert unbounded == []
