"""The schema migrates up and down on every supported database."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.storage import migrate
from backend.storage.engine import create_engine, normalize_url, reader
from backend.storage.settings import StorageSettings
from backend.storage.tables import metadata


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    return set(names) - {"alembic_version"}


async def test_an_empty_database_upgrades_to_head_and_back_down_to_nothing(
    empty_engine: AsyncEngine,
) -> None:
    await migrate.upgrade(empty_engine)
    assert await migrate.current_revision(empty_engine) == migrate.head_revision()
    assert await _tables(empty_engine) == set(metadata.tables)
    await migrate.downgrade(empty_engine, "base")
    assert await migrate.current_revision(empty_engine) is None
    assert await _tables(empty_engine) == set()


async def test_every_migration_steps_up_down_and_up_again(empty_engine: AsyncEngine) -> None:
    """The stairway: each revision's downgrade undoes exactly its upgrade."""
    previous = "base"
    for revision in migrate.all_revisions():
        await migrate.upgrade(empty_engine, revision)
        await migrate.downgrade(empty_engine, previous)
        await migrate.upgrade(empty_engine, revision)
        assert await migrate.current_revision(empty_engine) == revision
        previous = revision


async def test_upgrading_twice_changes_nothing(engine: AsyncEngine) -> None:
    await migrate.upgrade(engine)
    assert await migrate.current_revision(engine) == migrate.head_revision()


async def test_the_head_schema_matches_the_tables_the_code_declares(engine: AsyncEngine) -> None:
    """A column added to tables.py without a migration shows up here as a difference."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    def diff(sync_connection: object) -> list[object]:
        context = MigrationContext.configure(sync_connection)  # type: ignore[arg-type]
        return compare_metadata(context, metadata)

    async with engine.connect() as connection:
        differences = await connection.run_sync(diff)
    assert differences == []


@pytest.mark.parametrize("given, expected", [
    ("sqlite:///var/x.db", "sqlite+aiosqlite:///var/x.db"),
    ("postgresql://u:p@h/db", "postgresql+asyncpg://u:p@h/db"),
    ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
    ("postgresql+asyncpg://u@h/db", "postgresql+asyncpg://u@h/db"),
])
def test_usual_url_spellings_pick_the_async_driver(given: str, expected: str) -> None:
    assert normalize_url(given) == expected


async def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path) -> None:
    engine = create_engine(StorageSettings(database_url=f"sqlite:///{tmp_path / 'w.db'}",
                                           sqlite_busy_timeout_ms=4321))
    try:
        async with engine.connect() as connection:
            mode = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
            timeout = (await connection.exec_driver_sql("PRAGMA busy_timeout")).scalar()
        assert (mode, timeout) == ("wal", 4321)
    finally:
        await engine.dispose()


async def test_concurrent_sqlite_writers_wait_their_turn_instead_of_failing(tmp_path) -> None:
    """Read-then-write transactions on SQLite deadlock unless writers begin immediately."""
    engine = create_engine(StorageSettings(database_url=f"sqlite:///{tmp_path / 'c.db'}"))
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("CREATE TABLE counter (n INTEGER)")
            await connection.exec_driver_sql("INSERT INTO counter VALUES (0)")

        async def increment() -> None:
            async with engine.begin() as connection:
                n = (await connection.execute(text("SELECT n FROM counter"))).scalar_one()
                await asyncio.sleep(0.01)
                await connection.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})

        await asyncio.gather(*(increment() for _ in range(8)))
        async with reader(engine).connect() as connection:
            assert (await connection.execute(text("SELECT n FROM counter"))).scalar_one() == 8
    finally:
        await engine.dispose()
