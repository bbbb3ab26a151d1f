"""Routes: the shapes the state machine can walk, and the domain's standard-library diet."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from backend.domain.errors import DomainError
from backend.domain.route import Route

from .builders import FULL, TOWN_NOW, VILLAGE_NOW, D, T, V, route

DOMAIN = Path(__file__).resolve().parents[2] / "backend" / "domain"


@pytest.mark.parametrize("steps", [
    [(V, "accept", 1), (T, "decide", 0)],  # 即办 at the town
    [(V, "accept", 0), (D, "decide", 0)],  # assisted online, decided by the district
    [(V, "accept", 0), (V, "decide", 0)],  # the station completes it itself
    [(V, "accept", 1), (T, "review", 10), (D, "review", 5), (D, "approve", 5)],
    [(V, "accept", 1), (V, "review", 4), (T, "review", 15), (D, "approve", 10)],
    [(V, "accept", 1), (T, "decide", 2), (D, "approve", 5), (V, "deliver", 2)],
    [(V, "accept", 1), (T, "decide", 5), (V, "deliver", 1)],
])
def test_the_catalogs_route_shapes_are_walkable(steps: list[tuple[object, str, int]]) -> None:
    route(*steps)  # type: ignore[arg-type]


@pytest.mark.parametrize(("steps", "code"), [
    ([], "route.empty"),
    ([(T, "accept", 1), (T, "decide", 1)], "route.must_start_with_station_accept"),
    ([(V, "review", 1), (T, "decide", 1)], "route.must_start_with_station_accept"),
    ([(V, "accept", 1), (T, "review", 1)], "route.no_deciding_step"),
    ([(V, "accept", 1), (D, "review", 1), (T, "decide", 1)], "route.goes_down_before_decision"),
    ([(V, "accept", 1), (T, "accept", 1), (T, "decide", 1)], "route.misplaced_step"),
    ([(V, "accept", 1), (T, "deliver", 1), (T, "decide", 1)], "route.misplaced_step"),
    ([(V, "accept", 1), (T, "decide", 1), (T, "deliver", 1)],
     "route.only_station_delivery_after_decision"),
    ([(V, "accept", 1), (T, "decide", 1), (V, "deliver", 1), (V, "deliver", 1)],
     "route.only_station_delivery_after_decision"),
    ([(V, "accept", -1), (T, "decide", 1)], "route.negative_limit"),
])
def test_a_route_the_workflow_cannot_walk_is_refused_when_built(
    steps: list[tuple[object, str, int]], code: str,
) -> None:
    with pytest.raises(DomainError) as refused:
        route(*steps)  # type: ignore[arg-type]
    assert refused.value.code == code


def test_a_route_knows_its_deciding_and_delivery_steps() -> None:
    assert (FULL.deciding_index, FULL.delivery_index) == (2, 3)
    assert (TOWN_NOW.deciding_index, TOWN_NOW.delivery_index) == (1, None)
    assert VILLAGE_NOW.deciding_step.tier is V
    bundle = route((V, "accept", 1), (T, "decide", 2), (D, "approve", 5))
    assert bundle.deciding_index == 2  # the last approve/decide decides
    assert FULL.lower_tier_index(2) == 1 and FULL.lower_tier_index(1) == 0


def test_an_empty_route_object_cannot_exist() -> None:
    with pytest.raises(DomainError):
        Route(())


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_domain_imports_only_the_standard_library_and_itself() -> None:
    foreign = sorted(
        f"{path.name}: {name}" for path in DOMAIN.glob("*.py") for name in _imports(path)
        if name.split(".")[0] not in sys.stdlib_module_names
        and not name.startswith("backend.domain")
    )
    assert foreign == []
