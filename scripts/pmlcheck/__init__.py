"""PML Guide's content checks, as plain functions over files.

Each module checks one thing (front matter, citations, glossary, content safety, reading level)
and knows nothing of MkDocs. Three thin adapters call the same functions:

- ``scripts/mkdocs_hooks.py`` makes ``mkdocs build`` fail on a problem;
- ``scripts/check_*.py`` and ``scripts/check_all.py`` let contributors run a check on its own;
- ``tests/`` call the functions directly.

Every check returns a list of :class:`Problem`; an empty list means the input is fine.

One module is build logic rather than a check, kept here for the same reason (plain functions
over strings, tested without MkDocs): ``reference_lists`` writes the numbered citations and
per-page reference lists and the Bibliography page's listing.
"""
