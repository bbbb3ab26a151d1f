"""Family members following a villager's case.

A villager shares a one-time link (the receipt offers it too); whoever opens it before it
expires follows that one case: they get the same news as the villager, without the
villager's personal data, until the villager removes them. Only the villager shares and
removes; a link is used once; nobody follows their own case or the same case twice.
"""

from __future__ import annotations

import datetime as dt

from backend.domain.rights import Actor, Role
from backend.domain.snapshot import CaseSnapshot

LINK_HOURS = 72
"""How long a shared link stays usable: long enough for a son working in the city to
open it in the evening, short enough that an old message cannot be reused for long."""


class FollowingError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def check_share(case: CaseSnapshot, actor: Actor) -> None:
    """Only the villager whose case it is shares it or removes a follower."""
    if actor.role is not Role.RESIDENT or actor.person_id != case.resident_id:
        raise FollowingError("follow.not_yours")


def check_follow(*, used: bool, expires_at: dt.datetime, now: dt.datetime,
                 own_case: bool, already_following: bool) -> None:
    if used:
        raise FollowingError("follow.used")
    if now >= expires_at:
        raise FollowingError("follow.expired")
    if own_case:
        raise FollowingError("follow.own_case")
    if already_following:
        raise FollowingError("follow.already_following")
