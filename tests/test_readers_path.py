"""The screen-reader and keyboard path, and pages short enough for a phone (issue 24).

The first half tests the build's functions (scripts/pmlrender/accessible.py) on small HTML; the
second half checks the built site in Chromium through its accessibility tree (what a screen
reader is given), not only axe: the skip link lands on the title, heading navigation reaches the
urgent-help boxes in order, no heading is named with "¶", every data table has row headers,
citation links are named "Reference n", reference lists are one closed "Sources (n)" control on
screen and open on paper, wide tables are cards on a phone, and no patient or medicines page is
longer than 12 phone screens before its references.
"""
from __future__ import annotations

import re

import pytest

from pmlrender import accessible

TABLE = ("<table>\n<thead>\n<tr>\n<th>Group</th>\n<th>Risk &amp; size</th>\n<th>Source</th>\n</tr>\n</thead>\n"
         "<tbody>\n<tr>\n<td>No <abbr title=\"x\">JC</abbr> antibodies</td>\n<td>0.07 in 1,000</td>\n"
         "<td>Published 2017<sup id=\"fnref:a\"><a class=\"footnote-ref\" href=\"#fn:a\">7</a></sup></td>\n</tr>\n"
         "<tr>\n<td colspan=\"2\">Wide</td>\n<td>Last</td>\n</tr>\n</tbody>\n</table>")


def test_every_body_row_gets_a_row_header_and_each_cell_its_column_label():
    out = accessible.tables(TABLE)
    assert '<th scope="row" data-label="Group">No <abbr title="x">JC</abbr> antibodies</th>' in out
    assert '<td data-label="Risk &amp; size">0.07 in 1,000</td>' in out
    assert '<td data-label="Source">Published 2017<sup' in out
    assert '<th scope="row" colspan="2" data-label="Group">Wide</th>\n<td data-label="Source">Last</td>' in out
    assert out.startswith("<table data-pml-cards>"), "three columns or more: cards on a phone"
    assert "<th>Group</th>" in out, "the header row is left as it is"
    assert accessible.tables(out) == out, "running twice changes nothing"


def test_narrow_tables_and_tables_without_a_header_row():
    two = TABLE.replace("<th>Source</th>\n", "")
    assert not accessible.tables(two).startswith("<table data-pml-cards"), "two columns fit a phone"
    bare = "<table><tbody><tr><td>A</td><td>B</td></tr></tbody></table>"
    assert accessible.tables(bare) == '<table><tbody><tr><th scope="row">A</th><td>B</td></tr></tbody></table>'
    assert accessible.tables("<p>No table</p>") == "<p>No table</p>"


HEADING = ('<h2 id="what-now">Tested positive for <abbr title="John Cunningham">JC</abbr> virus: what now?'
           '<a class="headerlink" href="#what-now" title="Link to this section">&para;</a></h2>')


def test_headings_are_named_by_their_words_and_the_permalink_stays_named():
    out = accessible.heading_names(HEADING)
    assert out.startswith('<h2 id="what-now" aria-label="Tested positive for JC virus: what now?">')
    assert ('<a class="headerlink" href="#what-now" title="Link to this section" aria-label="Link to this section">'
            '&para;</a></h2>') in out
    assert accessible.heading_names(out) == out
    plain = '<h2 id="p">No permalink</h2>\n<p>Text</p>\n'
    assert accessible.heading_names(plain + HEADING) == plain + out, "a heading without a permalink is left alone"
    quote = HEADING.replace("what now?", "&quot;what now&quot;?")
    assert 'aria-label="Tested positive for JC virus: &quot;what now&quot;?"' in accessible.heading_names(quote)


BOX = ('<div class="admonition {cls}">\n<p class="admonition-title"><span class="pml-visually-hidden">Emergency: </span>'
       'Call now if:</p>\n<ul><li>a fit</li></ul></div>')


def test_urgent_boxes_become_labelled_regions_with_a_heading_below_the_one_they_stand_under():
    html = ("<h1>Title</h1>" + BOX.format(cls="danger pml-emergency") + BOX.format(cls="note")
            + '<h2 id="x">Section</h2>' + BOX.format(cls="warning pml-care-today"))
    out = accessible.urgent_headings(html)
    assert out.count('role="region"') == 2 and out.count('role="heading"') == 2
    assert ('<div class="admonition danger pml-emergency" role="region" aria-labelledby="pml-urgent-1">\n'
            '<p class="admonition-title" id="pml-urgent-1" role="heading" aria-level="2">') in out
    assert 'aria-labelledby="pml-urgent-2">\n<p class="admonition-title" id="pml-urgent-2" role="heading" aria-level="3">' in out
    assert '<div class="admonition note">\n<p class="admonition-title">' in out, "other boxes are left alone"


