"""The one shape every check reports in: where, what is wrong, and how to fix it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}\n    fix: {self.fix}"


def rel(path: Path | str, root: Path | str | None = None) -> str:
    """A path as a contributor sees it: relative to the repository root when possible."""
    path = Path(path)
    root = Path(root) if root else Path.cwd()
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def report(problems: list[Problem], what: str) -> str:
    """A block of text listing every problem, for the build log or the terminal."""
    if not problems:
        return f"{what}: no problems found."
    lines = [f"{what}: {len(problems)} problem(s) found."]
    lines += [str(p) for p in problems]
    return "\n".join(lines)
