"""Builds the shared resources once and hands them to the components that need them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine

from backend.storage.engine import create_engine
from daiban.settings import Settings


@asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """The one engine of the process, disposed of when the work is done."""
    engine = create_engine(settings.storage)
    try:
        yield engine
    finally:
        await engine.dispose()
