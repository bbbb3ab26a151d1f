"""Importing the district's offices: every row or none, updates by code, errors by row."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.domain.tier import Tier
from backend.service.offices import OfficeImportError, import_offices
from backend.storage.offices import OfficeRepository
from daiban.demo import DEMO_OFFICES


def office(code: str, kind: str, parent: str | None, **changes: Any) -> dict[str, Any]:
    row = {
        "code": code, "kind": kind, "name_zh": f"办公室{code}", "name_en": f"Office {code}",
        "parent_code": parent, "address": "平谷区某路1号", "phone": "010-69960000",
        "opening_hours": "09:00-12:00,13:30-17:00", "slot_minutes": 30, "slot_capacity": 2,
        "travel_minutes_to_town": 0 if kind != "village" else 20,
        "travel_minutes_to_district": 0 if kind == "district_center" else 45,
    }
    row.update(changes)
    return row


def small_tree() -> list[dict[str, Any]]:
    return [
        office("D", "district_center", None),
        office("T1", "town", "D"),
        office("T2", "subdistrict", "D"),
        office("V1", "village", "T1"),
        office("V2", "community", "T2"),
    ]


def write_yaml(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text(yaml.safe_dump({"offices": rows}, allow_unicode=True), encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
    return path


async def stored(engine: AsyncEngine) -> dict[str, Any]:
    async with engine.connect() as connection:
        return {office.code: office for office in await OfficeRepository(connection).all()}


@pytest.mark.parametrize("writer, name", [(write_yaml, "o.yaml"), (write_csv, "o.csv")])
async def test_a_valid_file_creates_the_whole_tree(engine, tmp_path, writer, name) -> None:
    report = await import_offices(engine, writer(tmp_path / name, small_tree()))
    assert (report.created, report.updated, report.unchanged) == (5, 0, 0)
    offices = await stored(engine)
    assert offices["V1"].parent_code == "T1"
    assert offices["V2"].tier is Tier.VILLAGE
    assert offices["T2"].tier is Tier.TOWN


async def test_importing_again_updates_by_code_and_counts_what_changed(engine, tmp_path) -> None:
    await import_offices(engine, write_yaml(tmp_path / "a.yaml", small_tree()))
    rows = small_tree()
    rows[3]["slot_capacity"] = 3
    rows.append(office("V3", "village", "T1"))
    report = await import_offices(engine, write_yaml(tmp_path / "b.yaml", rows))
    assert (report.created, report.updated, report.unchanged) == (1, 1, 4)
    offices = await stored(engine)
    assert offices["V1"].slot_capacity == 3
    assert len(offices) == 6


async def test_a_later_file_may_hold_only_villages_of_towns_already_stored(engine, tmp_path):
    await import_offices(engine, write_yaml(tmp_path / "a.yaml", small_tree()))
    report = await import_offices(
        engine, write_yaml(tmp_path / "b.yaml", [office("V9", "village", "T2")])
    )
    assert report.created == 1


BROKEN_ROWS = [
    ("unknown kind", 3, {"kind": "hamlet"}, "kind"),
    ("missing name", 3, {"name_zh": ""}, "name_zh"),
    ("bad hours", 3, {"opening_hours": "9 to 5"}, "opening_hours"),
    ("overlapping hours", 3, {"opening_hours": "09:00-12:00,11:00-17:00"}, "opening_hours"),
    ("zero capacity", 3, {"slot_capacity": 0}, "slot_capacity"),
    ("negative travel", 3, {"travel_minutes_to_district": -5}, "travel_minutes_to_district"),
    ("not a number", 3, {"slot_minutes": "half an hour"}, "slot_minutes"),
    ("unknown parent", 3, {"parent_code": "NOPE"}, "parent_code"),
    ("village under the district", 3, {"parent_code": "D"}, "parent_code"),
    ("town under a town", 2, {"parent_code": "T1"}, "parent_code"),
    ("a second district", 1, {"code": "D2", "kind": "district_center"}, None),
    ("unknown column", 3, {"colour": "red"}, "colour"),
]


@pytest.mark.parametrize("case, index, change, field", BROKEN_ROWS, ids=[c[0] for c in BROKEN_ROWS])
async def test_one_broken_row_refuses_the_whole_file_and_names_the_row(
    engine, tmp_path, case, index, change, field
) -> None:
    rows = small_tree()
    if change.get("kind") == "district_center":
        rows.append(office("D2", "district_center", None))
        index, label = len(rows) - 1, f"office {len(rows)}"
    else:
        rows[index] = rows[index] | change
        label = f"office {index + 1}"
    with pytest.raises(OfficeImportError) as refused:
        await import_offices(engine, write_yaml(tmp_path / "o.yaml", rows))
    assert any(p.row == label and (field is None or p.field == field)
               for p in refused.value.problems), refused.value.problems
    assert await stored(engine) == {}


async def test_every_error_of_a_file_is_listed_not_only_the_first(engine, tmp_path) -> None:
    rows = small_tree()
    rows[1]["slot_capacity"] = 0
    rows[3]["opening_hours"] = "nonsense"
    rows.append(office("V1", "village", "T1"))
    with pytest.raises(OfficeImportError) as refused:
        await import_offices(engine, write_yaml(tmp_path / "o.yaml", rows))
    problems = [(p.row, p.field) for p in refused.value.problems]
    assert ("office 2", "slot_capacity") in problems
    assert ("office 4", "opening_hours") in problems
    assert ("office 6", "code") in problems


async def test_a_broken_file_leaves_an_existing_tree_exactly_as_it_was(engine, tmp_path) -> None:
    await import_offices(engine, write_yaml(tmp_path / "a.yaml", small_tree()))
    before = await stored(engine)
    rows = small_tree()
    rows[0]["name_en"] = "Renamed district"
    rows[4]["parent_code"] = "NOPE"
    with pytest.raises(OfficeImportError):
        await import_offices(engine, write_yaml(tmp_path / "b.yaml", rows))
    assert await stored(engine) == before


async def test_csv_errors_name_the_line_of_the_file(engine, tmp_path) -> None:
    rows = small_tree()
    rows[2]["slot_minutes"] = "x"
    with pytest.raises(OfficeImportError) as refused:
        await import_offices(engine, write_csv(tmp_path / "o.csv", rows))
    assert [(p.row, p.field) for p in refused.value.problems] == [("line 4", "slot_minutes")]


@pytest.mark.parametrize("name, content, message", [
    ("o.txt", "x", "unknown file type"),
    ("o.yaml", "offices: [", "not YAML"),
    ("o.yaml", "offices: 3", "expected a list"),
    ("o.yaml", "offices: []", "no offices"),
])
async def test_a_file_that_is_not_an_office_list_is_refused_plainly(
    engine, tmp_path, name, content, message
) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(OfficeImportError) as refused:
        await import_offices(engine, path)
    assert message in str(refused.value.problems[0])


async def test_the_demo_district_has_the_shape_of_the_reference_district(engine) -> None:
    await import_offices(engine, DEMO_OFFICES)
    offices = list((await stored(engine)).values())
    kinds = [o.kind.value for o in offices]
    assert kinds.count("district_center") == 1
    assert (kinds.count("town"), kinds.count("township"), kinds.count("subdistrict")) == (14, 2, 2)
    villages = [o for o in offices if o.tier is Tier.VILLAGE]
    assert len(villages) >= 60
    assert {o.parent_code for o in villages} == {o.code for o in offices if o.tier is Tier.TOWN}
    assert 80 <= max(o.travel_minutes_to_district for o in villages) <= 100
