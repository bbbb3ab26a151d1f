"""The case-creation benchmark still runs, tiny, and prints its figures (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "case_creation.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BENCH), "--cases", "20", *args],
                          capture_output=True, text=True, timeout=300, check=False)


def test_the_case_creation_benchmark_prints_rates_latencies_and_the_baseline_ratio() -> None:
    result = _run()
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for text in ("SQLite", "20 cases of WJ01", "concurrency 16", "driven through",
                 "calls/s", "cases/s", "p50 ms", "p99 ms", "case service, every call",
                 "POST /drafts", "POST /drafts/{id}/answers", "POST /drafts/{id}/submit",
                 "baseline: one insert + commit", "ratio (service calls/s / baseline calls/s)",
                 "target >= 0.5", "20 cases made, 20 distinct public numbers, 20 cases stored"):
        assert text in out, text


def test_the_case_creation_benchmark_speaks_json_and_answers_as_many_baseline_calls() -> None:
    result = _run("--json", "--concurrency", "4")
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(result.stdout)
    first = figures["results"][0]
    assert first["backend"].startswith("SQLite")
    assert (first["cases"], first["concurrency"], first["cases_made"]) == (20, 4, 20)
    assert first["distinct_numbers"] == first["cases_stored"] == 20
    service, baseline = first["service"], first["baseline"]
    assert service["calls"] >= 3 * 20  # a draft, at least one answer, a submit
    assert baseline["calls"] == service["calls"] == first["baseline_rows_stored"]
    assert service["errors"] == baseline["errors"] == 0
    for phase in (service, baseline):
        assert phase["calls_per_s"] > 0
        assert phase["p99_ms"] >= phase["p50_ms"] > 0
    assert service["cases_per_s"] > 0
    assert first["ratio"] > 0
