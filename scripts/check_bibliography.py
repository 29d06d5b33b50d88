#!/usr/bin/env python3
"""Check bibliography.bib: syntax, repeated keys, required fields, and a DOI, PMID or URL.

mkdocs-bibtex answers a malformed entry with a raw traceback; this names the line and the fix.
Takes no page arguments: it always reads the whole bibliography.bib.
"""
import sys

from pmlsources import bibliography

from pmlcheck import cli

if __name__ == "__main__":
    cli.parser(__doc__).parse_args()
    sys.exit(cli.finish(bibliography.load()[1], "bibliography.bib"))
