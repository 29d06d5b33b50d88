"""Reader experience in a real browser: citation marks that help instead of clutter, pages that
work on a 360 px phone and from the keyboard, and the card and question lists on paper.

The browser measurements live in tests/reader_js/*.js so the same code that measured the site
before these changes (338 separators after words, 226 repeated marks) measures it now."""
from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest

from pmlrender import reference_lists as rl

JS = Path(__file__).parent / "reader_js"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def url(path: str) -> str:
    return path[: -len("index.html")]


# --- citations as plain functions ----------------------------------------------------------

def test_a_run_of_the_same_citation_shows_once_at_the_end_of_the_run():
    assert rl.collapse([[1], [1], [1, 2]]) == [[], [], [1, 2]]
    # a group loses only what the next group shows; marks in a group are put in order
    assert rl.collapse([[1], [2], [1]]) == [[1], [2], [1]]
    assert rl.collapse([[3, 2], [3]]) == [[2], [3]]
    # "A [1]. B [2]. C [1,2]": 2 covers B and C, then 1 runs on to C as well
    assert rl.collapse([[1], [2], [1, 2]]) == [[], [], [1, 2]]


def test_runs_never_reach_across_blocks_and_folded_marks_leave_a_comment():
    from test_checks import convert

    html, drawn = convert("A [^a]. B [^a]. C [^a] [^b].\n\nD [^a].\n\n[^a]: A\n[^b]: B\n", {"a": "A.", "b": "B."})
    first, second = html.split("</p>")[:2]
    assert first.count("footnote-ref") == 2 and second.count("footnote-ref") == 1  # never across blocks
    assert first.startswith("<p>A<!--pml-cite-folded:1-->. B<!--pml-cite-folded:2-->. C<sup")
    assert drawn == {"fnref:a", "fnref:b", "fnref2:a", "pml-cite-folded:1", "pml-cite-folded:2"}


def test_separators_only_between_adjacent_marks_and_every_source_keeps_a_mark():
    from test_checks import convert

    html, _drawn = convert("One [^a]. Two [^a] [^b], three [^c].\n\n[^a]: A\n[^b]: B\n[^c]: C\n",
                           {"a": "A.", "b": "B.", "c": "C."})
    body = html.split('<div class="footnote"')[0]
    separator = '<sup aria-hidden="true" class="pml-cite-sep" data-search-exclude="true">,</sup>'
    assert body.count(separator) == 1
    assert re.search(r"</sup>" + re.escape(separator) + r'<sup data-search-exclude="true" id="fnref:b">', body)
    assert "three" + separator not in body and "three<sup" in body  # a mark sits against its word
    for key in "abc":  # the backlink of every reference still has a mark to return to
        assert f'id="fnref:{key}"' in body and f'href="#fnref:{key}"' in html
    assert body.count("footnote-ref") == 3  # "One [a]" was folded into "Two [a,b]"


# --- citations in the browser ---------------------------------------------------------------

# Every page with citation marks is measured at 1280 px by test_browser.py's
# test_every_page_at_a_computers_width (one visit per page for the whole-site checks at that width),
# with these two functions.

def citation_marks(page) -> dict:
    """The open page's citation marks as a reader sees them (reader_js/measure_citations.js):
    {marks, visibleSeparators, afterWords, repeated}."""
    return page.evaluate((JS / "measure_citations.js").read_text())


def citation_failures(cited: list[str], totals: dict, bad: dict) -> list[str]:
    """The verdict on every cited page, one message a failure: too few pages or marks to prove
    anything; separators after words or a mark repeated in its block."""
    failures = [] if len(cited) >= 15 else ["fewer pages with citations than expected: the measurement would prove nothing"]
    if not (totals["marks"] > 300 and totals["visibleSeparators"] > 20):
        failures.append(f"too few marks or visible separators seen: {totals}")  # the marks were really seen
    return failures + ([f"separators after words or repeated marks: {bad}"] if bad else [])


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


# --- paper: the card and the question lists -----------------------------------------------

CARD = "medicines/warning-signs-card/"
QUESTIONS = "patients/questions-to-ask/"
MARGINS = {"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"}


def _pdf_text_and_sizes(data: bytes):
    """The PDF's pages, its text, and how many characters are set at each size (points)."""
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(data))
    sizes: dict[float, int] = {}
    texts = []
    for pdf_page in reader.pages:
        def visit(text, cm, tm, _font, size):
            if text.strip():
                scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
                key = round(size * scale, 1)
                sizes[key] = sizes.get(key, 0) + len(text.strip())
        texts.append(pdf_page.extract_text(visitor_text=visit))
    return len(reader.pages), "\n".join(texts), sizes


