"""Raw catalog data for tests: one valid matter to change, and a YAML writer."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

SHIPPED = Path(__file__).resolve().parents[2] / "matter_catalog" / "data"

MATTER: dict[str, Any] = {
    "code": "SJ01",
    "implementation_code": "11011700SJ01000001",
    "kind": "administrative_payment",
    "name": {"zh": "最低生活保障（低保）申请", "en": "Minimum living allowance (dibao)"},
    "department": {"zh": "区民政局", "en": "District Civil Affairs Bureau"},
    "description": {"zh": "为困难家庭提供基本生活保障。", "en": "Support for poor households."},
    "eligibility": {"zh": "本区户籍的困难家庭。", "en": "Registered poor households."},
    "materials": [
        {"key": "application", "name": {"zh": "低保申请书", "en": "Application form"},
         "originals": 1, "station_keeps_original": True},
        {"key": "id_card", "name": {"zh": "身份证", "en": "ID card"}, "originals": 1,
         "copies": 1},
    ],
    "form": [
        {"key": "household_size", "label": {"zh": "家庭人口数", "en": "People"},
         "type": "number"},
        {"key": "household", "label": {"zh": "户籍", "en": "Registration"}, "type": "choice",
         "choices": [{"key": "local", "label": {"zh": "本区", "en": "Here"}},
                     {"key": "other", "label": {"zh": "外区", "en": "Elsewhere"}}]},
    ],
    "route": [
        {"tier": "village", "action": "accept", "limit_days": 2},
        {"tier": "town", "action": "review", "limit_days": 20},
        {"tier": "district", "action": "approve", "limit_days": 8},
    ],
    "promised_limit": {"days": 30},
    "legal_limit": {"days": 30},
    "clock_stops": [{"kind": "public_notice", "days": 7}],
    "trips": {"count": 0},
    "home_visit": True,
    "aliases": ["低保", "最低生活保障"],
    "keywords": ["dibao", "救助", "allowance"],
}

CATEGORY: dict[str, Any] = {
    "key": "social_assistance", "name": {"zh": "社会救助", "en": "Social assistance"}, "order": 3,
}


def matter(code: str = "SJ01", **changes: Any) -> dict[str, Any]:
    """A valid matter as raw data, with top-level fields replaced."""
    data = copy.deepcopy(MATTER)
    data["code"] = code
    data["implementation_code"] = f"11011700{code}000001"
    data.update(changes)
    return data


def category(key: str = "social_assistance", order: int = 3, zh: str = "社会救助",
             en: str = "Social assistance") -> dict[str, Any]:
    return {"key": key, "name": {"zh": zh, "en": en}, "order": order}


def write_file(folder: Path, name: str, data: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


