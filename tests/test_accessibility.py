"""axe-core (from npm, pinned in package-lock.json) on every built page, light and dark."""
from __future__ import annotations

import pytest

from conftest import ROOT, axe_in_both_schemes, axe_report

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `python3 scripts/dev.py test`, which installs it with npm ci.")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page_urls(site_pages):
    return [path[: -len("index.html")] for path in site_pages]


@pytest.mark.slow
def test_no_serious_or_critical_axe_violations_light_or_dark(browser, site_server, page_urls, axe_source):
    """Every page loaded once and checked in both schemes (conftest.axe_in_both_schemes): the light
    and the dark pass visited each page apart, twice the page loads for the same checks."""
    # bypass_csp: the page's policy (tested on its own) would block axe itself.
    context = browser.new_context(color_scheme="light", bypass_csp=True)
    context.add_init_script(axe_source)  # handed to the browser once, run in each page it opens
    page = context.new_page()
    found, checked, scheme = {"light": {}, "dark": {}}, {"light": 0, "dark": 0}, "light"
    try:
        for url in page_urls:
            scheme = axe_in_both_schemes(page, site_server, url, scheme, found, checked)
    finally:
        context.close()
    assert len(page_urls) >= 30 and checked == {"light": len(page_urls), "dark": len(page_urls)}, checked
    assert not found["light"] and not found["dark"], axe_report(found)
