#!/usr/bin/env python3
"""List the translated pages (docs/es/) and whether each is up to date with its English page.

A translation names the English page it translates and that page's SHA-256 in its front matter
(`translation_of`). This prints, for every translation, whether its English page changed since
and whether its figures still match (pmlcheck/translations.py). `--hash FILE` prints the SHA-256
to write after translating or updating a page. Exits 1 if a translation's figures no longer
match its English page (what a release refuses).
"""
import sys
from pathlib import Path

from pmlcheck import cli, translations
from pmlsources.pages import DOCS, REPO, content_pages


def main(argv=None) -> int:
    p = cli.parser(__doc__)
    p.add_argument("--hash", type=Path, metavar="FILE", help="print the SHA-256 of an English page, for translation_of")
    args = p.parse_args(argv)
    if args.hash:
        if not args.hash.is_file():
            print(f"{args.hash}: no such file.\n    fix: give the English page's path, for example docs/patients/iris.md.", file=sys.stderr)
            return 1
        print(translations.sha256_of(args.hash))
        return 0
    pages = content_pages(DOCS)
    behind = {item.page: figures for item, figures in translations.behind(pages, DOCS, REPO)}
    for page in translations.translated_pages(pages, DOCS):
        state = "up to date" if page not in behind else ("behind, figures differ" if behind[page] else "behind (words only)")
        print(f"{state:>24}  {page.relative_to(REPO)}")
    problems = translations.release_problems(pages, DOCS, REPO)
    if problems:
        print(cli.report(problems, "translations behind"), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
