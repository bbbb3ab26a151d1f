"""CaseServiceClient: one typed async method per endpoint of the case service.

Methods take plain parameters and return the `wire` models the endpoint documents. Whom
a call is for is the keyword `actor=` (an `As`), required wherever the answer depends on
who asks; catalog, offices, calendar, slots and the feed are the same for everyone and
take none. Every state-changing method takes `idempotency_key=`: pass one derived from
what caused the call (the bot: the update) so that a replay after a crash has no second
effect; without it the client makes one per call and keeps it across its own retries.
Refusals raise the families in `backend_client.errors`, each with the service's code.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from types import TracebackType
from typing import Any, Literal

import aiohttp

from backend_client._http import Transport, body, segment
from backend_client._staff import StaffMethods
from backend_client.actor import As
from backend_client.retry import Backoff
from wire.calendar import DueDate, Opening
from wire.cases import (
    ACTIONS,
    CaseActionBody,
    CaseList,
    CaseView,
    EventList,
    FeedPage,
    ReplyBody,
)
from wire.catalog import CategoryList, MatterDetail, MatterList, SearchResult
from wire.drafts import (
    AnswerField,
    Authorization,
    CreateDraft,
    DraftView,
    Reschedule,
    SlotList,
    SubmitDraft,
    WalkIn,
    WalkInRegistered,
)
from wire.offices import OfficeTree, OfficeView
from wire.residents import (
    ConsentBody,
    ConsentKind,
    Language,
    NoticeKind,
    PrivacyView,
    ReachabilityBody,
    RegisterResident,
    ResidentView,
    UpdateResident,
    WithdrawConsentBody,
)
from wire.testing import AdvanceClock, ClockNow

API = "/api/v1"
Booking = Literal["slot", "drop_off", "home_visit"]


class Keep(enum.Enum):
    """The default of `update_resident`'s fields: leave the stored value as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP


