"""The `daiban` command line, through its real entry points."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml

from backend.storage import migrate
from bot.store import migrate as bot_migrate
from daiban.cli import run
from daiban.cli.app import cli

DAIBAN = Path(sys.executable).parent / "daiban"


def _all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found.extend(_all_commands(command, (*prefix, name)))
    return found


def test_the_installed_script_lists_every_command() -> None:
    result = subprocess.run([str(DAIBAN), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for name in ("run", "settings", "db", "offices", "catalog", "calendar"):
        assert f"  {name} " in result.stdout


@pytest.mark.parametrize("path", _all_commands(cli), ids=" ".join)
def test_every_command_has_its_own_help_with_an_example(path, capsys) -> None:
    assert run([*path, "--help"]) == 0
    assert "Example: daiban" in capsys.readouterr().out


def test_an_unknown_command_is_one_plain_line_and_exit_code_two(capsys) -> None:
    assert run(["frobnicate"]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert "No such command" in captured.err and "Traceback" not in captured.err


def test_a_failure_is_one_line_without_debug_and_a_traceback_with_it(tmp_path) -> None:
    environment = os.environ | {"DAIBAN_DATABASE_URL": "nosuchdb://x", "DAIBAN_VAR_DIR":
                                str(tmp_path)}
    plain = subprocess.run([str(DAIBAN), "db", "current"], capture_output=True, text=True,
                           env=environment, timeout=60)
    assert plain.returncode == 1
    assert plain.stderr.count("\n") == 1 and plain.stderr.startswith("daiban: error:")
    debug = subprocess.run([str(DAIBAN), "--debug", "db", "current"], capture_output=True,
                           text=True, env=environment, timeout=60)
    assert debug.returncode == 1 and "Traceback" in debug.stderr


def test_settings_prints_the_effective_values_with_secrets_masked(env, capsys) -> None:
    assert run(["settings"]) == 0
    out = capsys.readouterr().out
    token = (env / "var" / "secrets" / "service_token").read_text().strip()
    assert "DAIBAN_SERVICE_TOKEN" in out and token not in out
    assert "Asia/Shanghai" in out


def test_db_upgrade_brings_an_empty_database_to_head(env, capsys) -> None:
    assert run(["db", "upgrade"]) == 0
    assert run(["db", "current"]) == 0
    out = capsys.readouterr().out
    assert f"database: {migrate.head_revision()}" in out
    assert f"bot store: {bot_migrate.head_revision()}" in out


def test_a_broken_offices_file_lists_every_problem_and_imports_nothing(env, capsys) -> None:
    rows = yaml.safe_load((Path(__file__).parents[2] / "daiban/demo/offices.yaml").read_text())
    rows["offices"][5]["slot_capacity"] = -1
    rows["offices"][9]["opening_hours"] = "all day"
    broken = env / "broken.yaml"
    broken.write_text(yaml.safe_dump(rows, allow_unicode=True))
    assert run(["offices", "import", str(broken)]) == 1
    captured = capsys.readouterr()
    assert "office 6" in captured.out and "office 10" in captured.out
    assert "2 problem(s)" in captured.err and "nothing was imported" in captured.err
    assert run(["offices", "show"]) == 1
    assert "no offices yet" in capsys.readouterr().err


def test_the_main_job_prepares_a_fresh_machine_and_can_run_again(env, capsys) -> None:
    assert run(["run", "--today", "2026-11-25", "--prepare-only"]) == 0
    first = capsys.readouterr().out
    assert "demo district imported" in first
    assert "matters in" in first
    assert "no holiday data for 2027" in first
    assert run(["run", "--today", "2026-11-25", "--prepare-only"]) == 0
    assert "demo district imported" not in capsys.readouterr().out
    assert run(["offices", "show"]) == 0
    assert "110117000000" in capsys.readouterr().out


@pytest.mark.parametrize("level, logged", [("WARNING", True), ("ERROR", False)])
def test_daiban_log_level_decides_what_reaches_stderr(tmp_path, level, logged) -> None:
    environment = os.environ | {"DAIBAN_LOG_LEVEL": level, "DAIBAN_VAR_DIR": str(tmp_path)}
    environment.pop("DAIBAN_HOLIDAY_FILE", None)
    result = subprocess.run([str(DAIBAN), "calendar", "days", "3", "--from", "2026-12-30"],
                            capture_output=True, text=True, env=environment, timeout=60)
    assert result.returncode == 0
    assert ("no holiday data for 2027: counting" in result.stderr) is logged
