"""The built site in a real headless Chromium, as a reader uses it."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from test_citations_phone_print import citation_failures, citation_marks
from test_readers_path import reader_tree_failures, reader_tree_problems


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


def test_pages_ask_only_their_own_site_and_every_request_succeeds(page, site_server):
    """No request to another host; and none that fails or writes an error in the console. Before:
    Material's script asked every hreflang address for a sitemap.xml beside it, two 404s and two
    console errors on every translated page (pmlrender/language.py)."""
    failed = []
    page.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append((r.failure, r.url)))
    page.on("console", lambda m: failed.append(("console", m.text[:160])) if m.type == "error" else None)
    for path in ["", "patients/what-is-pml/", "medicines/natalizumab/", "clinicians/diagnostic-criteria/",
                 "reference/glossary/", "reference/bibliography/", "es/", "es/medicines/natalizumab/"]:
        page.goto(site_server + path, wait_until="networkidle")
    assert local_only(page.requests_seen, site_server) == []
    assert not failed, failed


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


# Every Content-Security-Policy violation a page reports, with its directive, address and sample.
CSP_WATCH = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
             "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));")


def csp_problems(page) -> list[str]:
    """The open page's policy problems: no policy in a meta element, or violations it reported."""
    missing = [] if page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1 else ["no CSP meta"]
    return missing + page.evaluate("window.__csp")


def csp_problems_of_search(page) -> list[str]:
    """Search runs in a web worker: use it under the policy too (on the open page)."""
    page.keyboard.press("/")
    page.keyboard.type("rituximab")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    return page.evaluate("window.__csp")


def sweep_at_1280(page, site_server: str, site_pages: dict, cited: set) -> dict:
    """Each page visited once at 1280 px for the three checks; {check: what it found} (the
    citation measure on pages with citation marks only)."""
    csp, tree, marks = {}, {"found": [], "tables": 0, "links": 0}, {"totals": {"marks": 0, "visibleSeparators": 0}, "bad": {}}
    for path in site_pages:
        page.goto(site_server + path[: -len("index.html")], wait_until="load")
        problems, tables, links = reader_tree_problems(page, path)
        tree = {"found": tree["found"] + problems, "tables": tree["tables"] + tables, "links": tree["links"] + links}
        if path in cited:
            found = citation_marks(page)
            for key in marks["totals"]:
                marks["totals"][key] += found[key]
            if found["afterWords"] or found["repeated"]:
                marks["bad"][path] = found
        if found_csp := csp_problems(page):  # last: a late violation is caught too
            csp[path] = found_csp
    if found_csp := csp_problems_of_search(page):
        csp["search"] = found_csp
    return {"csp": csp, "tree": tree, "marks": marks}


@pytest.mark.slow
def test_every_page_at_a_computers_width(browser, site_server, site_pages):
    """One visit per page at 1280 px for the whole-site checks at that width, each reported apart:
    the content security policy (every page has one and breaks none of it, search included);
    what a screen reader is given (test_readers_path.py: no "¶" headings, no bare citation
    numbers, row headers everywhere); citation marks (test_citations_phone_print.py: no separator
    after words, no repeated mark in a block). Three sweeps loaded every page three times."""
    cited = {p for p, html in site_pages.items() if "footnote-ref" in html}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        found = sweep_at_1280(page, site_server, site_pages, cited)
    finally:
        context.close()
    tree, marks = found["tree"], found["marks"]
    failures = {"content security policy": [f"CSP violations: {found['csp']} {console[:5]}"] if found["csp"] or console else [],
                "screen reader (test_readers_path.py)": reader_tree_failures(tree["found"], tree["tables"], tree["links"], 1280),
                "citation marks (test_citations_phone_print.py)": citation_failures(sorted(cited), marks["totals"], marks["bad"])}
    assert not any(failures.values()), "\n".join(f"{check}: {message}" for check, messages in failures.items() for message in messages)


# Tables on a 360 px phone (no page wider than the screen, every table in its scroll box): with
# the wide tables' note and focus, test_citations_phone_print.py's
# test_tables_on_a_phone_scroll_inside_the_page_and_say_so (one visit per page with a table).
