"""The typed async client the bot uses to reach the case service over HTTP.

    async with CaseServiceClient(url, token) as cases:
        case = await cases.act(case_id, "claim", actor=As.staff(user_id))

Refusals raise `CaseServiceError` families (`NotFound`, `NotAllowed`, `Conflict`,
`Invalid`, `Unauthorized`, `Unavailable`), each carrying the service's `code`.
"""

from backend_client.actor import As
from backend_client.client import KEEP, CaseServiceClient
from backend_client.errors import (
    CaseServiceError,
    Conflict,
    Invalid,
    NotAllowed,
    NotFound,
    Unauthorized,
    Unavailable,
)
from backend_client.retry import Backoff

__all__ = [
    "KEEP",
    "As",
    "Backoff",
    "CaseServiceClient",
    "CaseServiceError",
    "Conflict",
    "Invalid",
    "NotAllowed",
    "NotFound",
    "Unauthorized",
    "Unavailable",
]
