"""The unit of work: one transaction, the repositories on it, commit at the end.

Repositories never commit; a use case runs inside one unit of work, so its changes (a
case, its event, the slot, the idempotency record) commit together or not at all.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from backend.storage.calls import CallRepository
from backend.storage.cases import CaseRepository
from backend.storage.custody import CustodyRepository
from backend.storage.drafts import DraftRepository
from backend.storage.engine import reader, write_turn
from backend.storage.followers import FollowerRepository
from backend.storage.offices import OfficeRepository
from backend.storage.people import ResidentRepository, StaffRepository
from backend.storage.slots import SlotRepository
from backend.storage.staffing import AuditRepository, InviteRepository


@dataclass(frozen=True)
class UnitOfWork:
    connection: AsyncConnection
    pending_events: list[Any] = field(default_factory=list)

    @property
    def offices(self) -> OfficeRepository:
        return OfficeRepository(self.connection)

    @property
    def residents(self) -> ResidentRepository:
        return ResidentRepository(self.connection)

    @property
    def staff(self) -> StaffRepository:
        return StaffRepository(self.connection)

    @property
    def custody(self) -> CustodyRepository:
        return CustodyRepository(self.connection)

    @property
    def followers(self) -> FollowerRepository:
        return FollowerRepository(self.connection)

    @property
    def calls(self) -> CallRepository:
        return CallRepository(self.connection)

    @property
    def invites(self) -> InviteRepository:
        return InviteRepository(self.connection)

    @property
    def audit(self) -> AuditRepository:
        return AuditRepository(self.connection)

    @property
    def drafts(self) -> DraftRepository:
        return DraftRepository(self.connection)

    @property
    def slots(self) -> SlotRepository:
        return SlotRepository(self.connection)

    @property
    def cases(self) -> CaseRepository:
        return CaseRepository(self.connection, self.pending_events)


@asynccontextmanager
async def writing(engine: AsyncEngine) -> AsyncIterator[UnitOfWork]:
    """A write transaction (BEGIN IMMEDIATE on SQLite): commits when the block ends.

    On SQLite, writers of this process queue on an asyncio lock first: the database
    takes one writer at a time anyway, and queueing here costs nothing, while waiting
    in SQLite's busy handler means sleeping and polling (long tails under load). Case
    events are written last, just before commit (see CaseRepository).
    """
    async with write_turn(engine), engine.begin() as connection:
        unit = UnitOfWork(connection)
        yield unit
        await unit.cases.flush_events()


@asynccontextmanager
async def reading(engine: AsyncEngine) -> AsyncIterator[UnitOfWork]:
    """A read-only transaction: no write lock on SQLite."""
    async with reader(engine).connect() as connection:
        yield UnitOfWork(connection)
