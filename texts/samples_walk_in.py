"""Sample data of the walk-in flow's and the call list's screens (staff/walk_in,
staff/calls, their errors): texts.samples merges it into SAMPLES, so the template tests
render each of them in every language, and the preview page shows them.

Kept apart from texts.samples so that file stays within the module size limit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from texts.names import T

_MATTER = {"zh": "困难残疾人生活补贴和重度残疾人护理补贴申请",
           "en": "Living subsidy for disabled persons in hardship - application"}
_CASE: Mapping[str, Any] = {"number": "PG2026000123", "matter_name": _MATTER}

WALK_IN_SAMPLES: Mapping[T, Mapping[str, Any]] = {
    T.WALK_IN_STATION: {"count": 272, "typed": "xishuangying <b>& co</b>"},
    T.WALK_IN_NO_STATION: {},
    T.WALK_IN_NAME_ASK: {},
    T.WALK_IN_PHONE_ASK: {"name": "Chunhua Ouyang-Lindqvist <b>&</b>"},
    T.WALK_IN_AUTH_ASK: {"name": "Chunhua Ouyang-Lindqvist", "phone": "+8613900139000"},
    T.WALK_IN_NOTE_ASK: {"kind": "phone"},
    T.WALK_IN_MATTER: {"name": "Chunhua Ouyang-Lindqvist", "typed": "dibao <b>x</b> &"},
    T.WALK_IN_FOUND: {"typed": "minimum living allowance for the old <b>&</b>"},
    T.WALK_IN_MATTERS: {"category": {"name": {"zh": "社会救助（低保、特困、临时救助）",
                                              "en": "Social assistance (dibao, hardship)"}},
                        "page": 3, "pages": 4},
    T.WALK_IN_SUMMARY: {
        "name": "Chunhua Ouyang-Lindqvist", "matter": _MATTER,
        "authorization": {"kind": "written", "note": "Signed by her daughter <b>&</b> "
                          "with her thumbprint; the form is in cabinet 2 at the station. " * 4},
        "answers": [{"label": {"zh": f"问题{n}", "en": f"Question number {n} of the form"},
                     "type": kind, "value": value, "choices": choices}
                    for n, (kind, value, choices) in enumerate([
                        ("text", "A long answer typed <b>by the agent</b> " * 3, []),
                        ("yes_no", True, []), ("photo", "file-id", []), ("text", None, []),
                        ("choice", "first", [{"zh": "第一个", "en": "First child"}])] * 3)],
        "station_fields": [{"zh": "预产期或出生日期", "en": "Due date or date of birth"}] * 3},
    T.WALK_IN_DONE: {"case": _CASE, "name": "Chunhua Ouyang-Lindqvist <b>&</b>",
                     "due": dt.date(2026, 12, 30)},
    T.CALLS_TASK: {
        "count": 131, "index": 27, "since": dt.datetime(2026, 11, 26, 16, 45),
        "task": {"resident_name": "Chunhua Ouyang-Lindqvist <b>&</b>",
                 "phone": "+8613900139000", "case_number": "PG2026000123",
                 "matter_name": _MATTER, "attempts": 3},
        "message": Markup("🏢 <b>The station booked for you</b>\n"
                          + "Minimum Living Allowance &amp; more. " * 15),
        "recorded": {"resident_name": "Chunhua Ouyang-Lindqvist", "outcome": "not_reached",
                     "attempts": 4}},
    T.CALLS_RING: {"call": {"name": "Chunhua Ouyang-Lindqvist <b>&</b>",
                            "phone": "+8613900139000"},
                   "at": dt.datetime(2026, 11, 26, 16, 45)},
    T.ERROR_WALK_IN_NAME_REQUIRED: {}, T.ERROR_WALK_IN_AUTHORIZATION_REQUIRED: {},
    T.ERROR_WALK_IN_AUTHORIZATION_NOTE_REQUIRED: {}, T.ERROR_RIGHTS_NOT_STATION_STAFF: {},
    T.ERROR_RESIDENT_UNKNOWN_VILLAGE: {}, T.ERROR_DRAFT_UNKNOWN: {},
    T.ERROR_CALL_TASK_ALREADY_DONE: {}, T.ERROR_CALL_TASK_UNKNOWN: {},
    T.ERROR_CALL_TASK_BAD_OUTCOME: {},
}
