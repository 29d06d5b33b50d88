"""Pictures: icon arrays drawn from data, and the diagrams inlined into pages.

The built-site tests read what a reader gets: every icon array on every built page must show
exactly the numbers of its data row (counted from the drawn squares, not from an attribute),
say them in words, and cite the row's source beside it; every diagram must carry a text
alternative and only the plain SVG the Content-Security-Policy and the allow-list accept."""
from __future__ import annotations

import gzip
import re

import pytest

from conftest import ROOT
from pmlsources import icondata, figuredata
from pmlcheck import blocks
from pmlrender import figures, generated, iconarray
from pmlcheck import readability
from pmlsources import yamlsafe

DOCS = ROOT / "docs"
# The English drawings; each has a Spanish one, <id>.es.svg (tests/test_pictures_es.py).
FIGURES = sorted(p for p in (DOCS / "assets" / "figures").glob("*.svg") if len(p.suffixes) == 1)


def squares(svg: str, kind: str) -> int:
    """How many squares a grid draws in its filled ('on') or empty ('off') path."""
    match = re.search(rf'<path class="pml-ia-{kind}"[^>]* d="([^"]*)"', svg)
    return match.group(1).count("z") if match else 0


def row(count, out_of=1000, **kw):
    return icondata.Row(kw.pop("id", "r"), kw.pop("label", "Group"), count, out_of, "key", "2017", **kw)


# ---------------------------------------------------------------- the function

@pytest.mark.parametrize("count,out_of,shown", [(4.19, 1000, 4), (11.1, 1000, 11), (4.6, 1000, 5), (1, 1000, 1),
                                                (56, 100, 56), (100, 100, 100), (7, 10, 7), (0, 100, 0)])
def test_grid_fills_exactly_the_rounded_count_and_leaves_the_rest_empty(count, out_of, shown):
    r = row(count, out_of)
    svg = iconarray.grid_svg(r, "x")
    assert (squares(svg, "on"), squares(svg, "off")) == (shown, out_of - shown)
    assert 'role="img"' in svg and '<title id="x-title">' in svg and 'aria-labelledby="x-title"' in svg
    assert f"{iconarray.number(shown)} filled squares" in svg


def test_filled_squares_come_first_in_reading_order_and_never_overlap():
    cells = iconarray.layout(1000)
    assert len(set(cells)) == 1000
    # Reading order: the first hundred fill the top-left block row by row.
    assert cells[:3] == [(0, 0), (6, 0), (12, 0)] and cells[10] == (0, 6)
    svg = iconarray.grid_svg(row(4.19), "x")
    first = re.search(r'class="pml-ia-on"[^>]* d="M(\d+) (\d+)', svg)
    assert first and (first.group(1), first.group(2)) == ("0", "0")
    # The path's relative moves land every square on its own cell (no drift along a row).
    d = re.search(r'class="pml-ia-off"[^>]* d="([^"]*)"', svg).group(1)
    x, y, corners = 0.0, 0.0, []
    for cmd, a, b in re.findall(r"([Mm])(-?[\d.]+) (-?[\d.]+)", d):
        x, y = (float(a), float(b)) if cmd == "M" else (x + float(a), y + float(b))
        corners.append((x - 0.5, y - 0.5))
    assert corners == [(float(cx), float(cy)) for cx, cy in cells[4:]]


def test_words_say_the_numbers_as_the_pages_do():
    assert iconarray.words(row(4.19)) == "About 4 in 1,000 got PML. The other 996 did not get PML."
    assert iconarray.words(row(4.6)).startswith("About 4.6 in 1,000 got PML, shown as 5 squares.")
    assert iconarray.words(row(4, 10, qualifier="Nearly", highlighted="had it", rest="did not")) == \
        "Nearly 4 in 10 had it. The other 6 did not."


def test_below_one_in_the_denominator_is_said_in_words_not_drawn():
    for tiny in (row(0.07, below=True), row(0.4), row(3, below=True)):
        html = iconarray.row_html(tiny, "x")
        assert "<svg" not in html and "too few to show in a picture of 1,000 people" in html
    assert "Less than 0.07 in 1,000 got PML" in iconarray.row_html(row(0.07, below=True), "x")


def test_figure_has_legend_source_beside_each_row_and_escapes_data():
    html = iconarray.figure_html("f", [row(4, label="<b>x</b> & y", id="a"), row(11, id="b")])
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in html and "<b>" not in html
    assert html.count("From a source published in 2017 [@key].") == 2
    assert "Each picture shows 1,000 people." in html and html.count("pml-ia-swatch") == 2


def _data(tmp_path, text):
    """A docs/ folder holding docs/_data/f.yml, beside a bibliography.bib that defines the key k."""
    (tmp_path / "docs" / "_data").mkdir(parents=True, exist_ok=True)
    (tmp_path / "docs" / "_data" / "f.yml").write_text(text, encoding="utf-8")
    (tmp_path / "bibliography.bib").write_text("@article{k,\n  title = {T},\n  year = {2020}\n}\n", encoding="utf-8")
    return tmp_path / "docs"


