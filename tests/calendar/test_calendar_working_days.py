"""Working days and deadlines, on chinese-calendar's 2026 and the district's holiday file.

The 2026 facts asserted here are chinese-calendar 1.11's (the State Council notice of
November 2025): National Day 1-7 October with Sunday 20 September and Saturday 10 October
worked; the Spring Festival 15-23 February with Saturdays 14 and 28 February worked.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from backend.calendar import CalendarSettings, DistrictCalendar, load_calendar

BEIJING = ZoneInfo("Asia/Shanghai")
UTC = dt.UTC
D = dt.date

HOLIDAYS_2027 = """\
years: [2027]
holidays:
  - {from: 2027-01-01, to: 2027-01-03, name: 元旦}
  - {from: 2027-02-05, to: 2027-02-12, name: 春节}
workdays:
  - {date: 2027-02-20, name: 春节调休上班}
closures:
  - {date: 2027-03-03, name: 全区系统迁移}
"""


def beijing(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BEIJING)


def calendar_with(tmp_path: Path, text: str | None) -> DistrictCalendar:
    path = None
    if text is not None:
        path = tmp_path / "holidays.yaml"
        path.write_text(text, encoding="utf-8")
    return load_calendar(CalendarSettings(time_zone="Asia/Shanghai", holiday_file=path))


@pytest.fixture
def calendar() -> DistrictCalendar:
    return load_calendar(CalendarSettings(time_zone="Asia/Shanghai", holiday_file=None))


@pytest.mark.parametrize(("day", "working"), [
    (D(2026, 9, 20), True),    # Sunday, 调休上班 for National Day
    (D(2026, 9, 25), False),   # Friday, 中秋节
    (D(2026, 9, 30), True),
    *[(D(2026, 10, d), False) for d in range(1, 8)],
    (D(2026, 10, 8), True),    # Thursday: the holiday is 1-7 October, not 1-8
    (D(2026, 10, 10), True),   # Saturday, 调休上班
    (D(2026, 10, 11), False),
])
def test_national_day_2026_is_1_to_7_october_with_two_weekend_days_worked(
    calendar: DistrictCalendar, day: dt.date, working: bool
) -> None:
    assert calendar.is_working_day(day) is working


@pytest.mark.parametrize(("start", "n", "deadline"), [
    (beijing(2026, 9, 30), 1, D(2026, 10, 8)),
    (beijing(2026, 9, 30), 3, D(2026, 10, 10)),   # the 调休 Saturday counts
    (beijing(2026, 9, 30), 4, D(2026, 10, 12)),
    (beijing(2026, 9, 30), 10, D(2026, 10, 20)),
    (beijing(2026, 10, 3), 1, D(2026, 10, 8)),     # accepted online during the holiday
    (beijing(2026, 9, 18), 2, D(2026, 9, 21)),     # Sunday 20 September is worked
])
def test_national_day_2026_pushes_a_deadline_past_the_golden_week(
    calendar: DistrictCalendar, start: dt.datetime, n: int, deadline: dt.date
) -> None:
    assert calendar.add_working_days(start, n) == deadline


@pytest.mark.parametrize(("start", "n", "deadline"), [
    (beijing(2026, 2, 13), 1, D(2026, 2, 14)),   # Saturday 14 February is worked
    (beijing(2026, 2, 13), 2, D(2026, 2, 24)),   # then nine days off
    (beijing(2026, 2, 14), 1, D(2026, 2, 24)),
    (beijing(2026, 2, 27), 1, D(2026, 2, 28)),   # Saturday 28 February is worked
    (beijing(2026, 2, 27), 2, D(2026, 3, 2)),
])
def test_the_2026_spring_festival_skips_15_to_23_february_and_counts_two_saturdays(
    calendar: DistrictCalendar, start: dt.datetime, n: int, deadline: dt.date
) -> None:
    assert calendar.add_working_days(start, n) == deadline


def test_counting_starts_the_day_after_so_three_days_from_a_friday_end_on_wednesday(
    calendar: DistrictCalendar,
) -> None:
    assert calendar.add_working_days(beijing(2026, 6, 5, 16, 55), 3) == D(2026, 6, 10)


def test_zero_working_days_is_the_same_day_even_on_a_holiday(calendar: DistrictCalendar) -> None:
    assert calendar.add_working_days(beijing(2026, 6, 10), 0) == D(2026, 6, 10)
    assert calendar.add_working_days(beijing(2026, 10, 3), 0) == D(2026, 10, 3)


@pytest.mark.parametrize(("instant", "working", "deadline"), [
    # 16:30 UTC on 30 September is 00:30 on 1 October in Beijing: a holiday.
    (dt.datetime(2026, 9, 30, 16, 30, tzinfo=UTC), False, D(2026, 10, 8)),
    (dt.datetime(2026, 9, 30, 15, 30, tzinfo=UTC), True, D(2026, 10, 8)),
    # 15:30 UTC on Thursday 4 June is 23:30 Thursday in Beijing; 16:30 UTC is Friday there.
    (dt.datetime(2026, 6, 4, 15, 30, tzinfo=UTC), True, D(2026, 6, 5)),
    (dt.datetime(2026, 6, 4, 16, 30, tzinfo=UTC), True, D(2026, 6, 8)),
])
def test_an_instant_counts_on_its_beijing_day_not_its_utc_day(
    calendar: DistrictCalendar, instant: dt.datetime, working: bool, deadline: dt.date
) -> None:
    assert calendar.is_working_day(instant) is working
    assert calendar.add_working_days(instant, 1) == deadline


@pytest.mark.parametrize(("start", "n", "deadline"), [
    (beijing(2026, 6, 1), 7, D(2026, 6, 8)),      # ends on a Monday: stays
    (beijing(2026, 6, 1), 5, D(2026, 6, 8)),      # ends on Saturday: moves to Monday
    (beijing(2026, 9, 26), 5, D(2026, 10, 8)),    # ends on 1 October: after the holiday
    (beijing(2026, 9, 28), 12, D(2026, 10, 10)),  # ends on the 调休 Saturday: stays
    (beijing(2026, 9, 29), 12, D(2026, 10, 12)),  # ends on Sunday 11 October: moves
    (beijing(2026, 2, 10), 5, D(2026, 2, 24)),    # ends on the first day of the festival
    (beijing(2026, 10, 4), 0, D(2026, 10, 8)),    # nothing to count, but a rest day
])
def test_a_natural_day_period_ending_on_a_rest_day_ends_on_the_next_working_day(
    calendar: DistrictCalendar, start: dt.datetime, n: int, deadline: dt.date
) -> None:
    assert calendar.add_natural_days(start, n) == deadline


@pytest.mark.parametrize(("a", "b", "count"), [
    (beijing(2026, 9, 30), beijing(2026, 9, 30, 17), 0),
    (beijing(2026, 9, 30), beijing(2026, 10, 7), 0),
    (beijing(2026, 9, 30), beijing(2026, 10, 8), 1),
    (beijing(2026, 9, 30), beijing(2026, 10, 12), 4),
    (beijing(2026, 10, 8), beijing(2026, 9, 30), -1),    # overdue: negative days left
    (beijing(2026, 10, 12), beijing(2026, 9, 30), -4),
    (beijing(2026, 2, 13), beijing(2026, 3, 2), 7),
])
def test_working_days_between_counts_after_the_first_day_up_to_the_last(
    calendar: DistrictCalendar, a: dt.datetime, b: dt.datetime, count: int
) -> None:
    assert calendar.working_days_between(a, b) == count


@pytest.mark.parametrize("start", [beijing(2026, 9, d) for d in range(17, 31)]
                         + [beijing(2026, 2, d) for d in range(10, 28)])
def test_working_days_between_a_start_and_its_deadline_is_the_limit(
    calendar: DistrictCalendar, start: dt.datetime
) -> None:
    for n in range(13):
        assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n


def test_naive_datetimes_are_refused_rather_than_guessed(calendar: DistrictCalendar) -> None:
    naive = dt.datetime(2026, 9, 30, 10, 0)
    calls = [
        lambda: calendar.is_working_day(naive),
        lambda: calendar.add_working_days(naive, 1),
        lambda: calendar.add_natural_days(naive, 1),
        lambda: calendar.working_days_between(naive, beijing(2026, 10, 8)),
        lambda: calendar.working_days_between(beijing(2026, 10, 8), naive),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="naive"):
            call()


def test_negative_limits_are_refused(calendar: DistrictCalendar) -> None:
    with pytest.raises(ValueError, match="negative"):
        calendar.add_working_days(beijing(2026, 9, 30), -1)
    with pytest.raises(ValueError, match="negative"):
        calendar.add_natural_days(beijing(2026, 9, 30), -1)


def test_a_30_working_day_limit_from_late_november_2026_ends_in_2027_counted_monday_to_friday(
    calendar: DistrictCalendar, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="backend.calendar"):
        # 26 working days left in 2026, then Friday 1 January 2027 is guessed a working day.
        assert calendar.add_working_days(beijing(2026, 11, 25), 30) == D(2027, 1, 6)
    assert [record.getMessage()[:24] for record in caplog.records] == [
        "no holiday data for 2027"
    ]


def test_the_same_limit_respects_new_year_2027_once_the_file_holds_2027(tmp_path: Path) -> None:
    calendar = calendar_with(tmp_path, HOLIDAYS_2027)
    assert calendar.add_working_days(beijing(2026, 11, 25), 30) == D(2027, 1, 7)


@pytest.mark.parametrize(("day", "without_file", "with_file"), [
    (D(2027, 1, 1), True, False),     # Friday: New Year's Day only in the file
    (D(2027, 2, 8), True, False),     # Monday in the Spring Festival
    (D(2027, 2, 20), False, True),    # Saturday made a working day
    (D(2027, 3, 3), True, False),     # Wednesday: a local closure
    (D(2027, 3, 4), True, True),      # an ordinary Thursday
    (D(2027, 3, 6), False, False),    # an ordinary Saturday
])
def test_days_in_2027_follow_the_file_when_it_has_them_and_monday_to_friday_otherwise(
    tmp_path: Path, day: dt.date, without_file: bool, with_file: bool
) -> None:
    assert calendar_with(tmp_path, None).is_working_day(day) is without_file
    assert calendar_with(tmp_path, HOLIDAYS_2027).is_working_day(day) is with_file


@pytest.mark.parametrize(("entry", "day", "working"), [
    ("closures: [{date: 2026-07-15, name: 防汛}]", D(2026, 7, 15), False),
    ("workdays: [{date: 2026-10-11, name: 补班}]", D(2026, 10, 11), True),
    ("holidays: [{date: 2026-10-08, name: 本区加放}]", D(2026, 10, 8), False),
])
def test_a_file_entry_overrides_chinese_calendar_for_its_date(
    tmp_path: Path, calendar: DistrictCalendar, entry: str, day: dt.date, working: bool
) -> None:
    assert calendar.is_working_day(day) is not working
    assert calendar_with(tmp_path, entry).is_working_day(day) is working


def test_an_uncovered_year_is_warned_about_once_per_year_per_calendar(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first = calendar_with(tmp_path, None)
    with caplog.at_level(logging.WARNING, logger="backend.calendar"):
        first.add_working_days(beijing(2026, 12, 1), 300)   # well into 2027 and 2028
        first.add_natural_days(beijing(2027, 5, 1), 3)
        first.is_working_day(D(2028, 3, 1))
        first.is_working_day(D(2026, 3, 1))
        assert sorted(r.getMessage()[:24] for r in caplog.records) == [
            "no holiday data for 2027", "no holiday data for 2028"
        ]
        calendar_with(tmp_path, None).is_working_day(D(2027, 3, 1))
    assert len(caplog.records) == 3


def test_a_year_the_file_declares_complete_is_not_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    calendar = calendar_with(tmp_path, HOLIDAYS_2027)
    with caplog.at_level(logging.WARNING, logger="backend.calendar"):
        calendar.add_working_days(beijing(2026, 11, 25), 100)
    assert caplog.records == []


@pytest.mark.parametrize(("text", "year", "covered"), [
    (None, 2026, True),
    (None, 2004, True),
    (None, 2003, False),
    (None, 2027, False),
    ("closures: [{date: 2027-03-03}]", 2027, False),   # a lone closure covers nothing
    ("holidays: [{date: 2027-01-01}]", 2027, False),   # nor does a lone holiday
    (HOLIDAYS_2027, 2027, True),
    (HOLIDAYS_2027, 2028, False),
])
def test_a_year_is_covered_by_chinese_calendar_or_by_the_file_declaring_it_complete(
    tmp_path: Path, text: str | None, year: int, covered: bool
) -> None:
    assert calendar_with(tmp_path, text).covered(year) is covered


@pytest.mark.parametrize(("start", "end", "years"), [
    (D(2026, 5, 1), D(2026, 7, 30), []),
    (D(2026, 11, 25), D(2027, 2, 23), [2027]),
    (D(2026, 11, 25), D(2028, 1, 1), [2027, 2028]),
    (beijing(2026, 12, 31, 23), beijing(2026, 12, 31, 23, 59), []),
    (dt.datetime(2026, 12, 31, 16, 30, tzinfo=UTC), D(2027, 1, 1), [2027]),
])
def test_uncovered_years_names_each_guessed_year_of_the_range(
    calendar: DistrictCalendar, start: dt.date, end: dt.date, years: list[int]
) -> None:
    assert calendar.uncovered_years(start, end) == years


def test_a_range_that_ends_before_it_starts_is_refused(calendar: DistrictCalendar) -> None:
    with pytest.raises(ValueError, match="ends"):
        calendar.uncovered_years(D(2027, 1, 1), D(2026, 1, 1))


def test_an_unknown_time_zone_is_refused_when_settings_load() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        CalendarSettings(time_zone="Asia/Beijing")
