"""The Spanish edition's own downloads and citations (issue 25, item 5): an offline zip with its
own name that opens in Spanish from a folder, a Spanish PDF, a Spanish Download page listing
both, and "Cite this page" in each page's language.

Why: a Spanish-speaking reader must find, download, open and search the guide in Spanish
without reading English first, and cite the Spanish page she read as the translation it is.
The offline zips come from the offline_copy fixture (conftest.py: `dev.py offline` makes both).
"""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile

import pytest
import yaml

from conftest import ENV, ROOT, VERSION
from test_search_queries import PHONE, load_queries, misses, open_search, rank_queries, top_results

SPANISH_ZIP = f"guia-lmp-sin-conexion-{VERSION}.zip"
SPANISH_PDF = f"guia-lmp-{VERSION}.pdf"
MESES = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
FECHA = rf"\d{{1,2}} de (?:{MESES}) de \d{{4}}"


def repo_url() -> str:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return re.search(r"^repo_url: (\S+)", text, re.MULTILINE).group(1).rstrip("/")


# --- the Spanish offline zip --------------------------------------------------------------------

@pytest.fixture(scope="module")
def spanish_zip(offline_copy):
    return offline_copy["zip"].parent / SPANISH_ZIP


@pytest.fixture(scope="module")
def spanish_folder(spanish_zip, tmp_path_factory):
    """The Spanish zip unzipped as a reader does: its one folder."""
    out = tmp_path_factory.mktemp("guia-unzipped")
    with zipfile.ZipFile(spanish_zip) as zf:
        zf.extractall(out)
    return out / f"guia-lmp-{VERSION}"


def test_the_offline_build_makes_a_spanish_zip_of_the_same_site(offline_copy, spanish_zip):
    """One folder holding one file to open (inicio.html) and the site (sitio/), the same pages
    as the English zip's, the Spanish ones with their own search."""
    assert spanish_zip.is_file(), f"`dev.py offline` made no {SPANISH_ZIP}"
    assert spanish_zip.stat().st_size <= 5_000_000
    with zipfile.ZipFile(spanish_zip) as zf:
        names = zf.namelist()
    top = f"guia-lmp-{VERSION}/"
    assert all(n.startswith(top) for n in names)
    assert {n[len(top):].split("/")[0] for n in names} == {"inicio.html", "sitio"}
    site = {n[len(top) + len("sitio/"):] for n in names if n.startswith(top + "sitio/")}
    with zipfile.ZipFile(offline_copy["zip"]) as zf:
        english = {n.split("/", 1)[1] for n in zf.namelist()}
    assert site == english
    assert {"es/index.html", "es/search/search_index.js", "es/reference/download.html"} <= site


def test_the_spanish_zip_opens_in_spanish_from_a_folder_on_a_phone(browser, spanish_folder):
    """inicio.html, opened from file://, leads to the Spanish home page, which says it is an
    offline copy (in Spanish, with a Spanish date); search answers in Spanish; nothing is fetched."""
    context = browser.new_context(**PHONE)
    requests = []
    try:
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto((spanish_folder / "inicio.html").as_uri(), wait_until="load", timeout=30000)
        page.wait_for_url("**/sitio/es/index.html", timeout=15000)
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator("h1").first.inner_text().rstrip("¶") == "Guía de la LMP"
        stamp = page.locator(".pml-offline-stamp").inner_text()
        assert re.search(rf"Copia sin conexión de la Guía de la LMP, versión {re.escape(VERSION)}, creada el {FECHA}\.", stamp), stamp
        assert page.locator(".pml-language-switch a").inner_text() == "Read this page in English"
        root = (spanish_folder / "sitio").as_uri() + "/"
        box = open_search(page, page.url)
        results = top_results(page, box, "señales de alarma", root)
        assert results and all(r.startswith("es/") for r in results), results
        assert "es/medicines/warning-signs-card.html" in results[:3], results
    finally:
        context.close()
    outside = [u for u in requests if not u.startswith("file://")]
    assert outside == [] and len(requests) > 5, outside[:5]


@pytest.mark.slow
def test_spanish_queries_find_the_answer_in_the_spanish_zip(browser, spanish_folder):
    """Every Spanish query of tests/search_queries_es.yml, typed into the Spanish zip's home page."""
    root = (spanish_folder / "sitio").as_uri() + "/"
    rows = rank_queries(browser, root + "es/index.html", root, False, load_queries(ROOT / "tests" / "search_queries_es.yml"))
    missed = misses(rows)
    assert 1 - len(missed) / len(rows) >= 0.90, "\n".join(missed)