ROWS = ("frequencies:\n"
        "  - {id: a, label: A, count: 5, out_of: 100, source: k, source_date: 2020}\n"
        "  - {id: b, label: B, count: 4, out_of: 1000, source: k, source_date: 2020}\n"
        "  - {id: c, label: C, count: 120, out_of: 100, source: k, source_date: 2020}\n")


def test_one_comparison_one_denominator_and_known_rows_only(tmp_path):
    docs = _data(tmp_path, ROWS.replace("  - {id: c, label: C, count: 120", "  - {id: c, label: C, count: 12"))
    assert icondata.comparison(docs, "f a c")[2] == []
    [mixed] = icondata.comparison(docs, "f a b")[2]
    assert "different denominators" in mixed.message
    [unknown] = icondata.comparison(docs, "f a zz")[2]
    assert "no row zz" in unknown.message and "use one of: a, b, c" in unknown.fix
    [problem] = blocks.icon_arrays("t\n<!-- generated: icon-array f a b -->\n", "p.md", docs)
    assert (problem.path, problem.line) == ("p.md", 2)
    (docs / "_data" / "f.yml").write_text("frequencies:\n  - {id: a, label: A, count: 5, out_of: 100, source: x9, "
                                          "source_date: 2020}\n", encoding="utf-8")
    [unknown_source] = icondata.comparison(docs, "f a")[2]
    assert "x9 is not in bibliography.bib" in unknown_source.message


def test_bad_data_is_a_located_problem_not_a_traceback(tmp_path):
    docs = _data(tmp_path, ROWS)
    _rows, [bad] = icondata.load(docs, "f")
    assert bad.line == 4 and "'c' has a count of 120" in bad.message
    docs = _data(tmp_path, "frequencies:\n  - {id: a, label: A, count: 5, out_of: 7, source: k, source_date: 2020}\n")
    assert "out of 7" in icondata.load(docs, "f")[1][0].message
    assert "does not exist" in icondata.load(docs, "nope")[1][0].message
    assert "does not exist" in icondata.load(docs, "../x")[1][0].message
    ctx = generated.Context(root=tmp_path, docs=docs, page="p.md")
    assert "pml-ia-problem" in iconarray.icon_array_block(ctx, "f a b")


# ---------------------------------------------------------------- the data and the pages

def _frequency_rows():
    text = (DOCS / "_data" / "frequencies.yml").read_text(encoding="utf-8")
    data, problems = yamlsafe.load(text, "frequencies.yml")
    assert problems == []
    return data["frequencies"]


def test_each_frequency_is_the_one_its_page_states_with_the_same_source():
    for item in _frequency_rows():
        page = (DOCS / item["page"]).read_text(encoding="utf-8")
        lines = [line for line in page.splitlines() if item["page_says"] in line]
        assert lines, f"{item['page']} no longer says {item['page_says']!r}: change the page and the data together"
        assert any(f"@{item['source']}" in line for line in lines), f"{item['id']}: the page cites another source"
        stated = re.search(rf"(\d+) in {item['out_of']}\b", item["page_says"])
        if stated:  # the page's own count, or its complement (died / alive)
            assert int(stated.group(1)) in (item["count"], item["out_of"] - item["count"]), item["id"]
        assert "<!-- generated: icon-array frequencies" in page and item["id"] in page, \
            f"{item['id']} is not drawn on {item['page']}"


def test_every_data_source_is_in_the_bibliography():
    bib = (ROOT / "bibliography.bib").read_text(encoding="utf-8")
    for stem in ("frequencies", "natalizumab-risk"):
        rows, problems = icondata.load(DOCS, stem)
        assert problems == [] and rows
        for r in rows.values():
            assert re.search(rf"@\w+\{{{re.escape(r.source)},", bib), f"{stem}: {r.id} cites unknown {r.source}"


# ---------------------------------------------------------------- the diagrams

def test_repository_diagrams_are_plain_small_and_named():
    assert len(FIGURES) >= 4
    known, problems = figuredata.load(DOCS)
    assert problems == []
    for svg in FIGURES:
        text = svg.read_text(encoding="utf-8")
        assert figuredata.svg_problems(text, svg.name, svg.stem) == [], svg.name
        assert len(gzip.compress(text.encode(), 9)) <= 15 * 1024
        assert svg.stem in known and len(known[svg.stem].steps) >= 3, f"{svg.name}: no text version"
        assert f'<desc id="{svg.stem}-desc">' in text and f'aria-describedby="{svg.stem}-desc"' in text


@pytest.mark.parametrize("hostile", [
    '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="f-title"><title id="f-title">t</title><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="f-title"><title id="f-title">t</title><rect style="fill:red"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="f-title"><title id="f-title">t</title><path onload="x()"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink" role="img" aria-labelledby="f-title"><title id="f-title">t</title><text x:href="https://e.org">a</text></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="f-title"><title id="f-title">t</title><foreignObject/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="f-title"><title id="f-title">t</title><rect fill="url(https://e.org/x)"/></svg>',
    '<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="f-title"><title id="f-title">t</title><rect',
])
def test_hostile_or_unnamed_svg_is_refused_with_a_fix(hostile):
    problems = figuredata.svg_problems(hostile, "f.svg", "f")
    assert problems and all(p.fix for p in problems)


