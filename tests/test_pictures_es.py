"""The Spanish edition's pictures and risk tables: the same data as the English, in Spanish.

Why: a Spanish-speaking reader must see every figure, icon array and risk table of the English
page, with every word in Spanish (labels, the drawing's accessible name, captions, table
headings, months) and every number written as Spanish writes it ("unas 4 de cada 1.000"), and
never a number that differs from the English. The Spanish words live beside the English in the
data files (`es:` mappings) and in the Spanish drawings docs/assets/figures/<id>.es.svg; a page
asking for a picture whose Spanish words are missing stops the build, located.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build, tree_digest
from pmlsources import icondata, figuredata, datawords
from pmlrender import figures, generated, iconarray, risk, wording
from pmlcheck import translations
from test_pictures import FIGURES, squares
from test_spanish import built

DOCS = ROOT / "docs"
SPANISH_FIGURES = sorted((DOCS / "assets" / "figures").glob("*.es.svg"))
# Every picture and table the English pages show, and the Spanish pages with pictures.
MARKERS = sorted({f"{name} {arg}".strip() for page in DOCS.rglob("*.md") if not page.is_relative_to(DOCS / "es")
                  for _line, name, arg in generated.markers(page.read_text(encoding="utf-8"))
                  if name in ("figure", "icon-array", "natalizumab-risk-table", "natalizumab-risk-by-time")})
PICTURE_PAGES = sorted(p.relative_to(DOCS).as_posix() for p in (DOCS / "es").rglob("*.md")
                       if re.search(r"<!-- generated: (figure|icon-array|natalizumab-risk)", p.read_text(encoding="utf-8")))
# Words both languages write: names, and Spanish words an English sentence also has.
SHARED = {"A", "a", "IRIS", "JC", "natalizumab", "Natalizumab", "rituximab", "virus", "no", "lumbar", "original",
          "z", "note"}  # "note": the folded block's Markdown, not a word readers see
# English words that must never be in a Spanish picture or table, whatever the data says.
ENGLISH = {"the", "The", "of", "in", "and", "people", "PML", "Group", "About", "published", "picture", "years",
           "squares", "filled", "empty", "From", "source", "January", "November", "MS"}


def expanded(marker: str, page: str) -> str:
    """What a marker becomes on ``page`` (its path under docs/, which gives its language)."""
    return generated.expand(f"<!-- generated: {marker} -->", generated.Context(root=ROOT, docs=DOCS, page=page))


def seen_text(markup: str) -> str:
    """The words of a block as a reader meets them: no citations, no markup (an SVG's title and
    labels stay: they are its accessible name and its visible words)."""
    return re.sub(r"<[^>]+>", "\n", re.sub(r"\[[^\]]*@[^\]]*\]", " ", markup))


def words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]+", text))


# --- the words --------------------------------------------------------------------------------

def test_numbers_and_dates_are_written_the_spanish_way():
    assert [wording.number(n, "es") for n in (1000, 37249, 0.07, 4.6, 4.0, 14000)] == \
        ["1.000", "37.249", "0,07", "4,6", "4", "14.000"]
    assert [wording.number(n) for n in (1000, 37249, 0.07, 4.6)] == ["1,000", "37,249", "0.07", "4.6"]
    assert wording.date_words("2012-01-20", "es") == "20 de enero de 2012"
    assert wording.date_words("2017-11", "es") == "noviembre de 2017" and wording.date_words("2017", "es") == "2017"
    assert wording.on_date("2012-01-20", "es") == "el 20 de enero de 2012" and wording.on_date("2014", "es") == "en 2014"
    assert wording.date_words("2012-01-20") == "20 January 2012"


def test_an_icon_array_row_in_spanish():
    row = icondata.Row("r", "Grupo", 4.19, 1000, "key", "2017").in_language("es")
    assert iconarray.words(row, "es") == "Unas 4 de cada 1.000 tuvieron LMP. Las otras 996 no tuvieron LMP."
    svg = iconarray.grid_svg(row, "x", "es")
    assert "4 cuadrados llenos y 996 cuadrados vacíos, 1.000 en total" in svg and squares(svg, "on") == 4
    small = icondata.Row("r", "Grupo", 0.07, 1000, "key", "2017", below=True).in_language("es")
    assert iconarray.words(small, "es").startswith("Menos de 0,07 de cada 1.000 tuvieron LMP. Es menos de 1 persona de cada 1.000")
    part = icondata.Row("r", "Grupo", 4.6, 1000, "key", "2012-01-20").in_language("es")
    html = iconarray.row_html(part, "x", "es")
    assert "Unas 4,6 de cada 1.000 tuvieron LMP; la imagen lo muestra con 5 cuadrados." in html
    assert "De una fuente publicada el 20 de enero de 2012 [@key]." in html


def test_risk_tables_in_spanish_come_from_the_same_rows():
    table = expanded("natalizumab-risk-table", "es/medicines/natalizumab.md")
    english = expanded("natalizumab-risk-table", "medicines/natalizumab.md")
    assert table.count("\n| ") == english.count("\n| ")
    assert "| Grupo | Riesgo estimado de LMP, con su fecha y su fuente |" in table
    assert "156 tuvieron LMP, unas 4 de cada 1.000 (alrededor de 1 de cada 240)" in table
    assert ": 37.249 personas [@ho2017risk]" in table and "menos de 1 de cada 14.000" in table.lower()
    assert "publicado el 20 de enero de 2012 [@fda2012fda]" in table
    by_time = expanded("natalizumab-risk-by-time", "es/medicines/natalizumab.md")
    assert "| Grupo | Hasta 2 años | De 2 a 4 años | De 4 a 6 años |" in by_time
    assert '??? note "Por qué algunas casillas no tienen número"' in by_time
    # The English tables are what they were before Spanish existed.
    assert "| Group | Up to 2 years | 2 to 4 years | 4 to 6 years |\n|---|---|---|---|" in \
        expanded("natalizumab-risk-by-time", "medicines/natalizumab.md")


@pytest.mark.parametrize("marker", MARKERS)
def test_every_picture_has_the_english_numbers_and_no_english_words_in_spanish(marker):
    spanish, english = seen_text(expanded(marker, "es/x/page.md")), seen_text(expanded(marker, "x/page.md"))
    assert "pml-figure-problem" not in spanish and "pml-ia-problem" not in spanish
    assert datawords.numbers(spanish, "es") == datawords.numbers(english, "en"), marker
    assert not re.search(r"\d,\d{3}(?!\d)|\d\.\d{1,2}(?!\d)", spanish), f"{marker}: an English thousands or decimal mark"
    leaked = (words(spanish) & (words(english) - SHARED)) | (words(spanish) & ENGLISH)
    assert not leaked, f"{marker}: English words in the Spanish picture: {sorted(leaked)}"


# --- the data and the drawings ------------------------------------------------------------------

def test_every_drawing_has_a_spanish_drawing_with_the_same_shapes_and_numbers():
    assert {p.name.removesuffix(".es.svg") for p in SPANISH_FIGURES} == {p.stem for p in FIGURES}
    known, problems = figuredata.load(DOCS)
    assert problems == []
    for svg in SPANISH_FIGURES:
        ident, text = svg.name.removesuffix(".es.svg"), svg.read_text(encoding="utf-8")
        english = (DOCS / "assets" / "figures" / f"{ident}.svg").read_text(encoding="utf-8")
        assert figuredata.svg_problems(text, svg.name, ident) == [], svg.name
        assert f'<desc id="{ident}-desc">' in text and "es" in known[ident].words
        assert len(known[ident].words["es"]["steps"]) == len(known[ident].steps)
        shapes = lambda t: re.findall(r"<(?:path|rect|circle|line)\b[^>]*>", t)  # noqa: E731
        assert len(shapes(text)) == len(shapes(english)), f"{svg.name}: not the same drawing"
        assert figuredata.svg_words(text) != figuredata.svg_words(english)


def test_spanish_labels_and_steps_read_easily():
    known, _ = figuredata.load(DOCS)
    for svg in SPANISH_FIGURES:
        labels = figuredata.svg_words(svg.read_text(encoding="utf-8")).split("\n")[2:]  # after the title and description
        assert translations.score_text("\n".join(labels)).score >= translations.MIN_FH, svg.name
    for fig in known.values():
        assert translations.score_text("\n".join(fig.in_language("es").steps)).score >= translations.MIN_FH, fig.id


@pytest.mark.parametrize("words_es,wrong", [
    ({"label": "Más de 3 años"}, "other numbers than the English words"),
    ({"label": "Más de 2 años", "colour": "azul"}, "'es' has the field 'colour'"),
    ({"steps": ["uno"]}, "does not match the English 'steps' item for item"),
    ({"label": ""}, "not text"),
    ("texto", "not a mapping"),
])
def test_spanish_words_hold_no_figure_of_their_own(words_es, wrong):
    found = []
    item = {"label": "More than 2 years", "steps": ["one", "two"], "es": words_es}
    datawords.data_words(item, ("label", "steps"), lambda m, f: found.append((m, f)))
    assert len(found) == 1 and wrong in found[0][0] and found[0][1], found
    datawords.data_words({"label": "1,000 in 1.5", "es": {"label": "1.000 de 1,5"}}, ("label",),
                            lambda m, f: pytest.fail(m))


def test_a_translation_shows_the_pictures_of_its_english_page(tmp_path):
    """The number check reads the Markdown, where a picture is only its marker: a translation that
    drops or changes a marker would hide figures the English page shows."""
    docs = tmp_path / "docs"
    (docs / "es" / "patients").mkdir(parents=True)
    (docs / "patients").mkdir()
    english = docs / "patients" / "a.md"
    english.write_text("---\ntitle: A\n---\nAbout 4 in 1,000.\n\n<!-- generated: icon-array natalizumab-risk pooled-all -->\n"
                       "\n<!-- generated: figure spinal-tap -->\n", encoding="utf-8")
    front = f"---\ntitle: A\ntranslation_of:\n  page: patients/a.md\n  sha256: {translations.sha256_of(english)}\n---\n"
    page = docs / "es" / "patients" / "a.md"
    page.write_text(front + "Unas 4 de cada 1.000.\n\n<!-- generated: figure spinal-tap -->\n"
                    "\n<!-- generated: figure iris-over-time -->\n", encoding="utf-8")
    found = translations.check_pages([page], docs, tmp_path)
    assert len(found) == 1 and found[0].path == "docs/es/patients/a.md" and found[0].line == 3, found  # its translation_of line
    assert ("only in the translation: <!-- generated: figure iris-over-time -->; only in the English: "
            "<!-- generated: icon-array natalizumab-risk pooled-all -->") in found[0].message
    assert "copy the English page's marker lines" in found[0].fix
    page.write_text(front + "Unas 4 de cada 1.000.\n\n<!-- generated: figure spinal-tap -->\n"
                    "\n<!-- generated: icon-array natalizumab-risk   pooled-all -->\n", encoding="utf-8")
    assert translations.check_pages([page], docs, tmp_path) == []


def _drop_spanish(path: Path, ident: str) -> None:
    """Remove the `es:` mapping of the entry ``ident`` of a data file."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- id: {ident}\n")
    block = re.compile(r"^( +)es:\n(?:\1 .*\n)+", re.MULTILINE).search(text, start)
    path.write_text(text[:block.start()] + text[block.end():], encoding="utf-8")


