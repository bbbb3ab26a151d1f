"""Office hours: parsing them, and when a counter is open or next opens."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from backend.calendar import CalendarSettings, DistrictCalendar, OfficeHours, load_calendar

BEIJING = ZoneInfo("Asia/Shanghai")
HOURS = OfficeHours.parse("09:00-12:00,13:30-17:00")


def beijing(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BEIJING)


@pytest.fixture
def calendar() -> DistrictCalendar:
    return load_calendar(CalendarSettings(time_zone="Asia/Shanghai", holiday_file=None))


@pytest.mark.parametrize(("text", "canonical"), [
    ("09:00-12:00,13:30-17:00", "09:00-12:00,13:30-17:00"),
    (" 9:00 - 12:00 , 13:30-17:00 ", "09:00-12:00,13:30-17:00"),
    ("09：00－12：00，13：30－17：00", "09:00-12:00,13:30-17:00"),   # typed in a Chinese IME
    ("08:30~17:30", "08:30-17:30"),
    ("08:00-11:30,14:00-17:30,19:00-21:00", "08:00-11:30,14:00-17:30,19:00-21:00"),
])
def test_office_hours_are_read_in_the_forms_clerks_write_them(text: str, canonical: str) -> None:
    assert str(OfficeHours.parse(text)) == canonical


@pytest.mark.parametrize(("text", "problem"), [
    ("", "office hours are empty"),
    ("   ", "office hours are empty"),
    ("9-12", "'9-12' is not an interval HH:MM-HH:MM"),
    ("09:00-12:00;13:30-17:00", "is not an interval HH:MM-HH:MM"),
    ("09:00-12:00,,13:30-17:00", "an empty interval between commas"),
    ("24:00-25:00", "24:00 in '24:00-25:00' is not a time of day"),
    ("09:60-12:00", "09:60 in '09:60-12:00' is not a time of day"),
    ("17:00-09:00", "17:00-09:00 ends before it starts"),
    ("09:00-09:00", "09:00-09:00 starts and ends at the same time"),
    ("13:30-17:00,09:00-12:00", "09:00-12:00 is listed after 13:30-17:00"),
    ("09:00-12:30,12:00-17:00", "09:00-12:30 and 12:00-17:00 overlap"),
    ("09:00-12:00,12:00-17:00", "leave no gap between them; write one interval 09:00-17:00"),
])
def test_malformed_office_hours_are_refused_with_the_problem_named(
    text: str, problem: str
) -> None:
    with pytest.raises(ValueError) as caught:
        OfficeHours.parse(text)
    assert problem in str(caught.value)


def test_office_hours_built_directly_are_checked_too() -> None:
    with pytest.raises(ValueError, match="overlap"):
        OfficeHours(((dt.time(9), dt.time(12, 30)), (dt.time(12), dt.time(17))))
    with pytest.raises(ValueError, match="no intervals"):
        OfficeHours(())


@pytest.mark.parametrize(("instant", "open_"), [
    (beijing(2026, 6, 10, 8, 59), False),
    (beijing(2026, 6, 10, 9, 0), True),
    (beijing(2026, 6, 10, 11, 59), True),
    (beijing(2026, 6, 10, 12, 0), False),     # lunch break
    (beijing(2026, 6, 10, 13, 29), False),
    (beijing(2026, 6, 10, 13, 30), True),
    (beijing(2026, 6, 10, 16, 59), True),
    (beijing(2026, 6, 10, 17, 0), False),
    (beijing(2026, 6, 13, 10, 0), False),     # an ordinary Saturday
    (beijing(2026, 10, 2, 10, 0), False),     # a Friday in the National Day holiday
    (beijing(2026, 10, 10, 10, 0), True),     # the 调休 Saturday
    (dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC), True),    # 10:00 in Beijing
    (dt.datetime(2026, 6, 10, 10, 0, tzinfo=dt.UTC), False),  # 18:00 in Beijing
])
def test_a_counter_is_open_inside_its_hours_on_working_days_only(
    calendar: DistrictCalendar, instant: dt.datetime, open_: bool
) -> None:
    assert calendar.in_office_hours(instant, HOURS) is open_


@pytest.mark.parametrize(("instant", "opening"), [
    (beijing(2026, 6, 10, 7, 0), beijing(2026, 6, 10, 9, 0)),
    (beijing(2026, 6, 10, 12, 15), beijing(2026, 6, 10, 13, 30)),    # after lunch
    (beijing(2026, 6, 10, 17, 0), beijing(2026, 6, 11, 9, 0)),
    (beijing(2026, 6, 12, 17, 30), beijing(2026, 6, 15, 9, 0)),      # Friday -> Monday
    (beijing(2026, 6, 13, 10, 0), beijing(2026, 6, 15, 9, 0)),       # Saturday -> Monday
    (beijing(2026, 9, 30, 17, 30), beijing(2026, 10, 8, 9, 0)),      # over National Day
    (beijing(2026, 10, 9, 17, 30), beijing(2026, 10, 10, 9, 0)),     # to the 调休 Saturday
    (beijing(2026, 2, 14, 17, 0), beijing(2026, 2, 24, 9, 0)),       # over Spring Festival
    (dt.datetime(2026, 9, 30, 16, 30, tzinfo=dt.UTC), beijing(2026, 10, 8, 9, 0)),
])
def test_the_next_opening_skips_lunch_nights_weekends_and_holidays(
    calendar: DistrictCalendar, instant: dt.datetime, opening: dt.datetime
) -> None:
    found = calendar.next_opening(instant, HOURS)
    assert found == opening
    assert (found.date(), found.time()) == (opening.date(), opening.time())
    assert found.tzinfo == BEIJING


def test_the_next_opening_while_open_is_now_in_the_districts_zone(
    calendar: DistrictCalendar,
) -> None:
    now = dt.datetime(2026, 6, 10, 2, 15, tzinfo=dt.UTC)
    found = calendar.next_opening(now, HOURS)
    assert found == now
    assert found.tzinfo == BEIJING and found.hour == 10


def test_office_hours_refuse_naive_datetimes(calendar: DistrictCalendar) -> None:
    naive = dt.datetime(2026, 6, 10, 10, 0)
    with pytest.raises(ValueError, match="naive"):
        calendar.in_office_hours(naive, HOURS)
    with pytest.raises(ValueError, match="naive"):
        calendar.next_opening(naive, HOURS)
