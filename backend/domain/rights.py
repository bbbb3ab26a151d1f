"""Who may do what to a case: deny by default, grant by a few plain rules.

The service tells the domain who is asking (an `Actor`): a resident, or a staff member
with their role, whether their account is active, and how their office relates to the
office where the case is now. The domain never looks offices up itself.

The rules, in words (case.py adds when each action is possible at all):

- **claim**: an active staff member of the case's current office whose role fits the
  work there (an agent at the station, a reviewer for a town/district review step, an
  approver for an approve/decide step), or that office's supervisor. Supervisors may
  claim because they cover for absent staff and may act for the holder anyway; the
  event records that a supervisor did it. Admins manage accounts and may not claim:
  whoever manages accounts should not also decide cases.
- **every other staff action at the step**: the holder (if their role still fits), or
  the supervisor of the current office acting for them. A case nobody holds must be
  claimed first.
- **extend** (延期): only the current office's supervisor, because the law asks for the
  head of the agency's approval (行政许可法 Art. 42).
- **mark_result_ready**: as above at the deciding office, or an agent or supervisor of
  the case's station, who is the one that actually has the result in hand.
- **reassign**: a supervisor or admin of the current office or of the office above it
  (a village station often has no supervisor of its own: its town steps in).
- **cancel, withdraw, rate**: only the resident whose case it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from backend.domain.route import Step
from backend.domain.snapshot import CaseSnapshot
from backend.domain.states import CaseAction
from backend.domain.tier import Tier


class Role(StrEnum):
    """The capacity someone acts in; every staff account has exactly one."""

    RESIDENT = "resident"
    AGENT = "agent"  # 代办员 at a village station
    REVIEWER = "reviewer"  # 初审/审核 at a town or district center
    APPROVER = "approver"  # 审批/决定 at a town or district center
    SUPERVISOR = "supervisor"  # the office's head: acts for any holder, approves extensions
    ADMIN = "admin"  # manages the office's staff; may reassign, nothing else on a case

    @property
    def is_staff(self) -> bool:
        return self is not Role.RESIDENT


class OfficeRelation(StrEnum):
    """How the actor's office relates to the case's current office (the service says)."""

    SAME = "same"  # the actor works where the case is now
    STATION = "station"  # the actor's office is the case's station, and the case is elsewhere
    ABOVE = "above"  # the actor's office is the parent of the case's current office
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who asks, as far as the rules care. Built per request and per case by the service.

    `relation` is only meaningful for staff; residents are matched by `person_id`
    against the case's resident, and staff by `person_id` against its holder.
    """

    person_id: str
    role: Role
    office_code: str | None = None
    active: bool = True
    relation: OfficeRelation = OfficeRelation.OTHER

    @classmethod
    def resident(cls, person_id: str) -> Actor:
        return cls(person_id, Role.RESIDENT)

    @classmethod
    def staff(cls, person_id: str, role: Role, office_code: str,
              relation: OfficeRelation, active: bool = True) -> Actor:
        if not role.is_staff:
            raise ValueError("a staff actor needs a staff role")
        return cls(person_id, role, office_code, active, relation)


# The one who looks at a case and the one who acts on it are described the same way.
Viewer = Actor


def role_for(step: Step) -> Role:
    """The role that works a step: the station's agents do everything at the village."""
    if step.tier is Tier.VILLAGE:
        return Role.AGENT
    return Role.APPROVER if step.action.decides else Role.REVIEWER


def fits(actor: Actor, step: Step) -> bool:
    """Whether the actor's role may work this step (a supervisor may work any)."""
    return actor.role is Role.SUPERVISOR or actor.role is role_for(step)


def _is_staff_here(actor: Actor) -> bool:
    return actor.role.is_staff and actor.active and actor.relation is OfficeRelation.SAME


def _is_owner(case: CaseSnapshot, actor: Actor) -> bool:
    return actor.role is Role.RESIDENT and actor.person_id == case.resident_id


def acts_for_holder(case: CaseSnapshot, actor: Actor) -> bool:
    """The holder whose role still fits, or the current office's supervisor; never unheld."""
    if case.holder_id is None or not _is_staff_here(actor):
        return False
    if actor.role is Role.SUPERVISOR:
        return True
    return actor.person_id == case.holder_id and fits(actor, case.work_step)


def may(case: CaseSnapshot, action: CaseAction, actor: Actor) -> bool:
    """Whether this actor is entitled to this action on this case, its state aside.

    Whether the action is possible at all in the case's state is case.py's question;
    both must say yes. Unknown actions and inactive accounts get no.
    """
    if action in (CaseAction.CANCEL, CaseAction.WITHDRAW, CaseAction.RATE):
        return _is_owner(case, actor)
    if not actor.role.is_staff or not actor.active:
        return False
    if action is CaseAction.CLAIM:
        return _is_staff_here(actor) and fits(actor, case.work_step)
    if action is CaseAction.EXTEND:
        return _is_staff_here(actor) and actor.role is Role.SUPERVISOR
    if action is CaseAction.REASSIGN:
        return (
            case.holder_id is not None
            and actor.role in (Role.SUPERVISOR, Role.ADMIN)
            and actor.relation in (OfficeRelation.SAME, OfficeRelation.ABOVE)
        )
    if action is CaseAction.MARK_RESULT_READY and actor.relation is OfficeRelation.STATION:
        return actor.role in (Role.AGENT, Role.SUPERVISOR)
    if action in _HOLDER_ACTIONS:
        return acts_for_holder(case, actor)
    return False


_HOLDER_ACTIONS = frozenset({
    CaseAction.ACCEPT, CaseAction.REFUSE, CaseAction.REQUEST_MATERIAL,
    CaseAction.RECEIVE_MATERIAL, CaseAction.FORWARD, CaseAction.RETURN_TO_LOWER_TIER,
    CaseAction.START_PUBLIC_NOTICE, CaseAction.END_PUBLIC_NOTICE, CaseAction.APPROVE,
    CaseAction.REJECT, CaseAction.MARK_RESULT_READY, CaseAction.DELIVER,
})


def can_assign_to(case: CaseSnapshot, assignee: Actor) -> bool:
    """A reassignment target: active staff of the current office who may work its step."""
    return (
        _is_staff_here(assignee)
        and assignee.person_id != case.holder_id
        and fits(assignee, case.work_step)
    )


def can_view(case: CaseSnapshot, viewer: Viewer) -> bool:
    """The resident whose case it is, or active staff where it is, of its station or above.

    Followers (family members) are the service's business: it decides who follows
    whom and asks here as the resident they follow only if it chooses to.
    """
    if viewer.role is Role.RESIDENT:
        return _is_owner(case, viewer)
    return viewer.active and viewer.relation is not OfficeRelation.OTHER


def can_call(case: CaseSnapshot, viewer: Viewer) -> bool:
    """Who may see the villager's full number to ring them: active staff of the office
    holding the case, and of the villager's own station, which is their contact."""
    return (viewer.role.is_staff and viewer.active
            and viewer.relation in (OfficeRelation.SAME, OfficeRelation.STATION))
