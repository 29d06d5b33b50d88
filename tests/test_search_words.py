"""Reader words: one source for each word readers type, and the index entries they reach."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from pmlrender import search
from pmlcheck import frontmatter
from pmlsources import search_words
from pmlsources.glossary import Term

FRONT = "---\ntitle: T\ndescription: D.\naudience: patients\nlast_reviewed: 2026-11-22\nnext_review: 2027-11-22\nreview_status: draft\n"


def page(docs: Path, name: str, keywords: str, body: str = "# T\n\n## Can I catch it?\n\nText.\n") -> Path:
    path = docs / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FRONT + keywords + "---\n\n" + body, encoding="utf-8")
    return path


def term(name, aliases=(), read_more="", line=1):
    return Term(name, "A definition.", line, list(aliases), "", read_more, [])


@pytest.mark.parametrize("value", [
    ["tysbari", "natalizamab"],
    {"page": ["tysbari"], "can-i-catch-it": ["contagious", "pass it on"]},
])
def test_valid_search_keywords_pass_the_front_matter_check(value):
    assert search_words.shape_error(value) is None


@pytest.mark.parametrize("value, says", [
    ("tysbari", "not a list"),
    ([], "not a list"),
    ({"Can I catch it": ["x"]}, "heading's anchor"),
    (["<b>x</b>"], "not a plain word"),
    ([["nested"]], "not a plain word"),
    (["x" * 41], "at most 40"),
    ([f"w{i}" for i in range(41)], "more than 40"),
])
def test_bad_search_keywords_are_located_front_matter_problems(value, says):
    assert says in search_words.shape_error(value)
    text = FRONT + "search_keywords: " + repr(value).replace("'", '"') + "\n---\n\n# T\n"
    problems = frontmatter.check_text(text, "docs/patients/x.md", folder="patients")
    assert [p.line for p in problems if "search_keywords" in p.message] == [8], problems


def test_anchors_follow_the_toc_extension():
    text = "# Title\n\n## Can I catch PML from someone who has it?\n\n### [Rituximab](x.md) and *more*\n\n## Kept {#own-id}\n"
    assert search_words.anchors(text) == {"title", "can-i-catch-pml-from-someone-who-has-it", "rituximab-and-more", "own-id"}


def test_glossary_aliases_lead_to_the_read_more_page_and_page_words_to_their_section(tmp_path):
    docs = tmp_path / "docs"
    faq = page(docs, "patients/faq.md", "search_keywords:\n  page: [tysbari]\n  can-i-catch-it: [contagious]\n")
    terms = [term("natalizumab", ["Tysabri"], "medicines/natalizumab.md"), term("antibody")]
    words, problems = search_words.collect([faq], terms, docs, tmp_path)
    assert problems == []
    assert {(w.text, w.page, w.anchor) for w in words} == {
        ("natalizumab", "medicines/natalizumab.md", ""), ("Tysabri", "medicines/natalizumab.md", ""),
        ("tysbari", "patients/faq.md", ""), ("contagious", "patients/faq.md", "can-i-catch-it")}


def test_a_word_written_twice_is_a_located_problem(tmp_path):
    docs = tmp_path / "docs"
    first = page(docs, "patients/a.md", "search_keywords: [contagious]\n")
    second = page(docs, "patients/b.md", "search_keywords: [Contagious, spinal-tap, memory]\n")
    terms = [term("lumbar puncture", ["spinal tap"], "patients/diagnosis.md", line=40), term("memory", line=7)]
    _words, problems = search_words.collect([first, second], terms, docs, tmp_path)
    assert [(p.path, p.line) for p in problems] == [("docs/patients/b.md", 8)] * 3
    messages = " ".join(p.message + p.fix for p in problems)
    assert "'Contagious' is already written in docs/patients/a.md" in messages
    assert "'spinal-tap' is already written in glossary.yml line 40" in messages
    assert "give that glossary term a read_more page" in messages  # 'memory' has none


def test_an_anchor_that_is_no_heading_is_a_located_problem(tmp_path):
    docs = tmp_path / "docs"
    faq = page(docs, "patients/faq.md", "search_keywords:\n  can-i-get-it: [contagious]\n")
    _words, problems = search_words.collect([faq], [], docs, tmp_path)
    assert len(problems) == 1 and problems[0].line == 8 and "can-i-catch-it" in problems[0].fix


def test_the_site_has_no_word_written_twice():
    from conftest import ROOT
    from pmlsources.pages import content_pages

    from pmlsources import shape

    from pmlcheck import translations

    docs = ROOT / "docs"
    pages = content_pages(docs)
    english = [p for p in pages if shape.language_of(p, docs) == "en"]  # each language has its own index, as in suite.py
    assert search_words.check(english, docs, ROOT) == []
    assert search_words.check([p for p in pages if p not in english], docs, ROOT, translations.GLOSSARY) == []


def _index():
    return {"config": {}, "docs": [
        {"location": "patients/faq/", "title": "FAQ", "text": "..."},
        {"location": "patients/faq/#can-i-catch-it", "title": "Can I catch it?", "text": "No."},
        {"location": "medicines/natalizumab/", "title": "Natalizumab", "text": "..."}]}


def test_words_go_to_their_section_else_to_the_page_and_nowhere_visible():
    W = search_words.Word
    words = [W("contagious", "patients/faq.md", "can-i-catch-it", "x", 1),
             W("Tysabri", "medicines/natalizumab.md", "", "x", 1),
             W("tysbari", "medicines/natalizumab.md", "", "x", 1),
             W("tysabri", "medicines/natalizumab.md", "", "x", 1),  # same word, other case: once
             W("stale", "patients/faq.md", "gone-heading", "x", 1),  # an anchor not built: the page
             W("lost", "patients/not-built.md", "", "x", 1)]
    urls = {"patients/faq.md": "patients/faq/", "medicines/natalizumab.md": "medicines/natalizumab/"}
    index = search.add_reader_words(_index(), words, urls.get)
    by = {e["location"]: e for e in index["docs"]}
    assert by["patients/faq/#can-i-catch-it"]["keywords"] == "contagious"
    assert by["medicines/natalizumab/"]["keywords"] == "Tysabri, tysbari"
    assert by["patients/faq/"]["keywords"] == "stale"
    assert all(e["title"] in ("FAQ", "Can I catch it?", "Natalizumab") for e in index["docs"])
    assert "lost" not in str(index)


def test_the_bibliography_is_searched_by_authors_and_titles_without_numbers_or_cited_on_lines():
    from conftest import searched
    from pmlrender import reference_lists

    rendered = {"a": 'Smith J. A title. <em>Neurology</em>. 2013;80(15):1430-1438. doi:<a href="https://doi.org/10.1212/x">'
                     '10.1212/x</a> PubMed: <a href="https://pubmed.ncbi.nlm.nih.gov/1/">1</a>',
                "b": 'Web page. Accessed November 22, 2026. <a href="https://x.org/b">https://x.org/b</a>'}
    entries = {key: SimpleNamespace(fields={"uncited": "kept for the record"}) for key in rendered}
    html = reference_lists.bibliography_html(entries, rendered, {"a": [("What is the outlook?", "../../patients/outlook/")]})
    assert "1430-1438" in html and "Accessed November" in html and "outlook" in html  # the page shows them all
    out = searched(html)
    assert "Smith J. A title. Neurology. 2013" in out and "Web page." in out
    for gone in ("outlook", "https://", "Accessed", "1430", "10.1212", "PubMed", "Cited on", "kept for"):
        assert gone not in out, gone


def test_the_glossary_is_searched_by_its_terms_and_their_other_names_only():
    import markdown

    from conftest import searched
    from pmlrender import reference_pages

    terms = [Term(term="antibody", definition="A protein.", line=1, pronunciation="AN-tee-bod-ee", read_more="patients/what-is-pml.md"),
             Term(term="AIDS", definition="The most advanced stage of HIV.", line=2, aliases=["acquired immunodeficiency syndrome"])]
    html = markdown.markdown(reference_pages.page_markdown(terms, "reference/glossary.md"),
                             extensions=["md_in_html", "attr_list", "toc"])
    assert "A protein." in html and "AN-tee" in html and "Read more about antibody" in html  # the page shows them
    out = searched(html)
    assert "antibody" in out and "AIDS" in out and "Also called: acquired immunodeficiency syndrome." in out
    for gone in ("AN-tee", "Read more", "A protein.", "advanced stage"):
        assert gone not in out, gone


def test_pictures_leave_the_index_and_pages_about_the_guide_keep_headings_and_first_paragraphs():
    from conftest import searched

    figure = "<p>Before.</p>" + iconarray_figure() + "<p>After.</p>"
    assert "squares" in figure and "".join(searched(figure).split()) == "<p>Before.</p><p>After.</p>"
    about = {"docs": [{"location": "about/privacy/", "title": "Privacy", "text": "<p>Lead.</p> <p>More.</p>"},
                      {"location": "about/privacy/#a", "title": "What we do not do", "text": "<ul><li>x</li></ul> <p>First.</p> <p>Second.</p>"},
                      {"location": "about/privacy/#b", "title": "The host", "text": ""},
                      {"location": "patients/faq/", "title": "FAQ", "text": "<p>One.</p> <p>Two.</p>"}]}
    texts = [d["text"] for d in search.lead_only(about)["docs"]]
    assert texts == ["<p>Lead.</p>", "<p>First.</p>", "", "<p>One.</p> <p>Two.</p>"]  # content pages keep every paragraph


def iconarray_figure() -> str:
    from pmlrender import iconarray
    from pmlsources.icondata import Row

    return iconarray.figure_html("x", [Row(id="x", label="People", count=4, out_of=1000, source="a", source_date="2014")])


def test_web_addresses_leave_the_index():
    index = {"docs": [{"location": "patients/support/", "title": "Support", "text": "<p>Website: https://ms-uk.org and more.</p>"}]}
    assert search.without_addresses(index)["docs"][0]["text"] == "<p>Website:  and more.</p>"


def _boxed(location, own):
    box = "<p>Emergency: Call an ambulance or your local emergency number now if:</p> <ul> <li>someone has a fit for the first time</li> </ul>"
    return {"location": location, "title": "T", "text": f"<p>{own}</p> {box}"}


def test_text_on_three_pages_or_more_leaves_the_index_and_text_on_two_stays():
    index = {"docs": [_boxed("a/", "Own words of a."), _boxed("b/#s", "Own words of b."), _boxed("c/", "Own words of c.")]}
    texts = [e["text"] for e in search.without_boilerplate(index)["docs"]]
    assert texts == ["<p>Own words of a.</p>", "<p>Own words of b.</p>", "<p>Own words of c.</p>"]
    two = {"docs": [_boxed("a/", "A."), _boxed("a/#s", "A, again."), _boxed("b/", "B.")]}  # two pages, three entries
    assert all("Emergency" in e["text"] for e in search.without_boilerplate(two)["docs"])


def test_clinician_pages_weigh_less_and_a_page_boost_is_kept():
    index = {"docs": [{"location": "clinicians/imaging/", "title": "MRI", "text": ""},
                      {"location": "clinicians/imaging.html#x", "title": "MRI", "text": "", "boost": 2},
                      {"location": "patients/diagnosis/", "title": "MRI scan", "text": ""},
                      {"location": "", "title": "Home", "text": ""}]}
    docs = search.weighed_by_audience(index, {"clinicians": 0.25})["docs"]
    assert [d.get("boost") for d in docs] == [0.25, 0.5, None, None]


def test_results_show_a_teaser_and_the_rest_is_searched_as_distinct_words():
    sep = r"[\s\-,:;!?=\[\]()\"/]+|\.(?!\d)"
    long = "The virus is common. " + "Most people who carry the virus never get ill from it at all. " * 4 + "Ask your team."
    index = {"config": {"separator": sep}, "docs": [
        {"location": "a/", "title": "A", "text": "<p>In short</p> <ul> <li>" + long + "</li> </ul>"},
        {"location": "b/", "title": "B", "text": "<p>" + "word " * 100 + "end.</p>"},
        {"location": "c/", "title": "C", "text": ""}]}
    a, b, c = search.teaser_and_words(index)["docs"]
    assert a["text"] == "<p>The virus is common." + " Most people who carry the virus never get ill from it at all." * 2 + "</p>"
    assert a["words"] == "ask team"  # the rest: once each, without stop words or the teaser's words
    assert b["text"].endswith(" …</p>") and len(b["text"]) <= search.TEASER_CHARS + 10 and b["words"] == "end"
    assert c["text"] == "" and search.WORDS not in c


def test_the_index_fields_include_the_words_field():
    import yaml

    from conftest import ROOT

    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    fields = config["plugins"]["search"]["fields"]
    assert fields[search.WORDS] == fields["text"], "the words of a section weigh what its text weighed"


def test_a_glossary_word_is_added_only_where_the_page_does_not_already_use_it():
    W = search_words.Word
    words = [W("Natalizumab", "medicines/natalizumab.md", "", "glossary.yml", 1, glossary=True),  # in the title
             W("catch", "patients/faq.md", "", "glossary.yml", 1, glossary=True),  # in a section title
             W("Tysabri", "medicines/natalizumab.md", "", "glossary.yml", 1, glossary=True),
             W("no", "patients/faq.md", "", "docs/patients/faq.md", 8)]  # a page's own word: always
    urls = {"patients/faq.md": "patients/faq/", "medicines/natalizumab.md": "medicines/natalizumab/"}
    by = {e["location"]: e for e in search.add_reader_words(_index(), words, urls.get)["docs"]}
    assert by["medicines/natalizumab/"]["glossary"] == "Tysabri" and "keywords" not in by["medicines/natalizumab/"]
    assert by["patients/faq/"]["keywords"] == "no" and "glossary" not in by["patients/faq/"]


def test_words_typed_without_accents_weigh_as_the_words_they_come_from():
    """Spanish readers type "comun" for "común": a title's words lose their accents in a field
    weighted as titles, the text's in one weighted as text, and a reader word keeps its plain form
    beside it, in its own field (docs/_data/languages.yml gives the weights)."""
    from pmlrender import language

    index = {"docs": [{"location": "p/", "title": "¿Qué tan rara es?", "text": "<p>Un país, <em>sin</em> más.</p>",
                       "keywords": "qué tan común, frecuente", "glossary": "síndrome, SIRI"}]}
    entry = language.unaccented(index)["docs"][0]
    assert entry["sin_tildes_titulo"] == "Que" and entry["sin_tildes"] == "mas pais"
    assert entry["keywords"] == "qué tan común, frecuente, que tan comun"
    assert entry["glossary"] == "síndrome, SIRI, sindrome"
    fields = language.load(Path(__file__).parents[1] / "docs")["es"].search["fields"]
    assert fields["sin_tildes_titulo"] == fields["title"] and fields["sin_tildes"] == fields["text"]
