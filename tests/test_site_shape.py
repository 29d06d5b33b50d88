"""The site's shape (scripts/pmlsources/shape.py) and the promises the build hook makes.

Why: the sections and review statuses are described once and feed the checks, the page stamp,
the editorial policy and the print cover; these tests fail if any of them stops following the
table. The second half checks, on the built site, each thing the pml-guide plugin (scripts/pmlplugin/plugin.py) promises
that no other test covers (first-use tooltips, the repository address, the stamp's wording).
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import jinja2

from pmlcheck import citations, frontmatter, readability

from pmlsources import shape
from pmlsources.pages import content_pages, front_matter

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def test_every_section_is_a_folder_of_pages_in_the_navigation():
    nav = (ROOT / "mkdocs.yml").read_text()
    for section in shape.SECTIONS:
        assert (DOCS / section.folder / "index.md").exists(), section.folder
        assert f"- {section.folder}/index.md" in nav, section.folder


def test_checks_follow_the_table_of_sections():
    assert set(frontmatter.AUDIENCES) == {s.audience for s in shape.sections()}
    assert readability.PLAIN_FOLDERS == tuple(s.folder for s in shape.SECTIONS if s.plain_language)
    assert citations.CONTENT_FOLDERS == tuple(s.folder for s in shape.SECTIONS if s.citations_required)
    page = "---\ntitle: T\ndescription: D.\naudience: patients\nlast_reviewed: 2026-01-01\nnext_review: 2027-01-01\nreview_status: draft\n---\n"
    assert frontmatter.check_text(page, "p.md", folder="patients") == []
    wrong = frontmatter.check_text(page, "p.md", folder="clinicians")
    assert len(wrong) == 1 and "write 'audience: clinicians'" in wrong[0].fix
    elsewhere = frontmatter.check_text(page.replace("audience: patients", "audience: everyone"), "p.md", folder="about")
    assert elsewhere == []


def test_checks_follow_the_table_of_review_statuses():
    page = "---\ntitle: T\ndescription: D.\naudience: everyone\nlast_reviewed: 2026-01-01\nnext_review: 2027-01-01\nreview_status: {}\n---\n"
    for status in shape.REVIEW_STATUSES:
        problems = frontmatter.check_text(page.format(status.value), "p.md", folder="")
        assert bool(problems) == status.needs_reviewers, status.value
    unknown = frontmatter.check_text(page.format("approved"), "p.md", folder="")
    assert all(f"'{s.value}'" in unknown[0].fix for s in shape.REVIEW_STATUSES)


def test_every_page_carries_a_status_and_an_audience_from_the_tables():
    statuses = {s.value for s in shape.REVIEW_STATUSES}
    for page in content_pages():
        meta = front_matter(page)
        assert meta.get("review_status") in statuses, page
        assert meta.get("audience") == shape.section_of(page, DOCS).audience, page


def test_policy_lists_every_status_and_says_which_no_page_has():
    text = shape.policy_markdown({"draft"})
    assert [line.split("*")[1] for line in text.splitlines()] == [s.label for s in shape.REVIEW_STATUSES]
    assert "Draft*: written from verified sources; its figures have not yet been checked a second time.\n" in text
    assert text.count("No page has this status yet.") == len(shape.REVIEW_STATUSES) - 1


def _cover(clinically_reviewed: bool) -> str:
    template = (DOCS / "_includes" / "print-cover.tpl").read_text()
    extra = {"version": "1.0", "build_date": "today", "disclaimer_html": "",
             "site_shape": shape.template_values({"clinically-reviewed"} if clinically_reviewed else {"draft"})}
    return jinja2.Environment().from_string(template).render(config={"extra": extra, "site_url": "https://x/"})


def test_print_cover_says_no_clinician_reviewed_only_while_that_is_true():
    assert "No doctor or nurse has reviewed this guide yet." in _cover(False)
    assert "No doctor or nurse has reviewed" not in _cover(True)
    assert "Each page states its review status." in _cover(True)


# What the build hook promises, on the built site.

def test_each_stamp_uses_the_tables_wording(site_pages):
    wording = {s.value: s.reader_wording for s in shape.REVIEW_STATUSES}
    for path, html in site_pages.items():
        found = re.search(r'class="pml-review-status" data-status="([\w-]+)">([^<]*)<', html)
        said = shape.TRANSLATED_WORDING["es"] if path.startswith("es/") else wording  # the Spanish edition's stamp
        if found:
            assert found.group(2) == said[found.group(1)].replace("{reviewers}", ""), path


def test_editorial_policy_lists_the_statuses_from_the_table(site_pages):
    html = site_pages["about/editorial-policy/index.html"]
    for status in shape.REVIEW_STATUSES:
        assert f"<em>{status.label}</em>: {status.meaning}" in html
    assert "generated: review-statuses" not in html


def test_tooltips_mark_only_the_first_use_of_each_term(site_pages):
    pages_with_repeats = 0
    for path, html in site_pages.items():
        main = html.split('<article', 1)[-1].split("</article>", 1)[0]
        marked = Counter(word.casefold() for word in re.findall(r"<abbr title=\"[^\"]*\">([^<]+)</abbr>", main))
        assert not [w for w, n in marked.items() if n > 1], f"{path}: a term carries its tooltip twice"
        pages_with_repeats += any(main.count(f">{w}<") + main.count(f" {w} ") > 1 for w in marked)
    assert pages_with_repeats >= 5  # the rule has something to do: terms do recur on pages


def test_the_glossary_page_has_no_tooltips(site_pages):
    html = site_pages["reference/glossary/index.html"]
    assert "<abbr" not in html.split('<article', 1)[-1].split("</article>", 1)[0]


def test_the_repository_address_is_filled_in_everywhere(site_pages):
    assert not [path for path, html in site_pages.items() if "{repo_url}" in html]
