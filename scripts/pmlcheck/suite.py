"""Every check, in one place, so the build plugin and check_all.py run exactly the same set.

To add a check: write it in its own module in pmlcheck (a function returning Problems), add one
line for it to check_pages below, and test it (CONTRIBUTING.md, "Adding a check")."""
from __future__ import annotations

from pathlib import Path

from pmlcheck import blocks, citations, frontmatter, inputs, links, never_stop, readability, safety, seen, translations
from pmlcheck import glossary_words, working_notes
from pmlsources import bibliography, changedata, glossary, riskdata, search_words, shape
from pmlsources.bibliography import Bibliography
from pmlsources.pages import DOCS
from pmlsources.problems import Problem, rel


def _generated_markers(pages: list[Path], root: Path) -> list[Problem]:
    return [p for page in pages for p in blocks.unknown_blocks(page.read_text(encoding="utf-8"), rel(page, root))]


def _pictures(pages: list[Path], docs: Path, root: Path) -> list[Problem]:
    """Icon-array and figure markers: their data rows and SVG files exist and are allowed; on a
    translated page, every picture and risk table it shows has its words in the page's language."""
    texts = [(page.read_text(encoding="utf-8"), rel(page, root), shape.language_of(page, docs)) for page in pages]
    found = [p for text, path, lang in texts
             for p in blocks.icon_arrays(text, path, docs, root, lang) + blocks.figures(text, path, docs, lang)
             + blocks.risk_tables(text, path, root, lang)]
    return list(dict.fromkeys(found))  # a data file's problem once, however many pages show its row


def _changelog(root: Path, docs: Path) -> list[Problem]:
    """docs/_data/changes.yml, the changes waiting in docs/_data/next-release/, and CITATION.cff
    naming the newest version (pmlsources/changedata.py)."""
    releases, problems = changedata.load(root, docs)
    return problems + changedata.load_upcoming(root, docs)[1] + changedata.citation_problems(root, releases)


def _never_stop(pages: list[Path], docs: Path, root: Path) -> list[Problem]:
    """The warnings' pinned words, each page's snippets in its readers' voice (pmlcheck/never_stop.py),
    and no page or snippet writing the build's own marks (the folded-citation and generated-block comments)."""
    from pmlsources.problems import rel

    problems = never_stop.check_pins(docs / "_includes", root)
    for path in inputs.shared_snippets(docs, root):
        problems += citations.internal_marks(rel(path, root), path.read_text(encoding="utf-8"))
    for page in pages:
        rules = shape.rules_for(page, docs)
        if rules is not None:
            problems += never_stop.wrong_voice(inputs.snippet_lines(page.read_text(encoding="utf-8")),
                                               rules.clinician_voice, rel(page, root))
    return problems


def _what_readers_see(pages: list[Path], docs: Path, root: Path, whole_site: bool) -> list[tuple[str, list[Problem]]]:
    """Citations, working notes, instructions, warnings and reading level on the rendered pages
    (pmlcheck/seen.py); the build runs the same checks on the HTML MkDocs produces instead."""
    problems, grades = seen.check_pages(pages, root, docs)
    return [("what readers see", problems), ("reading level", readability.check_grades(grades, whole_section=whole_site))]


def _translations(pages: list[Path], site: list[Path], docs: Path, root: Path, whole_site: bool
                  ) -> list[tuple[str, list[Problem]]]:
    """Translated pages: their English version and figures, Spanish reading ease, Spanish glossary."""
    scores = [translations.score_text(p.read_text(encoding="utf-8"), rel(p, root))
              for p in translations.plain_language_pages(pages, docs)]
    english_terms, _problems = glossary.load(root / "glossary.yml", docs, None, root=root)
    spanish_terms, _problems = glossary.load_translated(root, docs, None)
    return [("translations", translations.check_pages(pages, docs, root)),
            ("reading level (Spanish)", translations.check_reading(scores, whole_section=whole_site)),
            ("Spanish glossary", translations.check_glossary(site, docs, root, english_terms, spanish_terms))]


