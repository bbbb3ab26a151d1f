"""Staff: invites and joining, memberships, retirement, and who a case's prompt goes to.

An invite's code is shown once and stored only as its hash; whoever sends it to the bot
becomes staff of that office in that role. The rules of who may invite or retire whom
are backend/domain/staffing.py's; every change is written to the staff audit log with
its actor and time, in the same transaction as the change itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from backend.domain.case import allowed_actions
from backend.domain.rights import Actor, OfficeRelation, Role
from backend.domain.staffing import (
    Manager,
    Reach,
    StaffingError,
    check_invite,
    check_redeem,
    check_retire,
    may_manage,
)
from backend.domain.states import CaseAction
from backend.domain.tier import Tier
from backend.service.clock import Clock
from backend.service.errors import ServiceError
from backend.service.uow import UnitOfWork
from backend.service.viewers import CallerIdentity, memberships_of

INVITE_PREFIX = "s-"
"""Invite codes start with this, so a deep link's argument says what kind it is."""
OPERATOR = CallerIdentity(actor_id=None, role=None)
"""The district itself (the CLI, the bot acting as itself): no person behind the call."""

_ROLE_TIERS: dict[Role, frozenset[Tier]] = {
    Role.AGENT: frozenset({Tier.VILLAGE}),
    Role.REVIEWER: frozenset({Tier.TOWN, Tier.DISTRICT}),
    Role.APPROVER: frozenset({Tier.TOWN, Tier.DISTRICT}),
    Role.SUPERVISOR: frozenset(Tier),
    Role.ADMIN: frozenset(Tier),
}
"""Which offices a role exists at: agents work at stations, reviewers and approvers at
the centers that review and decide; every office has a head and account managers."""


@dataclass(frozen=True)
class Invite:
    code: str
    office_code: str
    role: str
    expires_at: dt.datetime


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _refuse(error: StaffingError, **details: Any) -> ServiceError:
    return ServiceError(error.code, **details)


async def reach(uow: UnitOfWork, manager_office: str, target_office: str) -> Reach:
    """SAME, BELOW (a descendant, up to two levels down) or OTHER."""
    if manager_office == target_office:
        return Reach.SAME
    code: str | None = target_office
    for _ in range(2):
        office = await uow.offices.get(code) if code else None
        code = office.parent_code if office else None
        if code == manager_office:
            return Reach.BELOW
    return Reach.OTHER


async def _manager_for(uow: UnitOfWork, caller: CallerIdentity | None, office_code: str,
                       role: Role) -> tuple[Manager | None, Reach]:
    """The caller's membership that may manage `role` at the office (None: the CLI)."""
    if caller is None:
        return None, Reach.SAME
    first: tuple[Manager, Reach] | None = None
    for row in await memberships_of(uow, caller):
        manager = Manager(row.id, Role(row.role), row.active)
        where = await reach(uow, row.office_code, office_code)
        if may_manage(manager, where, role):
            return manager, where
        first = first or (manager, where)
    assert first is not None
    return first


async def _office(uow: UnitOfWork, office_code: str) -> Any:
    office = await uow.offices.get(office_code)
    if office is None:
        raise ServiceError("office.unknown", office=office_code)
    return office


async def create_invite(clock: Clock, uow: UnitOfWork, caller: CallerIdentity | None,
                        *, office_code: str, role: str, valid_hours: int = 24) -> Invite:
    """A one-time code for a new member of `office_code` (`caller` None: the operator)."""
    office = await _office(uow, office_code)
    try:
        staff_role = Role(role)
    except ValueError:
        raise ServiceError("staff.bad_role", role=role) from None
    if office.tier not in _ROLE_TIERS.get(staff_role, frozenset()):
        raise ServiceError("staff.role_not_at_office", role=role, tier=office.tier.value)
    manager, where = await _manager_for(uow, caller, office_code, staff_role)
    try:
        check_invite(manager, where, staff_role, valid_hours)
    except StaffingError as error:
        raise _refuse(error, office=office_code, role=role) from None
    now = clock.now()
    code = INVITE_PREFIX + secrets.token_urlsafe(12)
    invite_id = str(uuid.uuid4())
    expires = now + dt.timedelta(hours=valid_hours)
    await uow.invites.add(id=invite_id, code_hash=code_hash(code), office_code=office_code,
                          role=role, created_by=manager.staff_id if manager else None,
                          created_at=now, expires_at=expires)
    await uow.audit.record(at=now, action="invited", actor_id=manager and manager.staff_id,
                           staff_id=None, office_code=office_code, role=role,
                           detail={"invite_id": invite_id, "expires_at": expires.isoformat()})
    return Invite(code, office_code, role, expires)


