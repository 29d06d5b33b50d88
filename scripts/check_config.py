#!/usr/bin/env python3
"""Read a MkDocs configuration file (and every file it INHERITs) safely, before MkDocs does.

Why: MkDocs' own loader runs Python tags (`!!python/...`) and reads any environment variable
(`!ENV`), so a pull request could run code or publish a secret before any check ran.
scripts/dev.py runs this before every build, preview and release (pmlsources/configsafe.py).

    python3 scripts/check_config.py [mkdocs.yml ...]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pmlsources import configsafe
from pmlsources.problems import report

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="*", default=["mkdocs.yml"], help="configuration files, relative to the project (default mkdocs.yml)")
    names = p.parse_args(argv).files
    problems = [p for name in names for p in configsafe.check(ROOT / name, ROOT)]
    if problems:
        print(report(problems, "configuration") + "\n\nNothing was built: MkDocs never read this configuration.",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
