#!/usr/bin/env python3
"""Run every PML Guide content check, the same ones `mkdocs build` runs, without building.

Checks: bibliography.bib, glossary.yml, then every page check (the list is pmlcheck/suite.py).
With --changed or file arguments, page checks run on those pages only (the bibliography and
glossary are always checked whole). Fast enough to run before every commit. With --site DIR,
the built HTML in DIR is also checked against the allow-list every build runs.
"""
import sys
from pathlib import Path

from pmlcheck import cli, suite
from pmlsources.pages import DOCS, REPO


def main(argv=None) -> int:
    parser = cli.parser(__doc__)
    parser.add_argument("--site", type=Path, metavar="DIR",
                        help="also check the HTML of a site built earlier against the allow-list "
                             "(pmlcheck/html_allowlist.py), as every build does")
    args = parser.parse_args(argv)
    pages = cli.selected(args)
    outside = [p for p in pages if DOCS.resolve() not in p.resolve().parents]
    if outside:  # the page checks read a page's place in the site (section, links)
        sys.exit(f"not a page of the site: {', '.join(map(str, outside))}\n"
                 "fix: give files under docs/, or check a lone file with scripts/check_frontmatter.py.")
    results = suite.check_all(pages, whole_site=not (args.files or args.changed), root=REPO, docs=DOCS)
    if args.site:
        from pmlplugin import built_pages

        results.append(("built pages (HTML allow-list)", built_pages.check_dir(args.site, REPO)))
    failed = 0
    for what, found in results:
        print(cli.report(found, what))
        failed += bool(found)
    print(f"\n{len(pages)} page(s) checked; {failed} of {len(results)} checks found problems.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
