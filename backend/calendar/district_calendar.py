"""The district's working-day calendar: chinese-calendar, overridden by the district's file.

Which source decides a date, first match wins:

1. the district's holiday file, if it lists the date (holiday, adjusted working day or
   closure): the district knows its own closures, and may have next year's schedule
   before chinese-calendar ships it;
2. chinese-calendar, for the years it holds (2004-2026 in release 1.11);
3. Monday to Friday, with one logged warning per year: the State Council publishes the
   coming year's schedule in November or December, so a deadline counted into a year
   nobody has entered yet is a guess, and operators must hear about it (run
   `daiban calendar check` from cron).

A year is *covered* when chinese-calendar holds it or the file lists it under `years:`.
A lone closure in 2027 does not cover 2027: the rest of that year would still be a guess.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import chinese_calendar

from backend.calendar.holiday_file import HolidayFile, load_holiday_file
from backend.calendar.office_hours import OfficeHours
from backend.calendar.settings import CalendarSettings

log = logging.getLogger(__name__)

_ONE_DAY = dt.timedelta(days=1)


class DistrictCalendar:
    """Working days, deadlines and office hours, counted in the district's time zone.

    Every method that takes an instant (a `datetime`) wants it timezone-aware and first
    converts it to the district's zone: a case accepted at 23:30 in Beijing was accepted
    that Beijing day, whatever the server's clock says. A plain `date` is taken to be a
    day of the district already. Naive datetimes raise ValueError rather than guess.
    """

    def __init__(self, zone: ZoneInfo, holiday_file: HolidayFile | None = None) -> None:
        self._zone = zone
        self._file = holiday_file or HolidayFile()
        self._warned_years: set[int] = set()

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    @property
    def holiday_file(self) -> HolidayFile:
        return self._file

    # -- days -------------------------------------------------------------------------

    def is_working_day(self, day: dt.date | dt.datetime) -> bool:
        """Whether the offices work that day, 调休 Saturdays and Sundays included."""
        return self._is_working(self._day(day))

    def add_working_days(self, start: dt.date | dt.datetime, n: int) -> dt.date:
        """The deadline of a limit of `n` working days (工作日) that starts at `start`.

        Counting starts the day after (次日起算, 民法典 Art. 201): the deadline is the n-th
        working day after the start's day, so a 3-working-day limit accepted on a Friday
        ends on Wednesday. n = 0 is "on the spot" (即办) and gives the start's own day,
        even if that is a rest day. Negative n raises ValueError: the workflow never
        counts backwards, and silently doing so would hide a sign error.
        """
        _check_not_negative(n)
        day = self._day(start)
        while n > 0:
            day += _ONE_DAY
            if self._is_working(day):
                n -= 1
        return day

    def add_natural_days(self, start: dt.date | dt.datetime, n: int) -> dt.date:
        """The deadline of a limit of `n` natural days (自然日), such as a 7-day 公示.

        The start's day is not counted (the period ends n days after it); a period that
        ends on a rest day (a holiday, a closure, or a weekend that is not a 调休 working
        day) ends on the next working day instead (民法典 Art. 203). The same rule moves
        n = 0 off a rest day. Negative n raises ValueError.
        """
        _check_not_negative(n)
        day = self._day(start) + dt.timedelta(days=n)
        while not self._is_working(day):
            day += _ONE_DAY
        return day

    def working_days_between(self, a: dt.date | dt.datetime, b: dt.date | dt.datetime) -> int:
        """How many working days lie after a's day, up to and including b's day.

        That is the count that `add_working_days` uses, so for n >= 0
        `working_days_between(s, add_working_days(s, n)) == n`; it measures "days used"
        from acceptance to now, or "days left" from now to the deadline. The same day
        gives 0; when b's day is before a's the answer is the negated count from b to a,
        so an overdue case has negative days left.
        """
        first, last = self._day(a), self._day(b)
        sign = 1
        if last < first:
            first, last, sign = last, first, -1
        count = 0
        day = first
        while day < last:
            day += _ONE_DAY
            if self._is_working(day):
                count += 1
        return sign * count

    # -- office hours -----------------------------------------------------------------

    def in_office_hours(self, instant: dt.datetime, hours: OfficeHours) -> bool:
        """Whether a counter with these hours is staffed at this instant."""
        local = self._local(instant)
        return self._is_working(local.date()) and hours.contains(local.time())

    def next_opening(self, instant: dt.datetime, hours: OfficeHours) -> dt.datetime:
        """When a villager can next be served: now if the counter is open, else the next
        interval start on a working day (after lunch, tomorrow, or after the holiday).

        The result is timezone-aware, in the district's zone.
        """
        local = self._local(instant)
        day = local.date()
        if self._is_working(day):
            if hours.contains(local.time()):
                return local
            later_today = hours.next_start(local.time())
            if later_today is not None:
                return dt.datetime.combine(day, later_today, tzinfo=self._zone)
        day += _ONE_DAY
        while not self._is_working(day):
            day += _ONE_DAY
        return dt.datetime.combine(day, hours.opening, tzinfo=self._zone)

    # -- coverage ---------------------------------------------------------------------

    def covered(self, year: int) -> bool:
        """Whether the year's holidays are known, not guessed as Monday to Friday."""
        return _package_covers(year) or year in self._file.years

    def uncovered_years(self, start: dt.date | dt.datetime, end: dt.date | dt.datetime
                        ) -> list[int]:
        """The years from start's to end's (both included) whose holidays are guessed."""
        first, last = self._day(start), self._day(end)
        if last < first:
            raise ValueError(f"the range ends ({last}) before it starts ({first})")
        return [year for year in range(first.year, last.year + 1) if not self.covered(year)]

    # -- inside -----------------------------------------------------------------------

    def _is_working(self, day: dt.date) -> bool:
        entry = self._file.days.get(day)
        if entry is not None:
            return entry.kind.is_working
        if _package_covers(day.year):
            return bool(chinese_calendar.is_workday(day))
        if not self.covered(day.year):
            self._warn_uncovered(day.year)
        return day.weekday() < 5

    def _warn_uncovered(self, year: int) -> None:
        if year in self._warned_years:
            return
        self._warned_years.add(year)
        log.warning(
            "no holiday data for %d: counting Monday to Friday as working days there; add "
            "the State Council's %d schedule to the holiday file (DAIBAN_HOLIDAY_FILE) and "
            "list %d under 'years:'", year, year, year,
        )

    def _local(self, instant: dt.datetime) -> dt.datetime:
        if not isinstance(instant, dt.datetime):
            raise TypeError(f"expected a datetime, got {type(instant).__name__}")
        _check_aware(instant)
        return instant.astimezone(self._zone)

    def _day(self, value: dt.date | dt.datetime) -> dt.date:
        if isinstance(value, dt.datetime):
            return self._local(value).date()
        return value


def load_calendar(settings: CalendarSettings) -> DistrictCalendar:
    """Build the district's calendar; a bad zone or holiday file fails here, at startup."""
    try:
        zone = ZoneInfo(settings.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {settings.time_zone!r}") from None
    holidays = load_holiday_file(settings.holiday_file) if settings.holiday_file else None
    return DistrictCalendar(zone, holidays)


@functools.cache
def _package_covers(year: int) -> bool:
    """Whether the installed chinese-calendar knows the year (it raises for others)."""
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def _check_aware(instant: dt.datetime) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(
            f"naive datetime {instant.isoformat()}: give a timezone-aware instant, so "
            "that the district's day is not guessed from the server's clock"
        )


def _check_not_negative(n: int) -> None:
    if n < 0:
        raise ValueError(f"a time limit cannot be negative: {n}")
