#!/usr/bin/env python3
"""Check citations: unknown keys, numbers stated without a source, entries no page cites.

Every number on a content page needs a citation in the same sentence ("... about 1 in 2
people [@key]."). An unknown key gets the closest existing key as a suggestion. Entries that no
page cites are reported only when every page is checked (no file arguments).
"""
import sys

from pmlcheck import bibliography, citations, cli
from pmlcheck.pages import content_pages


def check(paths):
    bib, problems = bibliography.load()
    if problems:
        return problems
    everything = sorted(paths) == content_pages()
    return citations.check_pages(paths, bib, all_pages=content_pages() if everything else None)


if __name__ == "__main__":
    sys.exit(cli.main(__doc__, "citations", check))
