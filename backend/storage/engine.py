"""The database engine: SQLite (embedded default) or PostgreSQL, chosen by URL.

SQLite needs three things to behave under concurrent writers: WAL (readers never block
the writer), a busy timeout (a writer waits instead of failing at once), and write
transactions that take the write lock when they begin (`BEGIN IMMEDIATE`); otherwise
two transactions that both read then write deadlock and one fails with "database is
locked" instead of waiting its turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from backend.storage.settings import StorageSettings

READ_ONLY = {"daiban_read_only": True}
"""Execution options for a transaction that only reads: on SQLite it begins deferred."""


def normalize_url(url: str) -> str:
    """Accept the usual URL spellings and pick the async driver for each."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    elif parsed.drivername == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    return parsed.render_as_string(hide_password=False)


def create_engine(settings: StorageSettings) -> AsyncEngine:
    """Build the engine the components share; the caller disposes of it."""
    url = make_url(normalize_url(settings.database_url))
    if url.get_backend_name() != "sqlite":
        connect_args: dict[str, Any] = {}
        if settings.database_schema:
            connect_args["server_settings"] = {"search_path": settings.database_schema}
        return create_async_engine(
            url, echo=settings.echo_sql, pool_pre_ping=True, connect_args=connect_args
        )
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, echo=settings.echo_sql)
    _make_sqlite_transactional(engine, settings.sqlite_busy_timeout_ms)
    return engine


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def _make_sqlite_transactional(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    """Take transaction control from the sqlite3 module and begin writers immediately."""
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The sqlite3 module would otherwise issue its own deferred BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        read_only = connection.get_execution_options().get("daiban_read_only", False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def reader(engine: AsyncEngine) -> AsyncEngine:
    """The same engine (and pool) for work that only reads: no write lock on SQLite."""
    return engine.execution_options(**READ_ONLY)


_WRITE_LOCKS: weakref.WeakKeyDictionary[Any, asyncio.Lock] = weakref.WeakKeyDictionary()


@contextlib.asynccontextmanager
async def write_turn(engine: AsyncEngine) -> AsyncIterator[None]:
    """On SQLite, one writer of this process at a time, queued fairly in asyncio;
    elsewhere nothing (PostgreSQL handles concurrent writers itself)."""
    if not is_sqlite(engine):
        yield
        return
    lock = _WRITE_LOCKS.setdefault(engine.sync_engine, asyncio.Lock())
    async with lock:
        yield
