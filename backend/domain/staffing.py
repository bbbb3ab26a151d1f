"""Who may change who works where: invites, joining, retirement. Pure rules.

- A **supervisor** runs the work of their own office: they invite its agents, reviewers
  and approvers, and retire them. They may not make supervisors or admins: heads are
  appointed from above.
- An **admin** manages accounts for their office and every office below it (a town's
  admin for its villages, the district's for everything), any role.
- Nobody retires themselves: an office must not lose its last manager by a slip of the
  thumb; another manager (or the operator on the CLI) does it.
- An invite is used once, before it expires; a person holds one membership per office.

The operator's CLI acts as the district itself and is not checked here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from backend.domain.rights import Role


class StaffingError(Exception):
    """A refused staffing command; the code is published like ErrorCode's."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Reach(StrEnum):
    """Where the target office stands from the manager's office (the service says)."""

    SAME = "same"
    BELOW = "below"  # a descendant: a town's village, the district's town or village
    OTHER = "other"


WORKING_ROLES = frozenset({Role.AGENT, Role.REVIEWER, Role.APPROVER})
STAFF_ROLES = frozenset({*WORKING_ROLES, Role.SUPERVISOR, Role.ADMIN})
MAX_VALID_HOURS = 168


@dataclass(frozen=True, slots=True)
class Manager:
    """A staff member as far as staffing cares."""

    staff_id: str
    role: Role
    active: bool = True


def may_manage(manager: Manager, reach: Reach, role: Role) -> bool:
    """Whether the manager may invite or retire someone of `role` at that office."""
    if not manager.active or role not in STAFF_ROLES:
        return False
    if manager.role is Role.ADMIN:
        return reach in (Reach.SAME, Reach.BELOW)
    if manager.role is Role.SUPERVISOR:
        return reach is Reach.SAME and role in WORKING_ROLES
    return False


def check_invite(manager: Manager | None, reach: Reach, role: Role, valid_hours: int) -> None:
    """Raise unless this invite may be made (`manager` None: the operator's CLI)."""
    if role not in STAFF_ROLES:
        raise StaffingError("staff.bad_role")
    if not 1 <= valid_hours <= MAX_VALID_HOURS:
        raise StaffingError("staff.bad_valid_hours")
    if manager is not None and not may_manage(manager, reach, role):
        raise StaffingError("staff.not_allowed")


def check_redeem(*, used: bool, expires_at: dt.datetime, now: dt.datetime,
                 already_member: bool) -> None:
    """Raise unless an invite found by its code may be used now by this person."""
    if used:
        raise StaffingError("invite.used")
    if now >= expires_at:
        raise StaffingError("invite.expired")
    if already_member:
        raise StaffingError("staff.already_member")


def check_retire(manager: Manager | None, reach: Reach, target_role: Role,
                 target_id: str, target_active: bool) -> None:
    """Raise unless the manager may retire this membership now."""
    if not target_active:
        raise StaffingError("staff.already_retired")
    if manager is None:
        return
    if manager.staff_id == target_id:
        raise StaffingError("staff.cannot_retire_self")
    if not may_manage(manager, reach, target_role):
        raise StaffingError("staff.not_allowed")
