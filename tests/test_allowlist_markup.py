"""What the HTML allow-list lets through that Markdown and the figures really write (issue 26,
item 5): a list that starts at 3, an aligned table column, and the one SVG list.

- `<ol start>` and `align` pass the allow-list with exactly the values Python-Markdown writes
  (a whole number from 1; left, right, center) and nothing else;
- every configuration writes aligned columns as `align=` (tables' use_align_attribute), never
  as the style attribute the security policy blocks;
- a page built with both shows them, and Chromium draws the column aligned, on a phone and on a
  desktop screen;
- the figures and icon arrays the build draws pass the allow-list, and the one SVG list
  (scripts/pmlsources/markup.py) names nothing they, the favicon and the theme's icons do not use.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import markdown
import pytest

from conftest import ROOT, mkdocs_build
from test_bad_input import append

CONFIGS = ["mkdocs.yml", "mkdocs.offline.yml", "mkdocs.print.yml", "mkdocs.print.es.yml"]
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 800}


def _findings(fragment: str) -> list:
    from pmlcheck import html_allowlist

    return html_allowlist.check_html(f"<article>{fragment}</article>", html_allowlist.Policy(script_files=set()))


# --- the values ------------------------------------------------------------------------------

@pytest.mark.parametrize("fragment", [
    '<ol start="3"><li>x</li></ol>', '<ol start="1"><li>x</li></ol>', '<ol start="120"><li>x</li></ol>',
    '<table><tr><th align="left">a</th><td align="right">1</td><td align="center">b</td></tr></table>',
    '<table><tr><td colspan="2">a</td></tr></table>', '<ol type="a"><li>x</li></ol>',
])
def test_allow_list_accepts_the_values_markdown_writes(fragment):
    assert _findings(fragment) == []


@pytest.mark.parametrize("fragment", [
    '<ol start="0"><li>x</li></ol>', '<ol start="-3"><li>x</li></ol>', '<ol start="3x"><li>x</li></ol>',
    '<ol start=""><li>x</li></ol>', '<ol start=" 3"><li>x</li></ol>', '<ol start="99999999"><li>x</li></ol>',
    '<table><tr><td align="justify">a</td></tr></table>', '<table><tr><td align="RIGHT">a</td></tr></table>',
    '<table><tr><th align="right ">a</th></tr></table>', '<table><tr><td align="char">a</td></tr></table>',
    '<table><tr><td colspan="0">a</td></tr></table>', '<ol type="disc"><li>x</li></ol>',
    '<table><tr><td style="text-align: right">a</td></tr></table>',
])
def test_allow_list_refuses_other_values_with_the_fix(fragment):
    found = _findings(fragment)
    assert len(found) == 1 and found[0].line == 1 and found[0].fix, found
    assert "must be" in found[0].message or "style attribute" in found[0].message


def _markdown_config(config_file: str):
    from mkdocs.config import load_config

    return load_config(config_file=str(ROOT / config_file))


@pytest.mark.parametrize("config_file", CONFIGS)
def test_every_configuration_writes_list_starts_and_aligned_columns(config_file):
    """The offline copy and the print editions INHERIT the main configuration's extensions:
    each must still write align=, which the policy allows, not style=, which it blocks, and keep
    a list's first number (sane_lists; Python-Markdown alone starts every list at 1)."""
    config = _markdown_config(config_file)
    assert (config.mdx_configs.get("tables") or {}).get("use_align_attribute") is True
    assert "sane_lists" in config.markdown_extensions


