"""The checker lists every problem of every file, with its file, code and field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from matter_catalog._rules import limit_findings
from matter_catalog.checker import check_catalog
from matter_catalog.models import LimitUnit, TimeLimit
from matter_catalog.problem import Problem

from .factories import SHIPPED, category, matter, write_file


def test_the_shipped_catalog_checks_clean() -> None:
    assert check_catalog(SHIPPED) == []


def _locate(folder: Path, code: str) -> tuple[Path, int]:
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for index, item in enumerate(data["matters"]):
            if item["code"] == code:
                return path, index
    raise LookupError(code)


def _edit(folder: Path, code: str, change: Callable[[dict[str, Any]], None]) -> tuple[str, str]:
    """Change one matter of a data file in place; returns (file name, `matters[i]`)."""
    path, index = _locate(folder, code)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["matters"][index])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path.name, f"matters[{index}]"


def _first_choice_field(item: dict[str, Any]) -> str:
    return next(field["key"] for field in item.get("form", []) if field["type"] == "choice")


def test_a_copy_of_the_shipped_data_broken_six_ways_reports_all_six(
    shipped_copy: Callable[[], Path],
) -> None:
    folder = shipped_copy()
    first_file, _ = _locate(folder, "SB01")
    cj01_file, cj01_index = _locate(folder, "CJ01")
    cj01 = yaml.safe_load(cj01_file.read_text(encoding="utf-8"))["matters"][cj01_index]
    choice_key = _first_choice_field(cj01)

    def duplicate_code(item: dict[str, Any]) -> None:
        item["code"] = "SB01"

    def no_deciding_step(item: dict[str, Any]) -> None:
        for step in item["route"]:
            if step["action"] in ("approve", "decide"):
                step["action"] = "review"

    def unknown_tier_and_no_english(item: dict[str, Any]) -> None:
        item["route"][0]["tier"] = "city"
        del item["name"]["en"]

    def choice_without_choices(item: dict[str, Any]) -> None:
        for field in item["form"]:
            if field["key"] == choice_key:
                del field["choices"]

    def promise_above_the_law(item: dict[str, Any]) -> None:
        item["promised_limit"] = {"days": 50}
        item["legal_limit"] = {"days": 30}

    duplicate = _edit(folder, "SB02", duplicate_code)
    undecided = _edit(folder, "SJ01", no_deciding_step)
    tier = _edit(folder, "YL01", unknown_tier_and_no_english)
    choice = _edit(folder, "CJ01", choice_without_choices)
    late = _edit(folder, "NY02", promise_above_the_law)

    problems = check_catalog(folder)

    expected = [
        (duplicate, "SB01", ".code", f"duplicate matter code 'SB01' (first in {first_file.name}"),
        (undecided, "SJ01", ".route", "the route has no deciding step (approve or decide)"),
        (tier, "YL01", ".route[0].tier", "unknown tier 'city'"),
        (tier, "YL01", ".name.en", "missing translation (en)"),
        (choice, "CJ01", f".form.{choice_key}.choices", "a choice field needs choices"),
        (late, "NY02", ".promised_limit",
         "promised limit 50 working days is above the legal limit 30 working days"),
    ]
    for (file, prefix), code, field, message in expected:
        assert any(p.file == file and p.code == code and p.field == prefix + field
                   and p.message.startswith(message) for p in problems), (message, problems)
    assert len(problems) == len(expected), problems


def _folder(tmp_path: Path, *matters: dict[str, Any]) -> Path:
    write_file(tmp_path / "data", "01_assistance.yaml",
               {"category": category(), "matters": list(matters)})
    return tmp_path / "data"


def _form(field_type: str, choices: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    field: dict[str, Any] = {"key": "household", "label": {"zh": "户籍", "en": "Registration"},
                             "type": field_type}
    if choices is not None:
        field["choices"] = choices
    return [field]


_MATERIAL = {"key": "id_card", "name": {"zh": "身份证", "en": "ID card"}, "originals": 1}
_CHOICE = {"key": "yes", "label": {"zh": "是", "en": "Yes"}}

ONE_MATTER_CASES: list[tuple[str, dict[str, Any], str, str]] = [
    ("trips without a reason", {"trips": {"count": 1}}, "matters[0].trips.reason",
     "trips.count is 1 but no reason is given"),
    ("choices on a text field", {"form": _form("text", [_CHOICE])},
     "matters[0].form.household.choices", "choices are only for choice and multi_choice fields"),
    ("a multi_choice without choices", {"form": _form("multi_choice")},
     "matters[0].form.household.choices", "a multi_choice field needs choices"),
    ("a duplicate choice key", {"form": _form("choice", [_CHOICE, _CHOICE])},
     "matters[0].form.household.choices[1].key", "duplicate choice key 'yes'"),
    ("a duplicate material key", {"materials": [_MATERIAL, _MATERIAL]},
     "matters[0].materials[1].key", "duplicate material key 'id_card' (first at materials[0])"),
    ("a duplicate form key", {"form": _form("text") + _form("number")},
     "matters[0].form[1].key", "duplicate form field key 'household'"),
    ("a natural-day promise above a working-day law",
     {"promised_limit": {"days": 29, "unit": "natural_days"}, "legal_limit": {"days": 20}},
     "matters[0].promised_limit", "promised limit 29 natural days is above the legal limit"),
    ("a minimum above the maximum",
     {"form": [{**_form("number")[0], "minimum": 10, "maximum": 1}]},
     "matters[0].form.household.minimum", "minimum 10 is above maximum 1"),
    ("an unknown field", {"alias": ["x"]}, "matters[0].alias", "unknown field 'alias'"),
    ("a name given as a plain string", {"name": "低保"}, "matters[0].name",
     "expected both translations"),
    ("an empty route", {"route": []}, "matters[0].route", "must not be empty"),
    ("an unknown action", {"route": [{"tier": "town", "action": "sign", "limit_days": 1}]},
     "matters[0].route[0].action", "unknown action 'sign'"),
]


@pytest.mark.parametrize(("case", "changes", "field", "message"), ONE_MATTER_CASES,
                         ids=[case for case, *_ in ONE_MATTER_CASES])
def test_each_rule_names_the_file_the_code_and_the_field(
    tmp_path: Path, case: str, changes: dict[str, Any], field: str, message: str
) -> None:
    problems = check_catalog(_folder(tmp_path, matter("SJ01", **changes)))
    assert any(p.file == "01_assistance.yaml" and p.code == "SJ01" and p.field == field
               and p.message.startswith(message) for p in problems), problems


def test_a_matter_with_a_schema_error_is_still_checked_by_the_other_rules(tmp_path: Path) -> None:
    broken = matter("SJ01", kind="subsidy", trips={"count": 2}, form=_form("choice"))
    fields = {p.field for p in check_catalog(_folder(tmp_path, broken))}
    assert fields == {"matters[0].kind", "matters[0].trips.reason",
                      "matters[0].form.household.choices"}


def test_clashes_across_files_are_reported_on_the_later_file(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    write_file(folder, "01_a.yaml", {"category": category(), "matters": [matter("SJ01")]})
    twin = matter("SJ01")
    write_file(folder, "02_b.yaml", {"category": category(), "matters": [twin]})
    problems = check_catalog(folder)
    assert {(p.file, p.field) for p in problems} == {
        ("02_b.yaml", "category.key"), ("02_b.yaml", "matters[0].code"),
        ("02_b.yaml", "matters[0].implementation_code"),
    }
    assert all("(first in 01_a.yaml" in p.message or "(first in 01_a.yaml" in p.message
               for p in problems if p.field != "category.key")


FILE_CASES: list[tuple[str, str, str]] = [
    ("a YAML syntax error", "category: [unclosed\n", "YAML syntax error at line"),
    ("a key given twice", "category: {key: a}\ncategory: {key: b}\n", "line 2: duplicate key"),
    ("an empty file", "", "the file is empty"),
    ("a list at the top", "- a\n- b\n", "expected a mapping with 'category' and 'matters'"),
]


@pytest.mark.parametrize(("case", "text", "message"), FILE_CASES, ids=[c for c, _, _ in FILE_CASES])
def test_a_broken_file_is_reported_and_the_other_files_still_checked(
    tmp_path: Path, case: str, text: str, message: str
) -> None:
    folder = _folder(tmp_path, matter("SJ01", trips={"count": 1}))
    (folder / "02_broken.yaml").write_text(text, encoding="utf-8")
    problems = check_catalog(folder)
    assert any(p.file == "02_broken.yaml" and p.message.startswith(message) for p in problems)
    assert any(p.file == "01_assistance.yaml" and p.field.endswith("trips.reason")
               for p in problems)


def test_one_file_can_be_checked_alone(tmp_path: Path) -> None:
    folder = _folder(tmp_path, matter("SJ01", trips={"count": 1}))
    problems = check_catalog(folder / "01_assistance.yaml")
    assert [(p.file, p.field) for p in problems] == [
        ("01_assistance.yaml", "matters[0].trips.reason")
    ]


def test_an_empty_folder_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert [p.message for p in check_catalog(tmp_path / "empty")] == [
        "no catalog files (*.yaml) in the folder"
    ]


def test_a_missing_folder_is_a_problem(tmp_path: Path) -> None:
    assert [p.message for p in check_catalog(tmp_path / "nowhere")] == [
        "the catalog folder does not exist"
    ]


def test_a_problem_reads_as_file_code_field_message() -> None:
    problem = Problem("03_x.yaml", "SJ01", "matters[0].route", "the route has no deciding step")
    assert str(problem) == "03_x.yaml: SJ01: matters[0].route: the route has no deciding step"
    assert str(Problem("03_x.yaml", None, "", "the file is empty")) == (
        "03_x.yaml: the file is empty"
    )


def _limit(days: int, unit: str) -> TimeLimit:
    return TimeLimit(days=days, unit=LimitUnit(unit))


LIMITS: list[tuple[tuple[int, str], tuple[int, str], bool]] = [
    ((30, "working_days"), (30, "working_days"), True),
    ((31, "working_days"), (30, "working_days"), False),
    ((20, "working_days"), (28, "natural_days"), True),   # at most 20 + 8 weekend days
    ((21, "working_days"), (28, "natural_days"), False),  # can reach 31 natural days
    ((1, "working_days"), (2, "natural_days"), False),    # Friday -> Monday is 3 days
    ((26, "natural_days"), (20, "working_days"), True),   # 20 working days last >= 26 days
    ((27, "natural_days"), (20, "working_days"), False),
    ((0, "working_days"), (0, "natural_days"), True),
]


@pytest.mark.parametrize(("promised", "legal", "within"), LIMITS)
def test_limits_in_different_units_are_compared_in_natural_days_conservatively(
    promised: tuple[int, str], legal: tuple[int, str], within: bool
) -> None:
    assert (limit_findings(_limit(*promised), _limit(*legal)) == []) is within
