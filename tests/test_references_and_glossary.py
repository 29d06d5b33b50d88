"""Citations, the per-page reference lists, the Bibliography page and the glossary, in the built HTML."""
from __future__ import annotations

import html as htmllib
import re
from collections import Counter

from conftest import ROOT
from pmlsources import bibliography
from pmlcheck import citations
from pmlrender import tooltips
from pmlsources import glossary
from pmlsources.pages import content_pages


def test_no_unresolved_citation_in_any_page(site_pages):
    for path, html in site_pages.items():
        if path.startswith("about/contributing"):
            continue  # the contributor guide shows citation syntax as code on purpose
        text = re.sub(r"<code>.*?</code>|<pre.*?</pre>", "", html, flags=re.DOTALL)
        assert "[@" not in text, f"{path}: unresolved citation"


def test_every_cited_key_is_in_that_pages_reference_list(site_pages):
    pages = content_pages()
    checked = 0
    for page in pages:
        keys = {k for _line, k in citations.cited_keys(page.read_text(encoding="utf-8"))}
        if not keys:
            continue
        rel = page.relative_to(ROOT / "docs").with_suffix("")
        built = "index.html" if rel.name == "index" and len(rel.parts) == 1 else \
            (f"{rel.parent}/index.html" if rel.name == "index" else f"{rel}/index.html")
        html = site_pages[built]
        assert 'id="references"' in html, f"{built}: no References heading"
        for key in keys:
            assert f'id="fn:{key}"' in html, f"{built}: [@{key}] is not in the page's reference list"
            assert f'href="#fn:{key}"' in html, f"{built}: no numbered link to {key} in the text"
        checked += 1
    assert checked >= 20


def test_content_pages_cite_at_least_three_sources():
    for page in content_pages():
        parts = page.relative_to(ROOT / "docs").parts
        if parts[0] in ("patients", "medicines", "clinicians") and page.name != "index.md":
            keys = {k for _l, k in citations.cited_keys(page.read_text(encoding="utf-8"))}
            assert len(keys) >= 3, f"{page.name}: only {len(keys)} distinct references"


def test_dois_and_pubmed_ids_are_links(site_pages):
    bib, _ = bibliography.load()
    html = site_pages["reference/bibliography/index.html"]
    for key, entry in bib.entries.items():
        block = re.search(rf'id="source-{key}"(.*?)</div>', html, re.DOTALL)
        assert block, f"no bibliography entry for {key}"
        body = block.group(1)
        if "doi" in entry.fields:
            doi = htmllib.escape(entry.fields["doi"], quote=True)
            assert f'href="https://doi.org/{doi}"' in body, f"{key}: DOI is not a https://doi.org link"
        if "pmid" in entry.fields:
            assert f'href="https://pubmed.ncbi.nlm.nih.gov/{entry.fields["pmid"]}/"' in body, f"{key}: no PubMed link"
        if "url" in entry.fields and "doi" not in entry.fields:
            assert "href=\"https://" in body, f"{key}: web address is not a link"


def test_bibliography_page_lists_exactly_the_bib_entries_once(site_pages):
    bib, _ = bibliography.load()
    html = site_pages["reference/bibliography/index.html"]
    listed = re.findall(r'id="source-([\w-]+)"', html)
    assert Counter(listed) == Counter(list(bib.entries)), "Bibliography page and bibliography.bib differ"
    assert f"{len(bib.entries)} sources" in html
    assert not re.search(r"\d--\d", html), "a BibTeX '--' range shows as two hyphens instead of an en dash"


def test_bibliography_cited_on_links_lead_to_citing_pages(site_pages):
    html = site_pages["reference/bibliography/index.html"]
    block = re.search(r'id="source-berger2013pml"(.*?)</div>', html, re.DOTALL).group(1)
    targets = re.findall(r'Cited on:(.*?)</p>', block, re.DOTALL)[0]
    links = re.findall(r'href="([^"]+)"', targets)
    assert links, "berger2013pml has no 'cited on' links"
    for link in links:
        built = "reference/bibliography/" + link
        parts = []
        for part in built.split("/"):
            if part == "..":
                parts.pop()
            elif part:
                parts.append(part)
        path = "/".join(parts) + "/index.html" if parts else "index.html"
        assert path in site_pages, f"'cited on' link {link} leads nowhere"
        assert "berger2013pml" in site_pages[path]


