"""Offices and matters as the notifier needs them for every message: read from the case
service once and kept a while, since they change rarely and a burst of events would
otherwise ask for the same office hundreds of times."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from backend_client import CaseServiceClient
from wire.catalog import MatterDetail
from wire.offices import OfficeView

V = TypeVar("V")
KEEP_SECONDS = 600.0


class _Cache(Generic[V]):
    def __init__(self, fetch: Callable[[str], Awaitable[V]], keep: float) -> None:
        self._fetch = fetch
        self._keep = keep
        self._values: dict[str, tuple[float, V]] = {}

    async def get(self, key: str) -> V:
        now = time.monotonic()
        found = self._values.get(key)
        if found is not None and now - found[0] < self._keep:
            return found[1]
        value = await self._fetch(key)
        self._values[key] = (now, value)
        return value


class Lookups:
    """`office(code)` and `matter(code)`, each fetched at most once per `keep` seconds."""

    def __init__(self, cases: CaseServiceClient, keep: float = KEEP_SECONDS) -> None:
        self._offices = _Cache(cases.office, keep)
        self._matters = _Cache(cases.matter, keep)

    async def office(self, code: str) -> OfficeView:
        return await self._offices.get(code)

    async def matter(self, code: str) -> MatterDetail:
        return await self._matters.get(code)
