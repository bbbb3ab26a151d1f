"""`daiban run` as a real process: it serves, survives SIGKILL, and stops on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest

DAIBAN = Path(sys.executable).parent / "daiban"


class Service:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.process: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self) -> None:
        env = os.environ | {"DAIBAN_VAR_DIR": str(self.home / "var"), "DAIBAN_API_PORT": "0",
                            "COLUMNS": "200"}
        env.pop("DAIBAN_DATABASE_URL", None)
        self.process = subprocess.Popen(
            [str(DAIBAN), "run", "--today", "2026-11-25"], cwd=self.home, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 90
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise AssertionError(f"daiban run exited with {self.process.wait()}")
            if "case service API:" in line:
                self.url = line.split("case service API:")[1].split("/api/v1/docs")[0].strip()
                return
        raise AssertionError("daiban run did not start serving in time")

    @property
    def token(self) -> str:
        return (self.home / "var" / "secrets" / "service_token").read_text().strip()

    def call(self, method: str, path: str, body: Any = None, actor: str | None = None
             ) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json",
                   "Idempotency-Key": uuid.uuid4().hex}
        if actor:
            headers |= {"X-Daiban-Actor": actor, "X-Daiban-Role": "resident"}
        request = urllib.request.Request(
            self.url + path, method=method, headers=headers,
            data=json.dumps(body).encode() if body is not None else None)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def stop(self, signum: int) -> int:
        assert self.process is not None
        self.process.send_signal(signum)
        return self.process.wait(timeout=30)


@pytest.fixture
def service(tmp_path: Path):
    running = Service(tmp_path)
    yield running
    if running.process and running.process.poll() is None:
        running.process.kill()
        running.process.wait()


def book(service: Service, actor: str) -> dict[str, Any]:
    status, resident = service.call("POST", "/api/v1/residents", {
        "messaging_id": actor, "language": "zh", "privacy_notice_version": "2026-11"},
        actor)
    assert status in (200, 201), resident
    status, _ = service.call("PATCH", f"/api/v1/residents/{resident['id']}",
                             {"village_code": "110117108201"}, actor)
    assert status == 200
    status, draft = service.call("POST", "/api/v1/drafts", {"matter_code": "WJ01"}, actor)
    assert status == 201, draft
    while draft["next_question"]:
        question = draft["next_question"]
        value = {"choice": question["choices"][0]["key"] if question["choices"] else None,
                 "date": "2026-05-01", "yes_no": True, "number": 2,
                 "phone": "13800138000"}.get(question["type"], "text")
        status, draft = service.call("POST", f"/api/v1/drafts/{draft['id']}/answers", {
            "field": question["key"], "value": value, "version": draft["version"]}, actor)
        assert status == 200, draft
    status, case = service.call("POST", f"/api/v1/drafts/{draft['id']}/submit",
                                {"booking": "drop_off"}, actor)
    assert status == 201, case
    return case


@pytest.mark.timeout(240)
def test_the_main_job_serves_the_api_keeps_cases_across_sigkill_and_stops_on_sigterm(
        service: Service) -> None:
    service.start()
    status, found = service.call("GET", "/api/v1/catalog/search?q=dibao")
    assert (status, found["hits"][0]["code"]) == (200, "SJ01")
    first = book(service, "5001")
    assert first["number"].endswith("000001")

    service.stop(signal.SIGKILL)
    service.start()
    status, again = service.call("GET", f"/api/v1/cases/{first['id']}", actor="5001")
    assert (status, again["number"], again["state"]) == (200, first["number"], "booked")
    second = book(service, "5002")
    assert second["number"].endswith("000002")

    assert service.stop(signal.SIGTERM) == 0
