#!/usr/bin/env python3
"""Run every PML Guide content check, the same ones `mkdocs build` runs, without building.

Checks: bibliography.bib, glossary.yml, front matter, content safety, links, citations, reading level.
With --changed or file arguments, page checks run on those pages only (the bibliography and
glossary are always checked whole). Fast enough to run before every commit.
"""
import sys

from pmlcheck import bibliography, cli, glossary, suite
from pmlcheck.pages import content_pages


def main(argv=None) -> int:
    args = cli.parser(__doc__).parse_args(argv)
    pages = cli.selected(args)
    whole = not (args.files or args.changed)
    bib, problems = bibliography.load()
    results = [("bibliography.bib", problems)]
    results.append(("glossary.yml", glossary.load(known_keys=set(bib.entries) or None)[1]))
    if not problems:  # the page checks need a bibliography that parses
        results += suite.check_pages(pages, bib, all_pages=content_pages() if whole else None)
    failed = 0
    for what, found in results:
        print(cli.report(found, what))
        failed += bool(found)
    print(f"\n{len(pages)} page(s) checked; {failed} of {len(results)} checks found problems.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