def test_markdown_writes_only_values_the_allow_list_accepts():
    """Python-Markdown with the site's extensions: a list from 3 and all three alignments."""
    config = _markdown_config("mkdocs.yml")
    html = markdown.markdown("3. first\n4. second\n\n| a | b | c |\n|:--|:-:|--:|\n| x | y | 12 |\n",
                             extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    assert '<ol start="3">' in html and "style=" not in html
    assert set(re.findall(r'align="([^"]*)"', html)) == {"left", "center", "right"}
    assert _findings(html) == []


# --- a built page, in the browser ------------------------------------------------------------

PAGE = "docs/about/funding.md"
ADDED = ("\n## Steps and counts\n\n3. first\n4. second\n\n"
         "| Kind | Pages |\n|:-----|------:|\n| Reader pages | twelve |\n| About pages | nine |\n\n"
         "| Kind | Where | Pages |\n|:-----|:-----:|------:|\n| Reader pages | patients | twelve |\n")


@pytest.fixture(scope="module")
def aligned_site(tmp_path_factory):
    from pmlsources.pages import copy_site_sources

    project = copy_site_sources(tmp_path_factory.mktemp("aligned") / "project")
    append(project / PAGE, ADDED)
    site = project.parent / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return site


def test_a_list_from_3_and_an_aligned_column_build_and_pass_the_allow_list(aligned_site):
    html = (aligned_site / "about" / "funding" / "index.html").read_text(encoding="utf-8")
    assert '<ol start="3">' in html
    assert re.search(r'<th align="right"[^>]*>Pages</th>', html)
    assert re.search(r'<td align="right"[^>]*>twelve</td>', html) and '<th align="center"' in html
    assert 'style="text-align' not in html


CELL_SCRIPT = """([table, row]) => {
  const cell = document.querySelectorAll('article table')[table].querySelectorAll('tbody tr')[0].children[row];
  const range = document.createRange();
  range.selectNodeContents(cell);
  const text = range.getBoundingClientRect(), box = cell.getBoundingClientRect(), style = getComputedStyle(cell);
  const pad = [parseFloat(style.paddingLeft), parseFloat(style.paddingRight)];
  return {align: style.textAlign, left: text.left - box.left - pad[0], right: box.right - pad[1] - text.right,
          width: box.width - pad[0] - pad[1] - text.width};
}"""


def _aligned(page, table: int, column: int, how: str) -> None:
    """The first body cell of ``column`` draws its words ``how`` (left, center, right) in its box."""
    cell = page.evaluate(CELL_SCRIPT, [table, column])
    assert how == "left" or cell["width"] > 10, f"the cell is no wider than its words, so alignment shows nothing: {cell}"
    assert cell["align"].removeprefix("-webkit-") in {"left": ("left", "start"), "center": ("center",),
                                                       "right": ("right",)}[how], cell
    gap = {"left": cell["left"], "right": cell["right"], "center": cell["left"] - cell["right"]}[how]
    assert abs(gap) < 2, (how, cell)


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_chromium_draws_the_column_aligned(aligned_site, browser, size):
    """A right-aligned column's words end at their cells' right edge, on a phone as on a desktop
    screen (Material's CSS leaves align= alone). On a phone a table of three columns or more is
    drawn as cards (pml-guide.css), where there is no column to line up: every line of a card,
    an aligned one too, starts at its left."""
    page = browser.new_page(viewport=size)
    try:
        page.goto((aligned_site / "about" / "funding" / "index.html").as_uri(), timeout=30_000)
        _aligned(page, 0, 0, "left")
        _aligned(page, 0, 1, "right")
        cards = page.evaluate("getComputedStyle(document.querySelectorAll('article table')[1]).display") == "block"
        assert cards == (size is PHONE)
        if cards:
            for column in (1, 2):
                cell = page.evaluate(CELL_SCRIPT, [1, column])
                assert cell["align"] == "start" and cell["right"] > 10, cell
        else:
            _aligned(page, 1, 1, "center")
            _aligned(page, 1, 2, "right")
    finally:
        page.close()


# --- the one SVG list ------------------------------------------------------------------------

def _figure_pages() -> list[tuple[str, str]]:
    """Every figure the build can write, in every language it has words for, as page HTML."""
    from pmlrender import figures, wording

    docs = ROOT / "docs"
    found, problems = figures.load(docs)
    assert found and not problems, problems
    out = []
    for ident, fig in found.items():
        for lang in (wording.DEFAULT, *fig.words):
            svg = figures.svg_path(docs, ident, lang)
            out.append((f"{ident}.{lang}", figures.figure_html(fig.in_language(lang), svg.read_text(encoding="utf-8"), lang)))
    return out


def _icon_arrays() -> list[tuple[str, str]]:
    """Every icon-array picture the data files draw, in English and Spanish, as page HTML."""
    from pmlrender import iconarray, wording
    from pmlsources import icondata

    out = []
    for stem in ("natalizumab-risk", "frequencies"):
        rows, problems = icondata.load(ROOT / "docs", stem)
        assert rows and not problems, problems
        out += [(f"{stem}.{lang}", iconarray.figure_html(stem, list(rows.values()), lang))
                for lang in (wording.DEFAULT, *wording.TRANSLATED)]
    return out


def test_every_figure_and_icon_array_passes_the_allow_list():
    drawn = _figure_pages() + _icon_arrays()
    assert len(drawn) >= 10
    for name, html in drawn:
        assert _findings(html) == [], name


def _svg_names(svg: str) -> tuple[set[str], set[str]]:
    root = ET.fromstring(svg)
    elements = {el.tag.rpartition("}")[2] for el in root.iter()}
    attributes = {a for el in root.iter() for a in el.attrib} | {"xmlns"}
    return elements, attributes


class _SvgNames(HTMLParser):
    """The element and attribute names inside every <svg> of a built page (as an HTML parser
    reports them: lower-cased), the theme's icons among them."""

    def __init__(self):
        super().__init__()
        self.depth, self.elements, self.attributes = 0, set(), set()

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "svg"
        if self.depth:
            self.elements.add(tag)
            self.attributes |= {name for name, _ in attrs}

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        self.depth -= tag == "svg" and self.depth > 0


def test_the_svg_list_names_only_what_is_drawn(aligned_site):
    """Every element and attribute of pmlsources/markup.py is used by a figure file, an icon
    array, the favicon or an icon the theme writes into the built pages: nothing is allowed
    'in case'."""
    from pmlsources import markup

    elements, attributes = set(), set()
    for text in [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").rglob("*.svg"))]:
        e, a = _svg_names(text)
        elements, attributes = elements | e, attributes | a
    for _, html in _icon_arrays():
        for svg in re.findall(r"<svg\b.*?</svg>", html, re.DOTALL):
            e, a = _svg_names(svg)
            elements, attributes = elements | e, attributes | a
    pages = _SvgNames()
    for path in aligned_site.rglob("*.html"):
        pages.feed(path.read_text(encoding="utf-8"))
    assert pages.elements and pages.attributes <= {a.lower() for a in markup.SVG_ATTRIBUTES}
    assert elements | pages.elements == set(markup.SVG_ELEMENTS)
    assert {a.lower() for a in attributes} | pages.attributes == {a.lower() for a in markup.SVG_ATTRIBUTES}
    assert attributes <= markup.SVG_ATTRIBUTES  # as SVG spells them (viewBox), for the files


def test_figures_files_and_pages_read_the_one_list():
    from pmlsources import figuredata as figures
    from pmlcheck import html_allowlist, svgfile
    from pmlsources import markup

    assert figures.ELEMENTS is markup.SVG_ELEMENTS and figures.ATTRIBUTES is markup.SVG_ATTRIBUTES
    assert svgfile.SVG_ELEMENTS is markup.SVG_ELEMENTS and svgfile.SVG_ATTRIBUTES is markup.SVG_ATTRIBUTES
    assert html_allowlist.SVG is markup.SVG_ELEMENTS and html_allowlist.SVG_ATTRS == {a.lower() for a in markup.SVG_ATTRIBUTES}


def test_sources_import_neither_checks_nor_renderers():
    for path in (ROOT / "scripts" / "pmlsources").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+(pmlcheck|pmlbuild|pmlrender|pmlplugin)\b", text, re.MULTILINE), path