@pytest.fixture
def print_page(browser, site_server):
    context = browser.new_context()
    # Record print requests instead of opening the print dialog.
    context.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("path", [CARD, QUESTIONS])
def test_print_button_is_visible_and_prints_by_mouse_and_keyboard(print_page, site_server, path):
    page = print_page
    page.goto(site_server + path, wait_until="networkidle")
    button = page.locator("article .pml-print-button")
    assert button.count() == 1 and button.is_visible(), "no visible Print button"
    assert button.bounding_box()["y"] < 700, "the Print button is not near the top of the page"
    button.click()
    button.focus()
    page.keyboard.press("Enter")
    page.keyboard.press(" ")
    assert page.evaluate("window.__printed") == 3


def test_pages_without_a_print_request_have_no_print_button(site_pages):
    with_button = sorted(p for p, html in site_pages.items() if "pml-print-button" in html)
    assert with_button == sorted([CARD + "index.html", QUESTIONS + "index.html"]) or \
        set(with_button) >= {CARD + "index.html", QUESTIONS + "index.html"}
    for path in with_button:
        assert 'data-pml-print="' in site_pages[path], f"{path}: a Print button but no print request"


def test_card_prints_on_one_sheet_at_11_to_12_pt_with_address_date_and_no_marks(print_page, site_server):
    import datetime as dt

    page = print_page
    page.goto(site_server + CARD, wait_until="networkidle")
    page.emulate_media(media="print")
    marks = page.evaluate("[...document.querySelectorAll('article sup[id^=\"fnref\"]')].length")
    shown = page.evaluate("[...document.querySelectorAll('article sup[id^=\"fnref\"], article .footnote')]"
                          ".filter(e => e.getClientRects().length).length")
    assert marks >= 3 and shown == 0, f"{shown} citation marks or reference lists print on the card"
    address = "https://pml-guide.github.io/pml-guide/" + CARD
    today = dt.date.today().strftime("%-d %B %Y")
    for size in ("A4", "Letter"):
        pages, text, sizes = _pdf_text_and_sizes(page.pdf(format=size, print_background=True, margin=MARGINS))
        assert pages == 1, f"the card prints on {pages} {size} pages"
        flat = " ".join(text.split())
        assert f"PML Guide · Sources: {address}" in flat, f"no 'Sources: <address>' line on the {size} card"
        assert f"Printed {today}" in flat and "Page last reviewed" in flat, "no date on the card"
        assert flat.count("https://") == 1, "an address printed twice"
        assert "Signs to watch for" in flat and "Call an ambulance" in flat
        total = sum(sizes.values())
        body = sum(n for s, n in sizes.items() if 10.9 <= s <= 12.1)
        assert body / total >= 0.7, f"{size}: only {body}/{total} characters at 11-12 pt: {sizes}"
        assert min(sizes) >= 8.9, f"{size}: text smaller than 9 pt: {sizes}"


def test_question_list_prints_as_a_checklist_without_references(print_page, site_server):
    page = print_page
    page.goto(site_server + QUESTIONS, wait_until="networkidle")
    page.emulate_media(media="print")
    boxes = page.evaluate("""() => [...document.querySelectorAll('article > ul > li, article > ol > li')]
        .filter(li => { const b = getComputedStyle(li, '::before');
                        return b.content !== 'none' && parseFloat(b.borderTopWidth) >= 1 && getComputedStyle(li).listStyleType === 'none'; })
        .length""")
    questions = page.evaluate("[...document.querySelectorAll('article > ul > li')].filter(li => li.textContent.trim().endsWith('?')).length")
    assert questions >= 25 and boxes >= questions, f"{boxes} tick boxes for {questions} questions"
    pages, text, _sizes = _pdf_text_and_sizes(page.pdf(format="A4", print_background=True, margin=MARGINS))
    flat = " ".join(text.split())
    assert "doi" not in flat.lower() and "PubMed" not in flat and "References" not in flat, "the reference list printed"
    urls = re.findall(r"https?://\S+", flat)
    assert len(urls) == len(set(urls)), f"a link address printed twice: {urls}"
    assert pages <= 5, f"the question list prints on {pages} A4 pages (7 before, 3 of them references)"


# --- phones and keyboard --------------------------------------------------------------------

