"""A live case-service app on a real database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.api import ApiContext, create_app
from backend.calendar import CalendarSettings, load_calendar
from backend.service.clock import FixedClock
from backend.service.context import ServiceContext
from backend.service.offices import import_offices
from backend.service.privacy import IdCipher
from daiban.demo import DEMO_OFFICES
from matter_catalog.loader import load_catalog

TOKEN = "test-service-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
KEY = base64.urlsafe_b64encode(b"test-key-of-32-bytes-for-fernet!").decode()
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture
def clock() -> FixedClock:
    """The service's clock: stands still at NOW until a test moves it."""
    return FixedClock(NOW)


@pytest.fixture
async def api(engine: AsyncEngine, catalog, clock: FixedClock) -> AsyncIterator[TestClient]:
    await import_offices(engine, DEMO_OFFICES)
    services = ServiceContext(
        engine=engine, catalog=catalog, calendar=load_calendar(CalendarSettings()),
        clock=clock, cipher=IdCipher(KEY))
    context = ApiContext(services=services, service_token=TOKEN)
    async with TestClient(TestServer(create_app(context))) as client:
        yield client
