#!/usr/bin/env python3
"""List the longest functions in scripts/ (or the given files), and fail when one is too long.

Why: the project's rule is "no function longer than 60 lines" (CONTRIBUTING.md). Counting by
eye drifts; this counts from the syntax tree (first line of the `def`, decorators excluded, to
its last line), so the figure in a review or a report is the same every time it is measured.

    python3 scripts/function_lengths.py            # the 10 longest in scripts/
    python3 scripts/function_lengths.py --max 60   # exit 1 if any is longer than 60 lines
"""
from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lengths(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """(lines, "file:line name") of every function and method in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    try:
        name = path.resolve().relative_to(root).as_posix()
    except ValueError:
        name = str(path)
    return [((node.end_lineno or node.lineno) - node.lineno + 1, f"{name}:{node.lineno} {node.name}")
            for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: scripts/)")
    p.add_argument("--max", type=int, help="fail if any function is longer than this many lines")
    p.add_argument("--top", type=int, default=10, help="how many to list (default 10)")
    args = p.parse_args(argv)
    files = [f for base in (args.paths or [ROOT / "scripts"])
             for f in (sorted(base.rglob("*.py")) if base.is_dir() else [base])]
    found = sorted((n for f in files for n in lengths(f)), reverse=True)
    for lines, where in found[:args.top]:
        print(f"{lines:4d}  {where}")
    too_long = [(n, w) for n, w in found if args.max is not None and n > args.max]
    for lines, where in too_long:
        print(f"{where}: {lines} lines, over {args.max}. Fix: split it into named steps.", file=sys.stderr)
    return 1 if too_long else 0


if __name__ == "__main__":
    sys.exit(main())