def table_problems(page, path: str, measure: str) -> tuple[list, int]:
    """The open page's tables at a phone's width: (problems, tables). Problems: the page wider
    than the screen; a table outside a scroll box; a table still wider than the screen that does
    not scroll, say so or take focus (reader_js/wide_tables.js)."""
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 362:
        problems.append((path, "page wider than a 360 px phone", width))
    unwrapped = page.evaluate("[...document.querySelectorAll('article table')]"
                              ".filter(t => !t.closest('.md-typeset__scrollwrap')).length")
    if unwrapped:
        problems.append((path, "tables not inside a scroll box", unwrapped))
    problems += [(path, "cut off without a way to scroll, a note or keyboard focus", found) for found in page.evaluate(measure)
                 if not (found["scrolls"] and found["sign"] and found["focusable"])]
    return problems, page.locator("article table").count()


def test_tables_on_a_phone_scroll_inside_the_page_and_say_so(browser, site_server, site_pages):
    """At a phone's width no page scrolls sideways and every table is in its own scroll box.
    Before: 5 tables on 4 pages did not fit a 360 px screen and nothing said so. Since issue 24
    tables of three or more columns are cards on a phone (test_readers_path.py) and none is cut
    off; a table that still is wider than the screen must scroll, say so and take focus. (Two
    tests visited these pages apart, one without has_touch.)"""
    measure = (JS / "wide_tables.js").read_text()
    with_tables = [p for p, html in site_pages.items() if "<table" in html]
    context = browser.new_context(**PHONE)
    page = context.new_page()
    problems, tables = [], 0
    try:
        for path in with_tables:
            page.goto(site_server + url(path), wait_until="load")
            page.wait_for_timeout(100)
            found, count = table_problems(page, path, measure)
            problems, tables = problems + found, tables + count
    finally:
        context.close()
    assert len(with_tables) >= 5 and tables >= 10, f"only {tables} tables on {len(with_tables)} pages: the test would prove nothing"
    assert not problems, f"tables on a 360 px phone: {problems}"


