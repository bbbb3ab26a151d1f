"""`As`: the person a call is made for, or the service itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ACTOR_HEADER = "X-Daiban-Actor"
ROLE_HEADER = "X-Daiban-Role"

Role = Literal["resident", "staff"]


@dataclass(frozen=True)
class As:
    """Who a call is for: `As.resident(id)`, `As.staff(id)` or `As.service()`.

    The ids are messaging-app user ids. The service trusts them only together with the
    service token, and decides from them what the caller may see and do.
    """

    messaging_id: str | None = None
    role: Role | None = None

    def __post_init__(self) -> None:
        if (self.messaging_id is None) != (self.role is None):
            raise ValueError("a messaging id and a role go together")

    @classmethod
    def resident(cls, messaging_id: str | int) -> As:
        return cls(str(messaging_id), "resident")

    @classmethod
    def staff(cls, messaging_id: str | int) -> As:
        return cls(str(messaging_id), "staff")

    @classmethod
    def service(cls) -> As:
        """The front end itself, acting for nobody (reads, reachability reports)."""
        return cls()

    def headers(self) -> dict[str, str]:
        if self.messaging_id is None or self.role is None:
            return {}
        return {ACTOR_HEADER: self.messaging_id, ROLE_HEADER: self.role}
