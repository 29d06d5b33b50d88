"""The Spanish edition (docs/es/, decisions/0003-languages.md): reached in one tap and back, in
Spanish around its text, searched in Spanish, kept in step with its English pages.

Why: a Spanish-speaking reader must land on the same page in her language and back, see the
theme, the stamp and the warnings in Spanish, find pages with the words she types, and never
read a figure that differs from the English page it translates.
"""
from __future__ import annotations

import json
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, ROOT, axe_in_both_schemes, axe_report, mkdocs_build
from test_search_queries import PHONE, load_queries, misses, open_search, rank_queries, top_results

QUERIES = ROOT / "tests" / "search_queries_es.yml"
REQUIRED_SHARE = 0.95
SPANISH = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs" / "es").rglob("*.md"))


def built(src: str) -> str:
    """The built page of docs/``src``, relative to the site."""
    stem = src[:-3]
    return (stem[:-5] if stem == "index" or stem.endswith("/index") else stem + "/") + "index.html"


# --- the built HTML ---------------------------------------------------------------------------

def test_there_are_spanish_pages_with_their_english_pages():
    assert "es/index.md" in SPANISH and "es/patients/what-is-pml.md" in SPANISH
    for src in SPANISH:
        assert (ROOT / "docs" / src.removeprefix("es/")).is_file(), src


def test_spanish_pages_are_spanish_around_their_text(site_pages):
    for src in SPANISH:
        html = site_pages[built(src)]
        assert '<html lang="es"' in html, src
        assert '"inLanguage":"es"' in html and '"translationOfWork":{"@type":"WebPage","url":"https://' in html, src
        assert "Guía de la LMP" in html.split("</title>")[0], src
        assert "no la ha revisado un médico ni una enfermera de lengua materna española" in html, src
        assert "número de emergencias de su país" in html, src  # the Spanish disclaimer
        assert 'href="' in html and 'hreflang="en"' in html, src
        assert "Última revisión de la página:" in html and "Próxima revisión:" in html, src
        assert "no la ha revisado un médico ni una enfermera" in html.split("pml-review-status")[1], src
        assert "La Guía de la LMP da información general, no consejo médico." in html, src
        assert re.search(r'href="[^"]+/issues/new\?[^"]*title=[^"]*page=[^"]+"[^>]*>Informe de un problema en esta página<', html), src


def test_english_pages_stay_english(site_pages):
    html = site_pages["patients/what-is-pml/index.html"]
    assert '<html lang="en"' in html and '"inLanguage":"en"' in html
    assert "<title>What is PML? - PML Guide</title>" in html
    assert "Guía de la LMP" not in html.split("</title>")[0]


def test_every_page_links_to_the_other_language(site_pages):
    """The same page where a translation exists (and hreflang alternates both ways), else the
    Spanish home page; the 404 page has none."""
    switch = re.compile(r'<p class="pml-language-switch" lang="(\w+)"><a href="([^"]+)" hreflang="(\w+)">')
    for path, html in site_pages.items():
        found = switch.search(html)
        assert found, f"{path}: no language switch"
        lang, href, hreflang = found.groups()
        assert lang == hreflang
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), href))
        if path.startswith("es/"):  # a Spanish page always has its English page
            assert lang == "en" and posixpath.normpath(posixpath.dirname(path[3:]) or ".") == target, (path, href)
        else:
            assert lang == "es" and target.startswith("es"), (path, href)
    assert 'href="../../es/patients/what-is-pml/" hreflang="es"' in site_pages["patients/what-is-pml/index.html"]
    # the language menu keeps both versions; the head has no hreflang link (the sitemap has them)
    assert 'href="../../es/patients/what-is-pml/" hreflang="es" class="md-select__link"' in site_pages["patients/what-is-pml/index.html"]
    # a page with no Spanish translation (clinician pages stay in English) leads to the Spanish home page
    assert 'href="../../es/" hreflang="es">Guía de la LMP en español' in site_pages["clinicians/imaging/index.html"]


