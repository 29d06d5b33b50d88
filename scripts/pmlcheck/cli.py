"""The shared shape of the check scripts: arguments, file selection, report, exit code."""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from collections.abc import Callable

from pmlsources.pages import REPO, content_pages
from pmlsources.problems import Problem, report  # noqa: F401  (report is re-exported)


def parser(doc: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=doc.strip().split("\n\n")[0],
                                epilog="Exit status: 0 when nothing is wrong, 1 when a problem is found.",
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="*", type=Path,
                   help="pages to check (default: every page under docs/)")
    p.add_argument("--changed", metavar="BASE", nargs="?", const="origin/main",
                   help="check only pages changed since BASE (a git revision, default origin/main)")
    return p


def changed_pages(base: str) -> list[Path]:
    out = subprocess.run(["git", "diff", "--name-only", "--diff-filter=ACMR", base, "--", "docs"],
                         cwd=REPO, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"git could not compare with '{base}': {out.stderr.strip()}\n"
                 "fix: fetch that revision first, or run without --changed to check every page.")
    untracked = subprocess.run(["git", "ls-files", "--others", "--exclude-standard", "docs"],
                               cwd=REPO, capture_output=True, text=True).stdout
    names = set(out.stdout.split()) | set(untracked.split())
    return [p for p in content_pages() if str(p.relative_to(REPO)) in names]


def selected(args) -> list[Path]:
    if args.changed:
        return changed_pages(args.changed)
    if args.files:
        missing = [f for f in args.files if not f.is_file()]
        if missing:
            sys.exit(f"no such file: {', '.join(map(str, missing))}")
        return [f.resolve() for f in args.files]
    return content_pages()


def finish(problems: list[Problem], what: str) -> int:
    print(report(problems, what))
    return 1 if problems else 0


def main(doc: str, what: str, check: Callable[[list[Path]], list[Problem]], argv=None) -> int:
    """A single check's command line. Unreadable, oversized or non-UTF-8 files are reported first
    (pmlsources/textsafe.py), as the build does, so no check meets them and ends in a traceback."""
    from pmlsources import textsafe

    pages = selected(parser(doc).parse_args(argv))
    unreadable = textsafe.check_files(pages)
    return finish(unreadable, "files") if unreadable else finish(check(pages), what)
