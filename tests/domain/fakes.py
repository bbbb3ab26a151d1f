"""A small working-day calendar for the domain's tests: Mon-Fri, holidays, 调休 days.

Written from the protocol's words, not from backend/calendar, so the domain is tested
against what it asks for. The days are this test's own fiction where the State Council
has not spoken yet (2027).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

_ONE_DAY = timedelta(days=1)


def _days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


HOLIDAYS: set[date] = (
    {date(2026, 1, 1), date(2026, 1, 2)}
    | _days(date(2026, 10, 1), date(2026, 10, 8))  # National Day 2026
    | {date(2027, 1, 1)}  # New Year 2027 (a Friday)
    | _days(date(2027, 2, 5), date(2027, 2, 11))  # Spring Festival 2027, invented
)
ADJUSTED_WORKING_DAYS: set[date] = {
    date(2026, 9, 27),  # Sunday before National Day
    date(2026, 10, 10),  # Saturday after it
    date(2027, 2, 13),  # a Saturday after the invented Spring Festival
}


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


class FakeCalendar:
    """Satisfies backend.domain.clocks.WorkCalendar."""

    def is_working_day(self, day: date) -> bool:
        day = _day(day)
        if day in ADJUSTED_WORKING_DAYS:
            return True
        return day.weekday() < 5 and day not in HOLIDAYS

    def add_working_days(self, start: datetime, n: int) -> date:
        day = _day(start)
        while n > 0:
            day += _ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def add_natural_days(self, start: datetime, n: int) -> date:
        day = _day(start) + timedelta(days=n)
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def working_days_between(self, a: datetime, b: datetime) -> int:
        first, last = _day(a), _day(b)
        count = 0
        while first < last:
            first += _ONE_DAY
            count += self.is_working_day(first)
        return count
