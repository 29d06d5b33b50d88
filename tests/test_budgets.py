"""Page-weight budgets, in bytes (deterministic): what a phone on a slow connection downloads."""
from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from benchmark import first_visit_bytes  # noqa: E402  (the same measurement the benchmark reports)

FIRST_VIEW_BUDGET = 150 * 1024  # gzip bytes: HTML + CSS + JavaScript + fonts of a first visit
HTML_BUDGET = 30 * 1024         # gzip bytes of one page's HTML


def test_every_page_fits_the_byte_budgets(built_site):
    rows = first_visit_bytes(built_site["dir"])
    assert len(rows) >= 30
    too_big = [r for r in rows if r["first_visit_gz"] > FIRST_VIEW_BUDGET or r["html_gz"] > HTML_BUDGET]
    assert not too_big, f"over budget (first view {FIRST_VIEW_BUDGET} B, HTML {HTML_BUDGET} B gzip): {too_big}"
    # The measurement counts the stylesheets and scripts, not just the HTML.
    assert all(r["first_visit_gz"] > r["html_gz"] + 40_000 for r in rows)


def test_pages_are_minified(site_pages):
    html = site_pages["patients/what-is-pml/index.html"]
    assert "<!-- " not in html.replace("<!-- Font Awesome", ""), "HTML comments survive: minify is off"
    assert "\n    <" not in html, "indentation survives: minify is off"
