"""Small catalogs written on the fly, so each test states exactly the data it needs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .factories import SHIPPED, category, matter, write_file


@pytest.fixture
def tiny_catalog(tmp_path: Path) -> Path:
    """Two categories, three matters, written out of order to test the ordering."""
    folder = tmp_path / "tiny"
    write_file(folder, "01_disability.yaml", {
        "category": category("disability", 5, "残疾人服务", "Persons with disabilities"),
        "matters": [matter("CJ01", name={"zh": "残疾人证新办", "en": "Disability certificate"},
                           aliases=["残疾证"], keywords=["disability card"])],
    })
    write_file(folder, "02_assistance.yaml", {
        "category": category(),
        "matters": [matter("SJ01"),
                    matter("SJ02", name={"zh": "特困人员救助供养认定",
                                         "en": "Extremely poor persons"},
                           aliases=["五保"], keywords=["wubao"])],
    })
    return folder


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Callable[[], Path]:
    """A copy of the shipped data folder, to be broken by a test."""

    def make() -> Path:
        folder = tmp_path / "data"
        folder.mkdir()
        for item in sorted(SHIPPED.glob("*.yaml")):
            (folder / item.name).write_bytes(item.read_bytes())
        return folder

    return make