async def join(clock: Clock, uow: UnitOfWork, *, code: str, messaging_id: str,
               name: str, language: str) -> Any:
    """The person who sent the code becomes staff; returns their membership row."""
    invite = await uow.invites.by_code_hash(code_hash(code.strip()))
    if invite is None:
        raise ServiceError("invite.unknown")
    now = clock.now()
    existing = await uow.staff.by_person_and_office(messaging_id, invite.office_code)
    try:
        check_redeem(used=invite.used_at is not None, expires_at=invite.expires_at, now=now,
                     already_member=existing is not None and existing.active)
    except StaffingError as error:
        raise _refuse(error, office=invite.office_code) from None
    clean_name = " ".join(name.split())[:100] or messaging_id
    if existing is None:
        staff_id = str(uuid.uuid4())
        await uow.staff.add(id=staff_id, messaging_id=messaging_id, name=clean_name,
                            office_code=invite.office_code, role=invite.role, active=True,
                            language=language, created_at=now, updated_at=now)
    else:  # someone retired from this office comes back, in the invite's role
        staff_id = existing.id
        await uow.staff.update(staff_id, name=clean_name, role=invite.role, active=True,
                               language=language, updated_at=now)
    if not await uow.invites.use(invite.id, staff_id, now):
        raise ServiceError("invite.used", office=invite.office_code)
    await uow.audit.record(at=now, action="joined", actor_id=invite.created_by,
                           staff_id=staff_id, office_code=invite.office_code,
                           role=invite.role, detail={"invite_id": invite.id})
    row = await uow.staff.get(staff_id)
    assert row is not None
    return row


async def my_memberships(uow: UnitOfWork, caller: CallerIdentity) -> list[Any]:
    """The caller's active memberships; none for someone who is not staff."""
    if caller.actor_id is None:
        raise ServiceError("rights.actor_required")
    return [row for row in await uow.staff.by_messaging_id(caller.actor_id) if row.active]


async def office_staff(uow: UnitOfWork, caller: CallerIdentity, office_code: str
                       ) -> list[Any]:
    """An office's active staff: for the service itself, its own staff, and the staff of
    the offices above it (who reassign and retire there)."""
    await _office(uow, office_code)
    if caller.actor_id is not None:
        offices = {row.office_code for row in await memberships_of(uow, caller)}
        if not any([await reach(uow, code, office_code) is not Reach.OTHER
                    for code in offices]):
            raise ServiceError("rights.not_yours")
    return await uow.staff.of_office(office_code)


async def retire(clock: Clock, uow: UnitOfWork, caller: CallerIdentity | None,
                 staff_id: str, reason: str | None = None) -> Any:
    """End a membership; the cases it holds stay held until a supervisor reassigns them."""
    target = await uow.staff.get(staff_id)
    if target is None:
        raise ServiceError("staff.unknown", staff_id=staff_id)
    manager, where = await _manager_for(uow, caller, target.office_code, Role(target.role))
    try:
        check_retire(manager, where, Role(target.role), target.id, target.active)
    except StaffingError as error:
        raise _refuse(error, staff_id=staff_id) from None
    now = clock.now()
    await uow.staff.update(staff_id, active=False, updated_at=now)
    await uow.audit.record(at=now, action="retired", actor_id=manager and manager.staff_id,
                           staff_id=staff_id, office_code=target.office_code,
                           role=target.role, detail={"reason": (reason or "")[:500]})
    row = await uow.staff.get(staff_id)
    assert row is not None
    return row


async def claimants(uow: UnitOfWork, caller: CallerIdentity, case_id: str) -> list[Any]:
    """The staff who may claim the case now: the people its handoff prompt goes to.
    Asked by the bot itself, which sends the prompts."""
    if caller.actor_id is not None:
        raise ServiceError("rights.for_services_only")
    record = await uow.cases.get(case_id)
    if record is None:
        raise ServiceError("case.unknown", case_id=case_id)
    case = record.snapshot
    rows = []
    for row in await uow.staff.of_office(case.office_code):
        actor = Actor.staff(row.id, Role(row.role), row.office_code, OfficeRelation.SAME,
                            active=row.active)
        if CaseAction.CLAIM in allowed_actions(case, actor):
            rows.append(row)
    return rows


async def audit_log(uow: UnitOfWork, caller: CallerIdentity, office_code: str) -> list[Any]:
    """Who changed who works at the office, newest first (for its managers and above)."""
    await office_staff(uow, caller, office_code)
    return await uow.audit.of_offices([office_code])
