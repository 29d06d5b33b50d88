#!/usr/bin/env python3
"""Check glossary.yml: no term twice, no empty definition, read-more links to real pages.

The glossary is the one source of every tooltip and of the A-Z Glossary page. Takes no page
arguments: it always reads the whole glossary.yml.
"""
import sys

from pmlcheck import bibliography, cli, glossary

if __name__ == "__main__":
    cli.parser(__doc__).parse_args()
    bib, _ = bibliography.load()
    sys.exit(cli.finish(glossary.load(known_keys=set(bib.entries) or None)[1], "glossary.yml"))
