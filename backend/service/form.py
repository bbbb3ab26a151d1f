"""Where a booking draft stands: the next question, what is missing, what waits for the station.

A draft is a mapping of field key to stored answer (see `answers.validate_answer`). A key
present with None is an optional question the villager skipped: it was asked, so it is
not asked again. Sensitive fields are never asked in chat; the station collects them.
These functions read only the form and the answers, so any front end resumes a draft
where it stopped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matter_catalog.models import FormField

__all__ = ["missing_required", "next_question", "station_fields"]


def next_question(form: Sequence[FormField], answers: Mapping[str, object]) -> FormField | None:
    """The first chat question not yet answered or skipped; None when chat has no more."""
    return next((field for field in form if not field.sensitive and field.key not in answers), None)


def missing_required(form: Sequence[FormField], answers: Mapping[str, object]) -> list[str]:
    """Keys of required chat questions without an answer; submit refuses while any remain."""
    return [
        field.key
        for field in form
        if field.required and not field.sensitive and answers.get(field.key) is None
    ]


def station_fields(form: Sequence[FormField]) -> list[FormField]:
    """The sensitive fields, which the station collects in person."""
    return [field for field in form if field.sensitive]
