"""The client's newer half: staff and invites, followers, call tasks, custody and carry runs.

A mixin of CaseServiceClient, kept in its own module so that each stays short; the
client's conventions (actor=, idempotency_key=, error families) hold here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from backend_client._http import Transport, body, segment
from backend_client.actor import As
from wire.calls import CallTaskList, CallTaskView, CallView, FinishCallTask
from wire.custody import CarryRunList, CarryRunView, CustodyMove, CustodyView
from wire.followers import FollowBody, FollowerList, FollowerView, FollowLinkView
from wire.residents import Language
from wire.staff import (
    AuditList,
    CreateInvite,
    InviteView,
    JoinStaff,
    RetireStaff,
    StaffList,
    StaffView,
)

API = "/api/v1"


class StaffMethods:
    """Calls for station and center staff, and the bot's own calls about them."""

    _http: Transport

    # --- followers: family members who follow a villager's case --------------------

    async def share_case(self, case_id: str, *, actor: As,
                         idempotency_key: str | None = None) -> FollowLinkView:
        """A one-time link (code "f-...") for a family member to follow the case."""
        return await self._http.call(
            "POST", f"{API}/cases/{segment(case_id)}/follow-links", FollowLinkView,
            actor=actor, write=True, idempotency_key=idempotency_key)

    async def follow_case(self, code: str, messaging_id: str | int, name: str,
                          language: Language = "zh", *, idempotency_key: str | None = None
                          ) -> FollowerView:
        """The person who opened a follow link follows the case (used, expired: Conflict)."""
        return await self._http.call(
            "POST", f"{API}/follow", FollowerView, actor=As.service(), write=True,
            idempotency_key=idempotency_key,
            send=body(FollowBody, code=code, messaging_id=str(messaging_id), name=name,
                      language=language))

    async def followers(self, case_id: str, *, actor: As) -> FollowerList:
        """Who follows the case: the villager sees names; the bot (As.service()) also
        their messaging ids, to send them news."""
        return await self._http.call(
            "GET", f"{API}/cases/{segment(case_id)}/followers", FollowerList, actor=actor)

    async def remove_follower(self, follower_id: str, *, actor: As,
                              idempotency_key: str | None = None) -> FollowerView:
        """The villager stops a family member following their case."""
        return await self._http.call(
            "POST", f"{API}/followers/{segment(follower_id)}/remove", FollowerView,
            actor=actor, write=True, idempotency_key=idempotency_key)

    async def claimants(self, case_id: str, *, actor: As) -> StaffList:
        """The staff who may claim the case now (its prompt goes to them)."""
        return await self._http.call(
            "GET", f"{API}/cases/{segment(case_id)}/claimants", StaffList, actor=actor)

    # --- calls ---------------------------------------------------------------------

    async def call_tasks(self, station_code: str, open_only: bool = True, limit: int = 50,
                         offset: int = 0, *, actor: As) -> CallTaskList:
        """The station's call list: news to pass on to villagers the bot cannot reach."""
        return await self._http.call(
            "GET", f"{API}/offices/{segment(station_code)}/call-tasks", CallTaskList,
            actor=actor, query={"open": open_only, "limit": limit, "offset": offset})

    async def finish_call_task(self, task_id: int, outcome: str, note: str | None = None, *,
                               actor: As, idempotency_key: str | None = None
                               ) -> CallTaskView:
        """Reached or visited closes the task; not_reached counts a try."""
        return await self._http.call(
            "POST", f"{API}/call-tasks/{task_id}/done", CallTaskView, actor=actor,
            write=True, idempotency_key=idempotency_key,
            send=body(FinishCallTask, outcome=outcome, note=note))

    async def call_resident(self, case_id: str, *, actor: As,
                            idempotency_key: str | None = None) -> CallView:
        """The villager's full number, for staff about to ring them (logged)."""
        return await self._http.call(
            "POST", f"{API}/cases/{segment(case_id)}/calls", CallView, actor=actor,
            write=True, idempotency_key=idempotency_key)

    # --- custody of originals and carry runs ----------------------------------------

    async def custody(self, case_id: str, *, actor: As) -> CustodyView:
        """Who holds each of the case's originals now, and every handover."""
        return await self._http.call(
            "GET", f"{API}/cases/{segment(case_id)}/custody", CustodyView, actor=actor)

    async def move_originals(self, case_id: str, move: str, items: Iterable[str],
                             to_office: str | None = None, *, actor: As,
                             idempotency_key: str | None = None) -> CustodyView:
        """take, send (to_office), receive, hand_back or confirm_back some originals."""
        return await self._http.call(
            "POST", f"{API}/cases/{segment(case_id)}/custody", CustodyView, actor=actor,
            write=True, idempotency_key=idempotency_key,
            send=body(CustodyMove, move=move, items=list(items), to_office=to_office))

    async def carry_runs(self, office_code: str, day: dt.date | None = None,
                         limit: int = 20, *, actor: As) -> CarryRunList:
        """Runs leaving the station or coming to the office, newest first."""
        return await self._http.call(
            "GET", f"{API}/offices/{segment(office_code)}/carry-runs", CarryRunList,
            actor=actor, query={"day": day.isoformat() if day else None, "limit": limit})

    async def depart_carry_run(self, run_id: int, *, actor: As,
                               idempotency_key: str | None = None) -> CarryRunView:
        """The agent leaves with the run: its originals go in transit."""
        return await self._http.call(
            "POST", f"{API}/carry-runs/{run_id}/depart", CarryRunView, actor=actor,
            write=True, idempotency_key=idempotency_key)

    async def receive_dossier(self, run_id: int, case_id: str, *, actor: As,
                              idempotency_key: str | None = None) -> CarryRunView:
        """The destination confirms a dossier on the run arrived."""
        return await self._http.call(
            "POST", f"{API}/carry-runs/{run_id}/cases/{segment(case_id)}/received",
            CarryRunView, actor=actor, write=True, idempotency_key=idempotency_key)

    async def flag_missing_dossier(self, run_id: int, case_id: str, *, actor: As,
                                   idempotency_key: str | None = None) -> CarryRunView:
        """The destination flags a dossier on the run as missing."""
        return await self._http.call(
            "POST", f"{API}/carry-runs/{run_id}/cases/{segment(case_id)}/missing",
            CarryRunView, actor=actor, write=True, idempotency_key=idempotency_key)

    # --- staff ---------------------------------------------------------------------

    async def create_invite(self, office_code: str, role: str, valid_hours: int = 24, *,
                            actor: As, idempotency_key: str | None = None) -> InviteView:
        """A one-time code for a new staff member (a supervisor or admin invites)."""
        return await self._http.call(
            "POST", f"{API}/staff/invites", InviteView, actor=actor, write=True,
            idempotency_key=idempotency_key,
            send=body(CreateInvite, office_code=office_code, role=role,
                      valid_hours=valid_hours))

    async def join_staff(self, code: str, messaging_id: str | int, name: str,
                         language: Language = "zh", *, idempotency_key: str | None = None
                         ) -> StaffView:
        """The sender of an invite's code becomes staff (used, expired: Conflict)."""
        return await self._http.call(
            "POST", f"{API}/staff/join", StaffView, actor=As.service(), write=True,
            idempotency_key=idempotency_key,
            send=body(JoinStaff, code=code, messaging_id=str(messaging_id), name=name,
                      language=language))

    async def my_memberships(self, *, actor: As) -> StaffList:
        """The caller's active staff memberships (empty: not staff)."""
        return await self._http.call("GET", f"{API}/staff/me", StaffList, actor=actor)

    async def office_staff(self, office_code: str, *, actor: As) -> StaffList:
        """An office's active staff (for its supervisors and admins, and those above)."""
        return await self._http.call(
            "GET", f"{API}/offices/{segment(office_code)}/staff", StaffList, actor=actor)

    async def staff_audit(self, office_code: str, *, actor: As) -> AuditList:
        """Invites, joins and retirements at the office, newest first."""
        return await self._http.call(
            "GET", f"{API}/offices/{segment(office_code)}/staff/audit", AuditList,
            actor=actor)

    async def retire_staff(self, staff_id: str, reason: str | None = None, *, actor: As,
                           idempotency_key: str | None = None) -> StaffView:
        """End a membership; the retired holder's cases wait for reassignment."""
        return await self._http.call(
            "POST", f"{API}/staff/{segment(staff_id)}/retire", StaffView, actor=actor,
            write=True, idempotency_key=idempotency_key, send=body(RetireStaff, reason=reason))

