#!/usr/bin/env python3
"""Run every PML Guide content check, the same ones `mkdocs build` runs, without building.

Checks: bibliography.bib, glossary.yml, then every page check (the list is pmlcheck/suite.py).
With --changed or file arguments, page checks run on those pages only (the bibliography and
glossary are always checked whole). Fast enough to run before every commit.
"""
import sys

from pmlcheck import cli, suite
from pmlcheck.pages import DOCS, REPO


def main(argv=None) -> int:
    args = cli.parser(__doc__).parse_args(argv)
    pages = cli.selected(args)
    results = suite.check_all(pages, whole_site=not (args.files or args.changed), root=REPO, docs=DOCS)
    failed = 0
    for what, found in results:
        print(cli.report(found, what))
        failed += bool(found)
    print(f"\n{len(pages)} page(s) checked; {failed} of {len(results)} checks found problems.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