def test_diagram_labels_are_plain_language():
    for svg in FIGURES:
        words = re.findall(r"<text[^>]*>(.*?)</text>", svg.read_text(encoding="utf-8"))
        text = " ".join(re.sub(r"<[^>]+>", "", w) for w in words)
        grade = readability.grade_text(text.replace(": ", ". ") + ".", svg.name).grade
        assert grade <= readability.MAX_GRADE, f"{svg.name}: labels at grade {grade:.1f}"
    known, _ = figuredata.load(DOCS)
    for fig in known.values():
        assert readability.grade_text("\n".join(fig.steps), fig.id).grade <= readability.MAX_GRADE, fig.id


# ---------------------------------------------------------------- the built site

_ROW = re.compile(r'<div class="pml-ia-row" id="ia-([a-z0-9-]+)">(.*?)</div>', re.DOTALL)


def _row_of(ident: str):
    for stem in ("frequencies", "natalizumab-risk"):
        if ident.startswith(stem + "-"):
            rows, _ = icondata.load(DOCS, stem)
            return stem, rows.get(ident[len(stem) + 1:])
    return None, None


def test_every_built_icon_array_shows_exactly_its_data_and_cites_it(site_pages):
    seen = 0
    for path, html in site_pages.items():
        for ident, body in _ROW.findall(html):
            stem, r = _row_of(ident)
            assert r, f"{path}: icon array row {ident} has no data row"
            seen += 1
            lang = "es" if path.startswith("es/") else "en"  # a Spanish page draws the row with its Spanish words
            r, text = r.in_language(lang), iconarray.TEXT[lang]
            words = re.search(r'<p class="pml-ia-words">(.*?)</p>', body, re.DOTALL).group(1)
            cited = re.search(rf'<sup id="fnref\d*:{re.escape(r.source)}">', words)
            assert cited, f"{path}: {ident} does not cite {r.source} beside the picture"
            if r.too_small:
                small = {"en": "fewer than 1 in {}", "es": "menos de 1 persona de cada {}"}[lang]
                assert "<svg" not in body and small.format(iconarray.number(r.out_of, lang)) in words
                continue
            assert (squares(body, "on"), squares(body, "off")) == (r.shown, r.out_of - r.shown), f"{path}: {ident}"
            assert text["in"].format(said="", of=iconarray.number(r.out_of, lang), what=r.highlighted) in words
            assert text["other"].format(n=iconarray.number(r.out_of - r.shown, lang), rest=r.rest).strip() in words
    assert seen >= 8, f"only {seen} icon-array rows on the built site"


def test_every_built_diagram_is_inline_named_and_has_its_text_version(site_pages):
    found = {}
    for path, html in site_pages.items():
        for ident, body in re.findall(r'<figure class="pml-figure" id="figure-([a-z0-9-]+)">(.*?)</figure>', html, re.DOTALL):
            found[ident] = path
            assert f'role="img" aria-labelledby="{ident}-title"' in body and f'<title id="{ident}-title">' in body
            assert "<figcaption>" in body and figures.SUMMARY["es" if path.startswith("es/") else "en"] in body
            assert re.search(r'<sup id="fnref\d*:[\w-]+">', body), f"{path}: {ident} text version cites nothing"
            svg = re.search(r"<svg.*?</svg>", body, re.DOTALL).group(0)
            assert not re.search(r"\sstyle=|<style|href=|<script|foreignObject|<!--", svg, re.IGNORECASE), ident
    assert set(found) >= {svg.stem for svg in FIGURES}, f"diagrams not on any page: {set(f.stem for f in FIGURES) - set(found)}"
    pages = {p for p in found.values()} | {p for p, html in site_pages.items() if "pml-icon-array" in html}
    assert len(pages) >= 4, pages


def test_a_bad_picture_marker_or_svg_stops_the_build_with_file_line_and_fix(project_copy):
    from conftest import mkdocs_build, tree_digest

    page = project_copy / "docs" / "patients" / "iris.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<!-- generated: icon-array frequencies no-such-row -->\n",
                    encoding="utf-8")
    svg = project_copy / "docs" / "assets" / "figures" / "iris-over-time.svg"
    svg.write_text(svg.read_text(encoding="utf-8").replace("<g ", '<g style="fill:red" ', 1), encoding="utf-8")
    before = tree_digest(project_copy / "docs")
    result = mkdocs_build(project_copy, project_copy / "site")
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in out
    assert re.search(r"docs/patients/iris\.md:\d+: no row no-such-row in docs/_data/frequencies\.yml\.\n\s+fix: use one of:", out), out
    assert re.search(r"docs/assets/figures/iris-over-time\.svg: <g> has the attribute 'style'.*\n\s+fix: style with a class", out), out
    assert tree_digest(project_copy / "docs") == before
