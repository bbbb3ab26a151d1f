"""Which events a villager hears of, in the chat or from their station."""

from __future__ import annotations

import datetime as dt

import pytest

from backend.domain.events import CaseEvent
from backend.domain.notices import needs_call, tells_resident
from backend.domain.rights import Role
from backend.domain.states import CaseAction, CaseState

AT = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)


def event(action: CaseAction, role: Role = Role.AGENT) -> CaseEvent:
    return CaseEvent(case_id="c", version=2, action=action, actor_id="a", acting_role=role,
                     actor_office_code="o", from_state=CaseState.BOOKED,
                     to_state=CaseState.ACCEPTED, office_code="o", to_office_code="o",
                     step=0, to_step=0, holder_id="a", at=AT)


@pytest.mark.parametrize("action", [
    CaseAction.ACCEPT, CaseAction.REQUEST_MATERIAL, CaseAction.FORWARD,
    CaseAction.RETURN_TO_LOWER_TIER, CaseAction.EXTEND, CaseAction.APPROVE,
    CaseAction.REJECT, CaseAction.MARK_RESULT_READY, CaseAction.DELIVER, CaseAction.REFUSE,
    CaseAction.START_PUBLIC_NOTICE, CaseAction.END_PUBLIC_NOTICE, CaseAction.BOOK,
])
def test_staff_moves_that_change_what_the_villager_expects_are_news(action) -> None:
    assert tells_resident(event(action))


@pytest.mark.parametrize("action", [CaseAction.CLAIM, CaseAction.REASSIGN])
def test_internal_moves_are_not_news(action) -> None:
    assert not tells_resident(event(action, Role.SUPERVISOR))


@pytest.mark.parametrize("action", [CaseAction.BOOK, CaseAction.CANCEL, CaseAction.WITHDRAW,
                                    CaseAction.RESCHEDULE, CaseAction.RATE])
def test_what_the_villager_did_themself_is_not_told_back(action) -> None:
    assert not tells_resident(event(action, Role.RESIDENT))


def test_news_for_a_villager_without_a_reachable_chat_becomes_a_call() -> None:
    news = event(CaseAction.ACCEPT)
    assert needs_call(news, has_chat=False, reachable=False)
    assert needs_call(news, has_chat=True, reachable=False)
    assert not needs_call(news, has_chat=True, reachable=True)
    assert not needs_call(event(CaseAction.CLAIM), has_chat=False, reachable=False)