PAGE = ('<body><div data-md-component="skip">\n  <a href="#first-section" class="md-skip">\n  Skip to content\n  </a>\n'
        '</div><header>x</header><article class="md-content__inner"><h1>Symptoms</h1><div class="abstract">In short</div>'
        '<h2 id="first-section">First</h2></article></body>')


def test_the_skip_link_leads_to_the_pages_title():
    out = accessible.skip_to_title(PAGE)
    assert '<a href="#pml-page-title" class="md-skip">Skip to content</a>' in out
    assert '<h1 id="pml-page-title" tabindex="-1">Symptoms</h1>' in out
    own = accessible.skip_to_title(PAGE.replace("<h1>", '<h1 id="symptoms">'))
    assert '<a href="#symptoms" class="md-skip">' in own and '<h1 id="symptoms" tabindex="-1">' in own
    no_sections = PAGE.replace('\n  <a href="#first-section" class="md-skip">\n  Skip to content\n  </a>\n', "")
    assert '<a href="#pml-page-title" class="md-skip">Skip to content</a>' in accessible.skip_to_title(no_sections)
    assert accessible.skip_to_title("<p>no article</p>") == "<p>no article</p>"


# --- Download: the newest release's two files, with sizes only when the build is told them ------

def _context(tmp_path, version="2031.2"):
    import datetime as dt

    from pmlrender import generated

    from pmlsources import changedata

    release = changedata.Release(version=version, date=dt.date(2031, 2, 3), summary="s", changes=())
    return generated.Context(root=tmp_path, docs=tmp_path / "docs", page="reference/download.md",
                             extra={"releases": [release]})


def test_download_block_links_both_files_of_the_guides_version_with_their_sizes(tmp_path, monkeypatch):
    from pmlrender import download

    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "pml-guide-2031.2.pdf").write_bytes(b"x" * 4_250_000)
    (dist / "pml-guide-offline-2031.2.zip").write_bytes(b"x" * 640_000)
    (dist / "pml-guide-2030.1.pdf").write_bytes(b"x")  # another version: never linked
    monkeypatch.setenv(download.SOURCE, "dist")
    text = download.download_files(_context(tmp_path))
    assert "[Download pml-guide-2031.2.pdf]({repo_url}/releases/download/2031.2/pml-guide-2031.2.pdf) (PDF file, 4.2 MB)" in text
    assert ("[Download pml-guide-offline-2031.2.zip]({repo_url}/releases/download/2031.2/pml-guide-offline-2031.2.zip) "
            "(zip file, 640 KB)") in text
    assert "On a phone: the PDF" in text and "Unzip it, then open **index.html**" in text
    assert "2030.1" not in text and "dated 3 February 2031" in text


def test_download_sizes_come_from_a_published_release_or_are_not_given(tmp_path, monkeypatch):
    from pmlrender import download

    names = download.file_names("2031.2")
    listing = tmp_path / "release-files.json"
    listing.write_text('{"assets": [{"name": "pml-guide-2031.2.pdf", "size": 3100000}, {"name": "x.zip", "size": 9}]}')
    assert download.sizes(str(listing), names, tmp_path) == {"pml-guide-2031.2.pdf": 3100000}
    for bad in ("", "not json", "[]", '{"assets": [{"name": "pml-guide-2031.2.pdf", "size": "big"}]}'):
        listing.write_text(bad)
        assert download.sizes(str(listing), names, tmp_path) == {}, bad
    assert download.sizes(None, names, tmp_path) == {} and download.sizes("missing.json", names, tmp_path) == {}
    monkeypatch.delenv(download.SOURCE, raising=False)
    text = download.download_files(_context(tmp_path))
    assert text.count("its size is shown here once version 2031.2 is published") == 2
    assert " MB" not in text and " KB" not in text, "no size is made up"