def test_the_spanish_start_file_says_where_it_leads_without_a_script():
    sys.path.insert(0, str(ROOT / "scripts"))
    from build_offline import start_page
    from pmlrender import download

    html = start_page(download.EDITIONS["es"], "2031.2")
    assert '<html lang="es">' in html and "<script" not in html
    assert '<meta http-equiv="refresh" content="0; url=sitio/es/index.html">' in html
    assert '<a href="sitio/es/index.html">Abrir la Guía de la LMP en español</a>' in html
    assert "default-src 'none'" in html and "versión 2031.2" in html


def test_a_translation_behind_on_figures_stops_the_spanish_zip(project_copy, tmp_path):
    english = project_copy / "docs" / "patients" / "iris.md"
    english.write_text(english.read_text(encoding="utf-8").replace("within about 38 days", "within about 40 days"),
                       encoding="utf-8")
    release = subprocess.run([sys.executable, str(project_copy / "scripts" / "build_offline.py"), "--language", "es",
                              "--out", str(tmp_path / "dist")], capture_output=True, text=True, env=ENV, timeout=300)
    assert release.returncode != 0 and not (tmp_path / "dist").exists()
    assert "docs/es/patients/iris.md" in release.stderr and "figures changed" in release.stderr, release.stderr
    assert "Traceback" not in release.stderr


# --- the Spanish Download page ----------------------------------------------------------------

def test_the_spanish_download_page_lists_both_spanish_files(site_pages):
    html = site_pages["es/reference/download/index.html"]
    assert '<html lang="es"' in html
    for name in (SPANISH_PDF, SPANISH_ZIP):
        assert f'href="{repo_url()}/releases/download/{VERSION}/{name}">Descargar {name}</a>' in html, name
    assert "(archivo PDF, " in html and "(archivo zip, " in html and "<strong>inicio.html</strong>" in html
    assert re.search(rf"La versión más reciente de la guía es la <strong>{re.escape(VERSION)}</strong>, del {FECHA}\.", html)
    assert "pml-guide-offline-" not in html and "Download pml-guide" not in html
    # Both ways between the two Download pages, in the text and by the language switch.
    assert 'href="../../../reference/download/" hreflang="en"' in html
    english = site_pages["reference/download/index.html"]
    assert 'href="../../es/reference/download/" hreflang="es" lang="es">Descargar la Guía de la LMP</a>' in english
    assert 'class="pml-language-switch" lang="es"><a href="../../es/reference/download/" hreflang="es">' in english


def test_spanish_readers_reach_it_from_the_home_page_and_the_tabs(site_pages):
    home = site_pages["es/index.html"]
    assert re.search(r'<a href="reference/download/">descargar la guía \(PDF y sin conexión\)</a>', home)
    assert re.search(r'<a href="reference/download/" class="md-tabs__link">\s*Descargar\s*</a>', home)
    assert re.search(r'<h1[^>]*>Descargar', site_pages["es/reference/download/index.html"])


def test_the_download_block_speaks_spanish_on_a_spanish_page(tmp_path, monkeypatch):
    import datetime as dt

    from pmlrender import download, generated

    from pmlsources import changedata

    release = changedata.Release(version="2031.2", date=dt.date(2031, 2, 3), summary="s", changes=())
    context = generated.Context(root=tmp_path, docs=tmp_path / "docs", page="es/reference/download.md",
                                extra={"releases": [release], "language": "es"})
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "guia-lmp-2031.2.pdf").write_bytes(b"x" * 4_250_000)
    (dist / "guia-lmp-sin-conexion-2031.2.zip").write_bytes(b"x" * 640_000)
    (dist / "pml-guide-2031.2.pdf").write_bytes(b"x" * 9_000_000)  # the English file: not on this page
    monkeypatch.setenv(download.SOURCE, "dist")
    text = download.download_files(context)
    assert "[Descargar guia-lmp-2031.2.pdf]({repo_url}/releases/download/2031.2/guia-lmp-2031.2.pdf) (archivo PDF, 4,2 MB)" in text
    assert "(archivo zip, 640 KB)" in text and "del 3 de febrero de 2031" in text and "**inicio.html**" in text
    assert "pml-guide" not in text and "Download" not in text
    monkeypatch.delenv(download.SOURCE)
    text = download.download_files(context)
    assert text.count("su tamaño se mostrará aquí cuando se publique la versión 2031.2") == 2 and " MB" not in text