def test_language_versions_are_in_the_sitemap_not_in_each_head(built_site, site_pages):
    """Material's script asked each hreflang address in a page's head for a sitemap.xml beside it
    (404 online, blocked offline, an error each time); search engines read the same pairs from the
    sitemap: every translated page and its English page name each other, with absolute addresses."""
    import xml.etree.ElementTree as ET

    heads = [path for path, html in site_pages.items() if re.search(r"<link[^>]*hreflang", html.split("</head>")[0])]
    assert heads == [], f"hreflang links in the head of {heads[:5]}"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    site_url = "https://pml-guide.github.io/pml-guide/"
    sets = {url.findtext("s:loc", namespaces=ns): {(a.get("hreflang"), a.get("href")) for a in url.findall("x:link", ns)}
            for url in ET.parse(built_site["dir"] / "sitemap.xml").getroot().findall("s:url", ns)}
    spanish = [loc for loc in sets if loc.startswith(site_url + "es/")]
    assert len(spanish) == len([p for p in site_pages if p.startswith("es/")]) >= 20
    for loc in spanish:
        english = loc.replace(site_url + "es/", site_url, 1)
        assert sets[loc] == sets[english] == {("en", english), ("es", loc)}, loc
    assert sets[site_url + "clinicians/imaging/"] == set(), "a page with no translation has no language versions"


def test_language_versions_for_the_sitemap_and_heads_without_hreflang():
    from pmlrender import language

    url_of = {"index.md": "./", "es/index.md": "es/", "a/b.md": "a/b/", "es/a/b.md": "es/a/b/", "c.md": "c/"}
    assert language.hreflang_sets(url_of) == {
        "": [("en", ""), ("es", "es/")], "es/": [("en", ""), ("es", "es/")],
        "a/b/": [("en", "a/b/"), ("es", "es/a/b/")], "es/a/b/": [("en", "a/b/"), ("es", "es/a/b/")]}
    page = ('<head>\n  <link rel="alternate" href="./" hreflang="en">\n  <link rel="alternate" href="../es/" hreflang="es">\n'
            '  <link rel="alternate" type="application/atom+xml" href="feed.xml">\n</head><body>'
            '<a href="../es/" hreflang="es" class="md-select__link">Español</a></body>')
    assert language.without_hreflang_links(page) == ('<head>\n  <link rel="alternate" type="application/atom+xml" href="feed.xml">\n'
                                                     '</head><body><a href="../es/" hreflang="es" class="md-select__link">Español</a></body>')


def test_spanish_reference_lists_and_warnings(site_pages):
    html = site_pages["es/patients/iris/index.html"]
    assert "<summary>Fuentes (" in html and "<summary>Sources (" not in html and 'aria-label="Referencia 1"' in html
    assert "Llame ahora al número de emergencias de su país" in html
    assert "Comuníquese hoy con su equipo de salud" in html
    assert "No deje ni cambie su medicamento por su cuenta" in html


def test_spanish_glossary_tooltips_and_a_to_z(site_pages):
    html = site_pages["es/patients/what-is-pml/index.html"]
    assert re.search(r'<abbr title="[^"]*capa[^"]*">mielina</abbr>', html)
    assert 'title="The fatty coating' not in html  # no English tooltip on a Spanish page
    glossary = site_pages["es/reference/glossary/index.html"]
    assert 'aria-label="Letras del glosario"' in glossary and "También se llama" in glossary
    assert "<abbr" not in glossary.split('class="md-content"')[1].split("pml-page-info")[0]