def test_download_is_a_top_level_entry_linking_the_files_at_its_old_address(site_pages):
    from conftest import ROOT, VERSION

    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^  - Download: reference/download\.md$", nav, re.MULTILINE), "Download is not a top-level entry"
    html = site_pages["reference/download/index.html"]
    repo = re.search(r"^repo_url: (\S+)", nav, re.MULTILINE).group(1).rstrip("/")
    for name in (f"pml-guide-{VERSION}.pdf", f"pml-guide-offline-{VERSION}.zip"):
        assert f'href="{repo}/releases/download/{VERSION}/{name}"' in html, f"no link to {name}"
    assert re.search(r'class="md-tabs__link"[^>]*>\s*Download\s*<', site_pages["index.html"]), "no Download tab"


# --- In Chromium: the accessibility tree (what a screen reader is given) --------------------------

SIX = ["patients/symptoms/", "medicines/natalizumab/", "patients/diagnosis/", "patients/iris/", "patients/support/",
       "patients/"]
URGENT = ("Call an ambulance", "Contact your care team today")


def ax_tree(page) -> list[dict]:
    """The page's accessibility tree in document order: {role, name, level, focused, depth, ignored}."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    by_id = {n["nodeId"]: n for n in nodes}
    root = next(n for n in nodes if not n.get("parentId"))
    out, stack = [], [(root, 0)]
    while stack:
        node, depth = stack.pop()
        props = {p["name"]: p.get("value", {}).get("value") for p in node.get("properties", [])}
        out.append({"role": (node.get("role") or {}).get("value", ""), "name": (node.get("name") or {}).get("value", ""),
                    "level": props.get("level"), "focused": bool(props.get("focused")), "depth": depth,
                    "ignored": node.get("ignored", False), "id": node["nodeId"]})
        stack.extend((by_id[c], depth + 1) for c in reversed(node.get("childIds", [])) if c in by_id)
    return out


def shown(tree, role):
    return [n for n in tree if n["role"] == role and not n["ignored"]]


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("path", SIX)
def test_tab_then_enter_reaches_the_title_then_the_summary(request, site_server, path, screen):
    """Before: the skip link went to the first second-level heading, below the summary and the
    urgent help, on all six pages."""
    page = request.getfixturevalue(screen)
    page.goto(site_server + path, wait_until="load")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className").startswith("md-skip"), "the first Tab is not the skip link"
    page.keyboard.press("Enter")
    page.wait_for_timeout(150)
    focused = [n for n in ax_tree(page) if n["focused"] and n["role"] != "RootWebArea"]
    assert focused and focused[0]["role"] == "heading" and focused[0]["level"] == 1, f"{path}: skip link landed on {focused}"
    page.keyboard.press("Tab")
    where = page.evaluate("""() => { const a = document.activeElement, s = document.querySelector('article .admonition.abstract');
        return !!s && (s.contains(a) || !!(a.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING)); }""")
    assert where, f"{path}: the next Tab after the title passes the 'In short' summary"


@pytest.mark.parametrize("path", SIX)
def test_heading_navigation_reaches_every_urgent_box_in_order(desktop, site_server, path):
    page = desktop
    page.goto(site_server + path, wait_until="load")
    tree = ax_tree(page)
    headings = [n["name"] for n in shown(tree, "heading")]
    urgent = [h for h in headings if h.startswith(("Emergency:", "Urgent advice:"))]
    boxes = page.evaluate("[...document.querySelectorAll('article .pml-emergency, article .pml-care-today')]"
                          ".map(b => b.querySelector('.admonition-title').textContent.trim())")
    assert boxes, f"{path}: no urgent box to reach"
    assert urgent == boxes, f"{path}: headings {urgent} do not match the boxes {boxes}"
    regions = [n["name"] for n in shown(tree, "region")]
    assert [r for r in regions if r.startswith(("Emergency:", "Urgent advice:"))] == urgent, "boxes are not labelled regions"
    if path != "patients/support/":  # the support page has the emergency box only
        assert any(URGENT[0] in u for u in urgent) and any(URGENT[1] in u for u in urgent)


def _tables_without_row_headers(tree) -> list[str]:
    missing, table, rows = [], None, []
    for node in tree + [{"role": "table", "depth": -1, "name": "", "ignored": False}]:
        if table is not None and node["depth"] <= table["depth"]:
            body = [r for r in rows if "columnheader" not in r]
            if not body or any("rowheader" not in r for r in body):
                missing.append(table["name"] or "(unnamed table)")
            table, rows = None, []
        if node["role"] == "table" and not node["ignored"] and node["depth"] >= 0:
            table, rows = node, []
        elif table is not None and node["role"] == "row":
            rows.append(set())
        elif table is not None and rows and node["role"] in ("rowheader", "columnheader", "cell"):
            rows[-1].add(node["role"])
    return missing


def reader_tree_problems(page, path: str) -> tuple[list, int, int]:
    """What a screen reader is given on the open page: (problems, tables, links named "Reference n").
    Problems: headings named with "¶", citation links named by a bare number, table cells that run
    a citation number into their text, data tables without row headers."""
    tree = ax_tree(page)
    found = [(path, "heading", n["name"]) for n in shown(tree, "heading") if "¶" in n["name"]]
    links = shown(tree, "link")
    found += [(path, "bare link", n["name"]) for n in links if re.fullmatch(r"\s*\d{1,3}\s*", n["name"])]
    reference_links = sum(1 for n in links if re.fullmatch(r"Reference \d+", n["name"]))
    cells = shown(tree, "cell") + shown(tree, "rowheader")
    found += [(path, "run-in", n["name"][:80]) for n in cells if re.search(r"\S(?:Reference \d|\d+$)", n["name"])
              and re.search(r"\dReference|\d{5}", n["name"])]
    found += [(path, "table without row headers", t) for t in _tables_without_row_headers(tree)]
    return found, len(shown(tree, "table")), reference_links


def reader_tree_failures(found: list, tables: int, reference_links: int, width: int) -> list[str]:
    """The whole site's verdict at ``width`` px, one message a failure: too few tables or named
    citation links to prove anything, then the problems found (reader_tree_problems)."""
    failures = [] if tables >= 10 and reference_links >= 500 else [f"only {tables} tables, {reference_links} named citation links"]
    return failures + ([f"at {width} px: {found[:10]}"] if found else [])


@pytest.mark.slow  # every page: scheduled first so that it does not end the run on one worker
def test_no_pilcrow_headings_no_bare_citation_numbers_and_row_headers_everywhere_on_a_phone(browser, site_server, site_pages):
    """Before (1280 px): 9 to 25 headings a page ended in "¶", no table had row headers, about 100
    citation links on the natalizumab page were named "1", "2", ..., and risk-table cells read
    "Published 20177". At 1280 px: test_browser.py's test_every_page_at_a_computers_width, one
    visit per page for this and the other whole-site checks at that width."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    found, tables, reference_links = [], 0, 0
    try:
        for path in site_pages:
            page.goto(site_server + path[: -len("index.html")], wait_until="load")
            problems, n_tables, n_links = reader_tree_problems(page, path)
            found, tables, reference_links = found + problems, tables + n_tables, reference_links + n_links
    finally:
        context.close()
    failures = reader_tree_failures(found, tables, reference_links, 390)
    assert not failures, "\n".join(failures)


