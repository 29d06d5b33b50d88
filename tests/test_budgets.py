"""Page-weight budgets, in bytes (deterministic): what a phone on a slow connection downloads."""
from __future__ import annotations

import gzip
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from benchmark import first_visit_bytes  # noqa: E402  (the same measurement the benchmark reports)

FIRST_VIEW_BUDGET = 150 * 1024  # gzip bytes: HTML + CSS + JavaScript + fonts of a first visit
HTML_BUDGET = 30 * 1024         # gzip bytes of one page's HTML
# The search index, which every reader downloads when search starts (issue 22: at most 50 KB gzip;
# 69 KB before the index kept teasers and distinct words, pmlrender/search.py). The raw budget
# keeps the index from growing where gzip hides it.
SEARCH_INDEX_BUDGET = {"bytes": 180_000, "gzip": 50 * 1024}


def test_every_page_fits_the_byte_budgets(built_site):
    rows = first_visit_bytes(built_site["dir"])
    assert len(rows) >= 30
    too_big = [r for r in rows if r["first_visit_gz"] > FIRST_VIEW_BUDGET or r["html_gz"] > HTML_BUDGET]
    assert not too_big, f"over budget (first view {FIRST_VIEW_BUDGET} B, HTML {HTML_BUDGET} B gzip): {too_big}"
    # The measurement counts the stylesheets and scripts, not just the HTML.
    assert all(r["first_visit_gz"] > r["html_gz"] + 40_000 for r in rows)


def test_project_css_and_javascript_are_minified(built_site):
    for name in ("assets/css/pml-guide.css", "assets/js/pml-guide.js"):
        built = (built_site["dir"] / name.replace(".", ".min.", 1)).read_text()
        source = (ROOT / "docs" / name).read_text()
        assert len(built) < 0.8 * len(source) and "/*" not in built, f"{name} is not minified"


# A Spanish reader downloads the Spanish index instead (58 KB gzip before it was shaped like the
# English one, pmlrender/search.py TRANSLATION_SHAPERS).
@pytest.mark.parametrize("index", ["search/search_index.json", "es/search/search_index.json"])
def test_the_search_index_stays_within_its_budget(built_site, index):
    data = (built_site["dir"] / index).read_bytes()
    size = {"bytes": len(data), "gzip": len(gzip.compress(data, 9))}
    assert all(size[k] <= SEARCH_INDEX_BUDGET[k] for k in size), (
        f"{index}: {size}, budget {SEARCH_INDEX_BUDGET}: keep listing text out of it (data-search-exclude, "
        "pmlsources/marks.SEARCH_EXCLUDE; pmlrender/search.py INDEX_SHAPERS) or use fewer reader words")