def test_search_indexes_are_one_per_language(built_site):
    english = json.loads((built_site["dir"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    spanish = json.loads((built_site["dir"] / "es" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert english["config"]["lang"] == ["en"] and spanish["config"]["lang"] == ["es"]
    assert "stopWordFilter" in spanish["config"]["pipeline"] and "stemmer" not in spanish["config"]["pipeline"]
    assert not [d for d in english["docs"] if d["location"].startswith("es/")]
    locations = {d["location"] for d in spanish["docs"]}
    assert "patients/what-is-pml/" in locations and "" in locations
    assert any("diagnostico" in d.get("sin_tildes", "") for d in spanish["docs"])


def test_spanish_pages_point_search_at_their_own_index(site_pages):
    assert '{"annotate": null, "base": "../../../es/"' in site_pages["es/patients/iris/index.html"]
    assert '{"annotate": null, "base": "../.."' in site_pages["patients/iris/index.html"]


# --- in the browser ---------------------------------------------------------------------------

@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}])
def test_the_switch_is_one_tap_each_way(browser, site_server, size):
    context = browser.new_context(viewport=size, has_touch=True)
    try:
        page = context.new_page()
        page.goto(site_server + "patients/iris/", wait_until="load")
        page.locator(".pml-language-switch a").tap()
        page.wait_for_url("**/es/patients/iris/", timeout=10000)
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator("h1").inner_text() == "¿Qué es el IRIS?"
        page.locator(".pml-language-switch a").tap()
        page.wait_for_url(lambda url: url.endswith("/patients/iris/") and "/es/" not in url, timeout=10000)
        assert "/es/" not in page.url and page.locator("h1").inner_text() == "What is IRIS?"
    finally:
        context.close()


@pytest.mark.slow  # axe on every Spanish page: scheduled first so that it does not end the run on one worker
def test_spanish_pages_have_no_serious_axe_violations_light_or_dark(browser, site_server):
    """Each Spanish page loaded once, on a phone, and checked in both schemes (conftest.axe_in_both_schemes)."""
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.exists():
        pytest.fail("axe-core is missing: run `python3 scripts/dev.py test`, which installs it with npm ci.")
    context = browser.new_context(color_scheme="light", bypass_csp=True, **PHONE)
    context.add_init_script(axe.read_text(encoding="utf-8"))  # handed to the browser once, run in each page
    found, checked, scheme = {"light": {}, "dark": {}}, {"light": 0, "dark": 0}, "light"
    try:
        page = context.new_page()
        for src in SPANISH:
            scheme = axe_in_both_schemes(page, site_server, built(src).removesuffix("index.html"), scheme, found, checked)
    finally:
        context.close()
    assert checked == {"light": len(SPANISH), "dark": len(SPANISH)}, checked
    assert not found["light"] and not found["dark"], axe_report(found)


def _assert_share(rows) -> None:
    missed = misses(rows)  # the same rule as the English queries (test_search_queries.py)
    share = 1 - len(missed) / len(rows)
    assert share >= REQUIRED_SHARE, f"{share:.0%} of {len(rows)} Spanish queries in the top 3. Misses:\n" + "\n".join(missed)


def test_spanish_query_file_is_valid_and_long_enough():
    queries = load_queries(QUERIES)
    assert len(queries) >= 40
    assert all(p.startswith("es/") for q in queries for p in q["expect"])


@pytest.mark.slow  # like the English query tests: every query searched, plus the fixture's build
def test_spanish_queries_find_the_answer_online(browser, site_server):
    _assert_share(rank_queries(browser, site_server + "es/", site_server, True, load_queries(QUERIES)))


def test_spanish_search_finds_no_english_page(browser, site_server):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        box = open_search(page, site_server + "es/patients/iris/")
        results = top_results(page, box, "tysabri", site_server) + top_results(page, box, "natalizumab", site_server)
        assert results and all(r.startswith("es/") for r in results), results
    finally:
        context.close()


@pytest.fixture(scope="module")
def offline_site(offline_copy):
    """The offline copy every test shares (conftest.offline_copy: `dev.py offline`, built once per run)."""
    return offline_copy["folder"]


@pytest.mark.slow  # like the English query tests: every query searched, plus the fixture's build
def test_spanish_queries_find_the_answer_in_the_offline_copy(browser, offline_site):
    assert (offline_site / "es" / "search" / "search_index.js").is_file()
    root = offline_site.as_uri() + "/"
    _assert_share(rank_queries(browser, root + "es/index.html", root, False, load_queries(QUERIES)))


# --- kept in step -----------------------------------------------------------------------------

def test_numbers_are_read_the_same_in_both_languages():
    from pmlcheck.translations import numbers

    assert numbers("unas 4 de cada 1.000 [@k2013]; 0,5 y 2.477\n", "es") == numbers("about 4 in 1,000 [@k]; 0.5 and 2,477\n", "en")
    assert numbers("de 1988 a 2010\n", "es") != numbers("from 1988 to 2011\n", "en")
    assert numbers("1. Primero, 26 de 37\n", "es") == numbers("1. First, 26 of 37\n", "en")


def _build(project: Path, site: Path) -> subprocess.CompletedProcess:
    return mkdocs_build(project, site)


def test_the_number_check_fails_on_a_changed_number(project_copy, tmp_path):
    page = project_copy / "docs" / "es" / "patients" / "iris.md"
    page.write_text(page.read_text(encoding="utf-8").replace("unos 38 días", "unos 39 días"), encoding="utf-8")
    result = _build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert re.search(r"docs/es/patients/iris\.md:\d+: its numbers differ from docs/patients/iris\.md: "
                     r"only in the translation: 39 \(1x\); only in the English: 38 \(1x\)", out), out[-3000:]
    assert "Traceback" not in out


def test_a_changed_english_page_makes_its_translation_behind(project_copy, tmp_path):
    """Words changed: a notice in the build and a line for readers. Figures changed: also a release refuses it."""
    english = project_copy / "docs" / "patients" / "iris.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nAsk your team about IRIS.\n", encoding="utf-8")
    result = _build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    log = result.stdout + result.stderr
    assert "1 translation(s) behind their English page" in log and "docs/es/patients/iris.md" in log
    assert "its figures changed" not in log
    html = (tmp_path / "site" / "es" / "patients" / "iris" / "index.html").read_text(encoding="utf-8")
    assert 'class="pml-translation-behind"' in html and 'href="../../../patients/iris/" hreflang="en"' in html
    other = (tmp_path / "site" / "es" / "patients" / "diagnosis" / "index.html").read_text(encoding="utf-8")
    assert "pml-translation-behind" not in other

    sys.path.insert(0, str(project_copy / "scripts"))
    from pmlcheck import translations

    pages = sorted((project_copy / "docs").rglob("*.md"))
    assert translations.release_problems(pages, project_copy / "docs", project_copy) == []
    english.write_text(english.read_text(encoding="utf-8").replace("within about 38 days", "within about 40 days"),
                       encoding="utf-8")
    refused = translations.release_problems(pages, project_copy / "docs", project_copy)
    assert [p.path for p in refused] == ["docs/es/patients/iris.md"] and "figures changed" in refused[0].message
    review = subprocess.run([sys.executable, str(project_copy / "scripts" / "review_due.py"), "--release"],
                            capture_output=True, text=True, env=ENV, timeout=120, cwd=project_copy)
    assert review.returncode == 1, review.stdout + review.stderr


def test_a_translation_must_say_what_it_translates(tmp_path):
    from pmlcheck import translations

    docs = tmp_path / "docs"
    (docs / "es" / "patients").mkdir(parents=True)
    (docs / "patients").mkdir()
    (docs / "patients" / "a.md").write_text("---\ntitle: A\n---\nAbout 4 in 1,000.\n", encoding="utf-8")
    page = docs / "es" / "patients" / "a.md"
    page.write_text("---\ntitle: A\n---\nUnas 4 de cada 1.000.\n", encoding="utf-8")
    found = translations.check_pages([page], docs, tmp_path)
    assert found and "does not say which version" in found[0].message and "sha256" in found[0].fix
    digest = translations.sha256_of(docs / "patients" / "a.md")
    page.write_text(f"---\ntitle: A\ntranslation_of:\n  page: patients/a.md\n  sha256: {digest}\n---\nUnas 4 de cada 1.000.\n",
                    encoding="utf-8")
    assert translations.check_pages([page], docs, tmp_path) == []


def test_spanish_reading_ease_is_measured_with_a_spanish_formula():
    from pmlcheck import translations

    easy = translations.score_text("La LMP es rara.\nEl virus vive en muchas personas.\nNo causa daño.\n")
    hard = translations.score_text("La leucoencefalopatía multifocal progresiva constituye una complicación "
                                   "infecciosa desmielinizante extraordinariamente infrecuente, caracterizada "
                                   "por manifestaciones neurológicas heterogéneas y progresivas.\n")
    assert easy.score > 80 > translations.MIN_FH > hard.score
    assert translations.check_reading([hard], whole_section=False)
    assert translations.check_reading([easy], whole_section=True) == []


def test_the_reader_checks_apply_to_spanish_pages(tmp_path):
    """Working notes (in Spanish too), a number with no citation and a script are refused on a
    Spanish page, each with its file and line."""
    from pmlsources import bibliography
    from pmlcheck import citations, safety, seen, working_notes

    docs = tmp_path / "docs"
    page = docs / "es" / "patients" / "a.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: A\naudience: patients\n---\n\nEsta cifra no se pudo comprobar en la copia guardada.\n"
                    "Unas 4 de cada 1.000 personas la tienen.\n<script>alert(1)</script>\n", encoding="utf-8")
    notes = working_notes.check_files([page], docs, tmp_path) + seen.working_notes_in([page], tmp_path, docs)
    assert [(p.path, p.line) for p in notes] == [("docs/es/patients/a.md", 6)]
    bib, _problems = bibliography.load(ROOT / "bibliography.bib", root=ROOT)
    uncited = citations.check_pages([page], bib, docs, root=tmp_path) + seen.uncited_numbers([page], tmp_path, docs)
    assert any(p.line == 7 and "docs/es/patients/a.md" == p.path for p in uncited), uncited
    assert [p.line for p in safety.check_files([page], tmp_path)] == [8]


