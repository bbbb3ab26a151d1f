"""The notifier: reads the case service's event feed and turns each event into messages.

It long-polls `cases.feed(after=cursor)` with the cursor it keeps in the bot store. For
each event it plans what to send, withdraw or edit, and writes that plan and the cursor
move in ONE transaction of the bot store (`BotStore.apply`), so a crash repeats nothing
and loses nothing, and events that happened while the bot was down are acted on when it
starts. Every planned row has a dedupe key derived from the event, so reading an event
again adds nothing. What an event makes:

- the villager's reminder (here): an event that brings a case into "booked" or takes it
  out of it (a reschedule too: booked → booked) makes the outbox agree with the case as
  its villager sees it now: one pending reminder, the day before the slot at
  REMIND_HOUR in the district's time zone (at once when that hour has passed), or none
  (cancelled, accepted, no slot, reminders turned off); keyed by its cause
  (`remind:<case>:f<feed position>`);
- the villager's notice of a staff action (bot/notices.py: `note:<case>:v<version>`),
  and each follower's copy of it (`note:<case>:v<version>:f<follower>`);
- the staff's handoff prompts, their closing edits, a new holder's notice (bot/prompts.py);
- the villager's answer to a material request, relayed to the holder (bot/relay.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import OperationalError

from backend_client import As, CaseServiceClient
from backend_client.errors import NotAllowed, NotFound, Unavailable
from bot.clock import Clock, epoch
from bot.lookups import Lookups
from bot.notices import Notices, reachable_chat, villager_hears
from bot.pacing import Kind
from bot.prompts import Prompts
from bot.relay import Relay
from bot.store import BotStore
from bot.store.store import Plan
from handlers.resident.reminders import reminder_message
from texts.render import Texts
from wire.cases import CaseView, EventView
from wire.residents import ResidentView

log = logging.getLogger(__name__)
FEED = "cases"
REMIND_HOUR = 18
BOOKED = "booked"
GIVE_UP_AFTER = 5
PARALLEL = 32
"""Cases the notifier works on at once."""
"""Tries before an event that keeps failing for a reason of its own (a bug, bad data) is
skipped, so that one bad event does not stop every notice behind it."""
TRANSIENT = (Unavailable, OperationalError, OSError, TimeoutError)
"""Failures that say nothing about the event: it is tried again however long they last."""


def reminder_time(slot_start: dt.datetime, now: dt.datetime,
                  hour: int = REMIND_HOUR) -> dt.datetime | None:
    """When to remind of a slot: the day before at `hour` in `now`'s zone (the
    district's), at once if that has passed; None when the slot itself has passed."""
    zone = now.tzinfo
    local = slot_start.astimezone(zone)
    if local <= now:
        return None
    at = dt.datetime.combine(local.date() - dt.timedelta(days=1), dt.time(hour), tzinfo=zone)
    return max(at, now)


def reminder_topic(case_id: str) -> str:
    """A case's reminders: at most one of them is pending at a time."""
    return f"remind:{case_id}"


def reminder_prefix(case_id: str) -> str:
    return f"{reminder_topic(case_id)}:"


