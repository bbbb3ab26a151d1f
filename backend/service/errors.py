"""Refusals of the service layer: a stable code and details, never words.

The API maps each code to an HTTP status in one table (backend/api/errors.py); the bot
renders `errors/<code>.j2`. Domain refusals (DomainError) pass through unchanged.
"""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    def __init__(self, code: str, /, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details
