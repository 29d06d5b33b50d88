#!/usr/bin/env python3
"""Check glossary.yml: no term twice, no empty definition, read-more links to real pages.

The glossary is the one source of every tooltip and of the A-Z Glossary page. Takes no page
arguments: it always reads the whole glossary.yml.
"""
import sys

from pmlcheck import cli, glossary_words
from pmlsources import bibliography, glossary

if __name__ == "__main__":
    cli.parser(__doc__).parse_args()
    bib, _ = bibliography.load()
    terms, problems = glossary.load(known_keys=set(bib.entries) or None)
    sys.exit(cli.finish(problems + glossary_words.check(terms, "glossary.yml"), "glossary.yml"))
