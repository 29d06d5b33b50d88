"""The build's own marks in a page: generated-block markers, and the marks citations leave.

Why here: a page asks for a generated block with a marker (pmlrender/generated.py fills it in),
the checks refuse a marker naming no block (pmlcheck/blocks.py) and any page that writes the
build's own marks itself (pmlcheck/citations.py), and the checks of what readers see skip them
(pmlcheck/seen.py). One list, read by every side.
"""
from __future__ import annotations

import re


MARKER = re.compile(r"^<!-- generated: ([a-z0-9-]+)(?: ([^>]*?))? -->[ \t]*$", re.MULTILINE)


# Markers the plugin fills itself, at another stage of the build (the Bibliography listing, as HTML).
HANDLED_BY_THE_PLUGIN = {"bibliography"}


def markers(text: str) -> list[tuple[int, str, str]]:
    """(line number, block name, argument) of every marker in ``text``."""
    return [(text.count("\n", 0, m.start()) + 1, m.group(1), (m.group(2) or "").strip())
            for m in MARKER.finditer(text)]


# Comments around each expanded block in the page's Markdown (a page may not write them itself:
# pmlcheck/citations.py refuses them).
BEGIN, END = "pml-generated-begin", "pml-generated-end"


# The comment left where a repeated citation mark was folded into the same source's later mark
# (pmlrender/reference_lists.py); the checks of what readers see count it as that sentence's mark.
FOLDED = "pml-cite-folded:"


# Every generated block a page may ask for (pmlrender registers a function for each; a name
# missing here cannot be registered, so the two lists cannot drift apart).
BLOCK_NAMES = frozenset({"changelog", "download-files", "figure", "glossary", "icon-array", "natalizumab-risk-by-time",
                         "natalizumab-risk-table", "review-statuses"})


CITE = "\ue000"  # stands for a citation mark every reader sees, inside a block's text (pmlcheck/seen.py)


# What Material's search plugin skips (with everything inside): on what the build draws that a
# search should not find (citation marks, reference lists, pictures' captions, listing details).
SEARCH_EXCLUDE = 'data-search-exclude="true"'
