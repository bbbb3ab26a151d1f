"""Fixtures for the bot's own parts: its store, on SQLite and on PostgreSQL when set."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store import BotStore
from bot.store import migrate as bot_migrate


@pytest.fixture
async def bot_store(empty_engine: AsyncEngine) -> BotStore:
    """The bot's tables alone, migrated to head, on an empty database."""
    await bot_migrate.upgrade(empty_engine)
    return BotStore(empty_engine)