# --- Shorter pages on a phone, nothing removed ------------------------------------------------------

def test_sources_are_one_closed_control_that_opens_in_place_and_always_prints(phone, site_server):
    page = phone
    page.goto(site_server + "patients/symptoms/", wait_until="load")
    sources = page.locator("article details.pml-sources")
    assert sources.count() == 1
    items = sources.locator("li")
    assert sources.locator("summary").inner_text().strip() == f"Sources ({items.count()})" and items.count() >= 5
    assert not sources.evaluate("d => d.open") and not items.first.is_visible(), "the list is open on screen"
    summary = sources.locator("summary")
    summary.scroll_into_view_if_needed()
    before = summary.bounding_box()["y"]
    summary.focus()
    page.keyboard.press("Enter")
    assert sources.evaluate("d => d.open") and items.first.is_visible(), "Enter does not open the list"
    assert abs(summary.bounding_box()["y"] - before) < 2, "the list does not open in place"
    page.keyboard.press("Enter")
    assert not items.first.is_visible()
    page.emulate_media(media="print")
    try:
        assert items.first.is_visible() and items.last.is_visible(), "a closed list does not print"
    finally:
        page.emulate_media(media="screen")


def test_a_citation_link_opens_the_sources_at_its_reference(desktop, site_server):
    page = desktop
    page.goto(site_server + "patients/symptoms/", wait_until="load")
    mark = page.locator("article a.footnote-ref").first
    target = mark.get_attribute("href")
    mark.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("document.querySelector('details.pml-sources').open")
    assert page.locator(f"[id='{target[1:]}']").is_visible() and page.locator(f"[id='{target[1:]}']").is_visible()