def test_the_spanish_printed_edition_holds_the_spanish_pages_in_order(tmp_path):
    """mkdocs.print.es.yml (what `build_pdf.py --language es` prints): a Spanish cover, the Spanish
    pages in the Spanish navigation's order, Spanish reference lists, no English page."""
    site = tmp_path / "print"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.print.es.yml", "-d", str(site)],
                            cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (site / "print_page.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in html and "<h1>Guía de la LMP</h1>" in html and "Contenido" in html
    assert "no la ha revisado un médico ni una enfermera de lengua materna española" in html
    titles = [re.sub(r"<[^>]+>", "", h).replace("\u00b6", "").strip()  # a heading may carry a glossary term and its permalink
              for h in re.findall(r'<h1 id="es-[^"]*"[^>]*>(.*?)</h1>', html, re.DOTALL)]
    assert titles[0].startswith("Guía de la") and titles[1] == "Para pacientes y familias", titles
    # The navigation's order (mkdocs.yml nav), read on pages whose place is known; a page translated
    # later may come between them.
    for order in (["Para pacientes y familias", "Recién diagnosticado: las primeras semanas", "¿Qué es la LMP?",
                   "¿Quién corre riesgo de tener LMP?"],
                  ["Los medicamentos y la LMP", "El natalizumab (Tysabri) y la LMP", "Tarjeta de señales de alarma de la LMP"]):
        assert [t for t in titles if t in order] == order, titles
    assert "Tarjeta de señales de alarma de la LMP" in titles and "What is PML?" not in html
    assert "<summary>Fuentes (" in html and "<summary>Sources (" not in html


def test_an_english_term_a_translated_page_uses_needs_a_spanish_term():
    """translations.check_glossary on the guide's own pages: with no Spanish glossary, each English
    term (or alias) used on an English page that has a translation is named once, with the first
    such page; with the guide's Spanish glossary, none."""
    from pmlcheck import translations
    from pmlsources import glossary
    from pmlsources.pages import content_pages

    docs = ROOT / "docs"
    english, _ = glossary.load(ROOT / "glossary.yml", docs, None, root=ROOT)
    spanish, _ = glossary.load_translated(ROOT, docs, None)
    pages = content_pages(docs)
    assert translations.check_glossary(pages, docs, ROOT, english, spanish) == []
    missing = translations.check_glossary(pages, docs, ROOT, english, [])
    named = [re.search(r"translates '(.+)', which (\S+) uses", p.message).groups() for p in missing]
    assert ("JC virus", "docs/es/index.md") in named and len(named) == len({term for term, _page in named}) > 10
    assert {term for term, _page in named} <= {t.term for t in english}