class Notifier:
    """`run()` follows the feed until stopped.

    Args:
        wait: seconds the feed may hold a request open waiting for news.
        retry_delay: seconds before trying again after the case service failed.
    """

    def __init__(self, cases: CaseServiceClient, store: BotStore, texts: Texts, clock: Clock,
                 *, wait: float = 20.0, retry_delay: float = 2.0, name: str = FEED,
                 parallel: int = PARALLEL, on_planned: Callable[[], None] | None = None
                 ) -> None:
        self.cases = cases
        self.store = store
        self.texts = texts
        self.clock = clock
        self.wait = wait
        self.retry_delay = retry_delay
        self.name = name
        self.parallel = parallel
        self.on_planned = on_planned or (lambda: None)
        self._failures: dict[int, int] = {}
        self.lookups = Lookups(cases)
        self.notices = Notices(cases, texts, self.lookups, clock)
        self.prompts = Prompts(cases, store, texts, self.lookups, clock)
        self.relay = Relay(cases, texts, self.lookups, clock)

    async def run(self, stop: asyncio.Event) -> None:
        """Read the feed from the stored cursor until `stop` is set."""
        while not stop.is_set():
            try:
                await self.step(stop)
            except Exception:
                log.exception("reading the case feed failed; trying again")
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.retry_delay):
                        await stop.wait()

    async def step(self, stop: asyncio.Event | None = None) -> int:
        """One page of the feed: act on each event, then move the cursor past the page.
        Returns how many events the page had.

        Different cases are worked on at once (up to `parallel`), each case's events in
        their order: a burst of moves must not wait behind one slow lookup, and in one
        process with the case service the notifier must not starve behind its requests.
        So events finish out of order, and each is marked done in the transaction that
        writes its messages; after a crash the page is read again and what is marked is
        skipped, and the cursor moves past the page only once every event of it is done.
        """
        after = await self.store.cursor(self.name)
        page = await self._feed(after, stop)
        if page is None:
            return 0
        done = await self.store.done_after(self.name, after)
        by_case: dict[str, list[EventView]] = {}
        for event in page.events:
            if event.position not in done:
                by_case.setdefault(event.case_id, []).append(event)
        gate = asyncio.Semaphore(self.parallel)

        async def one_case(events: list[EventView]) -> None:
            async with gate:
                for event in events:
                    await self._on_event(event)

        # A case that fails stops only itself: the others finish (and stay done), then
        # the first failure is raised and the page is read again.
        results = await asyncio.gather(*(one_case(events) for events in by_case.values()),
                                       return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result
        if page.cursor > after:
            await self.store.set_cursor(self.name, page.cursor)
        return len(page.events)

    async def _feed(self, after: int, stop: asyncio.Event | None) -> Any:
        reading = asyncio.ensure_future(self.cases.feed(after=after, wait=self.wait))
        if stop is None:
            return await reading
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait({reading, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not reading.done():
            reading.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reading
            return None
        return reading.result()

    async def _on_event(self, event: EventView) -> None:
        try:
            plan = await self._plan(event)
            if plan:
                await self.store.apply(plan, done=(self.name, event.position))
                if plan.rows:
                    self.on_planned()  # the outbox sends them now, not at its next look
        except TRANSIENT:
            raise  # the case service or the store is away for now: try again, never skip
        except Exception:
            tries = self._failures.get(event.position, 0) + 1
            self._failures[event.position] = tries
            if tries < GIVE_UP_AFTER:
                raise
            log.exception("gave up on feed event %s after %d tries", event.position, tries)
            await self.store.apply(Plan(), done=(self.name, event.position))
        self._failures.pop(event.position, None)

    async def _plan(self, event: EventView) -> Plan:
        """Everything `event` makes the bot send, withdraw or edit: the villager's
        reminder and notice, the staff's prompts. Written with the cursor, in one go."""
        reminds = BOOKED in (event.to_state, event.from_state)
        plan = Plan()
        if reminds or villager_hears(event):
            resident, case = await self._as_villager(event)
            if reminds:
                plan += await self._reminder_plan(event, resident, case)
            plan += await self.notices.plan(event, resident, case)
        plan += await self.prompts.plan(event)
        plan += await self.relay.plan(event)
        return plan

    async def _as_villager(self, event: EventView
                           ) -> tuple[ResidentView | None, CaseView | None]:
        """The villager and their case as they see it now; (None, None) when the case is
        no longer theirs to see (erased) or they cannot be reached."""
        try:
            resident = await self.cases.resident(event.resident_id, actor=As.service())
            chat_id = reachable_chat(resident)
            if chat_id is None:
                return resident, None
            return resident, await self.cases.case(event.case_id, actor=As.resident(chat_id))
        except (NotFound, NotAllowed) as error:
            log.info("nothing for the villager of case %s (%s)", event.case_id, error.code)
            return None, None

    async def _reminder_plan(self, event: EventView, resident: ResidentView | None,
                             case: CaseView | None) -> Plan:
        """The case's one pending reminder, replacing any other (none: withdrawn)."""
        message = None
        if resident is not None and case is not None and resident.notice_prefs.reminders:
            message = await self._reminder(case, resident, f"f{event.position}")
        log.info("case %s (f%s): %s", event.case_id, event.position,
                 "reminder planned" if message else "no reminder")
        return Plan(rows=[message] if message else [],
                    withdraw=[reminder_topic(event.case_id)])

    async def _reminder(self, case: CaseView, resident: ResidentView, cause: str
                        ) -> dict[str, Any] | None:
        slot = case.booking.slot_start
        if case.state != BOOKED or slot is None:
            return None
        now = self.clock.now()
        at = reminder_time(slot, now)
        chat_id = reachable_chat(resident)
        if at is None or chat_id is None:
            return None
        station = await self.lookups.office(case.station_code)
        params = reminder_message(self.texts, resident.language, case, station, now.tzinfo)
        return {"chat_id": chat_id, "kind": int(Kind.NOTIFY), "method": "sendMessage",
                "params": {"chat_id": chat_id, **params}, "not_before": at.timestamp(),
                "created_at": epoch(self.clock), "topic": reminder_topic(case.id),
                "dedupe_key": f"{reminder_prefix(case.id)}{cause}"[:160]}