def test_a_spanish_page_asking_for_a_picture_without_spanish_words_stops_the_build(project_copy):
    data = project_copy / "docs" / "_data"
    _drop_spanish(data / "figures.yml", "iris-over-time")
    _drop_spanish(data / "frequencies.yml", "csf-test-first-sample")
    _drop_spanish(data / "natalizumab-risk.yml", "pooled-all")
    (project_copy / "docs" / "assets" / "figures" / "spinal-tap.es.svg").unlink()
    page = project_copy / "docs" / "es" / "patients" / "what-is-pml.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<!-- generated: natalizumab-risk-table -->\n", encoding="utf-8")
    before = tree_digest(project_copy / "docs")
    result = mkdocs_build(project_copy, project_copy / "site")
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in out
    for expected in (
        r"docs/_data/figures\.yml:\d+: figure 'iris-over-time' has no es words \(caption, steps\), which "
        r"docs/es/patients/iris\.md:\d+ shows\.\n\s+fix: add beside the English words",
        r"docs/_data/frequencies\.yml:\d+: the row 'csf-test-first-sample' has no es words \(label, highlighted, rest\)",
        r"docs/_data/natalizumab-risk\.yml:\d+: the row 'pooled-all' in estimates has no es words \(label, note\), "
        r"which the table on docs/es/patients/what-is-pml\.md:\d+ shows",
        r"docs/es/patients/diagnosis\.md:\d+: the figure 'spinal-tap' has no drawing in this page's language "
        r"\(docs/assets/figures/spinal-tap\.es\.svg\)\.\n\s+fix: copy docs/assets/figures/spinal-tap\.svg"):
        assert re.search(expected, out), f"{expected}\n---\n{out}"
    assert tree_digest(project_copy / "docs") == before


