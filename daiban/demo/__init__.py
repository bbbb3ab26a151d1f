"""Demo data shaped like the reference district (shared/domain.md §0): not official data."""

from pathlib import Path

DEMO_OFFICES = Path(__file__).parent / "offices.yaml"
