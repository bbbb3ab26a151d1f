"""`daiban calendar ...`: the operator's check that next year's holidays are in."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from daiban.cli import run
from daiban.cli.calendar_cmd import calendar_group

HOLIDAYS_2027 = """\
years: [2027]
holidays:
  - {from: 2027-01-01, to: 2027-01-03, name: 元旦}
  - {from: 2027-02-05, to: 2027-02-12, name: 春节}
workdays:
  - {date: 2027-02-20, name: 春节调休上班}
"""


@pytest.fixture
def district(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A working directory and var directory of the test's own, with no holiday file."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DAIBAN_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("DAIBAN_HOLIDAY_FILE", raising=False)
    monkeypatch.delenv("DAIBAN_TIME_ZONE", raising=False)
    return tmp_path


def holiday_file(monkeypatch: pytest.MonkeyPatch, directory: Path, text: str) -> Path:
    path = directory / "holidays.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("DAIBAN_HOLIDAY_FILE", str(path))
    return path


def test_the_check_fails_in_late_november_2026_without_the_2027_holidays(
    district: Path,
) -> None:
    result = CliRunner().invoke(calendar_group, ["check", "--today", "2026-11-25"])
    assert result.exit_code == 1
    assert "no holiday data for 2027" in result.output


def test_the_check_passes_once_the_file_declares_2027_complete(
    district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = holiday_file(monkeypatch, district, HOLIDAYS_2027)
    result = CliRunner().invoke(calendar_group, ["check", "--today", "2026-11-25"])
    assert result.exit_code == 0, result.output
    assert "calendar covered from 2026-11-25 to 2027-02-23" in result.output
    assert "holiday file (declared complete)" in result.output
    assert path.name in result.output


def test_a_lone_2027_closure_in_the_file_does_not_pass_the_check(
    district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    holiday_file(monkeypatch, district, "closures: [{date: 2027-01-04, name: 停电}]\n")
    result = CliRunner().invoke(calendar_group, ["check", "--today", "2026-11-25"])
    assert result.exit_code == 1
    assert "no holiday data for 2027" in result.output


@pytest.mark.parametrize(("days", "exit_code"), [("36", 0), ("37", 1)])
def test_the_check_looks_exactly_as_many_days_ahead_as_asked(
    district: Path, days: str, exit_code: int
) -> None:
    # 25 November plus 36 days is 31 December; one more is in 2027.
    result = CliRunner().invoke(calendar_group, ["check", "--today", "2026-11-25",
                                                 "--days", days])
    assert result.exit_code == exit_code, result.output


def test_a_broken_holiday_file_fails_the_check_with_its_problem_on_one_line(
    district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    holiday_file(monkeypatch, district, "holidays:\n  - {date: 2027-02-30}\n")
    result = CliRunner().invoke(calendar_group, ["check", "--today", "2026-11-25"])
    assert result.exit_code == 1
    assert "holidays entry 1, date: '2027-02-30' is not a date" in result.output


def test_an_unknown_time_zone_fails_the_check_naming_the_setting(
    district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAIBAN_TIME_ZONE", "Asia/Beijing")
    result = CliRunner().invoke(calendar_group, ["check", "--today", "2026-05-25"])
    assert result.exit_code == 1
    assert "DAIBAN_TIME_ZONE: unknown time zone 'Asia/Beijing'" in result.output


@pytest.mark.parametrize(("with_file", "exit_code"), [(False, 1), (True, 0)])
def test_the_check_through_the_daiban_entry_point_exits_by_coverage(
    district: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    with_file: bool, exit_code: int,
) -> None:
    if with_file:
        holiday_file(monkeypatch, district, HOLIDAYS_2027)
    assert run(["calendar", "check", "--today", "2026-11-25"]) == exit_code
    captured = capsys.readouterr()
    if exit_code:
        assert captured.err.startswith("daiban: no holiday data for 2027")
        assert captured.err.count("\n") == 1
    else:
        assert "calendar covered" in captured.out


@pytest.mark.parametrize("command", [["check"], ["days"]])
def test_each_calendar_command_shows_an_example_in_its_help(command: list[str]) -> None:
    result = CliRunner().invoke(calendar_group, [*command, "--help"])
    assert result.exit_code == 0
    expected = {
        "check": "Example: daiban calendar check --today 2026-11-25",
        "days": "Example: daiban calendar days --from 2026-09-30 10",
    }[command[0]]
    assert expected in result.output


@pytest.mark.parametrize(("args", "deadline"), [
    (["days", "--from", "2026-09-30", "1"], "2026-10-08"),
    (["days", "--from", "2026-09-30", "10"], "2026-10-20"),
    (["days", "--from", "2026-09-26", "5", "--natural"], "2026-10-08"),
    (["days", "--from", "2026-06-10", "0"], "2026-06-10"),
])
def test_the_days_command_prints_the_deadline_of_a_limit(
    district: Path, args: list[str], deadline: str
) -> None:
    result = CliRunner().invoke(calendar_group, args)
    assert result.exit_code == 0, result.output
    assert f": {deadline} " in result.output
    assert "warning" not in result.output


def test_the_days_command_warns_when_the_deadline_lies_in_a_guessed_year(
    district: Path,
) -> None:
    result = CliRunner().invoke(calendar_group, ["days", "--from", "2026-11-25", "30"])
    assert result.exit_code == 0
    assert ": 2027-01-06 " in result.output
    assert "warning: no holiday data for 2027" in result.output
