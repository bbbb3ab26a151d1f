"""`daiban catalog check | show | search`, through click's runner and the root runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from daiban.cli.catalog_cmd import catalog_group

from .factories import category, matter, write_file


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(catalog_group, list(args))
    return result.exit_code, result.output


def test_check_of_the_shipped_catalog_finds_no_problem() -> None:
    code, output = _invoke("check")
    assert code == 0, output
    assert "no problems (41 matters in 12 categories)" in output


def test_check_lists_every_problem_as_file_code_field_message_and_fails(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    write_file(folder, "01_a.yaml", {"category": category(), "matters": [
        matter("SJ01", trips={"count": 1}),
        matter("SJ02", route=[{"tier": "city", "action": "approve", "limit_days": 1}]),
    ]})
    code, output = _invoke("check", str(folder))
    assert code == 1
    assert "01_a.yaml: SJ01: matters[0].trips.reason: trips.count is 1" in output
    assert "01_a.yaml: SJ02: matters[1].route[0].tier: unknown tier 'city'" in output
    assert "2 problem(s) in" in output


def test_check_of_an_empty_folder_fails(tmp_path: Path) -> None:
    code, output = _invoke("check", str(tmp_path))
    assert code == 1
    assert "no catalog files" in output


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", ["SJ01", "最低生活保障", "区民政局", "materials", "route", "FAQ"]),
    ("en", ["SJ01", "Minimum living allowance", "District Civil Affairs", "approve (decides)",
            "public notice 7 natural days", "working days"]),
])
def test_show_renders_the_matter_in_the_chosen_language(lang: str, expected: list[str]) -> None:
    code, output = _invoke("show", "sj01", "--lang", lang)
    assert code == 0, output
    for text in expected:
        assert text in output, text


def test_show_marks_an_estimated_limit(shipped_copy: Callable[[], Path]) -> None:
    folder = shipped_copy()
    estimated = next(
        item["code"] for path in sorted(folder.glob("*.yaml"))
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["matters"]
        if item["promised_limit"].get("estimate")
    )
    code, output = _invoke("show", estimated, "--lang", "en", "--catalog", str(folder))
    assert code == 0, output
    assert "(estimate)" in output


def test_show_of_an_unknown_code_fails_with_a_plain_message() -> None:
    code, output = _invoke("show", "XX99")
    assert code == 1
    assert "no matter with code 'XX99'" in output


def test_search_prints_rank_code_name_and_score() -> None:
    code, output = _invoke("search", "dibao", "--limit", "3")
    assert code == 0, output
    assert "SJ01" in output and "rank" in output and "score" in output


def test_search_in_english_joins_the_words() -> None:
    code, output = _invoke("search", "disability", "card", "--lang", "en")
    assert code == 0, output
    assert "CJ01" in output and "Disability certificate" in output


def test_search_says_no_match_for_nonsense() -> None:
    code, output = _invoke("search", "asdfgh")
    assert code == 0
    assert "no match for 'asdfgh'" in output


def test_a_broken_catalog_makes_show_fail_with_a_pointer_to_check(tmp_path: Path) -> None:
    write_file(tmp_path / "data", "01_a.yaml", {"category": category(),
                                                "matters": [matter(trips={"count": 1})]})
    code, output = _invoke("show", "SJ01", "--catalog", str(tmp_path / "data"))
    assert code == 1
    assert "run 'daiban catalog check'" in output


@pytest.mark.parametrize("command", ["check", "show", "search"])
def test_each_command_help_shows_an_example(command: str) -> None:
    code, output = _invoke(command, "--help")
    assert code == 0
    assert "Example: daiban catalog " in output


def test_the_root_runner_returns_the_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from daiban.cli import run

    assert run(["catalog", "search", "cjz"]) == 0
    assert "CJ01" in capsys.readouterr().out
    assert run(["catalog", "show", "XX99"]) == 1
    assert "daiban: no matter with code 'XX99'" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert run(["catalog", "check", str(tmp_path / "empty")]) == 1
