"""Staff endpoints: invites and joining, memberships, an office's staff and its audit
log, retirement, and the claimants a case's handoff prompt goes to.

Rights are decided by backend/service/staff.py and backend/domain/staffing.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backend.api.routing import Call, Router
from backend.service import staff
from wire.staff import (
    AuditEntry,
    AuditList,
    CreateInvite,
    InviteView,
    JoinStaff,
    RetireStaff,
    StaffList,
    StaffView,
)

if TYPE_CHECKING:
    from backend.api.app import ApiContext

TAG = "staff"


def staff_view(row: Any) -> StaffView:
    return StaffView(id=row.id, messaging_id=row.messaging_id, name=row.name,
                     office_code=row.office_code, role=row.role, language=row.language,
                     active=row.active, created_at=row.created_at)


def _list(rows: list[Any]) -> StaffList:
    return StaffList(staff=[staff_view(row) for row in rows])


async def create_invite(ctx: ApiContext, call: Call) -> InviteView:
    assert call.uow is not None
    body: CreateInvite = call.body
    invite = await staff.create_invite(ctx.services.clock, call.uow, call.identity,
                                       office_code=body.office_code, role=body.role,
                                       valid_hours=body.valid_hours)
    return InviteView(code=invite.code, office_code=invite.office_code,
                      role=invite.role, expires_at=invite.expires_at)  # type: ignore[arg-type]


async def join(ctx: ApiContext, call: Call) -> StaffView:
    assert call.uow is not None
    body: JoinStaff = call.body
    return staff_view(await staff.join(ctx.services.clock, call.uow, code=body.code,
                                       messaging_id=body.messaging_id, name=body.name,
                                       language=body.language))


async def my_memberships(_ctx: ApiContext, call: Call) -> StaffList:
    assert call.uow is not None
    return _list(await staff.my_memberships(call.uow, call.identity))


async def office_staff(_ctx: ApiContext, call: Call) -> StaffList:
    assert call.uow is not None
    return _list(await staff.office_staff(call.uow, call.identity, call.path["code"]))


async def audit_log(_ctx: ApiContext, call: Call) -> AuditList:
    assert call.uow is not None
    rows = await staff.audit_log(call.uow, call.identity, call.path["code"])
    return AuditList(entries=[
        AuditEntry(at=row.at, action=row.action, actor_id=row.actor_id,
                   staff_id=row.staff_id, office_code=row.office_code, role=row.role,
                   detail={str(k): str(v) for k, v in (row.detail or {}).items()})
        for row in rows])


async def retire(ctx: ApiContext, call: Call) -> StaffView:
    assert call.uow is not None
    body: RetireStaff = call.body
    return staff_view(await staff.retire(ctx.services.clock, call.uow, call.identity,
                                         call.path["staff_id"], body.reason))


async def claimants(_ctx: ApiContext, call: Call) -> StaffList:
    assert call.uow is not None
    return _list(await staff.claimants(call.uow, call.identity, call.path["case_id"]))


def register(router: Router) -> None:
    add = router.add
    add("POST", "/api/v1/staff/invites", tag=TAG, status=201,
        summary="A one-time invite code for an office and role (its supervisor or admin)",
        response=InviteView, body=CreateInvite, errors=(403, 404, 422),
        database="write")(create_invite)
    add("POST", "/api/v1/staff/join", tag=TAG,
        summary="The sender of an invite's code becomes staff (the bot's call for them)",
        response=StaffView, body=JoinStaff, errors=(404, 409), database="write")(join)
    add("GET", "/api/v1/staff/me", tag=TAG,
        summary="The caller's active staff memberships (empty: not staff)",
        response=StaffList, errors=(400,), database="read")(my_memberships)
    add("GET", "/api/v1/offices/{code}/staff", tag=TAG,
        summary="An office's active staff (the service, its staff, and offices above)",
        response=StaffList, errors=(403, 404), database="read")(office_staff)
    add("GET", "/api/v1/offices/{code}/staff/audit", tag=TAG,
        summary="Invites, joins and retirements at the office, newest first",
        response=AuditList, errors=(403, 404), database="read")(audit_log)
    add("POST", "/api/v1/staff/{staff_id}/retire", tag=TAG,
        summary="End a membership (its supervisor or admin; never oneself)",
        response=StaffView, body=RetireStaff, errors=(403, 404, 409),
        database="write")(retire)
    add("GET", "/api/v1/cases/{case_id}/claimants", tag="cases",
        summary="The staff who may claim the case now (the bot's handoff prompts)",
        response=StaffList, errors=(403, 404), database="read")(claimants)