class CaseServiceClient(StaffMethods):
    """The case service over HTTP, for the bot and any other front end.

    Args:
        base_url: where the service answers, e.g. `http://127.0.0.1:8080`.
        token: the bearer service token.
        session: an aiohttp session to reuse; without one the client makes and owns one
            (close it with `await client.close()` or `async with`).
        timeout: seconds for a whole attempt; the feed's long-poll adds its wait.
        retries: how many times a call is repeated after a retryable failure.
        backoff: the delays between retries (tests inject its `sleep`).
    """

    def __init__(self, base_url: str, token: str, *,
                 session: aiohttp.ClientSession | None = None, timeout: float = 10.0,
                 retries: int = 3, backoff: Backoff | None = None) -> None:
        self._http = Transport(base_url, token, session=session, timeout=timeout,
                               retries=retries, backoff=backoff or Backoff())

    async def close(self) -> None:
        await self._http.close()

    async def __aenter__(self) -> CaseServiceClient:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.close()

    # --- catalog -------------------------------------------------------------------

    async def categories(self) -> CategoryList:
        """The catalog's categories in menu order."""
        return await self._http.call("GET", f"{API}/catalog/categories", CategoryList)

    async def matters(self, category: str | None = None) -> MatterList:
        """Every matter, or those of one category (NotFound for an unknown category)."""
        return await self._http.call("GET", f"{API}/catalog/matters", MatterList,
                                     query={"category": category})

    async def matter(self, code: str) -> MatterDetail:
        """One matter with its materials, form, route and limits."""
        return await self._http.call("GET", f"{API}/catalog/matters/{segment(code)}",
                                     MatterDetail)

    async def search(self, q: str, lang: str = "zh", limit: int = 5) -> SearchResult:
        """Matters matching what a villager typed, best first."""
        return await self._http.call("GET", f"{API}/catalog/search", SearchResult,
                                     query={"q": q, "lang": lang, "limit": limit})

    # --- offices and calendar ------------------------------------------------------

    async def office_tree(self) -> OfficeTree:
        """The district's offices: district > towns > village stations."""
        return await self._http.call("GET", f"{API}/offices", OfficeTree)

    async def office(self, code: str) -> OfficeView:
        return await self._http.call("GET", f"{API}/offices/{segment(code)}", OfficeView)

    async def due_date(self, start: dt.datetime, days: int,
                       unit: Literal["working_days", "natural_days"] = "working_days"
                       ) -> DueDate:
        """The date `days` working (or natural) days after `start` (an aware instant)."""
        return await self._http.call("GET", f"{API}/calendar/due-date", DueDate,
                                     query={"start": start, "days": days, "unit": unit})

    async def next_opening(self, office: str, at: dt.datetime) -> Opening:
        """Whether an office is open at `at` (aware), and when it next opens."""
        return await self._http.call("GET", f"{API}/calendar/next-opening", Opening,
                                     query={"office": office, "at": at})

    # --- residents -----------------------------------------------------------------

    async def register_resident(self, messaging_id: str | int, language: Language,
                                privacy_notice_version: str, *, actor: As,
                                idempotency_key: str | None = None) -> ResidentView:
        """Register the person, which is their consent to the privacy notice; only the
        person themself may (`actor=As.resident(messaging_id)`)."""
        return await self._http.call(
            "POST", f"{API}/residents", ResidentView, actor=actor, write=True,
            idempotency_key=idempotency_key,
            send=body(RegisterResident, messaging_id=str(messaging_id), language=language,
                      privacy_notice_version=privacy_notice_version))

    async def resident_by_messaging_id(self, messaging_id: str | int, *, actor: As
                                       ) -> ResidentView:
        return await self._http.call(
            "GET", f"{API}/residents/by-messaging-id/{segment(messaging_id)}", ResidentView,
            actor=actor)

    async def resident(self, resident_id: str, *, actor: As) -> ResidentView:
        return await self._http.call("GET", f"{API}/residents/{segment(resident_id)}",
                                     ResidentView, actor=actor)

    async def update_resident(
            self, resident_id: str, *, actor: As, name: str | Keep | None = KEEP,
            phone: str | Keep | None = KEEP, village_code: str | Keep | None = KEEP,
            language: Language | Keep = KEEP,
            notice_prefs: dict[NoticeKind, bool] | Keep = KEEP,
            id_number: str | Keep | None = KEEP, idempotency_key: str | None = None,
    ) -> ResidentView:
        """Change the named fields only: a field left out stays, None removes it."""
        given = {"name": name, "phone": phone, "village_code": village_code,
                 "language": language, "notice_prefs": notice_prefs, "id_number": id_number}
        changes = {key: value for key, value in given.items() if value is not KEEP}
        return await self._http.call(
            "PATCH", f"{API}/residents/{segment(resident_id)}", ResidentView, actor=actor,
            write=True, idempotency_key=idempotency_key, send=body(UpdateResident, **changes))

    async def record_consent(self, resident_id: str, kind: ConsentKind, notice_version: str,
                             *, actor: As, idempotency_key: str | None = None
                             ) -> ResidentView:
        """Record the person's consent: the privacy notice, or sensitive data."""
        return await self._http.call(
            "POST", f"{API}/residents/{segment(resident_id)}/consents", ResidentView,
            actor=actor, write=True, idempotency_key=idempotency_key,
            send=body(ConsentBody, kind=kind, notice_version=notice_version))

    async def withdraw_consent(self, resident_id: str, kind: ConsentKind, *, actor: As,
                               idempotency_key: str | None = None) -> ResidentView:
        """Withdraw the sensitive-data consent (the ID number goes with it)."""
        return await self._http.call(
            "POST", f"{API}/residents/{segment(resident_id)}/consents/withdraw", ResidentView,
            actor=actor, write=True, idempotency_key=idempotency_key,
            send=body(WithdrawConsentBody, kind=kind))

    async def set_reachable(self, resident_id: str, reachable: bool, *, actor: As,
                            idempotency_key: str | None = None) -> ResidentView:
        """Report that messages reach the resident, or no longer do (blocked)."""
        return await self._http.call(
            "POST", f"{API}/residents/{segment(resident_id)}/reachability", ResidentView,
            actor=actor, write=True, idempotency_key=idempotency_key,
            send=body(ReachabilityBody, reachable=reachable))

    async def erase_resident(self, resident_id: str, *, actor: As,
                             idempotency_key: str | None = None) -> ResidentView:
        """Erase the person's personal data; their cases stay, anonymized."""
        return await self._http.call(
            "POST", f"{API}/residents/{segment(resident_id)}/erase", ResidentView,
            actor=actor, write=True, idempotency_key=idempotency_key)

    async def privacy(self, resident_id: str, *, actor: As) -> PrivacyView:
        """What is stored about the person, masked, for their privacy screen."""
        return await self._http.call(
            "GET", f"{API}/residents/{segment(resident_id)}/privacy", PrivacyView, actor=actor)

    # --- drafts and bookings -------------------------------------------------------

    async def register_walk_in(self, station_code: str, name: str,
                               phone: str | None = None, language: Language = "zh", *,
                               actor: As, idempotency_key: str | None = None
                               ) -> WalkInRegistered:
        """Station staff register a villager at the counter or on the phone."""
        return await self._http.call(
            "POST", f"{API}/walk-ins", WalkInRegistered, actor=actor, write=True,
            idempotency_key=idempotency_key,
            send=body(WalkIn, station_code=station_code, name=name, phone=phone,
                      language=language))

    async def create_draft(self, matter_code: str, *, actor: As,
                           resident_id: str | None = None,
                           authorization: Authorization | None = None,
                           idempotency_key: str | None = None) -> DraftView:
        """Start a booking draft; its `next_question` is the first thing to ask.

        A resident starts their own; station staff name the walk-in `resident_id` and
        the `authorization` (written or by phone) the villager gave them.
        """
        return await self._http.call(
            "POST", f"{API}/drafts", DraftView, actor=actor, write=True,
            idempotency_key=idempotency_key,
            send=body(CreateDraft, matter_code=matter_code, resident_id=resident_id,
                      authorization=authorization))

    async def draft(self, draft_id: str, *, actor: As) -> DraftView:
        """A draft with the question to ask next, to resume where it stopped."""
        return await self._http.call("GET", f"{API}/drafts/{segment(draft_id)}", DraftView,
                                     actor=actor)

    async def answer(self, draft_id: str, field: str, value: Any, version: int, *,
                     actor: As, idempotency_key: str | None = None) -> DraftView:
        """Answer one question against the draft `version` it was asked at."""
        return await self._http.call(
            "POST", f"{API}/drafts/{segment(draft_id)}/answers", DraftView, actor=actor,
            write=True, idempotency_key=idempotency_key,
            send=body(AnswerField, field=field, value=value, version=version))

    async def submit(self, draft_id: str, booking: Booking,
                     slot_start: dt.datetime | None = None, note: str | None = None, *,
                     actor: As, idempotency_key: str | None = None) -> CaseView:
        """Make the draft's one case, booked at a slot, as a drop-off or a home visit."""
        return await self._http.call(
            "POST", f"{API}/drafts/{segment(draft_id)}/submit", CaseView, actor=actor,
            write=True, idempotency_key=idempotency_key,
            send=body(SubmitDraft, booking=booking, slot_start=slot_start, note=note))

    async def slots(self, office: str, days: int = 5) -> SlotList:
        """Booking slots at a station over the next `days` working days."""
        return await self._http.call("GET", f"{API}/slots", SlotList,
                                     query={"office": office, "days": days})

    async def reschedule(self, case_id: str, slot_start: dt.datetime, *, actor: As,
                         idempotency_key: str | None = None) -> CaseView:
        """Move the appointment; the old place is freed in the same transaction."""
        return await self._http.call(
            "POST", f"{API}/cases/{segment(case_id)}/reschedule", CaseView, actor=actor,
            write=True, idempotency_key=idempotency_key,
            send=body(Reschedule, slot_start=slot_start))

    # --- cases ---------------------------------------------------------------------

    async def case(self, case_id: str, *, actor: As) -> CaseView:
        """One case, with the actions `actor` may take on it now."""
        return await self._http.call("GET", f"{API}/cases/{segment(case_id)}", CaseView,
                                     actor=actor)

    async def my_cases(self, *, actor: As) -> CaseList:
        """The calling resident's cases."""
        return await self._http.call("GET", f"{API}/cases/mine", CaseList, actor=actor)

    async def queue(self, office: str, state: str | None = None, unclaimed: bool = False,
                    mine: bool = False, limit: int = 50, offset: int = 0, *, actor: As,
                    open_only: bool = False, holder: str | None = None,
                    where: Literal["here", "station"] = "here") -> CaseList:
        """An office's queue, for its staff, with filters: the cases at the office now,
        or (where="station") the station's own cases wherever they are now; only open
        ones; only those one staff member holds."""
        return await self._http.call(
            "GET", f"{API}/cases", CaseList, actor=actor,
            query={"office": office, "state": state, "unclaimed": unclaimed, "mine": mine,
                   "limit": limit, "offset": offset, "open": open_only, "holder": holder,
                   "where": where})

    async def case_by_number(self, number: str, *, actor: As) -> CaseView:
        """A case by its public number (as on the receipt), for whoever may see it."""
        return await self._http.call("GET", f"{API}/cases/by-number/{segment(number)}",
                                     CaseView, actor=actor)

    async def act(self, case_id: str, action: ACTIONS, *, actor: As,
                  reason: str | None = None, days: int | None = None,
                  items: Iterable[str] = (), assignee_id: str | None = None,
                  score: int | None = None, expected_version: int | None = None,
                  idempotency_key: str | None = None) -> CaseView:
        """One workflow action (claim, accept, forward, cancel, rate, ...).

        `expected_version` refuses the action (Conflict `case.moved_on`) if the case
        changed since it was shown, e.g. for a button pressed on an old message.
        """
        return await self._http.call(
            "POST", f"{API}/cases/{segment(case_id)}/actions", CaseView, actor=actor,
            write=True, idempotency_key=idempotency_key,
            send=body(CaseActionBody, action=action, reason=reason, days=days,
                      items=list(items), assignee_id=assignee_id, score=score,
                      expected_version=expected_version))

    async def reply(self, case_id: str, text: str | None = None, photos: Iterable[str] = (),
                    *, actor: As, idempotency_key: str | None = None) -> CaseView:
        """The villager answers a material request with words and/or photos (file ids)."""
        return await self._http.call(
            "POST", f"{API}/cases/{segment(case_id)}/replies", CaseView, actor=actor,
            write=True, idempotency_key=idempotency_key,
            send=body(ReplyBody, text=text, photos=list(photos)))

    async def events(self, case_id: str, *, actor: As) -> EventList:
        """A case's events, oldest first."""
        return await self._http.call("GET", f"{API}/cases/{segment(case_id)}/events",
                                     EventList, actor=actor)

    async def feed(self, after: int = 0, wait: float = 0, limit: int = 100) -> FeedPage:
        """Events after the cursor `after` in commit order, waiting up to `wait` seconds
        for news; store the page's `cursor` and pass it as `after` next time."""
        return await self._http.call("GET", f"{API}/feed", FeedPage,
                                     query={"after": after, "wait": wait, "limit": limit},
                                     extra_wait=wait)

    async def advance_clock(self, seconds: int, *, idempotency_key: str | None = None
                            ) -> ClockNow:
        """Test-only: move the service's clock forward (DAIBAN_TEST_CLOCK_CONTROL)."""
        return await self._http.call(
            "POST", f"{API}/testing/clock", ClockNow, actor=As.service(), write=True,
            idempotency_key=idempotency_key, send=body(AdvanceClock, seconds=seconds))
