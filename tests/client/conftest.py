"""The live case service of tests/api, reached through backend_client.

The fixtures of tests/api/conftest.py (`api`, `catalog`, `clock`, ...) are imported
whole, so this directory runs against exactly the app the API tests use.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient

from backend_client import Backoff, CaseServiceClient
from tests.api.conftest import *  # noqa: F403
from tests.api.conftest import TOKEN

FAST = Backoff(base=0.01, cap=0.05)


def base_url(server: TestClient) -> str:
    return str(server.server.make_url("/"))


@pytest.fixture
async def client(api: TestClient) -> AsyncIterator[CaseServiceClient]:
    async with CaseServiceClient(base_url(api), TOKEN, backoff=FAST) as service:
        yield service
