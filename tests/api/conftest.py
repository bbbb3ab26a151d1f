"""A live case-service app on a real database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.api import ApiContext, create_app
from backend.calendar import CalendarSettings, load_calendar
from backend.service.offices import import_offices
from daiban.demo import DEMO_OFFICES
from matter_catalog.loader import load_catalog

TOKEN = "test-service-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture
async def api(engine: AsyncEngine, catalog) -> AsyncIterator[TestClient]:
    await import_offices(engine, DEMO_OFFICES)
    context = ApiContext(engine=engine, catalog=catalog,
                         calendar=load_calendar(CalendarSettings()), service_token=TOKEN)
    async with TestClient(TestServer(create_app(context))) as client:
        yield client