# Every layout shift on a page, from the start of loading (buffered), with what moved.
LAYOUT_SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__shifts.push(
  [e.value, (e.sources || []).map(s => s.node ? (s.node.className || s.node.nodeName) : '').join(', ')]); })
  .observe({type: 'layout-shift', buffered: true});"""


# A slow phone may draw a page before it has read all of it (the parser stops for time, or for
# the network), then move what it drew. The test makes that happen every time instead of now and
# then: a script that takes 0.15 s to arrive stops the reading just before the header's search
# button and again after the first table row of the article.
# Two addresses: a page asks once for a script it names twice.
PAUSE = '<script src="/__pause__.js?{}"></script>'
SEARCH_BUTTON = '<label class="md-header__button md-icon" for="__search">'


def _read_with_pauses(html: str) -> str:
    html = html.replace(SEARCH_BUTTON, PAUSE.format("header") + SEARCH_BUTTON, 1)
    return re.sub(r"(<article.*?</tr>)", lambda m: m.group(1) + PAUSE.format("table"), html, count=1, flags=re.S)


def _pausing(context) -> list:
    """Pauses the reading of every page the context opens; returns the list of pauses made."""
    import time

    made: list = []

    def pause(route):
        made.append((route.request.headers.get("referer", ""), route.request.url.rsplit("?", 1)[-1]))
        time.sleep(0.15)
        route.fulfill(body="", content_type="text/javascript")

    def page(route):
        response = route.fetch()
        route.fulfill(response=response, body=_read_with_pauses(response.text()))

    context.route(re.compile(r".*/__pause__\.js\?\w+$"), pause)
    context.route(re.compile(r".*/(index\.html)?$"), page)
    return made


def test_the_pauses_land_where_things_moved():
    """The pauses are put where they must be: the test below proves nothing if they are not."""
    html = '<header><form></form>' + SEARCH_BUTTON + '</header><article><table><tr><td>a</td></tr><tr><td>b</td></tr></table></article>'
    read = _read_with_pauses(html)
    assert read.index(PAUSE.format("header")) < read.index(SEARCH_BUTTON) < read.index(PAUSE.format("table")) < read.index("<tr><td>b")


def test_nothing_moves_while_a_page_loads_on_a_phone(browser, site_server):
    """Before: the theme's script showed the search button and the light/dark switch after the
    first paint, and the language menu jumped sideways on every page (Lighthouse: layout shift);
    the Print button pushed the card down when it appeared. Then, under load, the language menu
    moved when the page was drawn before the search button was read, and a table's columns
    widened as its rows came (overrides/main.html, rel=expect). Home, the pages Lighthouse measures
    (scripts/benchmark.py) and the two pages with a Print button, with the CPU slowed as a phone's
    and the reading paused where things moved."""
    context = browser.new_context(**PHONE)
    context.add_init_script(LAYOUT_SHIFTS)
    pauses = _pausing(context)
    page = context.new_page()
    moved, paths = {}, ["", "patients/what-is-pml/", "medicines/natalizumab/", "clinicians/management/", CARD, QUESTIONS]
    try:
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
        for path in paths:
            page.goto(site_server + path, wait_until="load")
            page.wait_for_timeout(500)
            if shifts := page.evaluate("window.__shifts"):
                moved[path or "/"] = shifts
    finally:
        context.close()
    # every page paused before its search button, the pages with a table in it as well: if not,
    # the markup _read_with_pauses looks for has changed and the test proves nothing
    headers = {page.removeprefix(site_server) for page, where in pauses if where == "header"}
    assert headers == set(paths) and sum(where == "table" for _page, where in pauses) >= 3, pauses
    assert not moved, f"layout shifts while loading (value, what moved): {moved}"


def test_page_contents_are_one_tap_away_on_a_phone(browser, site_server):
    context = browser.new_context(**{**PHONE, "viewport": {"width": 390, "height": 844}})
    page = context.new_page()
    try:
        page.goto(site_server + "patients/what-is-pml/", wait_until="networkidle")
        sections = page.locator("article h2[id]").count()
        summary = page.locator("article .pml-page-contents > summary")
        assert summary.is_visible() and summary.bounding_box()["y"] < 844, "no page contents on the first screen"
        summary.tap()
        links = page.locator("article .pml-page-contents a")
        assert links.count() == sections and links.nth(1).is_visible(), "one tap does not show the page's sections"
        target = links.nth(1).get_attribute("href")
        links.nth(1).tap()
        page.wait_for_timeout(400)
        assert page.evaluate("location.hash") == target
    finally:
        context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(site_server + "patients/what-is-pml/", wait_until="load")
        assert not page.locator("article .pml-page-contents").is_visible(), "on wide screens Material's own list is enough"
    finally:
        context.close()


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 390])
def test_every_tab_stop_is_visible(browser, site_server, width):
    """Tab through whole pages: every element that takes focus must be where a sighted keyboard
    user can see it (not zero-sized, transparent, hidden or off screen)."""
    # Checked once the focus has been drawn (a frame); what is not visible then is looked at again
    # for up to 0.3 s (Material opens the search box on focus, a moment later) before it counts.
    check = f"""async () => {{
        const check = {(JS / "focus_visible.js").read_text()};
        await new Promise(drawn => requestAnimationFrame(() => drawn()));
        let found = check();
        for (let waited = 0; found && !found.visible && waited < 300; waited += 20) {{
            await new Promise(later => setTimeout(later, 20));
            found = check();
        }}
        return found;
    }}"""
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    page = context.new_page()
    invisible = []
    try:
        for path in ["", "patients/what-is-pml/", CARD]:
            page.goto(site_server + path, wait_until="networkidle")
            page.add_style_tag(content="*, *::before, *::after { transition: none !important; "
                                       "animation: none !important; scroll-behavior: auto !important; }")
            stops = []
            for _ in range(400):
                page.keyboard.press("Tab")
                found = page.evaluate(check)
                if found is None:
                    continue
                if stops and found["id"] == stops[0]:
                    break
                stops.append(found["id"])
                if not found["visible"]:
                    invisible.append((path or "/", found))
            assert len(stops) >= 20, f"{path}: only {len(stops)} tab stops found"
    finally:
        context.close()
    assert not invisible, f"invisible tab stops at {width} px: {invisible[:8]}"


def test_page_contents_box_only_where_it_helps(site_pages):
    assert "pml-page-contents" not in site_pages["index.html"], "the home page's first screen is for its routes"
    with_box = [p for p, html in site_pages.items() if 'class="pml-page-contents"' in html]
    assert len(with_box) >= 15, f"only {len(with_box)} pages list their sections under the title"


def test_edit_and_view_source_icons_are_not_shown_to_readers(site_pages):
    for path, html in site_pages.items():
        assert "md-content__button" not in html, f"{path}: edit/view icon beside the title"
    what = site_pages["patients/what-is-pml/index.html"]
    assert re.search(r'<a class="pml-edit-link" href="https://github\.com/[^"]+/edit/main/docs/patients/what-is-pml\.md">', what), \
        "contributors have no 'Edit this page' link at the end of the page"