def test_pages_carry_glossary_tooltips_with_the_right_definition(site_pages):

    terms, _ = glossary.load()
    tips = tooltips.tooltips(terms)
    spanish = tooltips.tooltips(glossary.load_translated(ROOT, ROOT / "docs", None)[0], tooltips.plural_es)
    pages_with_tooltips = 0
    for path, html in site_pages.items():
        found = re.findall(r'<abbr title="([^"]*)">([^<]+)</abbr>', html)
        if found:
            pages_with_tooltips += 1
        for title, word in found:
            expected = (spanish if path.startswith("es/") else tips)[htmllib.unescape(word)]  # each page's own glossary
            assert htmllib.unescape(title) == expected, f"{path}: wrong tooltip for {word}"
    assert pages_with_tooltips >= 25
    what = site_pages["patients/what-is-pml/index.html"]
    pml = next(t for t in terms if t.term == "PML")
    assert f'<abbr title="{htmllib.escape(pml.definition, quote=True)}">PML</abbr>' in what


def test_glossary_page_lists_every_term_exactly_once(site_pages):
    terms, _ = glossary.load()
    html = site_pages["reference/glossary/index.html"]
    anchors = re.findall(r'<dt id="(term-[\w-]+)"', html)
    assert Counter(anchors) == Counter(t.anchor for t in terms)
    for letter in {t.letter for t in terms}:
        assert f'href="#letter-{letter.lower()}"' in html, f"no jump link for {letter}"
    with_more = [t for t in terms if t.read_more]
    assert html.count("Read more about") == len(with_more)


def test_reference_lists_are_kept_out_of_the_search_index(built_site):
    import json

    index = json.loads((built_site["dir"] / "search" / "search_index.json").read_text())
    docs = index["docs"]
    content = [d for d in docs if d["location"].startswith(("patients/", "medicines/", "clinicians/"))]
    assert content, "no content pages in the search index"
    assert not [d["location"] for d in content if "doi.org" in d["text"] or "PubMed:" in d["text"]]
    # ...while the Bibliography page stays searchable by author and title.
    # (each section's words beyond its teaser are in the `words` field, lower-cased: pmlrender/search.py)
    assert any(d["location"].startswith("reference/bibliography/") and "berger" in d.get("words", "") for d in docs)


def test_no_citation_mark_is_left_and_search_has_no_citation_numbers(built_site, site_pages):
    import json

    for name, html in site_pages.items():
        assert not re.search(r"\[\^[\w-]+\]", html), f"{name}: a citation was not drawn"
    for index_file in ("search/search_index.json", "es/search/search_index.json"):  # in every language
        index = (built_site["dir"] / index_file).read_text()
        assert "footnote-ref" not in index and "fnref" not in index and "pml-cite" not in index, index_file
        assert not re.search(r"[a-zñ]<sup>\d+</sup>", index), f"{index_file}: citation numbers are indexed"
    index = (built_site["dir"] / "search" / "search_index.json").read_text()
    what = next(d for d in json.loads(index)["docs"] if d["location"] == "patients/what-is-pml/")
    assert "brain infection" in what["text"]


def test_one_citation_followed_from_markdown_to_html(site_pages):
    """The first [@key] of a page, followed through the build: the page's first mark, numbered 1
    and named for a screen reader, leading to item 1 of the page's list, which holds that entry's
    reference (its title from bibliography.bib) and leads back to the mark."""
    source = (ROOT / "docs" / "patients" / "what-is-pml.md").read_text(encoding="utf-8")
    key = re.search(r"\[@([\w-]+)", source).group(1)
    title = re.sub(r"[{}]", "", bibliography.load(ROOT / "bibliography.bib")[0].entries[key].fields["title"])
    html = site_pages["patients/what-is-pml/index.html"]
    # (Material's search plugin has read the page and removed its data-search-exclude attributes.)
    first = re.search(r'<sup id="fnref:([\w-]+)"><a aria-label="Reference (\d+)" '
                      r'class="footnote-ref" href="#fn:([\w-]+)">(\d+)</a></sup>', html)
    assert first and first.groups() == (key, "1", key, "1"), first
    listing = html[html.index('<div class="footnote" id="references">'):]
    item = re.search(r'<li id="fn:([\w-]+)">\s*<p>(.*?)</p>\s*</li>', listing, re.S)
    assert item and item.group(1) == key, "item 1 of the list is not the first source cited"
    assert title.split(":")[0][:40].casefold() in htmllib.unescape(re.sub(r"<[^>]+>", "", item.group(2))).casefold()
    assert f'href="#fnref:{key}"' in item.group(2)
