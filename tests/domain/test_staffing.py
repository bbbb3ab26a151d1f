"""The staffing rules: who may invite or retire whom, and when an invite may be used."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from backend.domain.rights import Role
from backend.domain.staffing import (
    Manager,
    Reach,
    StaffingError,
    check_invite,
    check_redeem,
    check_retire,
    may_manage,
)

NOW = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)


@pytest.mark.parametrize(("role", "reach", "target", "allowed"), [
    (Role.SUPERVISOR, Reach.SAME, Role.AGENT, True),
    (Role.SUPERVISOR, Reach.SAME, Role.APPROVER, True),
    (Role.SUPERVISOR, Reach.SAME, Role.SUPERVISOR, False),
    (Role.SUPERVISOR, Reach.SAME, Role.ADMIN, False),
    (Role.SUPERVISOR, Reach.BELOW, Role.AGENT, False),
    (Role.ADMIN, Reach.SAME, Role.ADMIN, True),
    (Role.ADMIN, Reach.BELOW, Role.SUPERVISOR, True),
    (Role.ADMIN, Reach.OTHER, Role.AGENT, False),
    (Role.AGENT, Reach.SAME, Role.AGENT, False),
    (Role.APPROVER, Reach.SAME, Role.REVIEWER, False),
    (Role.ADMIN, Reach.SAME, Role.RESIDENT, False),
])
def test_managers_manage_by_role_and_reach(role, reach, target, allowed) -> None:
    assert may_manage(Manager("m", role), reach, target) is allowed


def test_a_retired_manager_manages_nobody() -> None:
    assert not may_manage(Manager("m", Role.ADMIN, active=False), Reach.SAME, Role.AGENT)


def test_the_operator_invites_anyone_but_not_for_longer_than_a_week() -> None:
    check_invite(None, Reach.OTHER, Role.ADMIN, 24)
    with pytest.raises(StaffingError, match=re.escape("staff.bad_valid_hours")):
        check_invite(None, Reach.SAME, Role.AGENT, 169)


@pytest.mark.parametrize(("used", "expires", "member", "code"), [
    (True, NOW + dt.timedelta(hours=1), False, "invite.used"),
    (False, NOW, False, "invite.expired"),
    (False, NOW + dt.timedelta(hours=1), True, "staff.already_member"),
])
def test_an_invite_is_used_once_before_it_expires(used, expires, member, code) -> None:
    with pytest.raises(StaffingError, match=re.escape(code)):
        check_redeem(used=used, expires_at=expires, now=NOW, already_member=member)


def test_a_fresh_invite_may_be_used() -> None:
    check_redeem(used=False, expires_at=NOW + dt.timedelta(seconds=1), now=NOW,
                 already_member=False)


def test_nobody_retires_themself_nor_someone_already_retired() -> None:
    admin = Manager("a", Role.ADMIN)
    with pytest.raises(StaffingError, match=re.escape("staff.cannot_retire_self")):
        check_retire(admin, Reach.SAME, Role.ADMIN, "a", True)
    with pytest.raises(StaffingError, match=re.escape("staff.already_retired")):
        check_retire(admin, Reach.SAME, Role.AGENT, "b", False)
    check_retire(admin, Reach.SAME, Role.AGENT, "b", True)
