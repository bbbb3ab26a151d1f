"""Residents as the API takes and shows them: registration is consent, data shown masked.

The phone number and the ID number never leave the service in full through these
models: the full ID number is shown only in the case view, to staff of the office that
holds the case.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from wire.base import WireModel

Language = Literal["zh", "en"]
ConsentKind = Literal["privacy", "sensitive"]
# Which kinds of notices a resident wants besides the news of their own cases:
# district or town broadcasts, and reminders (appointments, material still missing).
NoticeKind = Literal["broadcasts", "reminders"]

_MESSAGING_ID = r"^[0-9]{1,20}$"


class RegisterResident(WireModel):
    """Registration is the consent to the privacy notice: nothing is stored before it."""

    messaging_id: str = Field(pattern=_MESSAGING_ID, examples=["123456789"],
                              description="The messaging-app user id; must be the caller's.")
    language: Language
    privacy_notice_version: str = Field(min_length=1, max_length=32, examples=["2026-11"],
                                        description="The notice version the person agreed to.")


class UpdateResident(WireModel):
    """Any subset of the fields; an absent field stays as it is, null removes it.

    Values are checked by the service (422 naming the field): the name is 1-50
    characters once spaces are stripped, the phone a mobile number (stored as E.164),
    the village a village-tier office, the ID number valid by GB 11643 and only with a
    current `sensitive` consent.
    """

    name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=40, examples=["13800138000"])
    village_code: str | None = Field(default=None, max_length=32, examples=["110117108201"])
    language: Language | None = Field(
        default=None, description="null is refused: a resident always has a language.")
    notice_prefs: dict[NoticeKind, bool] | None = Field(
        default=None, description="Merged into the stored preferences; null is refused.")
    id_number: str | None = Field(default=None, max_length=40)


class ConsentBody(WireModel):
    kind: ConsentKind
    notice_version: str = Field(min_length=1, max_length=32, examples=["2026-11"])


class WithdrawConsentBody(WireModel):
    kind: ConsentKind


class ReachabilityBody(WireModel):
    """The bot reports a 403 from the messaging app (blocked) or a later delivery."""

    reachable: bool


class ConsentView(WireModel):
    kind: ConsentKind
    notice_version: str
    given_at: dt.datetime
    withdrawn_at: dt.datetime | None


class NoticePrefs(WireModel):
    broadcasts: bool
    reminders: bool


class ResidentView(WireModel):
    """A resident with personal data masked (phone: operator prefix and last four
    digits; ID number: first 3 and last 4 characters)."""

    id: str
    messaging_id: str | None
    name: str | None
    phone_masked: str | None = Field(examples=["+86138****8000"])
    id_number_masked: str | None = Field(examples=["110***********002X"])
    village_code: str | None
    language: Language
    reachable: bool
    notice_prefs: NoticePrefs
    consents: list[ConsentView]
    sensitive_consent: bool = Field(description="A sensitive-data consent is in force.")
    erased: bool
    erased_at: dt.datetime | None


class StoredField(WireModel):
    field: str = Field(examples=["phone"])
    stored: bool
    shown: str | None = Field(description="The value as the privacy screen shows it, masked.")


class PrivacyView(WireModel):
    """What the service holds about one resident, for the bot's /privacy screen."""

    resident_id: str
    fields: list[StoredField]
    consents: list[ConsentView]
    current_notice_version: str
    cases: int
    open_drafts: int
    erased: bool
    erased_at: dt.datetime | None
    registered_at: dt.datetime
