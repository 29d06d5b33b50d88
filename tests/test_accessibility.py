"""axe-core (from npm, pinned in package-lock.json) on every built page, light and dark."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT

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
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_axe_violations(browser, site_server, page_urls, axe_source, scheme):
    # bypass_csp: the page's policy (tested on its own) would block axe itself.
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)
    context.add_init_script(axe_source)  # handed to the browser once, run in each page it opens
    page = context.new_page()
    found = {}
    try:
        for url in page_urls:
            page.goto(site_server + url, wait_until="load")
            result = page.evaluate("""async () => {
                const r = await axe.run(document, {resultTypes: ['violations']});
                return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
            }""")
            if result:
                found[url or "/"] = result
    finally:
        context.close()
    assert len(page_urls) >= 30
    assert not found, f"{scheme} scheme: serious/critical axe violations:\n" + json.dumps(found, indent=1)[:6000]
