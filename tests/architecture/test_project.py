"""The project's own rules: layering, lint, the README's two commands, no Chinese in code."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CODE_PACKAGES = ["daiban", "bot", "handlers", "backend", "backend_client", "wire",
                 "matter_catalog"]
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else (shutil.which(name) or name)


def test_the_import_layering_contracts_hold() -> None:
    result = subprocess.run([_tool("lint-imports"), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_nothing() -> None:
    result = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def _python_files() -> list[Path]:
    return [path for package in CODE_PACKAGES if (ROOT / package).is_dir()
            for path in sorted((ROOT / package).rglob("*.py"))]


def _han_literals(source: str) -> list[tuple[int, str]]:
    """Chinese in string literals, not counting docstrings (which explain, not speak)."""
    tree = ast.parse(source)
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and HAN.search(node.value)]


def test_no_chinese_string_literals_in_the_code_every_sentence_lives_in_texts() -> None:
    found = [f"{path.relative_to(ROOT)}:{line}: {value!r}"
             for path in _python_files() for line, value in _han_literals(path.read_text())]
    assert found == []


def test_the_han_literal_check_sees_a_literal_and_ignores_a_docstring() -> None:
    source = 'def f():\n    """\u8bf4\u660e"""\n    return "\u4f4e\u4fdd"\n'
    assert [line for line, _ in _han_literals(source)] == [3]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```(?:sh|bash|shell)\n(.*?)```", text, flags=re.S)
    return [block.strip() for block in blocks[:2]]


def test_the_readme_opens_with_exactly_two_one_line_commands() -> None:
    commands = _readme_commands()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)
    assert commands[0].endswith("daiban run")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert f'"{_readme_commands()[1]}"' in ci
    assert "DAIBAN_TEST_POSTGRES_URL=" in ci
    assert "timeout 85m" in ci


@pytest.mark.parametrize("package", ["daiban", "backend", "matter_catalog", "wire",
                                     "backend_client", "bot", "handlers", "texts", "sandbox"])
def test_every_module_stays_small(package: str) -> None:
    large = [f"{path.relative_to(ROOT)} ({n} lines)" for path in (ROOT / package).rglob("*.py")
             if (n := len(path.read_text().splitlines())) > 450]
    assert large == []
