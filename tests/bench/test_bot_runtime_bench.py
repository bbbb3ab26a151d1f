"""The bot runtime benchmark still runs, tiny, and prints both bots and the ratio (no timing
asserted): a sandbox, a daiban bot and a bare PTB echo bot in processes of their own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bot_runtime.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BENCH), "--quick", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_bot_runtime_benchmark_prints_both_bots_and_the_cpu_ratio() -> None:
    result = _run()
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for text in ("10 users x 2 messages", "rates raised", "not the platform's limits",
                 "echo (bare PTB)", "daiban (BotRuntime)", "updates/s", "p50 ms", "p99 ms",
                 "CPU ms/update", "ratio daiban/echo, CPU per update", "target <= 2x"):
        assert text in out, text
    assert "error" not in out


def test_the_bot_runtime_benchmark_speaks_json_and_answers_every_message() -> None:
    result = _run("--json", "--users", "4", "--concurrency", "8")
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(result.stdout)
    assert (figures["users"], figures["messages"], figures["concurrency"]) == (4, 2, 8)
    echo, daiban = figures["bots"]
    assert (echo["bot"], daiban["bot"]) == ("echo", "daiban")
    for bot in (echo, daiban):
        assert bot["updates"] == 4 * 2
        assert bot["failures"] == []
        assert bot["updates_per_s"] > 0
        assert bot["p99_ms"] >= bot["p50_ms"] > 0
        assert bot["cpu_s"] >= 0
    assert figures["cpu_ratio"] >= 0
    assert figures["target_ratio"] == 2.0