def check_pages(pages: list[Path], bib: Bibliography, all_pages: list[Path] | None, docs: Path = DOCS,
                root: Path | None = None, rendered: bool = True) -> list[tuple[str, list[Problem]]]:
    """Every page check on ``pages``. With ``all_pages`` (the whole site), also the checks that
    need every page: entries no page cites, and the median reading grade. ``rendered``: also
    render the pages and check what readers see (the build passes False and checks MkDocs' own
    HTML as it is produced, in on_page_content)."""
    root = root or docs.parent
    shape.clear_paths()  # where each page is, read afresh for each run (symbolic links may have changed)
    guarded = safety.costly_input(pages + inputs.shared_snippets(docs, root), root) or inputs.check_repository(root, pages, docs)
    if guarded:  # long lines, unreadable, oversized or linked files, bad snippets: later checks would trip on them
        return [("project files", guarded)]
    site = all_pages or pages
    english = [p for p in site if shape.language_of(p, docs) == "en"]
    english_set = set(english)  # a list here made the search-words check quadratic in pages
    results = [
        ("published files", inputs.check_published(docs, root)),
        ("front matter", frontmatter.check_files(pages, docs)),
        ("navigation", shape.not_in_navigation(pages, docs, root)),
        ("content safety", safety.check_files(pages + inputs.shared_snippets(docs, root), root)),
        ("links", links.check_files(pages, docs, root)),
        ("working notes", working_notes.check_files(pages, docs, root)),  # the body: what readers see
        ("generated blocks", _generated_markers(pages, root)),
        ("search words", search_words.check(english, docs, root)
         + search_words.check([p for p in site if p not in english_set], docs, root, translations.GLOSSARY)),
        ("pictures", _pictures(pages, docs, root)),
        ("never-stop warning", _never_stop(pages, docs, root)),
    ]
    if rendered:
        results += _what_readers_see(pages, docs, root, whole_site=all_pages is not None)
    results.insert(3, ("citations", citations.check_pages(pages, bib, docs, all_pages=all_pages, root=root)))
    results += _translations(pages, site, docs, root, whole_site=all_pages is not None)
    results.append(("what changed", _changelog(root, docs)))
    results.append(("natalizumab risk data", riskdata.load(root, set(bib.entries))[1]))
    return results


def check_sources(root: Path, docs: Path = DOCS, bib_file: Path | None = None, glossary_file: Path | None = None
                  ) -> tuple[Bibliography, list, list[tuple[str, list[Problem]]]]:
    """The bibliography and the glossary, checked whole (every page check needs them): returns
    both, and their problems. The build runs this before mkdocs-bibtex reads the .bib; its
    plugin passes the files named in mkdocs.yml (by default those at the repository's root)."""
    bib_file, glossary_file = bib_file or root / "bibliography.bib", glossary_file or root / "glossary.yml"
    bib, bib_problems = bibliography.load(bib_file, root=root)
    terms, glossary_problems = glossary.load(glossary_file, docs, set(bib.entries) or None, root=root)
    glossary_problems += glossary_words.check(terms, rel(glossary_file, root))
    spanish, spanish_problems = glossary.load_translated(root, docs, set(bib.entries) or None)
    spanish_problems += glossary_words.check(spanish, translations.GLOSSARY)
    return bib, terms, [(rel(bib_file, root), bib_problems), (rel(glossary_file, root), glossary_problems),
                        (translations.GLOSSARY, spanish_problems)]


def check_all(pages: list[Path], whole_site: bool, root: Path, docs: Path = DOCS) -> list[tuple[str, list[Problem]]]:
    """Every check, as `mkdocs build` runs them (check_sources, then check_pages); the page checks
    only when the bibliography parses. ``whole_site``: ``pages`` are every page of the site."""
    bib, _terms, results = check_sources(root, docs)
    if results[0][1]:
        return results
    return results + check_pages(pages, bib, all_pages=pages if whole_site else None, docs=docs, root=root)
