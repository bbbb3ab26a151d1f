"""The client keeps up with the service: one typed method for every endpoint."""

from __future__ import annotations

import inspect
import typing

from backend.api.app import build_router
from backend_client import CaseServiceClient

METHOD_FOR = {
    "list_categories": "categories",
    "list_matters": "matters",
    "search_matters": "search",
    "get_matter": "matter",
    "office_tree": "office_tree",
    "get_office": "office",
    "due_date": "due_date",
    "next_opening": "next_opening",
    "register_resident": "register_resident",
    "get_resident_by_messaging_id": "resident_by_messaging_id",
    "get_resident": "resident",
    "update_resident": "update_resident",
    "record_consent": "record_consent",
    "withdraw_consent": "withdraw_consent",
    "set_reachability": "set_reachable",
    "erase_resident": "erase_resident",
    "resident_privacy": "privacy",
    "register_walk_in": "register_walk_in",
    "create_draft": "create_draft",
    "get_draft": "draft",
    "answer_draft": "answer",
    "submit_draft": "submit",
    "list_slots": "slots",
    "reschedule_case": "reschedule",
    "my_cases": "my_cases",
    "office_queue": "queue",
    "get_case": "case",
    "case_by_number": "case_by_number",
    "reply_to_case": "reply",
    "share_case": "share_case",
    "follow_case": "follow_case",
    "case_followers": "followers",
    "remove_follower": "remove_follower",
    "act_on_case": "act",
    "list_events": "events",
    "read_feed": "feed",
    "create_invite": "create_invite",
    "join": "join_staff",
    "my_memberships": "my_memberships",
    "office_staff": "office_staff",
    "audit_log": "staff_audit",
    "retire": "retire_staff",
    "claimants": "claimants",
    "station_tasks": "call_tasks",
    "finish_task": "finish_call_task",
    "call_resident": "call_resident",
    "get_custody": "custody",
    "move_originals": "move_originals",
    "office_runs": "carry_runs",
    "depart_run": "depart_carry_run",
    "receive_dossier": "receive_dossier",
    "flag_missing": "flag_missing_dossier",
}


def test_every_endpoint_has_a_client_method_returning_its_wire_model():
    endpoints = build_router().endpoints
    assert {e.operation_id for e in endpoints} == set(METHOD_FOR)
    for endpoint in endpoints:
        method = getattr(CaseServiceClient, METHOD_FOR[endpoint.operation_id])
        returns = typing.get_type_hints(method)["return"]
        assert returns is endpoint.response, endpoint.operation_id


def test_every_state_changing_method_takes_an_idempotency_key_and_an_actor():
    for endpoint in build_router().endpoints:
        parameters = inspect.signature(
            getattr(CaseServiceClient, METHOD_FOR[endpoint.operation_id])).parameters
        if endpoint.database == "write":
            assert parameters["idempotency_key"].kind is inspect.Parameter.KEYWORD_ONLY
        else:
            assert "idempotency_key" not in parameters
        if "actor" in parameters:
            actor = parameters["actor"]
            assert (actor.kind, actor.default) == (inspect.Parameter.KEYWORD_ONLY,
                                                   inspect.Parameter.empty)
