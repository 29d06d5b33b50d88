"""The one shape every check reports in: where, what is wrong, and how to fix it."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
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
    return _rel(str(path), str(root) if root else str(Path.cwd()))


@lru_cache(maxsize=4096)  # resolve() is a system call per path part; every check asks for the same paths
def _rel(path: str, root: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return path


def report(problems: list[Problem], what: str) -> str:
    """A block of text listing every problem, for the build log or the terminal."""
    if not problems:
        return f"{what}: no problems found."
    lines = [f"{what}: {len(problems)} problem(s) found."]
    lines += [str(p) for p in problems]
    return "\n".join(lines)


def did_you_mean(word: str, choices, shown: str = "'{}'") -> str:
    """"did you mean 'x'? " for the closest of ``choices`` to a mistyped ``word`` (a citation key,
    a page, an anchor), or "" when nothing is close: the one way every check suggests a fix."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean {shown.format(close[0])}? " if close else ""
