"""The notification latency benchmark still runs, tiny, and prints both notifiers with
every receipt delivered (no timing asserted): a sandbox, the whole `daiban run` process
and a bare feed-to-sendMessage relay reading the same events."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "notification_latency.py"


def test_the_notification_benchmark_delivers_every_receipt_through_both_notifiers() -> None:
    result = subprocess.run([sys.executable, str(BENCH), "--cases", "8", "--stations", "3",
                             "--settle", "1", "--json"],
                            capture_output=True, text=True, timeout=240, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(result.stdout)
    for name in ("daiban", "baseline"):
        assert (figures[name]["delivered"], figures[name]["missing"]) == (8, 0), figures
        assert 0 < figures[name]["p50_s"] <= figures[name]["p99_s"]
