"""Settings: composed from each component, secrets generated once and never shown."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from daiban.settings import load_settings, mask_url_password, masked_items


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("DAIBAN_DATABASE_URL", "DAIBAN_SERVICE_TOKEN", "DAIBAN_ENCRYPTION_KEY",
                 "DAIBAN_TIME_ZONE", "DAIBAN_HOLIDAY_FILE", "DAIBAN_CASE_NUMBER_PREFIX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DAIBAN_VAR_DIR", str(tmp_path / "var"))


def test_the_default_database_is_a_sqlite_file_under_the_var_directory(tmp_path) -> None:
    settings = load_settings(None)
    assert settings.storage.database_url == (
        f"sqlite+aiosqlite:///{tmp_path / 'var' / 'daiban.db'}"
    )
    assert settings.calendar.time_zone == "Asia/Shanghai"


def test_missing_secrets_are_generated_once_with_owner_only_permissions(tmp_path) -> None:
    first = load_settings(None)
    second = load_settings(None)
    token = first.service.service_token.get_secret_value()
    assert len(token) >= 32
    assert second.service.service_token.get_secret_value() == token
    key_file = tmp_path / "var" / "secrets" / "encryption_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert second.service.encryption_key.get_secret_value() == key_file.read_text().strip()


def test_a_given_secret_is_used_and_nothing_is_written_for_it(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("DAIBAN_SERVICE_TOKEN", "given-token-value")
    settings = load_settings(None)
    assert settings.service.service_token.get_secret_value() == "given-token-value"
    assert not (tmp_path / "var" / "secrets" / "service_token").exists()


def test_environment_variables_and_the_env_file_both_reach_the_components(
    monkeypatch, tmp_path
) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("DAIBAN_CASE_NUMBER_PREFIX=XY\nDAIBAN_TIME_ZONE=Asia/Urumqi\n")
    monkeypatch.setenv("DAIBAN_TIME_ZONE", "Asia/Chongqing")
    settings = load_settings(env_file)
    assert settings.service.case_number_prefix == "XY"
    assert settings.calendar.time_zone == "Asia/Chongqing"  # the environment wins


def test_printed_settings_mask_every_secret_and_database_password(monkeypatch) -> None:
    monkeypatch.setenv("DAIBAN_DATABASE_URL", "postgresql://daiban:hunter2@db.local/daiban")
    settings = load_settings(None)
    printed = "\n".join(f"{c} {n} {v}" for c, n, v in masked_items(settings))
    assert "hunter2" not in printed
    assert settings.service.service_token.get_secret_value() not in printed
    assert settings.service.encryption_key.get_secret_value() not in printed
    assert "DAIBAN_SERVICE_TOKEN ********" in printed


@pytest.mark.parametrize("url, shown", [
    ("postgresql://u:pw@h:5432/db", "postgresql://u:********@h:5432/db"),
    ("postgresql://u@h/db", "postgresql://u@h/db"),
    ("sqlite+aiosqlite:///var/daiban.db", "sqlite+aiosqlite:///var/daiban.db"),
])
def test_database_passwords_are_masked_and_nothing_else(url: str, shown: str) -> None:
    assert mask_url_password(url) == shown
