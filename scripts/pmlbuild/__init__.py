"""Build-time rendering for PML Guide: what the build writes into pages from the project's own
data (generated blocks, citations, tooltips, search index, security policy).

Why a package of its own: `pmlcheck` holds the checks (they only report problems); this holds
the plain functions that produce HTML or Markdown. Both know nothing of MkDocs, so they are
tested directly; scripts/mkdocs_hooks.py only calls them.
"""
