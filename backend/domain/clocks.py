"""Time limits: the calendar the domain counts with, and the clocks of a case.

A case carries three clocks (shared/domain.md §A3):

- the service clock, the promise to the villager, from booking to delivery;
- the statutory clock, the legal limit, from formal acceptance by the deciding office
  to the decision (absent when the matter has no legal limit);
- the step clock, the current route step's own limit (环节时限), from entering the step.

All of them stop counting while the case waits for the villager's material (补正) or a
public notice (公示) runs, and move by an extension (延期). Nothing here reads the system
time: every "now" is a parameter, so tests and the service decide what time it is.

Instants are timezone-aware and expressed in the district's zone (the service's injected
clock does that); the calendar converts anyway, and the few day comparisons made here
use the instant's own date.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from enum import StrEnum
from typing import Protocol, runtime_checkable


@runtime_checkable
class WorkCalendar(Protocol):
    """Working days with 调休, as backend/calendar implements them."""

    def is_working_day(self, day: date) -> bool:
        """Whether offices work that day (a 调休 Saturday does; a holiday Monday does not)."""
        ...

    def add_working_days(self, start: datetime, n: int) -> date:
        """The n-th working day after start's day (次日起算); n = 0 gives start's own day."""
        ...

    def add_natural_days(self, start: datetime, n: int) -> date:
        """Start's day plus n days; a period ending on a rest day ends the next working day."""
        ...

    def working_days_between(self, a: datetime, b: datetime) -> int:
        """Working days after a's day, up to and including b's day (0 for the same day)."""
        ...


class LimitUnit(StrEnum):
    WORKING_DAYS = "working_days"  # 工作日
    NATURAL_DAYS = "natural_days"  # 自然日


@dataclass(frozen=True, slots=True)
class Limit:
    """A number of days and their unit; 0 means on the spot (即办)."""

    days: int
    unit: LimitUnit = LimitUnit.WORKING_DAYS

    def __post_init__(self) -> None:
        if self.days < 0:
            raise ValueError(f"a time limit cannot be negative: {self.days}")


@dataclass(frozen=True, slots=True)
class Pause:
    """A stretch of time that does not count; `end` is None while it lasts."""

    start: datetime
    end: datetime | None = None


@dataclass(frozen=True, slots=True)
class Clock:
    """One running limit. Immutable: every change returns a new clock.

    The due date is the start plus the limit, plus the days spent paused, plus the
    extension, all in the limit's unit. A stopped clock (decided, delivered, ended)
    keeps its history, and its remaining days and overdue flag are read at the stop.
    """

    started_at: datetime
    limit: Limit
    pauses: tuple[Pause, ...] = ()
    extension_days: int = 0
    stopped_at: datetime | None = None

    @property
    def is_paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].end is None

    @property
    def is_stopped(self) -> bool:
        return self.stopped_at is not None

    # -- changes ----------------------------------------------------------------------

    def pause(self, at: datetime) -> Clock:
        """Stop counting from `at`; pausing a paused or stopped clock is a bug, not a no-op."""
        if self.is_paused or self.is_stopped:
            raise ValueError("the clock is already paused or stopped")
        return replace(self, pauses=(*self.pauses, Pause(at)))

    def resume(self, at: datetime) -> Clock:
        if not self.is_paused:
            raise ValueError("the clock is not paused")
        last = self.pauses[-1]
        return replace(self, pauses=(*self.pauses[:-1], Pause(last.start, at)))

    def extend(self, days: int) -> Clock:
        """Move the due date by `days` of the limit's unit (延期)."""
        if days <= 0:
            raise ValueError("an extension adds at least one day")
        return replace(self, extension_days=self.extension_days + days)

    def stop(self, at: datetime) -> Clock:
        """End the clock for good; an open pause ends with it."""
        if self.is_stopped:
            raise ValueError("the clock is already stopped")
        clock = self.resume(at) if self.is_paused else self
        return replace(clock, stopped_at=at)

    # -- readings ---------------------------------------------------------------------

    def paused_days(self, calendar: WorkCalendar, as_of: datetime | None = None) -> int:
        """Days spent paused, in the limit's unit; an open pause counts up to `as_of`."""
        total = 0
        for pause in self.pauses:
            end = pause.end or as_of or self.stopped_at
            if end is None or end <= pause.start:
                continue
            if self.limit.unit is LimitUnit.WORKING_DAYS:
                total += calendar.working_days_between(pause.start, end)
            else:
                total += (end.date() - pause.start.date()).days
        return total

    def due_date(self, calendar: WorkCalendar, as_of: datetime | None = None) -> date:
        """The last day of the limit (inclusive). While paused, pass `as_of` (now)."""
        days = self.limit.days + self.extension_days + self.paused_days(calendar, as_of)
        if self.limit.unit is LimitUnit.WORKING_DAYS:
            return calendar.add_working_days(self.started_at, days)
        return calendar.add_natural_days(self.started_at, days)

    def remaining(self, now: datetime, calendar: WorkCalendar) -> int:
        """Days left after today up to the due date, in the limit's unit; negative once late.

        0 on the due day itself. For a stopped clock, read at the moment it stopped. A day
        after the due day is at least one day late, even if it is a rest day, so that
        `remaining < 0` and `overdue` always agree.
        """
        at = self._reading_time(now)
        due = self.due_date(calendar, as_of=at)
        if self.limit.unit is LimitUnit.NATURAL_DAYS:
            return (due - at.date()).days
        due_instant = datetime.combine(due, time(12), tzinfo=at.tzinfo)
        if at.date() <= due:
            return calendar.working_days_between(at, due_instant)
        return -max(1, calendar.working_days_between(due_instant, at))

    def overdue(self, now: datetime, calendar: WorkCalendar) -> bool:
        """Whether the due day has passed (for a stopped clock: whether it stopped late)."""
        at = self._reading_time(now)
        return at.date() > self.due_date(calendar, as_of=at)

    def _reading_time(self, now: datetime) -> datetime:
        if self.stopped_at is not None and self.stopped_at < now:
            return self.stopped_at
        return now
