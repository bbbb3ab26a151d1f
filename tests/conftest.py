"""Shared fixtures: a migrated database on SQLite, and on PostgreSQL when CI provides one."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from backend.storage import migrate
from backend.storage.engine import create_engine, normalize_url
from backend.storage.settings import StorageSettings

POSTGRES_URL = os.environ.get("DAIBAN_TEST_POSTGRES_URL", "")
ROOT = Path(__file__).resolve().parent.parent

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgres",
        marks=pytest.mark.skipif(not POSTGRES_URL, reason="DAIBAN_TEST_POSTGRES_URL not set"),
    ),
]


@pytest.fixture(params=BACKENDS)
async def storage_settings(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[
    StorageSettings
]:
    """Settings for an empty database of its own: a SQLite file or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield StorageSettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        return
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(normalize_url(POSTGRES_URL))
    async with admin.begin() as connection:
        await connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield StorageSettings(database_url=POSTGRES_URL, database_schema=schema)
    finally:
        async with admin.begin() as connection:
            await connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.dispose()


@pytest.fixture
async def empty_engine(storage_settings: StorageSettings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(storage_settings)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
async def engine(empty_engine: AsyncEngine) -> AsyncEngine:
    """A database migrated to head."""
    await migrate.upgrade(empty_engine)
    return empty_engine


# -- the browser: Debian's Chromium with a Chinese font, driven by playwright ----------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
"""This machine has no internet: without the background-networking flags Chromium stalls."""
BROWSER_PACKAGES = ["chromium", "fonts-noto-cjk", "fonts-noto-color-emoji"]
ARTIFACTS = ROOT / "var" / "test-artifacts"


def _missing_packages() -> list[str]:
    return [name for name in BROWSER_PACKAGES
            if subprocess.run(["dpkg", "-s", name], capture_output=True).returncode != 0]


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium and a CJK font, installed by apt on a fresh machine (the test
    command installs what the browser tests need; it fails, not skips, if it cannot)."""
    missing = _missing_packages()
    if missing:
        env = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
        log: list[str] = []
        for step in (["apt-get", "update"], ["apt-get", "install", "-y", *missing]):
            result = subprocess.run(step, capture_output=True, text=True, timeout=900, env=env)
            log.append(result.stdout + result.stderr)
            if result.returncode != 0:
                pytest.fail(f"{' '.join(step)} failed:\n" + "\n".join(log), pytrace=False)
    assert Path(CHROMIUM).exists(), "chromium is still missing"
    return CHROMIUM


@pytest.fixture
async def page(chromium: str) -> AsyncIterator[Any]:
    """A fresh page in headless Chromium."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium,
                                                   args=CHROMIUM_ARGS, headless=True)
        try:
            yield await browser.new_page(viewport={"width": 1000, "height": 700})
        finally:
            await browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where browser tests keep screenshots (var/ is not committed)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
