"""The check functions called directly, on small inputs made here: the same code the build
hook and the scripts run."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from pmlsources import bibliography
from pmlcheck import citations, frontmatter, readability, safety, seen
from pmlrender import tooltips
from pmlsources import glossary

TODAY = dt.date(2026, 11, 22)
GOOD = ("---\ntitle: A page\ndescription: What this page answers.\naudience: patients\n"
        "last_reviewed: 2026-11-22\nnext_review: 2027-11-22\nreview_status: draft\n---\n\nText.\n")


def fm(text, folder="patients"):
    return frontmatter.check_text(text, "docs/patients/x.md", folder, today=TODAY)


def test_front_matter_good_page_passes():
    assert fm(GOOD) == []


@pytest.mark.parametrize("old,new,message", [
    ("audience: patients", "audience: clinicians", "does not match the folder"),
    ("review_status: draft", "review_status: reviewed", "unknown review_status"),
    ("review_status: draft", "review_status: clinically-reviewed", "no clinical_reviewers are named"),
    ("last_reviewed: 2026-11-22", "last_reviewed: 2027-01-01", "is in the future"),
    ("description: What this page answers.", "description: " + "x" * 161, "161 characters"),
    ("title: A page", "title: A page\nauthor: Someone", "unknown front-matter field 'author'"),
    ("next_review: 2027-11-22", "next_review: soon", "is not a valid date"),
])
def test_front_matter_problems(old, new, message):
    problems = fm(GOOD.replace(old, new))
    assert any(message in p.message for p in problems), problems
    assert all(p.fix for p in problems)


def test_bibliography_of_the_project_is_clean():
    bib, problems = bibliography.load()
    assert problems == [], "\n".join(map(str, problems))
    assert len(bib.entries) >= 50


def test_bibliography_reports_line_of_broken_entry(tmp_path):
    bad = tmp_path / "b.bib"
    bad.write_text("@article{good2020a,\n author={A, B},\n title={T},\n journal={J},\n year={2020},\n doi={10.1/a}\n}\n\n"
                   "@article{bad2020b,\n author={A, B},\n title={T\n journal={J},\n year={2020}\n}\n")
    _bib, problems = bibliography.load(bad, root=tmp_path)
    assert len(problems) == 1
    assert problems[0].line is not None and "bad2020b" in problems[0].message


def test_unknown_key_suggests_closest():
    problems = citations.unknown_keys("p.md", "Fact [@berger2013pm].\nMore [@berger2013pm].\n", {"berger2013pml", "x2020y"})
    assert len(problems) == 1
    assert problems[0].line == 1 and "also cited on line 2" in problems[0].message
    assert "[@berger2013pml]" in problems[0].fix


@pytest.mark.parametrize("line,flagged", [
    ("About 1 in 2 people survive [@a2020b].", False),
    ("About 1 in 2 people survive.", True),
    ("Survival was 55% at one year.", True),
    ("Phase 1 trials test safety.", False),
    ("The CD4 count and PD-1 are names.", False),
    ("It rose 3 times. It is rare [@a2020b].", True),
    ("See [page 2](x.md).", False),
])
def test_numbers_need_a_citation_in_their_sentence(line, flagged):
    problems = citations.uncited_numbers("p.md", "---\ntitle: t\n---\n" + line + "\n")
    assert bool(problems) is flagged, problems


def test_table_rows_are_covered_by_a_cited_caption():
    text = "Figures from one study [@a2020b].\n\n| Group | Risk |\n|---|---|\n| A | 1 in 10 |\n"
    assert citations.uncited_numbers("p.md", text) == []
    text = "Figures from one study.\n\n| Group | Risk |\n|---|---|\n| A | 1 in 10 |\n"
    assert len(citations.uncited_numbers("p.md", text)) == 1


def test_glossary_of_the_project_is_clean_and_large_enough():
    bib, _ = bibliography.load()
    terms, problems = glossary.load(known_keys=set(bib.entries))
    assert problems == [], "\n".join(map(str, problems))
    assert len(terms) >= 60


def _glossary(tmp_path, text):
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    return glossary.load(path, tmp_path / "docs", {"berger2013pml", "tan2009pmliris"}, root=tmp_path)


def test_glossary_mistyped_source_key_suggests_the_closest(tmp_path):
    _terms, [problem] = _glossary(tmp_path, "- term: myelin\n  definition: The fatty coating.\n  sources: [berger2013pm]\n")
    assert problem.line == 1 and "unknown source 'berger2013pm'" in problem.message
    assert problem.fix.startswith("did you mean 'berger2013pml'? ")


def test_glossary_out_of_order_names_the_term_it_belongs_before(tmp_path):
    text = "".join(f"- term: {t}\n  definition: A word.\n" for t in ("axon", "JC virus", "Édema", "myelin"))
    _terms, [problem] = _glossary(tmp_path, text)
    assert (problem.line, problem.message) == (5, "'Édema' is out of A to Z order (it comes after 'JC virus').")
    assert problem.fix == "move the entry to just before 'JC virus' (line 3)."
    sorted_text = "".join(f"- term: {t}\n  definition: A word.\n" for t in ("axon", "Édema", "JC virus", "myelin"))
    assert _glossary(tmp_path, sorted_text)[1] == []  # capitals and accents do not count


def test_a_key_cited_only_as_a_glossary_or_data_source_is_cited(tmp_path):
    from types import SimpleNamespace

    docs = tmp_path / "docs"
    (docs / "_data").mkdir(parents=True)
    page = docs / "a.md"
    page.write_text("A fact [@cited2020a].\n", encoding="utf-8")
    (tmp_path / "glossary.yml").write_text("- term: myelin\n  definition: A coat.\n  sources: [glossary2020a]\n")
    (docs / "_data" / "frequencies.yml").write_text("rows:\n  - id: x\n    source: data2020a\n")
    bib = SimpleNamespace(path="bibliography.bib", lines={}, entries={
        k: SimpleNamespace(fields={}) for k in ("cited2020a", "glossary2020a", "data2020a", "nobody2020a")})
    problems = citations.uncited_entries(bib, [page], citations.keys_in_data(tmp_path, docs))
    assert [p.message for p in problems] == ["entry 'nobody2020a' is not cited on any page."]


def test_a_page_missing_from_the_navigation_is_named_with_where_it_goes(tmp_path):
    from pmlsources import shape

    docs = tmp_path / "docs"
    for page in ("index.md", "patients/index.md", "patients/iris.md", "patients/new-page.md", "es/patients/iris.md"):
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text("# x\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nnav:\n  - Home: index.md\n  - Patients and families:\n"
                                         "      - patients/index.md\n      - patients/iris.md\n")
    pages = sorted(docs.rglob("*.md"))
    [problem] = shape.not_in_navigation(pages, docs, tmp_path)
    assert problem.path == "docs/patients/new-page.md" and "'patients/new-page.md' is not in the site's navigation" in problem.message
    assert problem.fix == ("add the line '- patients/new-page.md' under 'Patients and families' in the nav of mkdocs.yml, "
                           "after 'patients/iris.md'.")


def test_glossary_tooltips_cover_aliases_and_capitals():
    terms = [glossary.Term("myelin", "The fatty coating.", 1, aliases=["myelin sheath"])]
    tips = tooltips.tooltips(terms)
    assert tips["myelin"] == tips["Myelin"] == "The fatty coating."
    assert tips["myelin sheath"] == "myelin: The fatty coating."
    assert tips["myelin sheaths"] == tips["Myelin sheath"] == "myelin: The fatty coating."
    terms = [glossary.Term("antibody", "A protein.", 1), glossary.Term("MRI", "A scan.", 2)]
    tips = tooltips.tooltips(terms)
    assert tips["antibodies"] == tips["Antibodies"] == "A protein."
    assert "MRIs" not in tips


def test_safety_flags_each_rule_with_its_line():
    text = "ok\n<script>x</script>\n<a onclick='x'>y</a>\n<iframe></iframe>\n[a](http://x.org)\n"
    problems = safety.check_text(text, "p.md")
    assert [p.line for p in problems] == [2, 3, 4, 5]


def test_reading_level_strips_markup_and_citations():
    text = GOOD + "\n!!! abstract \"In short\"\n\n    - The cat sat [@berger2013pml].\n\n[A link](x.md) is here.\n"
    plain = readability.plain_text(text)
    assert "@" not in plain and "x.md" not in plain and "!!!" not in plain
    assert "The cat sat." in plain


def test_plain_language_pages_meet_the_reading_grade():
    from pmlsources.pages import content_pages

    pages = [p for p in content_pages() if readability.needs_plain_language(p)]
    assert len(pages) >= 15
    grades = seen.grade_files(pages, ROOT, ROOT / "docs")
    problems = readability.check_grades(grades)
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.parametrize("script", sorted(p.name for p in (ROOT / "scripts").glob("*.py")))
def test_every_script_explains_itself(script):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--help"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout and len(result.stdout) > 200


def test_check_all_passes_on_the_project():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_all.py")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_frontmatter_fails_on_a_bad_file_outside_docs(tmp_path):
    bad = ROOT / "docs" / "patients" / "what-is-pml.md"
    copy = tmp_path / "page.md"
    copy.write_text(bad.read_text().replace("audience: patients", "audience: nobody"))
    # Checking an outside file: front matter is checked, and fails.
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_frontmatter.py"), str(copy)],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "unknown audience 'nobody'" in result.stdout


def test_check_all_fails_on_a_bad_page(project_copy):
    """What `dev.py check` runs (suite.check_all), on a copy of the site with one bad page."""
    from pmlcheck import suite

    page = project_copy / "docs" / "patients" / "what-is-pml.md"
    page.write_text(page.read_text().replace("audience: patients", "audience: nobody"))
    results = dict(suite.check_all([page], whole_site=False, root=project_copy, docs=project_copy / "docs"))
    assert [p.message for p in results["front matter"]] == ["unknown audience 'nobody'."]
    assert results["bibliography.bib"] == [] and results["glossary.yml"] == []
    assert [what for what, found in results.items() if found] == ["front matter"]


def test_check_all_refuses_a_file_outside_docs_with_a_fix(tmp_path):
    stray = tmp_path / "page.md"
    stray.write_text((ROOT / "docs" / "patients" / "what-is-pml.md").read_text())
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_all.py"), str(stray)],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "not a page of the site" in result.stderr and "fix:" in result.stderr


# --- pmlrender.reference_lists: mkdocs-bibtex's footnotes drawn inside Python-Markdown ---------

def convert(text: str, rendered: dict, lang: str = "en") -> tuple[str, frozenset]:
    """``text`` (Markdown as mkdocs-bibtex hands it on) through the site's footnote and citation
    extensions: the HTML and the ids of the marks drawn."""
    import markdown

    from pmlrender import reference_lists as rl

    ext = rl.Citations()
    ext.rendered, ext.lang = rendered, lang
    html = markdown.Markdown(extensions=["footnotes", "attr_list", "md_in_html", ext]).convert(text)
    return html, ext.take_drawn()


def test_citations_are_numbered_in_order_of_first_citation():
    html, drawn = convert("One [^b] [^a].\n\nTwo [^b].\n\n## More\n\n[^b]: Ref B\n[^a]: Ref A\n",
                          {"a": "A <em>J</em>.", "b": "B."})
    # One compact number on screen, named for what it is: "Reference 1", not a bare "1".
    assert ('<p>One<sup data-search-exclude="true" id="fnref:b"><a aria-label="Reference 1" class="footnote-ref" '
            'href="#fn:b">1</a></sup><sup aria-hidden="true" class="pml-cite-sep" data-search-exclude="true">,</sup>'
            '<sup data-search-exclude="true" id="fnref:a"><a aria-label="Reference 2" class="footnote-ref" href="#fn:a">2</a>'
            '</sup>.</p>') in html  # adjacent marks: one group, a real comma between them
    assert '<p>Two<sup data-search-exclude="true" id="fnref2:b"><a aria-label="Reference 1"' in html
    assert drawn == {"fnref:b", "fnref:a", "fnref2:b"}
    # The list is one closed control, "Sources (2)", that opens in place, and search skips it.
    listing = html.split('<div class="footnote" data-search-exclude="true" id="references">')[1]
    assert listing.startswith('\n<details class="pml-sources">\n<summary>Sources (2)</summary>\n<ol>')
    assert "<details open" not in listing and listing.rstrip().endswith("</ol>\n</details>\n</div>")
    assert listing.index('id="fn:b"') < listing.index('id="fn:a"')
    assert '<p>A <em>J</em>.&#160;<a class="footnote-backref" href="#fnref:a"' in listing  # rendered once, not re-parsed
    assert "[^" not in html and "Ref B" not in html  # the definitions' Markdown is not parsed again
    assert html.index("<h2") < html.index('id="references"')  # the list comes last


def test_footnotes_that_are_not_known_sources_are_left_to_markdown():
    html, drawn = convert("A note [^n] and a source [^a].\n\n[^n]: My own note.\n[^a]: Ref A\n", {"a": "A."})
    assert drawn == {"fnref:a"}
    assert 'href="#fn:n"' in html and "My own note." in html  # the footnotes extension's own list
    assert convert("No citations here.\n", {"a": "A."}) == ("<p>No citations here.</p>", frozenset())


def test_citations_in_raw_html_are_drawn_in_reading_order():
    """A generated picture's words are raw HTML: their marks are drawn where they stand, and
    numbered in the order a reader meets them."""
    html, drawn = convert('First [^a].\n\n<div class="x"><p>Words [^b] [^a].</p></div>\n\nLast [^b].\n\n'
                          "[^a]: A\n[^b]: B\n", {"a": "A.", "b": "B."})
    raw = html.split('<div class="x">')[1].split("</div>")[0]
    assert raw.startswith('<p>Words<sup data-search-exclude="true" id="fnref2:a">')
    assert 'id="fnref:b"' in raw and html.index('id="fnref2:b"') > html.index("</div>")
    assert drawn == {"fnref:a", "fnref2:a", "fnref:b", "fnref2:b"} and "[^" not in html


def test_a_spanish_page_names_its_marks_and_list_in_spanish():
    html, _drawn = convert("Uno [^a].\n\n[^a]: Ref A\n", {"a": "A."}, lang="es")
    assert 'aria-label="Referencia 1"' in html and "<summary>Fuentes (1)</summary>" in html


def test_the_plugin_hands_mkdocs_bibtex_footnotes_to_markdown_unchanged():
    """One path: nothing is taken out of the page's Markdown between mkdocs-bibtex and
    Python-Markdown (the marks and the list are drawn by the Markdown extension)."""
    from types import SimpleNamespace

    from pmlplugin.plugin import PmlGuidePlugin

    plugin = PmlGuidePlugin()
    plugin.state.tooltips["en"] = {}
    text = "A claim [^a].\n\n[^a]: Ref A\n"
    page = SimpleNamespace(file=SimpleNamespace(src_uri="patients/x.md"))
    config = SimpleNamespace(mdx_configs={"abbr": {}})
    assert plugin.on_page_markdown(text, page=page, config=config, files=None) == text


def test_the_benchmark_baseline_is_bare_material_on_the_same_pages(project_copy, tmp_path):
    """scripts/benchmark.py compares the full build with BARE_CONFIG: the same configuration
    with the project hooks and mkdocs-bibtex switched off (no edit of mkdocs.yml)."""
    from benchmark import BARE_CONFIG, CONFIGS, ENV

    (project_copy / CONFIGS["bare"]).write_text(BARE_CONFIG)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", CONFIGS["bare"], "-d", str(tmp_path / "site")],
                            cwd=project_copy, capture_output=True, text=True, env=ENV, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "site" / "patients" / "what-is-pml" / "index.html").read_text()
    assert "[@" in html and "footnote-ref" not in html  # no mkdocs-bibtex: citations untouched
    assert "<abbr" not in html  # no hooks: no glossary tooltips
    assert "Patients and families" in html  # the same navigation and theme


def test_bibliography_listing_sorts_by_author_and_links_back():
    from types import SimpleNamespace

    from pmlrender import reference_lists as rl

    entries = {"zeta2020": SimpleNamespace(fields={}), "alpha2019": SimpleNamespace(fields={"uncited": "kept <on purpose>"})}
    html = rl.bibliography_html(entries, {"zeta2020": "<em>Zeta</em> Z. Title.", "alpha2019": "Alpha A. Other."},
                                {"zeta2020": [("What is PML?", "../../patients/what-is-pml/")]})
    assert html.startswith("<p>2 sources, sorted by first author.</p>")
    assert html.index('id="source-alpha2019"') < html.index('id="source-zeta2020"')
    assert 'Cited on: <a href="../../patients/what-is-pml/">What is PML?</a>.' in html
    assert "Not cited on a page: kept &lt;on purpose&gt;" in html


def test_safety_flags_script_and_data_addresses_but_not_a_sentence_with_the_word_data():
    from pmlcheck import safety

    assert safety.check_text("The structured data: no codes are given.\n", "a.md") == []
    for text in ("[x](javascript:alert(1))", "[x]: data:text/html,hi", '<a href="java&#x09;script:x">', "<vbscript:x>"):
        [problem] = safety.check_text(text + "\n", "a.md")
        assert problem.line == 1 and "address" in problem.message, text


def test_safety_finds_an_address_whose_colon_is_an_entity():
    """check_text skips lines with neither ":" nor "&" (no scheme can be written without a colon);
    a colon written as an entity is still found, on its line."""
    from pmlcheck import safety

    for line in ("[x](javascript&#58;alert(1))", "[x](JavaScript&colon;alert(1))", '<a href="data&#x3a;text/html,hi">',
                 "[x](http&#58;//example.org/)", "See http&colon;//example.org/ now"):
        [problem] = safety.check_text(f"Intro\n\n{line}\nEnd\n", "a.md")
        assert problem.line == 3 and ("address" in problem.message or "http://" in problem.message), line


@pytest.mark.parametrize("script", ["check_frontmatter.py", "check_links.py", "check_safety.py", "check_citations.py"])
def test_a_single_check_reports_a_non_utf8_file_instead_of_a_traceback(script, tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "bad.md"
    bad.write_bytes(b"---\ntitle: caf\xe9\n---\n# x\n")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / script), str(bad)], capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert "bad.md:2: the file is not UTF-8 text" in result.stdout


def test_a_linked_tool_folder_is_not_a_project_link_but_any_other_link_is(tmp_path):
    """A shared .venv or node_modules may be a link (never published); a link anywhere else is refused."""
    import os

    from pmlcheck import inputs

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    os.symlink(elsewhere, project / ".venv")
    os.symlink(elsewhere, project / "node_modules")
    assert inputs.symlinks(project) == []
    os.symlink(elsewhere, project / "docs" / "linked")
    assert [p.path for p in inputs.symlinks(project)] == ["docs/linked"]


def test_yaml_is_parsed_once_per_text_and_each_caller_gets_its_own_copy():
    from pmlsources import yamlsafe

    first, problems = yamlsafe.load("title: A\nhide: [toc]\n", "docs/a.md", first_line=2)
    assert problems == [] and first == {"title": "A", "hide": ["toc"]}
    first["hide"].append("navigation")  # a caller changing what it got changes nobody else's copy
    again, _ = yamlsafe.load("title: A\nhide: [toc]\n", "docs/a.md", first_line=2)
    assert again == {"title": "A", "hide": ["toc"]}
    _, [here] = yamlsafe.load("title: [\n", "docs/a.md", first_line=2)
    _, [there] = yamlsafe.load("title: [\n", "docs/b.md", first_line=5)
    assert (here.path, there.path) == ("docs/a.md", "docs/b.md") and there.line == here.line + 3
    _, [big] = yamlsafe.load("title: A\n", "docs/a.md", limit=4)  # the size limit is checked on every call
    assert "over 4 bytes" in big.message


def test_build_state_lookups_follow_the_files_of_the_build():
    from types import SimpleNamespace

    from pmlplugin.state import BuildState

    state = BuildState(root=Path("."), docs=Path("docs"), languages={"es": None})
    state.files = {Path("docs/a.md"): SimpleNamespace(src_uri="a.md", url="a/"),
                   Path("docs/es/a.md"): SimpleNamespace(src_uri="es/a.md", url="es/a/")}
    assert state.url_of == {"a.md": "a/", "es/a.md": "es/a/"} and state.english_pages == [Path("docs/a.md")]
    assert state.file("es/a.md").url == "es/a/" and state.file("b.md") is None
    state.files = {Path("docs/b.md"): SimpleNamespace(src_uri="b.md", url="b/")}  # the next build (mkdocs serve)
    assert state.url_of == {"b.md": "b/"} and state.file("a.md") is None and state.english_pages == [Path("docs/b.md")]
