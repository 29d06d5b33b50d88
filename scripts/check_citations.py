#!/usr/bin/env python3
"""Check citations: unknown keys, numbers stated without a source, entries no page cites.

Every number on a content page needs a citation in the same sentence ("... about 1 in 2
people [@key]."). An unknown key gets the closest existing key as a suggestion. Entries that no
page cites are reported only when every page is checked (no file arguments).
"""
import sys

from pmlsources import bibliography

from pmlcheck import citations, cli, seen
from pmlsources.pages import DOCS, REPO as ROOT, content_pages


def check(paths):
    bib, problems = bibliography.load()
    if problems:
        return problems
    everything = sorted(paths) == content_pages()
    return (citations.check_pages(paths, bib, all_pages=content_pages() if everything else None)
            + seen.uncited_numbers(paths, ROOT, DOCS))


if __name__ == "__main__":
    sys.exit(cli.main(__doc__, "citations", check))
