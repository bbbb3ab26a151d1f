"""Residents: registration (which is the consent), their data, consents, erasure.

Each use case runs inside the caller's unit of work and never commits. Refusals are
`ServiceError`s (or `AnswerRefused` for a field's value, with the same codes as a
booking answer, so the bot renders the same words).

Who may do what (deny by default):

- register, update, record or withdraw a consent, erase, see the privacy view: only
  the person themself, acting as a resident (`X-Daiban-Role: resident`, the actor being
  their messaging id). Consent is personal: nobody gives or withdraws it for them.
- read one resident: the person themself; an active staff member (the view is masked);
  the bot acting as itself, with no actor (it maps a chat to a resident to route
  updates and needs the language and reachability).
- report reachability: the bot acting as itself (it is the one that sees a 403 or a
  later delivery) and active staff members.

Nothing personal is logged here; the API logs ids only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from backend.domain.tier import Tier
from backend.service.answers import validate_answer
from backend.service.context import ServiceContext
from backend.service.errors import ServiceError
from backend.service.privacy import mask_id_number, mask_phone
from backend.service.uow import UnitOfWork
from backend.service.viewers import CallerIdentity, memberships_of
from backend.service.walk_ins import station_staff
from backend.storage.tables import cases
from matter_catalog.models import FieldType, FormField, Text

PRIVACY = "privacy"
SENSITIVE = "sensitive"
CONSENT_KINDS = (PRIVACY, SENSITIVE)
LANGUAGES = ("zh", "en")
# Every kind of notice a resident may turn off, and its default (wanted).
NOTICE_DEFAULTS: dict[str, bool] = {"broadcasts": True, "reminders": True}
NAME_MAX_LENGTH = 50

RESIDENT = "resident"
STAFF = "staff"


@dataclass(frozen=True)
class Consent:
    kind: str
    notice_version: str
    given_at: datetime
    withdrawn_at: datetime | None

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None


@dataclass(frozen=True)
class Resident:
    """A resident as the service shows them: phone and ID number masked, never in full."""

    id: str
    messaging_id: str | None
    name: str | None
    phone_masked: str | None
    id_number_masked: str | None
    village_code: str | None
    language: str
    reachable: bool
    notice_prefs: dict[str, bool]
    consents: list[Consent]
    erased_at: datetime | None
    created_at: datetime

    @property
    def sensitive_consent(self) -> bool:
        return any(c.kind == SENSITIVE and c.in_force for c in self.consents)


@dataclass(frozen=True)
class StoredField:
    field: str
    stored: bool
    shown: str | None


@dataclass(frozen=True)
class PrivacyReport:
    resident: Resident
    fields: list[StoredField]
    current_notice_version: str
    cases: int
    open_drafts: int


# --- field checks: the booking answers' rules, so one set of codes and words -----------


def _field(key: str, kind: FieldType, **options: Any) -> FormField:
    return FormField(key=key, label=Text(zh=key, en=key), type=kind, **options)


_NAME = _field("name", FieldType.TEXT, max_length=NAME_MAX_LENGTH)
_PHONE = _field("phone", FieldType.PHONE)
_ID_NUMBER = _field("id_number", FieldType.ID_NUMBER)


def mask_name(name: str | None) -> str | None:
    """The first character and a star for each other: enough to recognise on a screen."""
    if not name:
        return None
    return name[0] + "*" * (len(name) - 1)


# --- reading and rights ------------------------------------------------------------------


async def _row(uow: UnitOfWork, resident_id: str) -> Any:
    row = await uow.residents.get(resident_id)
    if row is None:
        raise ServiceError("resident.unknown", resident_id=resident_id)
    return row


def _require_self(requester: CallerIdentity, row: Any) -> None:
    """Only the person themself, acting as a resident; `rights.*` otherwise."""
    if requester.actor_id is None:
        raise ServiceError("rights.actor_required")
    if requester.role != RESIDENT:
        raise ServiceError("rights.not_resident")
    if row.messaging_id is None or row.messaging_id != requester.actor_id:
        raise ServiceError("rights.not_yours")


def _is_bot(requester: CallerIdentity) -> bool:
    """The front end acting as itself: no person named in the call."""
    return requester.actor_id is None and requester.role is None


async def _require_reader(uow: UnitOfWork, requester: CallerIdentity, row: Any) -> None:
    if _is_bot(requester):
        return
    if requester.role == STAFF:
        await memberships_of(uow, requester)
        return
    _require_self(requester, row)


async def _resident(ctx: ServiceContext, uow: UnitOfWork, row: Any) -> Resident:
    consents = [
        Consent(kind=c.kind, notice_version=c.notice_version, given_at=c.given_at,
                withdrawn_at=c.withdrawn_at)
        for c in await uow.residents.consents(row.id)
    ]
    id_number = ctx.cipher.decrypt(row.id_number_enc) if row.id_number_enc else None
    return Resident(
        id=row.id, messaging_id=row.messaging_id, name=row.name,
        phone_masked=mask_phone(row.phone) if row.phone else None,
        id_number_masked=mask_id_number(id_number) if id_number else None,
        village_code=row.village_code, language=row.language, reachable=row.reachable,
        notice_prefs=NOTICE_DEFAULTS | {key: value for key, value in
                                        (row.notice_prefs or {}).items()
                                        if key in NOTICE_DEFAULTS},
        consents=consents, erased_at=row.erased_at, created_at=row.created_at,
    )


async def _reloaded(ctx: ServiceContext, uow: UnitOfWork, resident_id: str) -> Resident:
    return await _resident(ctx, uow, await _row(uow, resident_id))


async def get(ctx: ServiceContext, uow: UnitOfWork, requester: CallerIdentity, resident_id: str
              ) -> Resident:
    row = await _row(uow, resident_id)
    await _require_reader(uow, requester, row)
    return await _resident(ctx, uow, row)


async def get_by_messaging_id(ctx: ServiceContext, uow: UnitOfWork, requester: CallerIdentity,
                              messaging_id: str) -> Resident:
    # A resident may ask only about their own id: refused before looking, so that the
    # answer tells nothing about whether someone else is registered.
    if requester.role == RESIDENT and requester.actor_id != messaging_id:
        raise ServiceError("rights.not_yours")
    if requester.role == STAFF:
        await memberships_of(uow, requester)
    row = await uow.residents.by_messaging_id(messaging_id)
    if row is None:
        raise ServiceError("resident.unknown", messaging_id=messaging_id)
    return await _resident(ctx, uow, row)


# --- registration and consents -----------------------------------------------------------


def _check_notice_version(ctx: ServiceContext, version: str) -> None:
    if version != ctx.privacy_notice_version:
        raise ServiceError("consent.outdated_notice", field="notice_version",
                           given=version, current=ctx.privacy_notice_version)


async def register(ctx: ServiceContext, uow: UnitOfWork, requester: CallerIdentity, *,
                   messaging_id: str, language: str, privacy_notice_version: str
                   ) -> Resident:
    """Create the resident together with their consent to the privacy notice."""
    if requester.actor_id is None:
        raise ServiceError("rights.actor_required")
    if requester.role != RESIDENT:
        raise ServiceError("rights.not_resident")
    if requester.actor_id != messaging_id:
        raise ServiceError("rights.not_yours")
    if language not in LANGUAGES:
        raise ServiceError("resident.invalid_language", field="language")
    _check_notice_version(ctx, privacy_notice_version)
    if await uow.residents.by_messaging_id(messaging_id) is not None:
        raise ServiceError("resident.already_registered")
    now = ctx.clock.now()
    resident_id = str(uuid.uuid4())
    try:
        # A savepoint: two registrations racing on PostgreSQL meet at the unique index.
        async with uow.connection.begin_nested():
            await uow.residents.add(
                id=resident_id, messaging_id=messaging_id, language=language, reachable=True,
                notice_prefs={}, created_at=now, updated_at=now)
    except IntegrityError:
        raise ServiceError("resident.already_registered") from None
    await uow.residents.add_consent(resident_id, PRIVACY, privacy_notice_version, now)
    return await _reloaded(ctx, uow, resident_id)


async def record_consent(ctx: ServiceContext, uow: UnitOfWork, requester: CallerIdentity,
                         resident_id: str, *, kind: str, notice_version: str) -> Resident:
    """Record a consent to the current notice; the same consent again changes nothing."""
    row = await _row(uow, resident_id)
    _require_self(requester, row)
    if kind not in CONSENT_KINDS:
        raise ServiceError("consent.unknown_kind", field="kind")
    _check_notice_version(ctx, notice_version)
    consents = await uow.residents.consents(resident_id)
    if not any(c.kind == kind and c.withdrawn_at is None and c.notice_version == notice_version
               for c in consents):
        await uow.residents.add_consent(resident_id, kind, notice_version, ctx.clock.now())
    return await _reloaded(ctx, uow, resident_id)


async def withdraw_consent(ctx: ServiceContext, uow: UnitOfWork, requester: CallerIdentity,
                           resident_id: str, *, kind: str) -> Resident:
    """Withdraw the sensitive-data consent, and with it the ID number it allowed.

    The privacy consent cannot be withdrawn on its own: without it nothing may be kept,
    so the way out is erasure (`consent.use_erase`).
    """
    row = await _row(uow, resident_id)
    _require_self(requester, row)
    if kind == PRIVACY:
        raise ServiceError("consent.use_erase", field="kind")
    if kind != SENSITIVE:
        raise ServiceError("consent.unknown_kind", field="kind")
    now = ctx.clock.now()
    await uow.residents.withdraw_consents(resident_id, SENSITIVE, now)
    if row.id_number_enc is not None or row.id_number_hash is not None:
        await uow.residents.update(resident_id, id_number_enc=None, id_number_hash=None,
                                   updated_at=now)
    return await _reloaded(ctx, uow, resident_id)


# --- the resident's own data -------------------------------------------------------------

_UNSET: Any = object()


async def update(ctx: ServiceContext, uow: UnitOfWork, requester: CallerIdentity,
                 resident_id: str, *, name: Any = _UNSET, phone: Any = _UNSET,
                 village_code: Any = _UNSET, language: Any = _UNSET,
                 notice_prefs: Any = _UNSET, id_number: Any = _UNSET) -> Resident:
    """Change any of the resident's fields; a field not given stays, None removes it.

    Values are checked like booking answers (`answer.*` codes naming the field); the
    ID number needs a sensitive-data consent in force and is stored only encrypted,
    with a keyed hash to find it again.
    """
    row = await _row(uow, resident_id)
    _require_self(requester, row)
    today = ctx.clock.now().date()  # the district's date
    values: dict[str, Any] = {}
    if name is not _UNSET:
        values["name"] = None if name is None else validate_answer(_NAME, name, today=today)
    if phone is not _UNSET:
        values["phone"] = None if phone is None else validate_answer(_PHONE, phone, today=today)
    if village_code is not _UNSET:
        if village_code is not None:
            office = await uow.offices.get(village_code)
            if office is None or office.tier is not Tier.VILLAGE:
                raise ServiceError("resident.unknown_village", field="village_code",
                                   village_code=village_code)
        values["village_code"] = village_code
    if language is not _UNSET:
        if language not in LANGUAGES:
            raise ServiceError("resident.invalid_language", field="language")
        values["language"] = language
    if notice_prefs is not _UNSET:
        if not isinstance(notice_prefs, dict) or any(
                key not in NOTICE_DEFAULTS or not isinstance(value, bool)
                for key, value in notice_prefs.items()):
            raise ServiceError("resident.invalid_notice_prefs", field="notice_prefs")
        values["notice_prefs"] = (row.notice_prefs or {}) | notice_prefs
    if id_number is not _UNSET:
        if id_number is None:
            values |= {"id_number_enc": None, "id_number_hash": None}
        else:
            consents = await uow.residents.consents(resident_id)
            if not any(c.kind == SENSITIVE and c.withdrawn_at is None for c in consents):
                raise ServiceError("consent.sensitive_required", field="id_number")
            number = validate_answer(_ID_NUMBER, id_number, today=today)
            assert isinstance(number, str)
            values |= {"id_number_enc": ctx.cipher.encrypt(number),
                       "id_number_hash": ctx.cipher.lookup_hash(number)}
    if values:
        await uow.residents.update(resident_id, updated_at=ctx.clock.now(), **values)
    return await _reloaded(ctx, uow, resident_id)


async def set_reachable(ctx: ServiceContext, uow: UnitOfWork, requester: CallerIdentity,
                        resident_id: str, *, reachable: bool) -> Resident:
    """The bot saw a 403 (the person blocked it) or, later, a message delivered."""
    row = await _row(uow, resident_id)
    if not _is_bot(requester):
        if requester.role != STAFF:
            raise ServiceError("rights.not_staff")
        await memberships_of(uow, requester)
    if row.reachable != reachable:
        await uow.residents.update(resident_id, reachable=reachable,
                                   updated_at=ctx.clock.now())
    return await _reloaded(ctx, uow, resident_id)


async def erase(ctx: ServiceContext, uow: UnitOfWork, requester: CallerIdentity,
                resident_id: str) -> Resident:
    """Erase the person's data; their cases stay, pointing at an empty record.

    Name, phone, ID number and its hash, messaging id and notice preferences go;
    consents are marked withdrawn; drafts lose their answers (answers can hold personal
    data); their cases stay, without answers or booking note. Erasing again changes
    nothing and is answered with the same empty record (the messaging id that tied it
    to the caller is gone with the rest).
    """
    row = await _row(uow, resident_id)
    if row.erased_at is not None and row.messaging_id is None:
        # Already erased: nothing left to protect or to tie it to the caller, so a
        # repeat (a retry under a new key) is answered, not refused, and changes nothing.
        if requester.actor_id is None:
            raise ServiceError("rights.actor_required")
        if requester.role != RESIDENT:
            raise ServiceError("rights.not_resident")
        return await _resident(ctx, uow, row)
    if requester.role == "staff" and row.messaging_id is None and row.village_code:
        # A walk-in has no chat account to ask from: they ask at their station's
        # counter, and an agent or supervisor of that station erases for them.
        await station_staff(uow, requester, row.village_code)
    else:
        _require_self(requester, row)
    now = ctx.clock.now()
    await uow.residents.update(
        resident_id, messaging_id=None, name=None, phone=None, id_number_enc=None,
        id_number_hash=None, notice_prefs={}, erased_at=now, updated_at=now)
    await uow.residents.withdraw_consents(resident_id, None, now)
    for draft in await uow.drafts.open_of(resident_id):
        # Locked (PostgreSQL; SQLite writers are serial), so the version cannot move.
        locked = await uow.drafts.get(draft.id, for_update=True)
        if (locked is not None and locked.status == "open" and locked.answers
                and not await uow.drafts.set_answers(locked.id, locked.version, {}, now)):
            raise ServiceError("draft.stale_version", draft_id=locked.id)
    # Their cases stay for the district's record, anonymized: what they answered and
    # the booking note (a home visit's reason can hold health facts) go; submitted
    # drafts keep no copy either.
    await uow.drafts.clear_submitted_answers(resident_id, now)
    await uow.cases.anonymize_of(resident_id, now)
    await uow.followers.remove_all_of(resident_id, now)
    return await _reloaded(ctx, uow, resident_id)


async def privacy_report(ctx: ServiceContext, uow: UnitOfWork, requester: CallerIdentity,
                         resident_id: str) -> PrivacyReport:
    """What is stored about the person, masked, for their own /privacy screen."""
    row = await _row(uow, resident_id)
    _require_self(requester, row)
    resident = await _resident(ctx, uow, row)
    stored_prefs = bool(row.notice_prefs)
    fields = [
        StoredField("messaging_id", row.messaging_id is not None, row.messaging_id),
        StoredField("name", row.name is not None, mask_name(row.name)),
        StoredField("phone", row.phone is not None, resident.phone_masked),
        StoredField("id_number", row.id_number_enc is not None, resident.id_number_masked),
        StoredField("village_code", row.village_code is not None, row.village_code),
        StoredField("language", True, row.language),
        StoredField("notice_prefs", stored_prefs,
                    ",".join(f"{key}={'on' if value else 'off'}"
                             for key, value in resident.notice_prefs.items())
                    if stored_prefs else None),
    ]
    case_count = (await uow.connection.execute(
        select(func.count()).select_from(cases).where(cases.c.resident_id == resident_id)
    )).scalar_one()
    drafts = await uow.drafts.open_of(resident_id)
    return PrivacyReport(resident=resident, fields=fields,
                         current_notice_version=ctx.privacy_notice_version,
                         cases=int(case_count), open_drafts=len(drafts))
