"""The real site, built with --strict, checked page by page as HTML."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest


class Assets(HTMLParser):
    """Collects every URL a page loads by itself (not links a reader may choose to follow)."""

    def __init__(self):
        super().__init__()
        self.loads: list[str] = []
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.loads.append(a["src"])
        if tag == "link" and a.get("href") and (a.get("rel") or "") in ("stylesheet", "icon", "preload", "preconnect",
                                                                          "modulepreload", "dns-prefetch", "manifest"):
            self.loads.append(a["href"])
        if tag == "object" and a.get("data"):
            self.loads.append(a["data"])
        if tag == "meta" and a.get("name"):
            self.meta[a["name"]] = a.get("content") or ""
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parse(html: str) -> Assets:
    p = Assets()
    p.feed(html)
    return p


def test_build_prints_no_warning(built_site):
    log = built_site["log"]
    assert not re.search(r"^WARNING\b", log, re.MULTILINE), log


def test_site_has_every_section(site_pages):
    for section in ("patients/", "medicines/", "clinicians/", "about/", "reference/"):
        assert any(p.startswith(section) for p in site_pages), f"no built page under {section}"


def test_every_page_has_title_and_description(site_pages):
    for path, html in site_pages.items():
        page = parse(html)
        assert page.title.strip(), f"{path}: empty <title>"
        name = "Guía de la LMP" if path.startswith("es/") else "PML Guide"  # the Spanish edition's own name
        assert name in page.title, f"{path}: <title> does not name the site: {page.title!r}"
        description = page.meta.get("description", "")
        assert 20 <= len(description) <= 160, f"{path}: meta description missing or too long: {description!r}"


def test_every_page_has_review_stamp_disclaimer_and_report_link(site_pages):
    for path, html in site_pages.items():
        if path.startswith("es/"):  # the Spanish edition's stamp, disclaimer and link: tests/test_spanish.py
            continue
        assert "Page last reviewed:" in html and "Next review due:" in html, f"{path}: no review stamp"
        assert 'class="pml-review-status"' in html, f"{path}: no review status"
        assert "has not been reviewed by a doctor or nurse" in html or "not yet been reviewed by a doctor or nurse" in html, \
            f"{path}: the review status does not say honestly that no clinician reviewed it"
        assert "PML Guide gives general information, not medical advice." in html, f"{path}: no disclaimer"
        report = re.search(r'href="([^"]+)"[^>]*>Report a problem with this page<', html)
        assert report, f"{path}: no report link"
        url = report.group(1).replace("&amp;", "&")
        assert "/issues/new?" in url and "title=" in url and "page=" in url, f"{path}: report link not pre-filled: {url}"


def test_report_link_carries_this_pages_title_and_url(site_pages):
    from urllib.parse import parse_qs, urlparse as up

    html = site_pages["patients/what-is-pml/index.html"]
    url = re.search(r'href="([^"]+)"[^>]*>Report a problem', html).group(1).replace("&amp;", "&")
    query = parse_qs(up(url).query)
    assert query["title"] == ["Problem on page: What is PML?"]
    assert query["page"][0].endswith("/patients/what-is-pml/")


def test_no_page_loads_anything_from_another_host(site_pages):
    for path, html in site_pages.items():
        for url in parse(html).loads:
            host = urlparse(url).netloc
            assert not host, f"{path} loads {url} from another host"
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, f"{path}: Google Fonts"


def test_no_analytics_or_cookies(site_pages):
    for path, html in site_pages.items():
        for marker in ("gtag(", "google-analytics", "googletagmanager", "document.cookie", "md-consent"):
            assert marker not in html, f"{path} contains {marker}"


def test_repository_source_widget_does_not_call_github_api(site_pages):
    # Material's data-md-component="source" fetches star/fork counts from api.github.com.
    for path, html in site_pages.items():
        assert 'data-md-component="source"' not in html, path


@pytest.mark.parametrize("page", ["index.html", "patients/index.html", "medicines/natalizumab/index.html"])
def test_urgent_and_safety_warnings_render_as_admonitions(site_pages, page):
    html = site_pages[page]
    # Urgent help in two levels: red "call an ambulance now" and amber "contact your care team today",
    # each with a heading that screen readers announce with its level.
    assert re.search(r'class="admonition danger pml-emergency"', html), f"{page}: no emergency box"
    assert re.search(r'class="admonition warning pml-care-today"', html), f"{page}: no care-team-today box"
    assert '<span class="pml-visually-hidden">Emergency: </span>' in html, f"{page}: emergency box has no spoken prefix"
