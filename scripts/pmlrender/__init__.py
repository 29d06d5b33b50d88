"""Build-time rendering for PML Guide: what the build writes into pages from the project's own
data (generated blocks, citations, tooltips, search index, security policy).

Why a room of its own: `pmlcheck` holds the checks (they only report problems); this holds
the plain functions that produce HTML or Markdown from what `pmlsources` loads. Neither imports
the other, and neither knows MkDocs, so both are tested directly; the plugin (scripts/pmlplugin)
only calls them.
"""
