"""The build's steps (scripts/pmlrender), one promise of the hook per test, without MkDocs.

Each function here is what a handler in the pml-guide plugin (scripts/pmlplugin/plugin.py) calls; the built-site tests
(test_build.py, test_references_and_glossary.py) check the same promises end to end.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

from pmlcheck import html_allowlist
from pmlrender import csp, generated, reference_pages, references, search, site, tooltips
from pmlplugin.state import BuildState

ABBR_PML = '<abbr title="progressive multifocal leukoencephalopathy">PML</abbr>'
ABBR_JC = '<abbr title="John Cunningham virus">JC virus</abbr>'


# Tooltips: first use of each term on a page only; none on the Glossary page.

def test_tooltips_stay_on_the_first_use_of_each_term_only():
    html = f"<p>{ABBR_PML} is rare. {ABBR_JC} causes {ABBR_PML}.</p><p>{ABBR_PML} again.</p>"
    out = tooltips.first_use_only(html)
    assert out.count("<abbr") == 2
    assert out == f"<p>{ABBR_PML} is rare. {ABBR_JC} causes PML.</p><p>PML again.</p>"


def test_first_use_is_counted_without_regard_to_case():
    html = '<abbr title="a brain scan">MRI</abbr> then <abbr title="a brain scan">mri</abbr>'
    assert tooltips.first_use_only(html) == '<abbr title="a brain scan">MRI</abbr> then mri'


def test_the_glossary_page_has_no_tooltips_and_others_keep_their_first():
    html = f"<dt>{ABBR_PML}</dt><dd>{ABBR_JC} and {ABBR_JC}</dd>"
    assert tooltips.thin(html, glossary_page=True) == "<dt>PML</dt><dd>JC virus and JC virus</dd>"
    assert tooltips.thin(html, glossary_page=False) == f"<dt>{ABBR_PML}</dt><dd>{ABBR_JC} and JC virus</dd>"


def test_quicker_abbr_marks_exactly_what_the_abbr_extension_marks():
    """The trie-shaped expression (tooltips.QuickerAbbr) against the extension's own alternation,
    on overlapping terms, terms inside words, punctuation and a term that is a prefix of another."""
    import random
    import re

    import markdown

    terms = {"JC": "a virus", "JC virus": "John Cunningham virus", "PML": "a brain infection", "PML-IRIS": "a reaction",
             "MRI": "a scan", "T1": "an image", "é-test": "accents", "a.b": "dots", "IRIS": "swelling"}
    random.seed(22)
    pieces = [*terms, "JCV", "xJC", "PMLs", "MRIs", " ", " ", ", ", "-", ".", "word", "é"]
    texts = ["".join(random.choice(pieces) for _ in range(random.randint(1, 12))) for _ in range(300)]
    alternation = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(terms, key=len, reverse=True)) + r")\b")
    quicker = tooltips._expression(frozenset(terms))
    for text in texts:
        assert [m.span() for m in quicker.finditer(text)] == [m.span() for m in alternation.finditer(text)], text
    page = "\n\n".join(texts) + "\n\n*[T1]: page's own term\n\n`JC virus in code`"
    plain = markdown.markdown(page, extensions=["abbr"], extension_configs={"abbr": {"glossary": terms}})
    quick = markdown.markdown(page, extensions=["abbr", tooltips.QuickerAbbr()],
                              extension_configs={"abbr": {"glossary": terms}})
    assert quick == tooltips.first_use_only(plain) and plain.count("<abbr") > 150
    assert quick.count("<abbr") == len({m.casefold() for m in re.findall(r"<abbr [^>]*>([^<]*)</abbr>", plain)})


def test_quicker_abbr_draws_the_first_use_in_reading_order():
    """First uses as first_use_only counts them over the page's HTML: in reading order (a parent's
    text, its children, their tails), case-folded and escaped, across nested elements and tables."""
    import markdown

    terms = {"PML": "a brain infection", "pml": "lower case", "JC": "a virus", "A&B": "an ampersand", "a&b": "another"}
    page = ("Intro *with PML and **JC** inside* then PML, pml.\n\n| PML | JC |\n|---|---|\n| A&B | a&b |\n\n"
            "- a list with [a link to JC](x.md) and pml\n    - nested PML\n\nA&B and a&B at the end, JC.")
    plain = markdown.markdown(page, extensions=["abbr", "tables"], extension_configs={"abbr": {"glossary": terms}})
    quick = markdown.markdown(page, extensions=["abbr", "tables", tooltips.QuickerAbbr()],
                              extension_configs={"abbr": {"glossary": terms}})
    assert quick == tooltips.first_use_only(plain) != plain
    assert tooltips.thin(quick, glossary_page=True) == tooltips.thin(plain, glossary_page=True)



def test_marks_are_named_in_reading_order_with_or_without_marks_in_raw_html():
    """The second and later marks of a source (fnref2:, fnref3:) follow the reading order, in
    nested lists, tables and emphasis; the marks of a raw HTML block are read where it stands
    (reference_lists._name_marks: the elements' order alone when no raw block holds a mark)."""
    from test_checks import convert

    body = ("*Lead [^a]* text.\n\n- item [^b]\n    - nested [^a]\n- next [^c]\n\n| x [^b] | y [^a] |\n|---|---|\n"
            "| z [^c] | w [^a] |\n\nEnd [^b].\n\n")
    defs = "[^a]: A\n[^b]: B\n[^c]: C\n"
    rendered = {"a": "A.", "b": "B.", "c": "C."}
    for raw in ("", '<div markdown="0">Raw [^c] here</div>\n\n'):
        html, drawn = convert(body.replace("End", raw + "End") + defs, rendered)
        ids = re.findall(r'id="(fnref\d*:\w)"', html)
        for key in "abc":
            mine = [i for i in ids if i.endswith(":" + key)]
            assert mine == [f"fnref{n if n > 1 else ''}:{key}" for n in range(1, len(mine) + 1)], (key, ids)
        assert set(ids) == drawn and len(ids) == 9 + bool(raw)


# Search: the index reads the page without its reference list or citation numbers.

def test_search_skips_citation_marks_and_the_reference_list():
    """Material's own search parser, fed a page as the build draws it, indexes neither the marks
    (nor the commas between them) nor the list: they carry data-search-exclude."""
    from material.plugins.search.plugin import Parser

    from test_checks import convert

    html, _drawn = convert("PML is rare [^a]. Phase 12 [^a] [^b].\n\n[^a]: A\n[^b]: B\n",
                           {"a": "Author A. Title.", "b": "Author B."})
    assert html.count("footnote-ref") == 2 and "Author A" in html  # drawn for readers...
    parser = Parser()
    parser.feed(html)
    parser.close()
    text = " ".join("".join(section.text) for section in parser.data)
    assert "<p>PML is rare. Phase 12.</p>" in text  # ...and not indexed
    assert "Author" not in text and "," not in text and re.findall(r"\d+", text) == ["12"]


def test_index_shapers_run_in_order_over_the_written_index(tmp_path):
    index = tmp_path / "search_index.json"
    index.write_text(json.dumps({"docs": [{"location": "a/", "text": "x"}, {"location": "b/", "text": "y"}]}))
    assert search.shape_index(index, shapers=[]) is False  # nothing to do: the file is left alone
    drop_b = lambda data: {**data, "docs": [d for d in data["docs"] if d["location"] != "b/"]}  # noqa: E731
    mark = lambda data: {**data, "docs": [{**d, "text": d["text"] + "!"} for d in data["docs"]]}  # noqa: E731
    assert search.shape_index(index, shapers=[drop_b, mark]) is True
    assert json.loads(index.read_text()) == {"docs": [{"location": "a/", "text": "x!"}]}
    assert search.shape_index(tmp_path / "missing.json", shapers=[mark]) is False


# CSP: only the theme's own inline scripts, by hash, from a fixed list (pmlrender/theme_scripts.py).

def test_csp_approves_the_theme_scripts_and_nothing_taken_from_a_page():
    from pmlrender import theme_scripts

    policy = csp.policy("https://example.org/guide/")
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src "))
    approved = set(script_src.split()[2:])
    assert approved == set(theme_scripts.hashes("https://example.org/guide/")) and len(approved) >= 10
    assert theme_scripts.sha256("alert(1)") not in approved and "'unsafe-inline'" not in policy
    palette = next(s["body"] for s in theme_scripts.pinned()["scripts"] if "palette" in s["template"])
    assert theme_scripts.sha256(palette) in approved
    scope = next(s["body"] for s in theme_scripts.pinned()["scripts"] if s["template"].endswith("base.html"))
    for base in (".", "../..", "/guide/"):  # the forms of the base URL a page (or the 404 page) has
        assert theme_scripts.sha256(scope.replace("{{ config.extra.scope | d(base_url) }}", base)) in approved


def test_csp_drops_unsafe_inline_styles_and_names_file_only_offline_for_styles():
    online, offline = csp.directives("https://example.org/"), csp.directives("https://example.org/", offline=True)
    assert online["style-src"] == "'self'" and "file:" not in csp.policy("https://example.org/")
    assert "file:" in offline["style-src"] and offline["object-src"] == "'none'" and offline["base-uri"] == "'none'"
    assert not any("file:" in offline[name] for name in ("script-src", "img-src", "frame-src", "child-src", "default-src"))
    assert len(offline["script-src"].split()) > len(online["script-src"].split())  # the search shim's iframe script
    printed = csp.directives("https://example.org/", offline=True, print_edition=True)
    assert len(printed["script-src"].split()) == len(offline["script-src"].split()) + 1


# References: pandoc's Markdown tidied, rendered once, cached by its inputs.

def test_references_are_tidied_for_readers():
    text = "[Zhovtis Ryerson]{.nocase} L. Title. 2019;1988--2013."
    assert references.tidy(text, "") == "Zhovtis Ryerson L. Title. 2019;1988\u20132013."
    linked = references.tidy("A. Title.", "123")
    assert linked == "A. Title. PubMed: [123](https://pubmed.ncbi.nlm.nih.gov/123/)"
    assert references.tidy(linked, "123") == linked  # never linked twice
    assert references.to_html("*Lancet*. 2019.") == "<em>Lancet</em>. 2019."


def test_reference_cache_is_keyed_by_its_inputs_and_keeps_one_file(tmp_path, monkeypatch):
    monkeypatch.delenv("PML_GUIDE_NO_CACHE", raising=False)
    first = references.cache_file(tmp_path, "@a{x}", b"<csl/>", "3.1")
    assert first == references.cache_file(tmp_path, "@a{x}", b"<csl/>", "3.1")
    assert first != references.cache_file(tmp_path, "@a{y}", b"<csl/>", "3.1")
    assert first != references.cache_file(tmp_path, "@a{x}", b"<csl/>", "3.2")
    assert references.read_cache(first, html_allowlist.inline_html_allowed) == ({}, {})
    references.write_cache(first, {"x": "md"}, {"x": "html"})
    assert references.read_cache(first, html_allowlist.inline_html_allowed) == ({"x": "md"}, {"x": "html"})
    other = references.cache_file(tmp_path, "@a{y}", b"<csl/>", "3.1")
    references.write_cache(other, {"y": "md"}, {"y": "html"})
    assert not first.exists() and other.exists()  # an old bibliography's cache does not pile up
    monkeypatch.setenv("PML_GUIDE_NO_CACHE", "1")
    assert references.read_cache(other, html_allowlist.inline_html_allowed) == ({}, {})


def test_every_entry_is_tidied_and_rendered_even_if_pandoc_missed_it():
    md, html = references.tidied({"a": "A. *T*."}, {"a": "", "b": "9"})
    assert md == {"a": "A. *T*.", "b": " PubMed: [9](https://pubmed.ncbi.nlm.nih.gov/9/)"}
    assert html["a"] == "A. <em>T</em>."


def test_no_plugin_means_no_formatted_references():
    assert references.finish(references.start(None, SimpleNamespace(text=""), Path("."), html_allowlist.inline_html_allowed)) == {}



def test_pandoc_failing_stops_the_build_with_the_bibliography_named(monkeypatch):
    """A pandoc that fails, cannot start or hangs (bibtex_seam raises) is a located stop of the
    build, never a traceback; the run started early is stopped whatever happens."""
    import pytest
    from mkdocs.exceptions import PluginError

    from pmlplugin import plugin as plugin_module
    from pmlsources import bibtex_seam

    stopped = []
    run = SimpleNamespace(stop=lambda: stopped.append(True))
    for error in (RuntimeError('Pandoc died with exitcode "64" during conversion: bad'), TimeoutError("took too long"),
                  FileNotFoundError("No pandoc was found")):
        def fail(*_args, error=error):
            raise error
        monkeypatch.setattr(bibtex_seam, "format_with_pandoc", fail)
        started = references.Started(reg=object(), bib=SimpleNamespace(data=None), missing=["a"], run=run)
        with pytest.raises(references.PandocError, match=str(error).split(":")[0]):
            references.finish(started)
        assert stopped.pop() is True  # stopped by finish itself
        state = BuildState(root=Path("."), docs=Path("docs"), bib=SimpleNamespace(path="bibliography.bib"),
                           references=started)
        with pytest.raises(PluginError, match=r"(?s)^bibliography.bib: pandoc could not format the references: .+\n    fix: "):
            plugin_module._finished(state)  # what on_files does after the page checks
        assert stopped.pop() is True

    def cannot_start(*_args):
        raise references.PandocError("pandoc could not start: [Errno 2] No such file or directory")
    monkeypatch.setattr(references, "start", cannot_start)
    plugin = plugin_module.PmlGuidePlugin()
    plugin.state.bib = SimpleNamespace(path="bibliography.bib")
    with pytest.raises(PluginError, match=r"^bibliography.bib: pandoc could not format the references: pandoc could not start"):
        plugin.on_pre_build(config=SimpleNamespace(plugins={}))
    plugin = plugin_module.PmlGuidePlugin()
    plugin.state.references = references.Started(run=run)
    plugin.on_build_error(error=ValueError("any"))
    assert stopped == [True]  # a build that stops leaves no pandoc running
    plugin_module.PmlGuidePlugin().on_build_error(error=ValueError("before on_pre_build"))  # nothing started: no error


# Site-wide pieces and the generated reference pages.

def test_repository_address_is_filled_from_the_configuration():
    assert site.fill_repo_url("See {repo_url}/issues.", "https://example.org/r/") == "See https://example.org/r/issues."
    assert site.fill_repo_url("No address.", None) == "No address."


def test_disclaimer_is_rendered_from_its_one_source(tmp_path):
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_includes" / "disclaimer.md").write_text("Not **medical advice**.")
    assert site.disclaimer_html(tmp_path) == "<p>Not <strong>medical advice</strong>.</p>"


def test_glossary_is_a_generated_block_reading_the_checked_terms():
    from pmlsources.glossary import Term

    text = "---\ntitle: G\n---\n\n<!-- generated: glossary -->\n"
    assert reference_pages.is_glossary_page(text) and not reference_pages.is_glossary_page("<!-- glossary -->")
    state = BuildState(root=Path("."), docs=Path("docs"))
    state.terms = [Term(term="JC virus", definition="A common virus.", line=3)]
    out = generated.expand(text, state.context("reference/glossary.md"))
    assert "<!-- generated: glossary -->" not in out
    assert "JC virus" in out and "A common virus." in out and 'id="term-jc-virus"' in out


def test_bibliography_listing_replaces_its_marker_only(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("---\ntitle: A page\n---\nText [@k].\n")
    entries = {"k": SimpleNamespace(fields={})}
    html = f"<h1>Sources</h1>\n{reference_pages.BIBLIOGRAPHY_MARKER}\n"
    out = reference_pages.fill_bibliography(html, entries, {"k": "K. Title."}, [page], link=lambda p: "../p/")
    assert reference_pages.BIBLIOGRAPHY_MARKER not in out
    assert 'id="source-k"' in out and '<a href="../p/">A page</a>' in out
    assert reference_pages.fill_bibliography("<p>x</p>", entries, {}, [page], link=str) == "<p>x</p>"
