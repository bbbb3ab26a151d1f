"""The schema: a valid matter parses, and each kind of invalid input is refused."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from matter_catalog.models import CategoryFile, Matter, StepAction, Tier

from .factories import category, matter


def test_a_valid_matter_parses_with_its_defaults() -> None:
    parsed = Matter.model_validate(matter())
    assert parsed.code == "SJ01"
    assert parsed.deciding_tier is Tier.DISTRICT
    assert parsed.public_notice_days == 7
    assert parsed.fee.yuan == 0
    assert parsed.name.get("en") == "Minimum living allowance (dibao)"


def test_a_category_file_needs_at_least_one_matter() -> None:
    with pytest.raises(ValidationError):
        CategoryFile.model_validate({"category": category(), "matters": []})


def _without_en(data: dict[str, Any]) -> dict[str, Any]:
    data["name"] = {"zh": data["name"]["zh"]}
    return data


INVALID: list[tuple[str, dict[str, Any], tuple[Any, ...]]] = [
    ("a code of the wrong form", matter("SJ1"), ("code",)),
    ("an unknown kind", matter(kind="subsidy"), ("kind",)),
    ("a name without English", _without_en(matter()), ("name", "en")),
    ("an empty translation", matter(name={"zh": "", "en": "x"}), ("name", "zh")),
    ("an empty route", matter(route=[]), ("route",)),
    ("a step at an unknown tier",
     matter(route=[{"tier": "city", "action": "approve", "limit_days": 1}]), ("route", 0, "tier")),
    ("a step with an unknown action",
     matter(route=[{"tier": "town", "action": "sign", "limit_days": 1}]), ("route", 0, "action")),
    ("a negative time limit", matter(promised_limit={"days": -1}), ("promised_limit", "days")),
    ("an unknown limit unit", matter(promised_limit={"days": 3, "unit": "hours"}),
     ("promised_limit", "unit")),
    ("a material key with capitals",
     matter(materials=[{"key": "IdCard", "name": {"zh": "身份证", "en": "ID"}}]),
     ("materials", 0, "key")),
    ("negative copies",
     matter(materials=[{"key": "id", "name": {"zh": "身份证", "en": "ID"}, "copies": -1}]),
     ("materials", 0, "copies")),
    ("an unknown field (a typo)", matter(alias=["x"]), ("alias",)),
    ("a missing department", {k: v for k, v in matter().items() if k != "department"},
     ("department",)),
]


@pytest.mark.parametrize(("case", "data", "location"), INVALID, ids=[c for c, _, _ in INVALID])
def test_each_kind_of_invalid_matter_is_refused_at_its_field(
    case: str, data: dict[str, Any], location: tuple[Any, ...]
) -> None:
    with pytest.raises(ValidationError) as caught:
        Matter.model_validate(data)
    assert location in [tuple(error["loc"]) for error in caught.value.errors()], case


def test_only_approve_and_decide_are_deciding_actions() -> None:
    assert {action for action in StepAction if action.decides} == {
        StepAction.APPROVE, StepAction.DECIDE,
    }
