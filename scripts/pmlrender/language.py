"""The guide's other languages: which page translates which, the language switch, the Spanish
navigation and a search index of each language's own.

Why: the Spanish edition (decisions/0003-languages.md) lives in `docs/es/`, page for page under
the same paths as the English (`docs/es/patients/iris.md` translates `docs/patients/iris.md`),
in the same MkDocs build, so the project's checks, citations, glossary and pictures run on it
unchanged. What the theme does not do for a folder of translations is done here, as plain
functions the plugin calls: the language of a page, its counterpart in the other language, the
navigation a Spanish page shows (the English navigation, keeping the pages that have a
translation, with the section names from docs/_data/languages.yml), and the split of Material's
one search index into the English index (unchanged, within its byte budget) and one per
translation folder with its own stemming (`es/search/search_index.json`). Adding a translated
page is adding its file: nothing here lists pages.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

DEFAULT = "en"
NAMES = {"en": "English", "es": "Español"}
DATA = "_data/languages.yml"


@dataclass
class Language:
    code: str                                   # "es"
    name: str                                   # "Español", in the language itself
    site_name: str = ""                         # the guide's name in the language
    nav: dict[str, str] = field(default_factory=dict)   # English nav section title -> translated title
    search: dict = field(default_factory=dict)  # the search index's config for this language


def load(docs: Path) -> dict[str, Language]:
    """The translation languages described in docs/_data/languages.yml (checked by
    pmlcheck/translations.py; an unreadable file gives none)."""
    from pmlsources import data as datafile

    data, problems = datafile.read(docs / DATA, docs)
    if problems:
        return {}
    return {code: Language(code, str(v.get("name", code)), str(v.get("site_name") or ""), dict(v.get("nav") or {}),
                           dict(v.get("search") or {}))
            for code, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}


def language_of(src_uri: str, codes=("es",)) -> str:
    """The language of a page from its path under docs/ ("es/patients/iris.md" -> "es")."""
    top = src_uri.split("/", 1)[0]
    return top if top in codes and "/" in src_uri else DEFAULT


def english_of(src_uri: str, codes=("es",)) -> str:
    """The English page a translated page translates ("es/patients/iris.md" -> "patients/iris.md")."""
    return src_uri.split("/", 1)[1] if language_of(src_uri, codes) != DEFAULT else src_uri


def translation_of(src_uri: str, code: str) -> str:
    """The path a translation of an English page has ("patients/iris.md" -> "es/patients/iris.md")."""
    return f"{code}/{src_uri}"


def counterpart(src_uri: str, uris: set[str], codes=("es",)) -> tuple[str, str | None]:
    """(the other language's code, the page in it or None): for an English page, its Spanish
    translation if there is one; for a Spanish page, its English page."""
    lang = language_of(src_uri, codes)
    if lang != DEFAULT:
        english = english_of(src_uri, codes)
        return DEFAULT, english if english in uris else None
    other = codes[0]
    wanted = translation_of(src_uri, other)
    return other, wanted if wanted in uris else None


def alternates(src_uri: str, url_of: dict[str, str], codes=("es",)) -> list[dict]:
    """Material's `extra.alternate` for one page: the page in each language, only where a
    translation exists (the header's language menu; the hreflang links Material also writes in
    the head are taken out again: without_hreflang_links)."""
    other, there = counterpart(src_uri, set(url_of), codes)
    if there is None:
        return []
    here_lang = language_of(src_uri, codes)
    pages = {here_lang: src_uri, other: there}
    return [{"name": NAMES.get(code, code), "link": url_of[pages[code]] or "./", "lang": code}
            for code in (DEFAULT, *codes) if code in pages]


def hreflang_sets(url_of: dict[str, str], codes=("es",)) -> dict[str, list[tuple[str, str]]]:
    """For the sitemap (overrides/sitemap.xml): each page that has a translation, by its address,
    -> [(language, address)] of every version, itself included (search engines want the set on
    each page of it). Addresses relative to the site, as a page's ``url`` gives them (the home
    page's is "", where its file's is "./")."""
    def address(uri: str) -> str:
        return "" if url_of[uri] == "./" else url_of[uri]

    out = {}
    for uri in url_of:
        other, there = counterpart(uri, set(url_of), codes)
        if there is not None:
            out[address(uri)] = sorted([(language_of(uri, codes), address(uri)), (other, address(there))])
    return out


# Material writes the hreflang links of `extra.alternate` in every page's head exactly so
# (templates/base.html, 9.8.1), and its script then asks each linked address for a sitemap.xml
# beside it: two requests on every page that fail (404 online; blocked in the copy opened from a
# folder), each an error in the browser's console. The header's language menu keeps the
# links; the head loses them; the sitemap gives search engines the same pairs.
_HREFLANG_LINK = re.compile(r'\n?[ \t]*<link rel="alternate" href="[^"<>]*" hreflang="[A-Za-z-]+">')


def without_hreflang_links(html: str) -> str:
    """The page without the theme's hreflang links in its head (the rest of the page untouched)."""
    head, sep, rest = html.partition("</head>")
    return _HREFLANG_LINK.sub("", head) + sep + rest if sep else html