def test_wide_tables_are_labelled_cards_on_a_phone_and_tables_on_a_computer(phone, desktop, site_server, site_pages):
    """Before: a 2,885 px tall table on other-medicines scrolled sideways with its source column cut off."""
    paths = [p[: -len("index.html")] for p, html in site_pages.items() if "<table data-pml-cards" in html]
    assert len(paths) >= 4, paths
    read = """() => [...document.querySelectorAll('article table[data-pml-cards]')].map(t => ({
        display: getComputedStyle(t).display, scrolls: t.closest('.md-typeset__scrollwrap').scrollWidth > t.closest('.md-typeset__scrollwrap').clientWidth + 1,
        wider: t.getBoundingClientRect().right > innerWidth,
        unlabelled: [...t.querySelectorAll('tbody td')].filter(td => !td.dataset.label ||
            !getComputedStyle(td, '::before').content.includes(td.dataset.label)).length}))"""
    bad = []
    for path in paths:
        phone.goto(site_server + path, wait_until="load")
        bad += [(path, t) for t in phone.evaluate(read) if t["display"] != "block" or t["scrolls"] or t["wider"] or t["unlabelled"]]
        desktop.goto(site_server + path, wait_until="load")
        bad += [(path, "desktop", t["display"]) for t in desktop.evaluate(read) if t["display"] == "block"]
    assert not bad, f"tables not stacked into labelled cards at 390 px (or not tables at 1280 px): {bad[:6]}"


def _reader_pages() -> list:
    from conftest import ROOT

    out = []
    for folder in ("patients", "medicines", "es/patients", "es/medicines"):  # the Spanish edition too
        for md in sorted((ROOT / "docs" / folder).glob("*.md")):
            path = f"{folder}/" if md.stem == "index" else f"{folder}/{md.stem}/"
            out.append(pytest.param(path, id=path))
    return out


SCREEN = 844


@pytest.mark.parametrize("path", _reader_pages())
def test_no_reader_page_is_longer_than_12_phone_screens_before_its_references(phone, site_server, path):
    """Screens at 390x844 from the top of the article to its reference list (or its end). Before
    (26c7bba): natalizumab 18.1, other-medicines 15.4, every other patient and medicines page 2.7 to 9.2."""
    phone.goto(site_server + path, wait_until="load")
    screens = phone.evaluate("""async () => { await new Promise(drawn => requestAnimationFrame(() => drawn()));
        const a = document.querySelector('article'), r = a.querySelector('#references');
        const top = a.getBoundingClientRect().top, end = r ? r.getBoundingClientRect().top : a.getBoundingClientRect().bottom;
        return (end - top) / %d; }""" % SCREEN)
    print(f"{path}: {screens:.1f} screens")
    assert screens <= 12, f"{path} is {screens:.1f} phone screens before its references"


@pytest.mark.parametrize("width", [1280, 390])
def test_every_tab_stop_in_the_header_has_the_box_a_reader_sees(browser, site_server, width):
    """Before: the colour-scheme switch ("Switch to light mode") took focus as a radio button of
    0 x 0 px; a magnifier or a focus check found nothing where focus was."""
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)  # the style below
    page = context.new_page()
    stops = []
    try:
        page.goto(site_server + "patients/symptoms/", wait_until="networkidle")
        # Material's header moves with transitions: without them, each box is where it ends up
        # once the focus is drawn (a frame), as the reader sees it when the movement is over.
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
        for key in ["Tab"] * 5 + ["Shift+Tab"] * 4:
            page.keyboard.press(key)
            stops.append(page.evaluate("""async () => { await new Promise(drawn => requestAnimationFrame(() => drawn()));
                const e = document.activeElement, r = e.getBoundingClientRect();
                return {name: e.getAttribute('aria-label') || e.textContent.trim().slice(0, 30), w: r.width, h: r.height,
                        inside: r.bottom > 0 && r.right > 0 && r.left < innerWidth && r.top < innerHeight}; }"""))
    finally:
        context.close()
    assert any(s["name"] == "Switch to light mode" for s in stops), f"the colour-scheme switch was not reached: {stops}"
    empty = [s for s in stops if s["w"] < 8 or s["h"] < 8 or not s["inside"]]
    assert not empty, f"tab stops with no box on screen at {width} px: {empty}"
