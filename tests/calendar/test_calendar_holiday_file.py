"""The district's holiday file: what it may say, and how it refuses a mistaken file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from backend.calendar import (
    CalendarSettings,
    DayKind,
    HolidayFileError,
    load_calendar,
    load_holiday_file,
    parse_holiday_file,
)

ROOT = Path(__file__).resolve().parents[2]
D = dt.date


def test_the_documented_example_file_loads_and_declares_no_year_complete() -> None:
    example = load_holiday_file(ROOT / "docs" / "holidays.example.yaml")
    # The example's 2027 lines are a sketch; declaring 2027 covered would be a trap.
    assert example.years == frozenset()
    assert {entry.kind for entry in example.days.values()} == set(DayKind)


def test_a_range_stands_for_every_day_from_its_first_to_its_last() -> None:
    content = parse_holiday_file(
        "years: [2027]\n"
        "holidays:\n"
        "  - {from: 2027-02-05, to: 2027-02-12, name: 春节}\n"
        "workdays:\n"
        "  - {date: 2027-02-20, name: 春节调休上班}\n"
        "closures:\n"
        "  - {date: '2027-03-03'}\n"
    )
    assert content.years == frozenset({2027})
    assert sorted(content.days) == [
        *[D(2027, 2, day) for day in range(5, 13)], D(2027, 2, 20), D(2027, 3, 3)
    ]
    assert content.days[D(2027, 2, 5)].name == "春节"
    assert content.days[D(2027, 2, 12)].kind is DayKind.HOLIDAY
    assert content.days[D(2027, 2, 20)].kind is DayKind.WORKDAY
    assert content.days[D(2027, 3, 3)].kind is DayKind.CLOSURE


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "years:\nholidays:\nclosures:\n"])
def test_an_empty_file_or_empty_lists_mean_nothing_to_add(text: str) -> None:
    content = parse_holiday_file(text)
    assert content.years == frozenset()
    assert dict(content.days) == {}


@pytest.mark.parametrize(("text", "problem"), [
    ("holiday:\n  - {date: 2027-01-01}\n", "holiday: unknown key"),
    ("holidays:\n  - {date: 2027-01-01, reason: x}\n", "holidays entry 1, reason: unknown key"),
    ("holidays:\n  - {date: 2027-01-01}\n  - {date: 2027-02-30}\n",
     "holidays entry 2, date: '2027-02-30' is not a date like 2027-01-01"),
    ("closures:\n  - {from: 2027-02-12, to: 2027-02-05}\n",
     "closures entry 1: to 2027-02-05 is before from 2027-02-12"),
    ("holidays:\n  - {from: 2027-02-05}\n", "holidays entry 1: give a date, or both from and to"),
    ("holidays:\n  - {name: 春节}\n", "holidays entry 1: give a date, or both from and to"),
    ("holidays:\n  - {date: 2027-02-05, from: 2027-02-05, to: 2027-02-06}\n",
     "holidays entry 1: give either date, or from and to, not both"),
    ("holidays:\n  - {from: 2027-02-05, to: 2072-02-12}\n", "is a year mistyped?"),
    ("holidays:\n  - {from: 2027-02-05, to: 2027-02-12}\nworkdays:\n  - {date: 2027-02-06}\n",
     "2027-02-06 is listed twice: holidays entry 1 and workdays entry 1"),
    ("years: [2027]\nclosures:\n  - {date: 2027-03-03}\n",
     "years lists 2027 as complete, but no holiday in 2027 is listed"),
    ("years: [27]\n", "years entry 1: Input should be greater than or equal to 2000"),
    ("years: ['2027']\n", "years entry 1: Input should be a valid integer"),
    ("- {date: 2027-01-01}\n", "the top level must be a mapping"),
    ("holidays: [{date: 2027-01-01}\n", "not valid YAML"),
])
def test_a_mistaken_file_is_refused_with_a_message_that_names_the_mistake(
    text: str, problem: str
) -> None:
    with pytest.raises(HolidayFileError) as caught:
        parse_holiday_file(text, Path("holidays.yaml"))
    assert any(problem in line for line in caught.value.problems), caught.value.problems
    assert str(caught.value).startswith("holiday file holidays.yaml: ")


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    with pytest.raises(HolidayFileError) as caught:
        parse_holiday_file("holidays:\n  - {date: 2027-13-01}\nclosures:\n  - {when: today}\n")
    assert len(caught.value.problems) == 2


def test_a_holiday_file_that_is_named_but_missing_stops_the_calendar_from_loading(
    tmp_path: Path,
) -> None:
    settings = CalendarSettings(time_zone="Asia/Shanghai", holiday_file=tmp_path / "none.yaml")
    with pytest.raises(HolidayFileError, match="no such file"):
        load_calendar(settings)


def test_a_file_saved_with_a_byte_order_mark_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text("years: [2027]\nholidays:\n  - {date: 2027-01-01, name: 元旦}\n",
                    encoding="utf-8-sig")
    assert load_holiday_file(path).years == frozenset({2027})