def switch(src_uri: str, url_of: dict[str, str], codes=("es",)) -> dict | None:
    """The one-tap link at the top of a page: the same page in the other language, or, for an
    English page with no translation yet, the Spanish home page (None if there is none)."""
    other, there = counterpart(src_uri, set(url_of), codes)
    home = "index.md" if other == DEFAULT else translation_of("index.md", other)
    target = there or (home if home in url_of else None)
    if target is None:
        return None
    return {"lang": other, "url": url_of[target] or "./", "same_page": there is not None}


# --- navigation -------------------------------------------------------------------------------

def translated_nav(nav, files_by_uri: dict, language: Language):
    """The navigation a page in ``language`` shows: the English navigation with only the pages
    that have a translation, each replaced by it, and sections (and pages mkdocs.yml gives a
    title, as Download) named from languages.yml."""
    from mkdocs.structure.nav import Navigation, Section, _add_parent_links, _add_previous_and_next_links

    def walk(items):
        out = []
        for item in items:
            if isinstance(item, Section):
                children = walk(item.children)
                if children:
                    out.append(Section(language.nav.get(item.title, item.title), children))
            elif getattr(item, "file", None) is not None:
                file = files_by_uri.get(translation_of(item.file.src_uri, language.code))
                if file is not None and file.page is not None:
                    if item.title in language.nav:  # a title mkdocs.yml gives the page ("Download")
                        file.page.title = language.nav[item.title]
                    out.append(file.page)
        return out

    items = walk(nav.items)
    pages = _pages(items)
    _add_parent_links(items)
    _add_previous_and_next_links(pages)
    return Navigation(items, pages)


def _pages(items) -> list:
    from mkdocs.structure.nav import Section

    out = []
    for item in items:
        out += _pages(item.children) if isinstance(item, Section) else [item]
    return out


# --- search -----------------------------------------------------------------------------------

def split_index(index: dict, code: str, config: dict) -> tuple[dict, dict]:
    """Material's one index split in two: (the English index without the ``code`` pages, the
    ``code`` pages' own index, addresses relative to the ``code`` folder, with ``config``)."""
    prefix = f"{code}/"
    own = [dict(d, location=d["location"][len(prefix):]) for d in index.get("docs", [])
           if d["location"].startswith(prefix)]
    rest = [d for d in index.get("docs", []) if not d["location"].startswith(prefix)]
    return dict(index, docs=rest), {"config": {**index.get("config", {}), **config}, "docs": own}


_ACCENTS = str.maketrans("áéíóúüñÁÉÍÓÚÜÑ", "aeiouunAEIOUUN")


def unaccented(index: dict, field_name: str = "sin_tildes", title_field: str = "sin_tildes_titulo",
               listed: tuple[str, ...] = ("keywords", "glossary")) -> dict:
    """Each entry's words written with an accent, also without it, at the weight of the words they
    come from: Spanish readers often type "diagnostico" for "diagnóstico" and "comun" for "común",
    and lunr neither folds accents nor matches by edit distance. The title's words go into
    ``title_field`` (weighted as titles, docs/_data/languages.yml), the text's into ``field_name``,
    and a reader word of a ``listed`` field ("qué tan común") gets its plain form beside it."""
    for entry in index.get("docs", []):
        for name, source in ((title_field, entry.get("title", "")), (field_name, entry.get("text", ""))):
            plain = _plain_words(source)
            if plain:
                entry[name] = " ".join(sorted(plain, key=lambda w: (w.casefold(), w)))
        for name in listed:
            if entry.get(name):
                items = entry[name].split(", ")
                extra = [w.translate(_ACCENTS) for w in items if w.translate(_ACCENTS) not in items]
                entry[name] = ", ".join(items + list(dict.fromkeys(extra)))
    return index


def _plain_words(html: str) -> set[str]:
    """The words of ``html`` that carry an accent, without it."""
    words = re.findall(r"\w+", re.sub(r"<[^>]+>", " ", html))
    return {w.translate(_ACCENTS) for w in words if w.translate(_ACCENTS) != w}


def write_index(path: Path, index: dict, offline: bool) -> None:
    """The index as JSON, and for the offline copy also as the script Material loads from file://."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    if offline:
        path.with_suffix(".js").write_text(f"var __index = {text}", encoding="utf-8")


# --- the page's HTML --------------------------------------------------------------------------

_BASE = re.compile(r'(<script id="__config" type="application/json">\{(?:"annotate": [^,]*, )?"base":\s*)"([^"]*)"')


def search_base(html: str, code: str) -> str:
    """A translated page's theme configuration pointed at its language's folder, where Material's
    search reads ``search/search_index.json`` (the JSON block is data, not a script: the
    Content-Security-Policy is unchanged)."""
    def point(match: re.Match) -> str:
        base = str(PurePosixPath(match.group(2) or ".") / code) + "/"  # Material resolves it as a folder
        return f'{match.group(1)}"{base}"'

    return _BASE.sub(point, html, count=1)
