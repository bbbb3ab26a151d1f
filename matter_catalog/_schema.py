"""Reading one YAML file and turning pydantic's errors into plain-English problems.

Pydantic's own messages name a location like `('route', 2, 'tier')` and say "Input should
be 'village', 'town' or 'district'"; an editor of the YAML needs `matters[0].route[2].tier:
unknown tier 'city'`. The mapping lives here so the checker reads as a list of rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import yaml
from pydantic import ValidationError

_TRANSLATIONS = ("zh", "en")


class YamlProblem(Exception):
    """A file that is not valid YAML, with the position YAML reports (1-based)."""


_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it: ten times faster, and start-up waits for it."""


class _StrictLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """Refuses a key given twice in one mapping: plain YAML silently keeps the last."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)  # type: ignore[no-untyped-call]
        if key in seen:
            raise YamlProblem(
                f"line {key_node.start_mark.line + 1}: duplicate key '{key}'"
                f" (first at line {seen[key]})"
            )
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,  # type: ignore[arg-type]
)


def parse_yaml(text: str) -> Any:
    """Parse with duplicate keys refused; any failure becomes one YamlProblem."""
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        what = error.problem or error.context or "invalid YAML"
        raise YamlProblem(f"YAML syntax error at {where}{what}") from error
    except yaml.YAMLError as error:
        raise YamlProblem(f"YAML syntax error: {error}") from error


def item_name(items: Sequence[Any], index: int) -> str:
    """`.household` for an item with a unique key, `[3]` otherwise."""
    item = items[index] if 0 <= index < len(items) else None
    key = item.get("key") if isinstance(item, Mapping) else None
    if isinstance(key, str) and key:
        same = [other for other in items if isinstance(other, Mapping) and other.get("key") == key]
        if len(same) == 1:
            return f".{key}"
    return f"[{index}]"


def field_path(prefix: str, loc: Sequence[int | str], raw: Any) -> str:
    """Join a pydantic location onto `prefix`, walking the raw data to name list items."""
    path = prefix
    node = raw
    for part in loc:
        if isinstance(part, int) and isinstance(node, list):
            path += item_name(node, part)
            node = node[part] if 0 <= part < len(node) else None
        else:
            path += f".{part}" if path else str(part)
            node = node.get(part) if isinstance(node, Mapping) else None
    return path


def describe(error: Mapping[str, Any]) -> str:
    """One pydantic error as a sentence, naming the field's bad value where that helps."""
    kind = str(error["type"])
    loc = tuple(error["loc"])
    last = str(loc[-1]) if loc else ""
    value = error.get("input")
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if last in _TRANSLATIONS and kind == "missing":
        return f"missing translation ({last})"
    if last in _TRANSLATIONS and kind in ("string_too_short", "string_type"):
        return f"empty translation ({last})"
    if kind == "missing":
        return f"missing required field '{last}'"
    if kind == "string_type" and isinstance(value, int | float | bool):
        return f"expected text, got {value!r} (put it in quotes in the YAML: '{value}')"
    if kind == "extra_forbidden":
        return f"unknown field '{last}' (a typo?)"
    if kind == "enum":
        return f"unknown {last} '{value}' (expected {ctx.get('expected', '')})"
    if kind == "model_type" and ctx.get("class_name") == "Text":
        return "expected both translations, as {zh: ..., en: ...}"
    if kind in ("model_type", "dict_type"):
        return f"expected a mapping, got {_shown(value)}"
    if kind == "list_type":
        return f"expected a list, got {_shown(value)}"
    if kind == "too_short":
        return f"must not be empty (at least {ctx.get('min_length', 1)} item)"
    if kind == "string_pattern_mismatch":
        return f"'{value}' does not have the required form {ctx.get('pattern', '')}"
    if kind == "greater_than_equal":
        return f"must be {ctx.get('ge')} or more, got {value}"
    return f"{error['msg']}, got {_shown(value)}"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def errors_of(error: ValidationError) -> list[dict[str, Any]]:
    """The errors without pydantic's documentation URLs, which mean nothing to an editor."""
    return [dict(item) for item in error.errors(include_url=False)]
