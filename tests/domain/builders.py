"""Routes, offices, people and a booked case for the domain's tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from backend.domain.case import Transition, act, open_case
from backend.domain.clocks import Limit
from backend.domain.rights import Actor, OfficeRelation, Role
from backend.domain.route import Route, Step, StepAction
from backend.domain.snapshot import CaseSnapshot, OfficePath
from backend.domain.states import CaseAction
from backend.domain.tier import Tier

BEIJING = timezone(timedelta(hours=8))
V, T, D = Tier.VILLAGE, Tier.TOWN, Tier.DISTRICT


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=BEIJING)


def route(*steps: tuple[Tier, str, int]) -> Route:
    return Route(tuple(Step(tier, StepAction(action), days) for tier, action, days in steps))


# [village accept -> town review -> district approve -> village deliver]
FULL = route((V, "accept", 1), (T, "review", 5), (D, "approve", 8), (V, "deliver", 2))
# 即办 at the town, and at the station itself
TOWN_NOW = route((V, "accept", 0), (T, "decide", 0))
VILLAGE_NOW = route((V, "accept", 0), (V, "decide", 0))

OFFICES = OfficePath(village="V01", town="T01", district="D01")
RESIDENT = Actor.resident("r1")
STRANGER = Actor.resident("r2")


def staff(role: Role, relation: OfficeRelation = OfficeRelation.SAME,
          person_id: str | None = None, active: bool = True) -> Actor:
    return Actor.staff(person_id or f"{role.value}-1", role, "X", relation, active)


AGENT = staff(Role.AGENT)
AGENT_2 = staff(Role.AGENT, person_id="agent-2")
REVIEWER = staff(Role.REVIEWER)
APPROVER = staff(Role.APPROVER)
SUPERVISOR = staff(Role.SUPERVISOR)
STATION_AGENT = staff(Role.AGENT, OfficeRelation.STATION, person_id="agent-9")


PROMISED = Limit(15)
LEGAL = Limit(20)


def booked(rte: Route = FULL, when: datetime | None = None,
           promised: Limit = PROMISED, legal: Limit | None = LEGAL) -> CaseSnapshot:
    return open_case(case_id="c1", resident_id="r1", route=rte, offices=OFFICES,
                     promised_limit=promised, legal_limit=legal, actor=RESIDENT,
                     now=when or at(2026, 9, 21)).case


def run(case: CaseSnapshot, *moves: tuple[CaseAction, Actor, dict[str, Any]],
        now: datetime | None = None) -> list[Transition]:
    """Apply moves in order at one instant; return every transition made."""
    done: list[Transition] = []
    for action, actor, params in moves:
        transition = act(case, action, actor, now or at(2026, 9, 22), **params)
        done.append(transition)
        case = transition.case
    return done