# --- the built site ------------------------------------------------------------------------------

def _blocks(html: str) -> list[str]:
    return re.findall(r"<!-- pml-generated-begin -->(.*?)<!-- pml-generated-end -->", html, re.DOTALL)


def test_built_spanish_pages_show_spanish_pictures(site_pages):
    assert {"es/patients/what-is-pml.md", "es/patients/diagnosis.md", "es/patients/iris.md"} <= set(PICTURE_PAGES)
    known, _ = figuredata.load(DOCS)
    for src in PICTURE_PAGES:
        html, english = site_pages[built(src)], site_pages[built(src.removeprefix("es/"))]
        assert len(_blocks(html)) == len(_blocks(english)) > 0, src
        for ident in re.findall(r'<figure class="pml-figure" id="figure-([a-z0-9-]+)">', html):
            fig = known[ident].in_language("es")
            body = html.split(f'id="figure-{ident}">', 1)[1].split("</figure>", 1)[0]
            assert figures.inline_svg((DOCS / "assets" / "figures" / f"{ident}.es.svg").read_text(encoding="utf-8")) in body
            assert f"<figcaption>{fig.caption}" in body and "<summary>La imagen en palabras</summary>" in body, src
        for block, english_block in zip(_blocks(html), _blocks(english), strict=True):
            spanish, there = (seen_text(re.sub(r'<sup id="fnref.*?</sup>', " ", b)) for b in (block, english_block))
            leaked = (words(spanish) & ENGLISH) | (words(spanish) & (words(there) - SHARED))
            assert not leaked, f"{src}: English words in a picture: {sorted(leaked)}"
            assert datawords.numbers(spanish, "es") == datawords.numbers(there, "en"), src
        if "pml-icon-array" in html:
            assert "Cada imagen muestra" in html and re.search(r"Unas \d+ de cada (?:100|1\.000) ", html), src


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}])
def test_every_label_stays_inside_its_drawing(browser, site_server, size):
    """Spanish words run longer than English: no label may leave its drawing, at phone size or on a desk."""
    context = browser.new_context(viewport=size)
    outside = {}
    try:
        page = context.new_page()
        for src in PICTURE_PAGES:
            for path in (src, src.removeprefix("es/")):
                page.goto(site_server + built(path).removesuffix("index.html"), wait_until="load", timeout=30000)
                outside[path] = page.evaluate("""() => [...document.querySelectorAll('svg.pml-fig text')].filter(t => {
                    const b = t.getBBox(), v = t.ownerSVGElement.viewBox.baseVal;
                    return b.x < v.x - 0.5 || b.y < v.y - 0.5 || b.x + b.width > v.x + v.width + 0.5
                        || b.y + b.height > v.y + v.height + 0.5; }).map(t => t.textContent)""")
    finally:
        context.close()
    assert not any(outside.values()), outside


def test_the_spanish_hedge_before_one_is_not_plural():
    """'unas' (about) is plural: 'unas 4 de cada 1.000' but 'alrededor de 1 de cada 1.000'."""
    assert wording.hedge("unas", "4", "es") == "unas" and wording.hedge("unas", "1", "es") == "alrededor de"
    assert wording.hedge("about", "1") == "about" and wording.hedge("menos de", "1", "es") == "menos de"
    assert risk.natural_frequency(1.0, lang="es") == "alrededor de 1 de cada 1.000 (alrededor de 1 de cada 1.000)"
    assert risk.natural_frequency(4.19, lang="es").startswith("unas 4 de cada 1.000 (alrededor de 1 de cada ")
    one = icondata.Row("r", "Grupo", 1, 100, "key", "2017").in_language("es")
    assert iconarray.words(one, "es").startswith("Alrededor de 1 de cada 100 ")
