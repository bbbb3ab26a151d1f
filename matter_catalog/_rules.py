"""The rules a matter must keep beyond its schema, each on the parts it needs.

The rules take the matter's fields one group at a time, so a matter with a schema error
in one place (say an unknown tier) is still checked everywhere else: the editor sees every
problem of the file in one run instead of fixing them one reload at a time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from matter_catalog.models import (
    FieldType,
    FormField,
    LimitUnit,
    Material,
    RouteStep,
    TimeLimit,
    Trips,
)

Finding = tuple[str, str]
"""A field path relative to the matter and a message."""

_CHOICE_TYPES = (FieldType.CHOICE, FieldType.MULTI_CHOICE)
_UNIT_WORDS = {LimitUnit.WORKING_DAYS: "working days", LimitUnit.NATURAL_DAYS: "natural days"}


def matter_findings(fields: Mapping[str, Any]) -> list[Finding]:
    """Every rule whose inputs validated; `fields` maps field names to validated values."""
    findings: list[Finding] = []
    route = fields.get("route")
    if isinstance(route, list) and route:
        findings += route_findings(route)
    form = fields.get("form")
    if isinstance(form, list):
        findings += form_findings(form)
    materials = fields.get("materials")
    if isinstance(materials, list):
        findings += _duplicate_keys("materials", "material", materials)
    promised, legal = fields.get("promised_limit"), fields.get("legal_limit")
    if isinstance(promised, TimeLimit) and isinstance(legal, TimeLimit):
        findings += limit_findings(promised, legal)
    trips = fields.get("trips")
    if isinstance(trips, Trips):
        findings += trips_findings(trips)
    return findings


def route_findings(route: Sequence[RouteStep]) -> list[Finding]:
    """A case must end in someone's decision; a route that only forwards never closes."""
    if any(step.action.decides for step in route):
        return []
    return [("route", "the route has no deciding step (approve or decide)")]


def form_findings(form: Sequence[FormField]) -> list[Finding]:
    """A choice question without choices cannot be asked; choices elsewhere are ignored."""
    findings = _duplicate_keys("form", "form field", form)
    for name, field in zip(_names(form), form, strict=True):
        where = f"form{name}.choices"
        if field.type in _CHOICE_TYPES and not field.choices:
            findings.append((where, f"a {field.type.value} field needs choices"))
        elif field.type not in _CHOICE_TYPES and field.choices:
            findings.append((where, "choices are only for choice and multi_choice fields"
                             f" (this field's type is '{field.type.value}')"))
        findings += _duplicate_keys(where, "choice", field.choices)
        low, high = getattr(field, "minimum", None), getattr(field, "maximum", None)
        if low is not None and high is not None and low > high:
            findings.append((f"form{name}.minimum", f"minimum {low:g} is above maximum {high:g}"
                             " (no answer could pass)"))
    return findings


def limit_findings(promised: TimeLimit, legal: TimeLimit) -> list[Finding]:
    """A promise to the villager may never be later than what the law allows."""
    if promised.unit is legal.unit:
        promised_days, legal_days = promised.days, legal.days
    else:
        promised_days = _longest_span(promised.days, promised.unit)
        legal_days = _shortest_span(legal.days, legal.unit)
    if promised_days <= legal_days:
        return []
    converted = "" if promised.unit is legal.unit else (
        f" (compared as {promised_days} against {legal_days} natural days,"
        " counting working days as ordinary Monday-to-Friday weeks)"
    )
    return [("promised_limit", f"promised limit {_days(promised)} is above the legal limit"
             f" {_days(legal)}{converted}")]


def trips_findings(trips: Trips) -> list[Finding]:
    """A visit the station cannot spare the villager must say why (for the notice)."""
    if trips.count >= 1 and trips.reason is None:
        return [("trips.reason", f"trips.count is {trips.count} but no reason is given"
                 " for the villager's visit")]
    return []


def _longest_span(days: int, unit: LimitUnit) -> int:
    """The most natural days a limit can cover: the promise read at its latest.

    N working days counted from a Friday acceptance span N plus two weekend days for
    every started week: 1 working day can end 3 natural days later. Public holidays are
    not modelled, so a Spring Festival week can still stretch a working-day promise
    further; the rule catches every promise that is late in an ordinary week.
    """
    if unit is LimitUnit.NATURAL_DAYS or days == 0:
        return days
    return days + 2 * -(-days // 5)


def _shortest_span(days: int, unit: LimitUnit) -> int:
    """The fewest natural days a limit can cover: the law read at its strictest.

    N working days counted from a Sunday acceptance run Monday first, so only every
    completed week adds a weekend: 5 working days can end 5 natural days later.
    """
    if unit is LimitUnit.NATURAL_DAYS or days == 0:
        return days
    return days + 2 * ((days - 1) // 5)


def _days(limit: TimeLimit) -> str:
    return f"{limit.days} {_UNIT_WORDS[limit.unit]}"


def _names(items: Sequence[Any]) -> list[str]:
    """`.key` for an item with a unique key, `[i]` otherwise (as in the schema problems)."""
    keys = [getattr(item, "key", None) for item in items]
    return [f".{key}" if key and keys.count(key) == 1 else f"[{index}]"
            for index, key in enumerate(keys)]


def _duplicate_keys(
    where: str, noun: str, items: Sequence[Material | FormField | Any]
) -> list[Finding]:
    """Keys name answers and checklist lines; two items with one key overwrite each other."""
    first: dict[str, int] = {}
    findings: list[Finding] = []
    for index, item in enumerate(items):
        key = item.key
        if key in first:
            findings.append((f"{where}[{index}].key",
                             f"duplicate {noun} key '{key}' (first at {where}[{first[key]}])"))
        else:
            first[key] = index
    return findings
