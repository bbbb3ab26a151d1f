"""Shared fixtures: a migrated database on SQLite, and on PostgreSQL when CI provides one."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

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
