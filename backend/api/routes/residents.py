"""Resident endpoints: register (with the privacy consent), read, update, consents,
reachability, erasure and the privacy view. Phone and ID number are shown masked only.

Rights are decided by the use cases (backend/service/residents.py): the person themself
for everything about their data; active staff and the bot acting as itself may read;
the bot and staff report reachability.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backend.api.routing import Call, Router
from backend.service import residents
from wire.residents import (
    ConsentBody,
    ConsentView,
    NoticePrefs,
    PrivacyView,
    ReachabilityBody,
    RegisterResident,
    ResidentView,
    StoredField,
    UpdateResident,
    WithdrawConsentBody,
)

if TYPE_CHECKING:
    from backend.api.app import ApiContext

TAG = "residents"



def _consents(resident: residents.Resident) -> list[ConsentView]:
    return [ConsentView(kind=c.kind, notice_version=c.notice_version,  # type: ignore[arg-type]
                        given_at=c.given_at, withdrawn_at=c.withdrawn_at)
            for c in resident.consents]


def resident_view(resident: residents.Resident) -> ResidentView:
    return ResidentView(
        id=resident.id, messaging_id=resident.messaging_id, name=resident.name,
        phone_masked=resident.phone_masked, id_number_masked=resident.id_number_masked,
        village_code=resident.village_code, language=resident.language,  # type: ignore[arg-type]
        reachable=resident.reachable, notice_prefs=NoticePrefs(**resident.notice_prefs),
        consents=_consents(resident), sensitive_consent=resident.sensitive_consent,
        erased=resident.erased_at is not None, erased_at=resident.erased_at,
    )


async def register_resident(ctx: ApiContext, call: Call) -> ResidentView:
    assert call.uow is not None
    body: RegisterResident = call.body
    return resident_view(await residents.register(
        ctx.services, call.uow, call.identity, messaging_id=body.messaging_id,
        language=body.language, privacy_notice_version=body.privacy_notice_version))


async def get_resident_by_messaging_id(ctx: ApiContext, call: Call) -> ResidentView:
    assert call.uow is not None
    return resident_view(await residents.get_by_messaging_id(
        ctx.services, call.uow, call.identity, call.path["messaging_id"]))


async def get_resident(ctx: ApiContext, call: Call) -> ResidentView:
    assert call.uow is not None
    return resident_view(await residents.get(ctx.services, call.uow, call.identity,
                                             call.path["resident_id"]))


async def update_resident(ctx: ApiContext, call: Call) -> ResidentView:
    assert call.uow is not None
    body: UpdateResident = call.body
    # Only the fields the body names: an absent field stays, null removes it.
    changes: dict[str, Any] = {name: getattr(body, name) for name in body.model_fields_set}
    return resident_view(await residents.update(ctx.services, call.uow, call.identity,
                                                call.path["resident_id"], **changes))


async def record_consent(ctx: ApiContext, call: Call) -> ResidentView:
    assert call.uow is not None
    body: ConsentBody = call.body
    return resident_view(await residents.record_consent(
        ctx.services, call.uow, call.identity, call.path["resident_id"], kind=body.kind,
        notice_version=body.notice_version))


async def withdraw_consent(ctx: ApiContext, call: Call) -> ResidentView:
    assert call.uow is not None
    body: WithdrawConsentBody = call.body
    return resident_view(await residents.withdraw_consent(
        ctx.services, call.uow, call.identity, call.path["resident_id"], kind=body.kind))


async def set_reachability(ctx: ApiContext, call: Call) -> ResidentView:
    assert call.uow is not None
    body: ReachabilityBody = call.body
    return resident_view(await residents.set_reachable(
        ctx.services, call.uow, call.identity, call.path["resident_id"],
        reachable=body.reachable))


async def erase_resident(ctx: ApiContext, call: Call) -> ResidentView:
    assert call.uow is not None
    return resident_view(await residents.erase(ctx.services, call.uow, call.identity,
                                               call.path["resident_id"]))


async def resident_privacy(ctx: ApiContext, call: Call) -> PrivacyView:
    assert call.uow is not None
    report = await residents.privacy_report(ctx.services, call.uow, call.identity,
                                            call.path["resident_id"])
    resident = report.resident
    return PrivacyView(
        resident_id=resident.id,
        fields=[StoredField(field=f.field, stored=f.stored, shown=f.shown)
                for f in report.fields],
        consents=_consents(resident), current_notice_version=report.current_notice_version,
        cases=report.cases, open_drafts=report.open_drafts,
        erased=resident.erased_at is not None, erased_at=resident.erased_at,
        registered_at=resident.created_at,
    )


def register(router: Router) -> None:
    add = router.add
    one = "/api/v1/residents/{resident_id}"
    add("POST", "/api/v1/residents", tag=TAG, status=201,
        summary="Register a resident: the person's own call, which is their consent to "
                "the privacy notice",
        response=ResidentView, body=RegisterResident, errors=(403, 409, 422),
        database="write")(register_resident)
    add("GET", "/api/v1/residents/by-messaging-id/{messaging_id}", tag=TAG,
        summary="A resident by messaging-app user id (the person, staff, or the bot itself)",
        response=ResidentView, errors=(403, 404), database="read")(get_resident_by_messaging_id)
    add("GET", one, tag=TAG, summary="One resident, masked (the person, staff, or the bot)",
        response=ResidentView, errors=(403, 404), database="read")(get_resident)
    add("PATCH", one, tag=TAG,
        summary="Change the resident's own name, phone, village, language, notice "
                "preferences or ID number (absent: unchanged; null: removed)",
        response=ResidentView, body=UpdateResident, errors=(403, 404, 422),
        database="write")(update_resident)
    add("POST", f"{one}/consents", tag=TAG,
        summary="Record the person's consent (privacy notice or sensitive data)",
        response=ResidentView, body=ConsentBody, errors=(403, 404, 422),
        database="write")(record_consent)
    add("POST", f"{one}/consents/withdraw", tag=TAG,
        summary="Withdraw the sensitive-data consent, deleting the ID number "
                "(the privacy consent is withdrawn by erasure)",
        response=ResidentView, body=WithdrawConsentBody, errors=(403, 404, 422),
        database="write")(withdraw_consent)
    add("POST", f"{one}/reachability", tag=TAG,
        summary="Mark the resident reachable or not (the bot itself, or staff)",
        response=ResidentView, body=ReachabilityBody, errors=(403, 404),
        database="write")(set_reachability)
    add("POST", f"{one}/erase", tag=TAG,
        summary="Erase the person's personal data; their cases stay, anonymized",
        response=ResidentView, errors=(403, 404), database="write")(erase_resident)
    add("GET", f"{one}/privacy", tag=TAG,
        summary="What is stored about the person, masked, for their privacy screen",
        response=PrivacyView, errors=(403, 404), database="read")(resident_privacy)
