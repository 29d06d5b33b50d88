"""The project's code rules (RULES.md, CONTRIBUTING.md), kept by tests rather than by memory.

Why: "no function longer than 60 lines" and "every module says why it exists" are easy to
break one edit at a time; scripts/function_lengths.py measures the first the same way every time.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted((ROOT / "scripts").rglob("*.py"))


def test_no_function_is_longer_than_60_lines():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "function_lengths.py"), "--max", "60"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_length_measure_can_fail(tmp_path):
    long = tmp_path / "long.py"
    long.write_text('"""A module."""\n\n\ndef f():\n' + "    x = 1\n" * 61)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "function_lengths.py"), str(long), "--max", "60"],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "62 lines, over 60" in result.stderr


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_says_why_it_exists(path):
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc and len(doc) > 40, f"{path.relative_to(ROOT)}: start with a docstring saying why the module exists"


def test_no_module_defines_a_function_twice():
    """A second `def on_post_page` in the hook silently replaced the first (the skip link stopped
    leading to the title after two branches were merged): Python keeps only the last definition."""
    import ast

    twice = []
    for path in sorted((ROOT / "scripts").rglob("*.py")):
        names = [n.name for n in ast.parse(path.read_text(encoding="utf-8")).body
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
        twice += [f"{path.relative_to(ROOT)}: {name}" for name in sorted(set(names)) if names.count(name) > 1]
    assert not twice, f"defined twice (the first is dead): {twice}"


def _tool(name: str) -> Path:
    """A tool of the project's environment (.venv/bin), or a skip that names what is missing."""
    path = ROOT / ".venv" / "bin" / name
    if not path.exists():
        pytest.skip(f"{name} is not installed in .venv/bin (install requirements-test.txt to run this check)")
    return path


def test_ruff_finds_nothing():
    """ruff's rules (pyproject.toml: pyflakes, bugbear, pyupgrade) hold for the code and the tests."""
    result = subprocess.run([str(_tool("ruff")), "check", "scripts", "tests"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"ruff check scripts tests:\n{result.stdout}{result.stderr}"


def test_mypy_finds_nothing():
    """mypy (pyproject.toml: the files under scripts/, its cache in .cache/mypy) finds no error."""
    result = subprocess.run([str(_tool("mypy"))], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, f"mypy:\n{result.stdout}{result.stderr}"
