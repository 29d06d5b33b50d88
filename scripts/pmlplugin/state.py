"""What one build knows, in one typed object, filled in as MkDocs' events run.

Why: the plugin's event handlers run at different moments of a build and share what earlier ones found
(the checked bibliography, the glossary, each page's citations). A dataclass says what there
is and when it is set; `mkdocs serve` starts a new one for each rebuild (in on_config).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmlrender import generated, references
from pmlrender import language as _language
from pmlsources.bibliography import Bibliography
from pmlsources.glossary import Term

if TYPE_CHECKING:
    from mkdocs.structure.files import File


@dataclass
class BuildState:
    root: Path                                   # the repository (where mkdocs.yml is)
    docs: Path                                   # docs_dir
    bib: Bibliography | None = None              # on_config: bibliography.bib, checked
    terms: list[Term] = field(default_factory=list)              # on_config: glossary.yml, checked
    references: references.Started = field(default_factory=references.Started)  # on_pre_build: pandoc, started
    reference_html: dict[str, str] = field(default_factory=dict)  # on_files: key -> one reference as HTML
    files: dict[Path, File] = field(default_factory=dict)      # on_files: source path -> mkdocs File
    releases: list = field(default_factory=list)  # on_config: docs/_data/changes.yml, newest first
    hiding: frozenset = frozenset()              # on_config: classes the site's CSS hides (pmlcheck/seen.py)
    seen: dict = field(default_factory=dict)     # on_page_content: page (src_uri) -> what its readers see, checked
    seen_record: Any = None                      # on_config: pmlcheck/seen_record.SeenRecord (passes kept between builds)
    languages: dict = field(default_factory=dict)  # on_config: docs/_data/languages.yml (pmlrender/language.py)
    terms_by_language: dict = field(default_factory=dict)  # on_config: "es" -> glossary.es.yml terms
    tooltips: dict = field(default_factory=dict)  # on_config: language -> the abbr glossary for its pages
    navs: dict = field(default_factory=dict)     # on_nav: language -> the navigation its pages show
    site_name: str = ""                          # on_page_context: mkdocs.yml's site_name (a translated page shows its own)
    glossary_pages: set = field(default_factory=set)  # on_page_read_source: the pages with a glossary block

    # Built once per set of files (on_files assigns ``files`` once a build): every page asked for
    # these, which made each page's cost grow with the number of pages.
    _by_files: tuple = (None, {})

    def _of_files(self) -> dict:
        if self._by_files[0] is not self.files:
            by_uri = {f.src_uri: f for f in self.files.values()}
            self._by_files = (self.files, {"by_uri": by_uri, "url_of": {uri: f.url for uri, f in by_uri.items()},
                                           "english": [p for p, f in self.files.items() if self.language(f.src_uri) == "en"]})
        return self._by_files[1]

    @property
    def pages(self) -> list[Path]:
        return list(self.files)

    @property
    def english_pages(self) -> list[Path]:
        """The pages in English (a translation's pages are in docs/<code>/)."""
        return self._of_files()["english"]

    def file(self, src_uri: str):
        """The mkdocs File of the page at ``src_uri`` (its path inside docs/), or None."""
        return self._of_files()["by_uri"].get(src_uri)

    @property
    def url_of(self) -> dict[str, str]:
        """Every page's path under docs/ -> its address relative to the site."""
        return self._of_files()["url_of"]

    def language(self, src_uri: str) -> str:
        return _language.language_of(src_uri, tuple(self.languages))

    def context(self, page: str) -> generated.Context:
        """What a generated block sees while ``page`` (its path under docs/) is read: the
        glossary of the page's language."""
        lang = self.language(page)
        terms = self.terms_by_language.get(lang, []) if lang != "en" else self.terms
        return generated.Context(root=self.root, docs=self.docs, page=page,
                                 extra={"terms": terms, "releases": self.releases, "language": lang})
