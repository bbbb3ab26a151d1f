"""The search benchmark still runs and prints its figures (no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "catalog_search.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BENCH), "--queries", "20", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_catalog_search_benchmark_prints_load_time_percentiles_and_baseline() -> None:
    result = _run()
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for text in ("load", "index build included", "p50", "p99", "index: Catalog.search",
                 "baseline: substring scan", "baseline: rapidfuzz", "target: p99 <= 2 ms"):
        assert text in out, text


def test_the_catalog_search_benchmark_speaks_json() -> None:
    result = _run("--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["queries"] == 20
    assert figures["load_ms"] > 0
    assert figures["methods"][0]["name"] == "index: Catalog.search"
    assert all(method["p99_us"] >= method["p50_us"] > 0 for method in figures["methods"])
