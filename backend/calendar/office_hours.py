"""Office hours: the intervals of a working day when a counter is staffed."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from dataclasses import dataclass

# "9:00-12:00" or "09:00 ~ 12:00"; full-width punctuation is folded first (NFKC), because
# a district clerk typing in a Chinese input method writes "09：00－12：00，13：30－17：00".
_INTERVAL = re.compile(r"^(\d{1,2}):(\d{2})\s*[-~]\s*(\d{1,2}):(\d{2})$")
_EXAMPLE = "write them like 09:00-12:00,13:30-17:00"

Interval = tuple[dt.time, dt.time]


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """The staffed intervals of one working day, in order, with a gap (lunch) between each.

    Kept apart from the calendar because every office has its own hours while the
    district has one calendar; intervals are half-open, so at 12:00 of "09:00-12:00"
    the counter is already closed.
    """

    intervals: tuple[Interval, ...]

    def __post_init__(self) -> None:
        problem = _first_problem(self.intervals)
        if problem is not None:
            raise ValueError(f"office hours: {problem}")

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """Read "09:00-12:00,13:30-17:00"; a ValueError names what is wrong with the text."""
        folded = unicodedata.normalize("NFKC", text).strip()
        if not folded:
            raise ValueError(f"office hours are empty; {_EXAMPLE}")
        intervals: list[Interval] = []
        for piece in (part.strip() for part in folded.split(",")):
            try:
                intervals.append(_parse_interval(piece))
            except ValueError as error:
                raise ValueError(f"office hours {text!r}: {error}") from None
        problem = _first_problem(tuple(intervals))
        if problem is not None:
            raise ValueError(f"office hours {text!r}: {problem}")
        return cls(tuple(intervals))

    def __str__(self) -> str:
        return ",".join(_show(interval) for interval in self.intervals)

    @property
    def opening(self) -> dt.time:
        """When the first interval of a working day starts."""
        return self.intervals[0][0]

    def contains(self, moment: dt.time) -> bool:
        """Whether a wall-clock time falls inside one of the intervals."""
        return any(start <= moment < end for start, end in self.intervals)

    def next_start(self, moment: dt.time) -> dt.time | None:
        """The first interval start later than `moment` on the same day, if any."""
        return next((start for start, _ in self.intervals if start > moment), None)


def _parse_interval(piece: str) -> Interval:
    if not piece:
        raise ValueError(f"an empty interval between commas; {_EXAMPLE}")
    match = _INTERVAL.match(piece)
    if match is None:
        raise ValueError(f"{piece!r} is not an interval HH:MM-HH:MM; {_EXAMPLE}")
    hour_a, minute_a, hour_b, minute_b = (int(group) for group in match.groups())
    return _time(hour_a, minute_a, piece), _time(hour_b, minute_b, piece)


def _time(hour: int, minute: int, piece: str) -> dt.time:
    try:
        return dt.time(hour, minute)
    except ValueError:
        raise ValueError(
            f"{hour:02d}:{minute:02d} in {piece!r} is not a time of day"
        ) from None


def _first_problem(intervals: tuple[Interval, ...]) -> str | None:
    """What makes a sequence of intervals unusable, in words an operator can act on."""
    if not intervals:
        return f"no intervals; {_EXAMPLE}"
    for start, end in intervals:
        if end < start:
            return f"{_show((start, end))} ends before it starts"
        if end == start:
            return f"{_show((start, end))} starts and ends at the same time"
    for before, after in itertools.pairwise(intervals):
        if after[0] < before[0]:
            return (
                f"{_show(after)} is listed after {_show(before)}; "
                "list the intervals in the order of the day"
            )
        if after[0] < before[1]:
            return f"{_show(before)} and {_show(after)} overlap"
        if after[0] == before[1]:
            return (
                f"{_show(before)} and {_show(after)} leave no gap between them; "
                f"write one interval {_show((before[0], after[1]))}"
            )
    return None


def _show(interval: Interval) -> str:
    start, end = interval
    return f"{start:%H:%M}-{end:%H:%M}"
