"""Every check, in one place, so the build hook and check_all.py run exactly the same set.

To add a check: write it in its own module in pmlcheck (a function returning Problems), add one
line for it to check_pages below, and test it (CONTRIBUTING.md, "Adding a check")."""
from __future__ import annotations

from pathlib import Path

from . import citations, frontmatter, inputs, links, readability, riskdata, safety, working_notes
from . import search_words, shape, translations
from . import bibliography, glossary
from .bibliography import Bibliography
from .pages import DOCS
from .problems import Problem, rel


def _generated_markers(pages: list[Path], root: Path) -> list[Problem]:
    from pmlbuild import generated  # build-time rendering; imported here so checks load without it

    return [p for page in pages for p in generated.check(page.read_text(encoding="utf-8"), rel(page, root))]


def _pictures(pages: list[Path], docs: Path, root: Path) -> list[Problem]:
    """Icon-array and figure markers: their data rows and SVG files exist and are allowed."""
    from pmlbuild import figures, iconarray

    texts = [(page.read_text(encoding="utf-8"), rel(page, root)) for page in pages]
    return [p for text, path in texts
            for p in iconarray.check(text, path, docs, root) + figures.check(text, path, docs)]


def _changelog(root: Path, docs: Path) -> list[Problem]:
    """docs/_data/changes.yml, and CITATION.cff naming its newest version (pmlbuild/changes.py)."""
    from pmlbuild import changes

    releases, problems = changes.load(root, docs)
    return problems + changes.citation_problems(root, releases)


def _translations(pages: list[Path], site: list[Path], docs: Path, root: Path, whole_site: bool
                  ) -> list[tuple[str, list[Problem]]]:
    """Translated pages: their English version and figures, Spanish reading ease, Spanish glossary."""
    from . import glossary

    scores = [translations.score_text(p.read_text(encoding="utf-8"), rel(p, root))
              for p in translations.plain_language_pages(pages, docs)]
    english_terms, _problems = glossary.load(root / "glossary.yml", docs, None, root=root)
    spanish_terms, _problems = translations.load_glossary(root, docs, None)
    return [("translations", translations.check_pages(pages, docs, root)),
            ("reading level (Spanish)", translations.check_reading(scores, whole_section=whole_site)),
            ("Spanish glossary", translations.check_glossary(site, docs, root, english_terms, spanish_terms))]


def check_pages(pages: list[Path], bib: Bibliography, all_pages: list[Path] | None, docs: Path = DOCS,
                root: Path | None = None) -> list[tuple[str, list[Problem]]]:
    """Every page check on ``pages``. With ``all_pages`` (the whole site), also the checks that
    need every page: entries no page cites, and the median reading grade."""
    root = root or docs.parent
    guarded = inputs.check_repository(root, pages, docs)
    if guarded:  # unreadable, oversized or linked files, bad snippets: every later check would trip on them
        return [("project files", guarded)]
    plain = [p for p in pages if readability.needs_plain_language(p, docs) and shape.language_of(p, docs) == "en"]
    site = all_pages or pages
    english = [p for p in site if shape.language_of(p, docs) == "en"]
    results = [
        ("front matter", frontmatter.check_files(pages, docs)),
        ("content safety", safety.check_files(pages + inputs.shared_snippets(docs, root), root)),
        ("links", links.check_files(pages, docs, root)),
        ("working notes", working_notes.check_files(pages, docs, root)),
        ("generated blocks", _generated_markers(pages, root)),
        ("search words", search_words.check(english, docs, root)
         + search_words.check([p for p in site if p not in english], docs, root, translations.GLOSSARY)),
        ("pictures", _pictures(pages, docs, root)),
        ("reading level", readability.check_grades(readability.grade_files(plain, root),
                                                   whole_section=all_pages is not None)),
    ]
    results.insert(3, ("citations", citations.check_pages(pages, bib, docs, all_pages=all_pages, root=root)))
    results += _translations(pages, site, docs, root, whole_site=all_pages is not None)
    results.append(("what changed", _changelog(root, docs)))
    results.append(("natalizumab risk data", riskdata.load(root, set(bib.entries))[1]))
    return results


def check_sources(root: Path, docs: Path = DOCS) -> tuple[Bibliography, list, list[tuple[str, list[Problem]]]]:
    """The bibliography and the glossary, checked whole (every page check needs them): returns
    both, and their problems. The build runs this before mkdocs-bibtex reads the .bib."""
    bib, bib_problems = bibliography.load(root / "bibliography.bib", root=root)
    terms, glossary_problems = glossary.load(root / "glossary.yml", docs, set(bib.entries) or None, root=root)
    _spanish, spanish_problems = translations.load_glossary(root, docs, set(bib.entries) or None)
    return bib, terms, [("bibliography.bib", bib_problems), ("glossary.yml", glossary_problems),
                        (translations.GLOSSARY, spanish_problems)]


def check_all(pages: list[Path], whole_site: bool, root: Path, docs: Path = DOCS) -> list[tuple[str, list[Problem]]]:
    """Every check, as `mkdocs build` runs them (check_sources, then check_pages); the page checks
    only when the bibliography parses. ``whole_site``: ``pages`` are every page of the site."""
    bib, _terms, results = check_sources(root, docs)
    if results[0][1]:
        return results
    return results + check_pages(pages, bib, all_pages=pages if whole_site else None, docs=docs, root=root)
