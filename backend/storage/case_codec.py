"""The workflow snapshot to JSON and back: what the `cases.workflow` column holds."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from backend.domain.clocks import Clock, Limit, LimitUnit, Pause
from backend.domain.route import Route, Step, StepAction
from backend.domain.snapshot import CaseSnapshot, OfficePath
from backend.domain.states import CaseState, Decision
from backend.domain.tier import Tier


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _limit(limit: Limit | None) -> dict[str, Any] | None:
    return {"days": limit.days, "unit": limit.unit.value} if limit else None


def _parse_limit(data: dict[str, Any] | None) -> Limit | None:
    return Limit(data["days"], LimitUnit(data["unit"])) if data else None


def _clock(clock: Clock | None) -> dict[str, Any] | None:
    if clock is None:
        return None
    return {
        "started_at": _time(clock.started_at),
        "limit": _limit(clock.limit),
        "pauses": [[_time(p.start), _time(p.end)] for p in clock.pauses],
        "extension_days": clock.extension_days,
        "stopped_at": _time(clock.stopped_at),
    }


def _parse_clock(data: dict[str, Any] | None) -> Clock | None:
    if data is None:
        return None
    started = _parse_time(data["started_at"])
    limit = _parse_limit(data["limit"])
    assert started is not None and limit is not None
    return Clock(
        started_at=started,
        limit=limit,
        pauses=tuple(Pause(_parse_time(s), _parse_time(e)) for s, e in data["pauses"]),  # type: ignore[arg-type]
        extension_days=data["extension_days"],
        stopped_at=_parse_time(data["stopped_at"]),
    )


def encode(case: CaseSnapshot) -> dict[str, Any]:
    return {
        "route": [[s.tier.value, s.action.value, s.limit_days] for s in case.route.steps],
        "offices": [case.offices.village, case.offices.town, case.offices.district],
        "service_clock": _clock(case.service_clock),
        "step_clock": _clock(case.step_clock),
        "legal_limit": _limit(case.legal_limit),
        "statutory_clock": _clock(case.statutory_clock),
        "resume_state": case.resume_state.value if case.resume_state else None,
        "decision": case.decision.value if case.decision else None,
        "extended": case.extended,
        "material_requested_at": sorted(case.material_requested_at),
        "rating": case.rating,
    }


def decode(row: Any) -> CaseSnapshot:
    """A snapshot from a `cases` row: the queryable columns plus the workflow JSON."""
    data = row.workflow
    service_clock = _parse_clock(data["service_clock"])
    step_clock = _parse_clock(data["step_clock"])
    assert service_clock is not None and step_clock is not None
    return CaseSnapshot(
        case_id=row.id,
        resident_id=row.resident_id,
        route=Route(tuple(Step(Tier(t), StepAction(a), d) for t, a, d in data["route"])),
        offices=OfficePath(*data["offices"]),
        state=CaseState(row.state),
        step=row.step,
        office_code=row.office_code,
        holder_id=row.holder_id,
        service_clock=service_clock,
        step_clock=step_clock,
        legal_limit=_parse_limit(data["legal_limit"]),
        statutory_clock=_parse_clock(data["statutory_clock"]),
        resume_state=CaseState(data["resume_state"]) if data["resume_state"] else None,
        decision=Decision(data["decision"]) if data["decision"] else None,
        return_count=row.return_count,
        extended=data["extended"],
        material_requested_at=frozenset(data["material_requested_at"]),
        rating=data["rating"],
        version=row.version,
    )
