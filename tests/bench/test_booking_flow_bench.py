"""The booking flow benchmark still runs, tiny, and prints both bots and the ratio (no timing
asserted): a sandbox, the whole `daiban run` process and a bare PTB echo bot, each villager
booking SJ01 to a case number."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "booking_flow.py"


def test_the_booking_flow_benchmark_makes_every_case_and_prints_both_bots_and_the_ratio(
        ) -> None:
    result = subprocess.run([sys.executable, str(BENCH), "--quick", "--villagers", "6",
                             "--warmup", "1"],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for text in ("6 villagers x 8 updates", "includes the case service",
                 "echo (bare PTB)", "daiban (booking, bot + case service)", "updates/s",
                 "p50 ms", "p99 ms", "CPU ms/update", "ratio daiban/echo, CPU per update",
                 "target <= 3x"):
        assert text in out, text
    assert "failed" not in out
    rows = [line for line in out.splitlines() if "│      48 │" in line]
    assert len(rows) == 2, out  # both bots answered all 6 x 8 updates
