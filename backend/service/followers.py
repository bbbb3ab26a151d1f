"""Followers: the villager shares a case with family through a one-time link.

The code is shown once and stored only as its hash. The bot itself reads a case's
followers to send them news; the villager sees and removes them by name.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from backend.domain.following import LINK_HOURS, FollowingError, check_follow, check_share
from backend.service.clock import Clock
from backend.service.errors import ServiceError
from backend.service.staff import code_hash
from backend.service.uow import UnitOfWork
from backend.service.viewers import CallerIdentity, actor_for

FOLLOW_PREFIX = "f-"
"""Follow codes start with this, so a deep link's argument says what kind it is."""


@dataclass(frozen=True)
class FollowLink:
    code: str
    case_id: str
    expires_at: dt.datetime


async def _owned(uow: UnitOfWork, caller: CallerIdentity, case_id: str) -> Any:
    record = await uow.cases.get(case_id)
    if record is None:
        raise ServiceError("case.unknown", case_id=case_id)
    try:
        check_share(record.snapshot, await actor_for(uow, caller, record.snapshot))
    except FollowingError as error:
        raise ServiceError(error.code) from None
    return record


async def share(clock: Clock, uow: UnitOfWork, caller: CallerIdentity, case_id: str
                ) -> FollowLink:
    """A one-time link to the villager's own case for a family member."""
    record = await _owned(uow, caller, case_id)
    now = clock.now()
    code = FOLLOW_PREFIX + secrets.token_urlsafe(12)
    expires = now + dt.timedelta(hours=LINK_HOURS)
    await uow.followers.add_link(id=str(uuid.uuid4()), case_id=record.snapshot.case_id,
                                 code_hash=code_hash(code), created_at=now,
                                 expires_at=expires)
    return FollowLink(code, record.snapshot.case_id, expires)


async def follow(clock: Clock, uow: UnitOfWork, *, code: str, messaging_id: str, name: str,
                 language: str) -> Any:
    """The family member who opened the link follows the case; returns their row."""
    link = await uow.followers.by_code_hash(code_hash(code.strip()))
    if link is None:
        raise ServiceError("follow.unknown")
    record = await uow.cases.get(link.case_id)
    assert record is not None
    owner = await uow.residents.get(record.snapshot.resident_id)
    try:
        check_follow(used=link.joined_at is not None, expires_at=link.expires_at,
                     now=clock.now(),
                     own_case=owner is not None and owner.messaging_id == messaging_id,
                     already_following=await uow.followers.is_following(link.case_id,
                                                                        messaging_id))
    except FollowingError as error:
        raise ServiceError(error.code) from None
    clean = " ".join(name.split())[:100] or messaging_id
    if not await uow.followers.join(link.id, messaging_id=messaging_id, name=clean,
                                    language=language, at=clock.now()):
        raise ServiceError("follow.used")
    row = await uow.followers.get(link.id)
    assert row is not None
    return row


async def followers_of(uow: UnitOfWork, caller: CallerIdentity, case_id: str) -> list[Any]:
    """Who follows the case: for the villager (to remove one), and the bot itself."""
    if caller.actor_id is not None:
        await _owned(uow, caller, case_id)
    elif await uow.cases.get(case_id) is None:
        raise ServiceError("case.unknown", case_id=case_id)
    return await uow.followers.active(case_id)


async def remove(clock: Clock, uow: UnitOfWork, caller: CallerIdentity, follower_id: str
                 ) -> Any:
    """The villager stops a family member following; they get no more news."""
    row = await uow.followers.get(follower_id)
    if row is None or row.joined_at is None:
        raise ServiceError("follow.unknown_follower", follower_id=follower_id)
    await _owned(uow, caller, row.case_id)
    if not await uow.followers.remove(follower_id, clock.now()):
        raise ServiceError("follow.already_removed")
    removed = await uow.followers.get(follower_id)
    assert removed is not None
    return removed
