"""Test switches: the record of every Bot API call, chosen failures, and held calls.

Tests of a bot need to see what it did (the order and spacing of its calls: pacing,
priorities, back-off after a 429), to make Telegram misbehave on cue (429, 403, 500) and
to freeze a call mid-flight (to kill the bot while Telegram "has" the request). All of it
is keyed by method name (case-insensitive, as Telegram's) and optionally by chat.

A held call has been *received*: when it is released it is carried out even if the bot
that sent it has gone away meanwhile, as Telegram would carry out a request it had read.
A bot killed and restarted during a hold can therefore cause a message at most twice,
never zero times.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from sandbox.errors import BotApiError, default_description


def _matches(method: str | None, chat_id: str | None, call_method: str,
             call_chat: str | None) -> bool:
    if method not in (None, "", "*") and method.lower() != call_method.lower():
        return False
    return chat_id in (None, "") or chat_id == call_chat


@dataclass
class Call:
    """One Bot API request as received, and how it was answered."""

    seq: int
    bot_id: int
    method: str
    chat_id: str | None
    params: dict[str, Any]
    at: float
    wall: float
    status: int | None = None
    description: str | None = None
    held: bool = False
    finished_at: float | None = None

    def view(self) -> dict[str, Any]:
        return {"seq": self.seq, "bot_id": self.bot_id, "method": self.method,
                "chat_id": self.chat_id, "params": self.params, "at": self.at,
                "wall": self.wall, "status": self.status, "outcome": self.status,
                "description": self.description, "held": self.held,
                "finished_at": self.finished_at}


@dataclass
class Fault:
    """The next ``times`` matching calls are answered with this error (None: until removed)."""

    id: int
    method: str | None
    error_code: int
    description: str
    retry_after: int | None
    times: int | None
    chat_id: str | None

    def error(self) -> BotApiError:
        return BotApiError(self.error_code, self.description,
                           self.retry_after if self.error_code == 429 else None)

    def view(self) -> dict[str, Any]:
        return {"id": self.id, "method": self.method, "error_code": self.error_code,
                "description": self.description, "retry_after": self.retry_after,
                "times": self.times, "chat_id": self.chat_id}


@dataclass
class Hold:
    """Matching calls wait until released; ``times`` limits how many are caught."""

    id: int
    method: str | None
    chat_id: str | None
    times: int | None
    waiting: list[tuple[Call, asyncio.Event]] = field(default_factory=list)

    def view(self) -> dict[str, Any]:
        return {"id": self.id, "method": self.method, "chat_id": self.chat_id,
                "times": self.times, "held_calls": [call.view() for call, _ in self.waiting]}


class Switchboard:
    """The call record, the fault list and the holds of one sandbox."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.faults: list[Fault] = []
        self.holds: list[Hold] = []
        self._ids = itertools.count(1)
        self._call_seq = itertools.count(1)

    # --- record ---------------------------------------------------------------------

    def record(self, bot_id: int, method: str, chat_id: object, params: dict[str, Any]) -> Call:
        call = Call(next(self._call_seq), bot_id, method,
                    None if chat_id is None else str(chat_id), params,
                    time.monotonic(), time.time())
        self.calls.append(call)
        return call

    @staticmethod
    def finish(call: Call, status: int, description: str | None = None) -> None:
        call.status = status
        call.description = description
        call.finished_at = time.monotonic()

    def find_calls(self, method: str | None = None, chat_id: str | None = None,
                   bot_id: int | None = None, after: int = 0) -> list[Call]:
        return [call for call in self.calls
                if call.seq > after and _matches(method, chat_id, call.method, call.chat_id)
                and (bot_id is None or call.bot_id == bot_id)]

    # --- faults -------------------------------------------------------------------------

    def add_fault(self, method: str | None, error_code: int, *, description: str | None = None,
                  retry_after: int | None = None, times: int | None = 1,
                  chat_id: object = None) -> Fault:
        if error_code == 429 and retry_after is None:
            retry_after = 1
        fault = Fault(next(self._ids), method, error_code,
                      description or default_description(error_code, retry_after),
                      retry_after, times, None if chat_id is None else str(chat_id))
        self.faults.append(fault)
        return fault

    def remove_fault(self, fault_id: int | None = None) -> int:
        before = len(self.faults)
        self.faults = [f for f in self.faults if fault_id is not None and f.id != fault_id]
        return before - len(self.faults)

    def take_fault(self, call: Call) -> BotApiError | None:
        for fault in self.faults:
            if _matches(fault.method, fault.chat_id, call.method, call.chat_id):
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                return fault.error()
        return None

    # --- holds -----------------------------------------------------------------------------

    def add_hold(self, method: str | None, *, chat_id: object = None, times: int | None = None
                 ) -> Hold:
        hold = Hold(next(self._ids), method, None if chat_id is None else str(chat_id), times)
        self.holds.append(hold)
        return hold

    async def wait_if_held(self, call: Call) -> None:
        """Park a matching call until its hold is released."""
        for hold in self.holds:
            if hold.times is not None and hold.times <= 0:
                continue
            if _matches(hold.method, hold.chat_id, call.method, call.chat_id):
                if hold.times is not None:
                    hold.times -= 1
                released = asyncio.Event()
                call.held = True
                hold.waiting.append((call, released))
                await released.wait()
                return

    def release(self, hold_id: int | None = None, *, keep: bool = False) -> int:
        """Let held calls go on; the hold itself is removed unless ``keep``."""
        released = 0
        for hold in list(self.holds):
            if hold_id is not None and hold.id != hold_id:
                continue
            for _call, event in hold.waiting:
                event.set()
                released += 1
            hold.waiting.clear()
            if not keep:
                self.holds.remove(hold)
        return released

    def release_all(self) -> None:
        self.release()

    def held_calls(self) -> list[Call]:
        return [call for hold in self.holds for call, _ in hold.waiting]
