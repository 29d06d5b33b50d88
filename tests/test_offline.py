"""The offline copy, as a reader uses it: unzipped into a folder and opened from file://
(the offline_copy fixture in conftest.py builds it once per run)."""
from __future__ import annotations

from conftest import VERSION


def test_offline_zip_is_small(offline_copy):
    assert offline_copy["zip"].stat().st_size <= 5_000_000


def test_offline_search_works_from_file_and_makes_no_network_request(browser, offline_copy):
    context = browser.new_context()
    page = context.new_page()
    requests, failed = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append((r.failure, r.url)))
    page.on("console", lambda m: failed.append(("console", m.text[:160])) if m.type == "error" else None)
    try:
        page.goto(offline_copy["index"].as_uri(), wait_until="load")
        page.keyboard.press("/")
        page.keyboard.type("natalizumab")
        page.locator(".md-search-result__item").first.wait_for(timeout=20000)
        link = page.locator('.md-search-result__link[href*="medicines/natalizumab.html"]').first
        link.click()
        page.wait_for_url("**/medicines/natalizumab.html*")
        assert "Natalizumab" in page.title()
        # Tooltips and citations work offline too.
        page.locator("article abbr[title]").first.hover()
        page.wait_for_timeout(600)
        assert page.evaluate("""() => [...document.querySelectorAll('.md-tooltip2, .md-tooltip')]
            .some(t => getComputedStyle(t).visibility !== 'hidden' && t.textContent.trim())"""), \
            "hovering a glossary term offline shows no tooltip"
        assert page.locator("article sup[id^='fnref']").count() > 0
        assert f"version {VERSION}" in page.content(), "the offline page does not show its version"
        # Dark mode switches offline.
        schemes = {page.evaluate("document.body.getAttribute('data-md-color-scheme')")}
        for _ in range(2):
            page.locator("form[data-md-component='palette'] label:visible").first.click()
            schemes.add(page.evaluate("document.body.getAttribute('data-md-color-scheme')"))
        assert {"default", "slate"} <= schemes, schemes
    finally:
        context.close()
    outside = [u for u in requests if not u.startswith("file://")]
    assert outside == [], f"the offline copy made network requests: {outside[:5]}"
    assert len(requests) > 5
    assert not failed, f"requests that failed, or errors in the console, offline: {failed[:5]}"


def test_offline_pages_show_their_pictures_from_file(browser, offline_copy):
    """The diagrams and icon arrays are inline SVG: they show from a folder with no request."""
    folder = offline_copy["index"].parent
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = context.new_page()
    foreign = []
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith("file:") else None)
    try:
        for name, least in (("patients/what-is-pml.html", 3), ("patients/diagnosis.html", 3), ("medicines/natalizumab.html", 1)):
            page.goto((folder / name).as_uri(), wait_until="load")
            pictures = page.locator('svg[role="img"]')
            assert pictures.count() >= least, name
            for i in range(pictures.count()):
                box = pictures.nth(i).bounding_box()
                assert box and box["width"] > 100 and box["height"] > 20, f"{name}: picture {i} is not shown"
    finally:
        context.close()
    assert foreign == []
