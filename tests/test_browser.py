"""The built site in a real headless Chromium, as a reader uses it."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest


@pytest.fixture
def page(browser, site_server):
    context = browser.new_context()
    p = context.new_page()
    p.requests_seen = []
    p.on("request", lambda r: p.requests_seen.append(r.url))
    yield p
    context.close()


def local_only(urls, base):
    host = urlparse(base).netloc
    return [u for u in urls if urlparse(u).scheme not in ("data", "blob") and urlparse(u).netloc != host]


def test_pages_make_no_third_party_request(page, site_server):
    for path in ["", "patients/what-is-pml/", "medicines/natalizumab/", "clinicians/diagnostic-criteria/",
                 "reference/glossary/", "reference/bibliography/"]:
        page.goto(site_server + path, wait_until="networkidle")
    assert local_only(page.requests_seen, site_server) == []


def test_search_finds_natalizumab_and_leads_to_its_page(page, site_server):
    page.goto(site_server, wait_until="networkidle")
    page.keyboard.press("/")  # Material's keyboard shortcut focuses the search box
    page.keyboard.type("natalizumab")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    hrefs = [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]
    assert any("medicines/natalizumab/" in (h or "") for h in hrefs), hrefs
    page.locator('.md-search-result__link[href*="medicines/natalizumab/"]').first.click()
    page.wait_for_url("**/medicines/natalizumab/**")
    assert "Natalizumab" in page.title()


def test_keyboard_reaches_the_search_box(page, site_server):
    page.goto(site_server + "patients/what-is-pml/", wait_until="networkidle")
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && (document.activeElement.getAttribute('data-md-component') || "
                                "document.activeElement.htmlFor || document.activeElement.className || '')")
        if "search" in str(focused):
            break
    else:
        pytest.fail("60 presses of Tab never reached the search control")


def _tooltip_visible(page):
    return page.evaluate("""() => [...document.querySelectorAll('.md-tooltip2, .md-tooltip')]
        .some(t => getComputedStyle(t).visibility !== 'hidden' && getComputedStyle(t).opacity !== '0' && t.textContent.trim())""")


def test_glossary_term_shows_definition_on_hover(page, site_server):
    page.goto(site_server + "patients/what-is-pml/", wait_until="networkidle")
    term = page.locator("article abbr[title]").first
    definition = term.get_attribute("title")
    assert definition and len(definition) > 20
    term.hover()
    page.wait_for_timeout(600)
    assert _tooltip_visible(page), "hovering a glossary term shows no tooltip"


def test_glossary_term_is_reachable_and_shows_definition_on_keyboard_focus(page, site_server):
    page.goto(site_server + "patients/what-is-pml/", wait_until="networkidle")
    assert page.locator("article abbr[title][tabindex='0']").count() > 0, "glossary terms cannot take keyboard focus"
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "ABBR":
            break
    else:
        pytest.fail("Tab never reached a glossary term")
    page.wait_for_timeout(600)
    assert _tooltip_visible(page), "a focused glossary term shows no tooltip"


def test_citation_shows_reference_on_hover(page, site_server):
    page.goto(site_server + "patients/what-is-pml/", wait_until="networkidle")
    ref = page.locator("article sup[id^='fnref'] a").first
    ref.hover()
    page.wait_for_timeout(600)
    assert _tooltip_visible(page), "hovering a citation shows no reference preview"


def test_dark_mode_toggle_switches_scheme(page, site_server):
    page.goto(site_server, wait_until="networkidle")
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    for _ in range(3):
        page.locator("form[data-md-component='palette'] label:visible").first.click()
        if page.evaluate("document.body.getAttribute('data-md-color-scheme')") != before:
            break
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") != before


@pytest.mark.slow
def test_whole_site_satisfies_its_content_security_policy(browser, site_server, site_pages):
    context = browser.new_context()
    context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                            "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));")
    page = context.new_page()
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    violations = {}
    try:
        for path in site_pages:
            page.goto(site_server + path[: -len("index.html")], wait_until="load")
            assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1, f"{path}: no CSP meta"
            found = page.evaluate("window.__csp")
            if found:
                violations[path] = found
        # Search runs in a web worker: use it under the policy too.
        page.keyboard.press("/")
        page.keyboard.type("rituximab")
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        if page.evaluate("window.__csp"):
            violations["search"] = page.evaluate("window.__csp")
    finally:
        context.close()
    assert not violations and not console, f"CSP violations: {violations} {console[:5]}"


def test_tables_scroll_inside_the_page_on_a_phone(browser, site_server, site_pages):
    """At a phone's width no page scrolls sideways; wide tables scroll inside their own box."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    with_tables = [p for p, html in site_pages.items() if "<table" in html]
    assert len(with_tables) >= 5
    overflowing = []
    try:
        for path in with_tables:
            page.goto(site_server + path[: -len("index.html")], wait_until="load")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 362:
                overflowing.append((path, width))
            unwrapped = page.evaluate("[...document.querySelectorAll('article table')]"
                                      ".filter(t => !t.closest('.md-typeset__scrollwrap')).length")
            assert unwrapped == 0, f"{path}: a table is not inside a scroll box"
    finally:
        context.close()
    assert not overflowing, f"pages wider than a 360 px phone: {overflowing}"
