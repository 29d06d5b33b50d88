#!/usr/bin/env python3
"""Gather the changes waiting in docs/_data/next-release/ into a new release.

Why: every pull request that changes what readers are told describes its change in a small file
of its own (docs/_data/next-release/<topic>.yml), so two pull requests never edit the same lines
of the changelog. At release time a maintainer runs this once: the changes become a new release
at the top of docs/_data/changes.yml (its comments and older releases kept as they are),
CITATION.cff gets the same version and date, and the gathered files are removed. It writes
nothing when a waiting change has a problem, or when nothing waits.

    python3 scripts/dev.py release 2027.01 --summary "One plain sentence about this release."
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from pmlsources import changedata
from pmlsources.problems import report

ROOT = Path(__file__).resolve().parents[1]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def release_yaml(version: str, date: dt.date, summary: str, gathered: list[changedata.Change]) -> str:
    """The new release, written as the entries below it are (two-space list under `releases:`)."""
    lines = [f'  - version: "{version}"', f"    date: {date.isoformat()}", f"    summary: {_quoted(summary)}",
             "    changes:"]
    for c in gathered:
        lines += [f"      - kind: {c.kind}", f"        pages: [{', '.join(c.pages)}]", f"        text: {_quoted(c.text)}"]
    return "\n".join(lines) + "\n"


def gather(root: Path, version: str, date: dt.date, summary: str) -> list[str]:
    """Write the release; returns the problems that stopped it (nothing is written then)."""
    waiting, problems = changedata.load_upcoming(root)
    releases, old = changedata.load(root)
    if problems or old:
        return [report(problems + old, "changes")]
    if not waiting:
        return [f"nothing waits in {changedata.UPCOMING}/: add one file per change there first (CONTRIBUTING.md)."]
    if not changedata.VERSION.match(version) or not version.startswith(date.strftime("%Y.%m")):
        return [f"'{version}' is not a calendar version for {date.isoformat()}: write \"{date:%Y.%m}\" "
                f"(a second release that month: \"{date:%Y.%m}.1\")."]
    if any(r.version == version for r in releases) or (releases and date < releases[0].date):
        return [f"{version} of {date.isoformat()} is not newer than every release in {changedata.CHANGES}."]
    log = root / changedata.CHANGES
    text = log.read_text(encoding="utf-8")
    block = release_yaml(version, date, summary, [c for _file, c in waiting])
    log.write_text(re.sub(r"^releases:\n", lambda m: m.group(0) + block, text, count=1, flags=re.MULTILINE),
                   encoding="utf-8")
    cff = root / "CITATION.cff"
    if cff.is_file():
        body = re.sub(r'^version: .*$', f'version: "{version}"', cff.read_text(encoding="utf-8"), flags=re.MULTILINE)
        cff.write_text(re.sub(r"^date-released: .*$", f'date-released: "{date.isoformat()}"', body, flags=re.MULTILINE),
                       encoding="utf-8")
    for file, _change in waiting:
        file.unlink()
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("version", help='the calendar version, as "2027.01"')
    parser.add_argument("--summary", required=True, help="one plain sentence about the release, for readers")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date.today(), help="YYYY-MM-DD (default: today)")
    args = parser.parse_args(argv)
    stopped = gather(ROOT, args.version, args.date, args.summary)
    if stopped:
        print("\n".join(stopped), file=sys.stderr)
        return 1
    print(f"Release {args.version} written to {changedata.CHANGES} and CITATION.cff; commit it, then tag it "
          f"(git tag {args.version}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
