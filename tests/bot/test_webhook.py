"""The webhook endpoint: the secret checked first, 200 only once the update is stored."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from bot.webhook import SECRET_HEADER, webhook_app

UPDATE = {"update_id": 1, "message": {"message_id": 1, "date": 0, "text": "hi",
                                      "chat": {"id": 7, "type": "private"}}}


class _Inbox:
    """Stands in for the inbox: records what it stored, or fails to store."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.stored: list[dict[str, Any]] = []
        self.in_progress = 0

    async def accept(self, payloads: list[dict[str, Any]]) -> list[int]:
        if self.fail:
            raise RuntimeError("the database is away")
        self.stored.extend(payloads)
        return [payload["update_id"] for payload in payloads]


async def _post(inbox: _Inbox, headers: dict[str, str], body: Any = UPDATE) -> int:
    app = webhook_app(inbox, "s3cret", "/hook")  # type: ignore[arg-type]
    async with TestClient(TestServer(app)) as client:
        response = await client.post("/hook", json=body, headers=headers)
        return response.status


async def test_a_stored_update_is_answered_200() -> None:
    inbox = _Inbox()
    assert await _post(inbox, {SECRET_HEADER: "s3cret"}) == 200
    assert inbox.stored == [UPDATE]


async def test_an_update_that_could_not_be_stored_is_answered_500_so_it_comes_again() -> None:
    assert await _post(_Inbox(fail=True), {SECRET_HEADER: "s3cret"}) == 500


async def test_a_missing_or_wrong_secret_is_refused_before_anything_is_stored() -> None:
    inbox = _Inbox()
    assert await _post(inbox, {}) == 403
    assert await _post(inbox, {SECRET_HEADER: "s3cre"}) == 403
    assert inbox.stored == []


async def test_a_body_that_is_not_an_update_is_refused() -> None:
    inbox = _Inbox()
    assert await _post(inbox, {SECRET_HEADER: "s3cret"}, body={"hello": 1}) == 400
    assert await _post(inbox, {SECRET_HEADER: "s3cret"}, body=[1, 2]) == 400
    assert inbox.stored == []
