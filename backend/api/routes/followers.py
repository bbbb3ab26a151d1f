"""Follower endpoints: share a case with family, follow it, list and remove followers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backend.api.routing import Call, Router
from backend.service import followers
from wire.followers import FollowBody, FollowerList, FollowerView, FollowLinkView

if TYPE_CHECKING:
    from backend.api.app import ApiContext

TAG = "followers"


def follower_view(row: Any, *, for_service: bool, case: Any = None) -> FollowerView:
    """`case`: the followed case's record, whose number and matter the bot shows."""
    return FollowerView(id=row.id, case_id=row.case_id, name=row.name,
                        messaging_id=row.messaging_id if for_service else None,
                        language=row.language, joined_at=row.joined_at,
                        removed_at=row.removed_at,
                        case_number=case.number if case is not None else None,
                        matter_code=case.matter_code if case is not None else None)


async def share_case(ctx: ApiContext, call: Call) -> FollowLinkView:
    assert call.uow is not None
    link = await followers.share(ctx.services.clock, call.uow, call.identity,
                                 call.path["case_id"])
    return FollowLinkView(code=link.code, case_id=link.case_id, expires_at=link.expires_at)


async def follow_case(ctx: ApiContext, call: Call) -> FollowerView:
    assert call.uow is not None
    body: FollowBody = call.body
    row = await followers.follow(ctx.services.clock, call.uow, code=body.code,
                                 messaging_id=body.messaging_id, name=body.name,
                                 language=body.language)
    return follower_view(row, for_service=True, case=await call.uow.cases.get(row.case_id))


async def case_followers(_ctx: ApiContext, call: Call) -> FollowerList:
    assert call.uow is not None
    rows = await followers.followers_of(call.uow, call.identity, call.path["case_id"])
    service = call.identity.actor_id is None
    return FollowerList(followers=[follower_view(row, for_service=service) for row in rows])


async def remove_follower(ctx: ApiContext, call: Call) -> FollowerView:
    assert call.uow is not None
    row = await followers.remove(ctx.services.clock, call.uow, call.identity,
                                 call.path["follower_id"])
    return follower_view(row, for_service=False)


def register(router: Router) -> None:
    add = router.add
    add("POST", "/api/v1/cases/{case_id}/follow-links", tag=TAG, status=201,
        summary="A one-time link for a family member to follow the villager's case",
        response=FollowLinkView, errors=(403, 404), database="write")(share_case)
    add("POST", "/api/v1/follow", tag=TAG,
        summary="The person who opened a follow link follows the case (the bot's call)",
        response=FollowerView, body=FollowBody, errors=(404, 409),
        database="write")(follow_case)
    add("GET", "/api/v1/cases/{case_id}/followers", tag=TAG,
        summary="Who follows the case (the villager, or the bot itself)",
        response=FollowerList, errors=(403, 404), database="read")(case_followers)
    add("POST", "/api/v1/followers/{follower_id}/remove", tag=TAG,
        summary="The villager stops a family member following the case",
        response=FollowerView, errors=(403, 404, 409), database="write")(remove_follower)
