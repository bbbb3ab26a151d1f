"""The CLI's tests run in a directory and database of their own."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, storage_settings) -> Path:
    """A var directory of the test's own and its database (SQLite or PostgreSQL)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DAIBAN_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("DAIBAN_DATABASE_URL", storage_settings.database_url)
    monkeypatch.setenv("DAIBAN_DATABASE_SCHEMA", storage_settings.database_schema)
    monkeypatch.delenv("DAIBAN_HOLIDAY_FILE", raising=False)
    return tmp_path