# --- Cite this page ---------------------------------------------------------------------------

def test_cite_this_page_is_in_each_pages_language(site_pages):
    spanish = site_pages["es/patients/iris/index.html"]
    assert re.search(r'<strong>Cómo citar esta página:</strong> Colaboradores de la Guía de la LMP\. ¿Qué es el IRIS\? '
                     rf"Guía de la LMP, versión {re.escape(VERSION)}; última revisión de la página: {FECHA}\. "
                     r"Traducción del inglés, aún no revisada por un médico ni una enfermera de lengua materna española\. "
                     r"https://\S+/es/patients/iris/</p>", spanish)
    english = site_pages["patients/iris/index.html"]
    assert re.search(rf"<strong>Cite this page:</strong> PML Guide contributors\. What is IRIS\? PML Guide, version "
                     rf"{re.escape(VERSION)}; page last reviewed \d{{1,2}} [A-Z][a-z]+ \d{{4}}\. https://\S+/patients/iris/</p>", english)
    for path, html in site_pages.items():
        cite = re.search(r'<p class="pml-cite">(.*?)</p>', html, re.DOTALL)
        if cite is None:
            continue
        if path.startswith("es/"):
            assert "Cómo citar esta página" in cite.group(1) and "PML Guide" not in cite.group(1), path
        else:
            assert "Cite this page" in cite.group(1) and "Guía de la LMP" not in cite.group(1), path


def test_spanish_dates_are_written_the_spanish_way():
    import datetime as dt

    from pmlsources.dates import long_date_es, long_date_text_es

    assert long_date_es(dt.date(2026, 12, 5)) == "5 de diciembre de 2026"
    assert long_date_text_es("5 December 2026") == "5 de diciembre de 2026"
    assert long_date_text_es("unknown date") == "unknown date" and long_date_text_es("5 Decembre 2026") == "5 Decembre 2026"


# --- the Spanish PDF and the release ----------------------------------------------------------

@pytest.fixture(scope="module")
def spanish_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("guia-pdf")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "dev.py"), "pdf", "--language", "es", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, env=ENV, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return out / SPANISH_PDF


@pytest.mark.slow
def test_the_spanish_pdf_is_in_spanish(spanish_pdf):
    import pypdfium2

    document = pypdfium2.PdfDocument(spanish_pdf)
    try:
        pages = [document[i].get_textpage().get_text_bounded() for i in range(len(document))]
    finally:
        document.close()
    text = re.sub(r"\s+", " ", "\n".join(pages))
    assert "Guía de la LMP" in pages[0] and f"versión {VERSION}" in pages[0] and re.search(FECHA, pages[0]), pages[0][:500]
    assert "Contenido" in pages[1]
    for needle in ("¿Qué es la LMP?", "Descargar", "Fuentes (", "página 1 de", "inicio.html",
                   "no la ha revisado un médico ni una enfermera de lengua materna española"):
        assert needle in text, needle
    assert re.search(rf"Impreso el {FECHA}", text), "the printing date is not in Spanish"
    for english in ("What is PML?", "Cite this page", "Offline copy of PML Guide", "Sources (", "Page last reviewed", "Printed"):
        assert english not in text, english


def test_the_release_builds_and_attaches_the_spanish_files():
    doc = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    runs = [s.get("run", "") for s in doc["jobs"]["build"]["steps"]]
    assert any(r.startswith("python3 scripts/dev.py offline --version") and "--language" not in r for r in runs)
    assert any(r.startswith("python3 scripts/dev.py pdf --language es --version") for r in runs)
    upload = next(s for s in doc["jobs"]["build"]["steps"] if "upload-artifact" in str(s.get("uses")))
    assert "dist/guia-lmp-*" in upload["with"]["path"].split()
    publish = " ".join(s.get("run", "") for s in doc["jobs"]["publish"]["steps"])
    assert "dist/guia-lmp-sin-conexion-*.zip" in publish and "dist/guia-lmp-*.pdf" in publish
