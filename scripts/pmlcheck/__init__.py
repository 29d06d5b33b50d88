"""PML Guide's content checks, as plain functions over what pmlsources loads.

Each module checks one thing (front matter, citations, content safety, reading level, what
readers see, the built HTML) and knows nothing of MkDocs or of the renderers (pmlrender). Three
thin adapters call the same functions:

- the MkDocs plugin (``scripts/pmlplugin/``) makes ``mkdocs build`` fail on a problem;
- ``scripts/check_*.py`` and ``scripts/check_all.py`` let contributors run a check on its own;
- ``tests/`` call the functions directly.

Every check returns a list of :class:`pmlsources.problems.Problem`; an empty list means the input is fine.
"""
