"""Reader experience in a real browser: citation marks that help instead of clutter, pages that
work on a 360 px phone and from the keyboard, and the card and question lists on paper.

The browser measurements live in tests/reader_js/*.js so the same code that measured the site
before these changes (338 separators after words, 226 repeated marks) measures it now."""
from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest

from pmlcheck import reference_lists as rl

JS = Path(__file__).parent / "reader_js"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def url(path: str) -> str:
    return path[: -len("index.html")]


# --- citations as plain functions ----------------------------------------------------------

def test_a_run_of_the_same_citation_shows_once_at_the_end_of_the_run():
    html = "<p>A pmlcite1x. B pmlcite1x. C pmlcite1xpmlcite2x.</p>\n<p>D pmlcite1x.</p>"
    out = rl.collapse_runs(html)
    assert out == "<p>A. B. C pmlcite1xpmlcite2x.</p>\n<p>D pmlcite1x.</p>"  # never across blocks


def test_a_citation_that_does_not_continue_is_kept():
    assert rl.collapse_runs("<li>A pmlcite1x. B pmlcite2x. C pmlcite1x.</li>") == \
        "<li>A pmlcite1x. B pmlcite2x. C pmlcite1x.</li>"
    # a group loses only what the next group shows; marks in a group are put in order
    assert rl.collapse_runs("<td>A pmlcite3xpmlcite2x. B pmlcite3x.</td>") == "<td>A pmlcite2x. B pmlcite3x.</td>"
    # "A [1]. B [2]. C [1,2]": 2 covers B and C, then 1 runs on to C as well
    assert rl.collapse_runs("<p>A pmlcite1x. B pmlcite2x. C pmlcite1xpmlcite2x.</p>") == \
        "<p>A. B. C pmlcite1xpmlcite2x.</p>"


def test_separators_only_between_adjacent_marks_and_every_source_keeps_a_mark():
    order = ["a", "b", "c"]
    html = rl.fill_citations("<p>One pmlcite1x. Two pmlcite1xpmlcite2x, three pmlcite3x.</p>\n<p>"
                             f"{rl.LIST_MARK}</p>", order, {"a": "A.", "b": "B.", "c": "C."})
    body = html.split('<div class="footnote"')[0]
    assert body.count(rl.SEPARATOR) == 1
    assert re.search(r"</sup>" + re.escape(rl.SEPARATOR) + r'<sup id="fnref:b">', body)
    assert "three " + rl.SEPARATOR not in body and "three <sup" in body
    for key in order:  # the backlink of every reference still has a mark to return to
        assert f'<sup id="fnref:{key}">' in body and f'href="#fnref:{key}"' in html
    assert body.count("footnote-ref") == 3  # "One [a]" was folded into "Two [a,b]"
    assert "pml-cite-sep" not in rl.without_marks(body) and "footnote-ref" not in rl.without_marks(body)


# --- citations in the browser ---------------------------------------------------------------

@pytest.fixture(scope="module")
def cited_pages(site_pages):
    pages = [p for p, html in site_pages.items() if "footnote-ref" in html]
    assert len(pages) >= 15, "fewer pages with citations than expected: the measurement would prove nothing"
    return pages


def test_no_separator_after_words_and_no_repeated_mark_in_a_block(browser, site_server, cited_pages):
    measure = (JS / "measure_citations.js").read_text()
    context = browser.new_context()
    page = context.new_page()
    totals, bad = {"marks": 0, "visibleSeparators": 0}, {}
    try:
        for path in cited_pages:
            page.goto(site_server + url(path), wait_until="load")
            found = page.evaluate(measure)
            totals["marks"] += found["marks"]
            totals["visibleSeparators"] += found["visibleSeparators"]
            if found["afterWords"] or found["repeated"]:
                bad[path] = found
    finally:
        context.close()
    assert totals["marks"] > 300 and totals["visibleSeparators"] > 20, totals  # the marks were really seen
    assert not bad, f"separators after words or repeated marks: {bad}"


def _tooltip_text(page) -> str:
    return page.evaluate("""() => [...document.querySelectorAll('.md-tooltip2--active')]
        .map(t => t.textContent.trim()).join(' ')""")


def test_tapping_a_citation_shows_the_reference_in_place(browser, site_server):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(site_server + "patients/what-is-pml/", wait_until="networkidle")
        mark = page.locator("article sup[id^='fnref'] a.footnote-ref").nth(3)
        mark.scroll_into_view_if_needed()
        target = mark.get_attribute("href")
        before = page.evaluate("scrollY")
        mark.tap()
        page.wait_for_timeout(600)
        assert page.evaluate("location.hash") == "" and page.evaluate("scrollY") == before, "the tap jumped away"
        reference = page.evaluate(f"document.getElementById({target[1:]!r}).textContent.trim().slice(0, 30)")
        assert reference and reference in _tooltip_text(page), "the tap showed no reference"
        page.locator("h1").tap()
        page.wait_for_timeout(600)
        assert _tooltip_text(page) == "", "a tap elsewhere does not close the reference"
    finally:
        context.close()


def test_focusing_a_citation_shows_the_reference(browser, site_server):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_server + "patients/what-is-pml/", wait_until="networkidle")
        for _ in range(300):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('footnote-ref')"):
                break
        else:
            pytest.fail("Tab never reached a citation mark")
        page.wait_for_timeout(600)
        assert _tooltip_text(page), "a focused citation shows no reference"
    finally:
        context.close()
