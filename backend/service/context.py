"""What the use cases share: the catalog, the calendar, the clock, the cipher, the rules
the district configures. Built once by the composition root, passed to every use case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from backend.calendar import DistrictCalendar
from backend.service.clock import Clock
from backend.service.privacy import IdCipher
from matter_catalog.catalog import Catalog


@dataclass(frozen=True)
class ServiceContext:
    engine: AsyncEngine
    catalog: Catalog
    calendar: DistrictCalendar
    clock: Clock
    cipher: IdCipher
    case_number_prefix: str = "PG"
    privacy_notice_version: str = "2026-11"
    booking_days_ahead: int = 10
    idempotency_stale_after: timedelta = timedelta(seconds=60)
