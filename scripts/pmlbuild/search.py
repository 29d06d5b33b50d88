"""What Material's search plugin indexes: the page as readers search it.

Why: the reference list at the foot of a page repeats the Bibliography page (the search plugin
would parse it all only to skip it), and citation numbers would make a search for "12" find
every page citing 12 sources or more. The build gives the search plugin the page without
either, then puts the full page back before the theme renders it.

Two seams for changes to the index:
- `indexed_html(html)`: the HTML the search plugin reads for one page;
- `INDEX_SHAPERS`: functions run, in order, over the finished search_index.json (a dict, as
  Material writes it) after the search plugin writes it and before the offline plugin copies it.
  Add one to reshape the whole index; `shape_index` does the reading and writing.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable

from pmlcheck import reference_lists

INDEX_SHAPERS: list[Callable[[dict], dict]] = []


# The shared warning boxes (docs/_includes/warnings/) are the same text on every page that includes
# them: in the index once, on the page that is about them, not once per page (17 pages carried each
# on 2026-12-05, about 15 KB of the index every reader downloads). They stay on every page itself.
WARNINGS_HOME = "medicines/warning-signs-card.md"
_SHARED_WARNING = re.compile(
    r'<div class="admonition [^"]*\bpml-(?:emergency|care-today|medicine)\b[^"]*"[^>]*>(?:(?!<div\b).)*?</div>',
    re.DOTALL)


def indexed_html(html: str | None, keep_warnings: bool = True) -> str | None:
    """``html`` without its reference list and citation numbers (None and "" stay as they are);
    without the shared warning boxes too unless ``keep_warnings``."""
    if not html:
        return html
    start = html.find('<div class="footnote"')
    html = _without_listing_noise(reference_lists.without_marks(html[:start] if start >= 0 else html))
    return html if keep_warnings else _SHARED_WARNING.sub("", html)


# Listing text nobody searches for, kept out of the index (which every reader downloads):
# on the Bibliography, the "Cited on" page titles (a search for "outlook" found the Bibliography
# before the outlook page), web addresses shown as link text and "Accessed <date>."; on the
# Glossary, "Say it: <pronunciation>." and "Read more about <term>" links. Authors, titles,
# journals, DOIs, terms and definitions stay searchable.
_NOISE = [re.compile(r'<p class="bib-cited-on">.*?</p>', re.DOTALL),
          re.compile(r"Accessed [A-Z][a-z]+ \d{1,2}, \d{4}\."),
          re.compile(r"Say it: <em>[^<]*</em>\."),
          re.compile(r'<a href="[^"]*">Read more about [^<]*</a>')]
_ADDRESS_TEXT = re.compile(r'(<a [^>]*>)https?://[^<]*(</a>)')


# On the Glossary, each term and its "Also called" names stay in the index, not the definition:
# it is one tap away on the Glossary page and shown on every page that uses the term.
_DEFINITION = re.compile(r"(</dt>\s*<dd>).*?(?:(Also called: [^\n<]*)|</dd>)", re.DOTALL)


def _without_listing_noise(html: str) -> str:
    for noise in _NOISE:
        html = noise.sub("", html)
    html = _DEFINITION.sub(lambda m: m.group(1) + (m.group(2) or "") + ("" if m.group(2) else "</dd>"), html)
    return _ADDRESS_TEXT.sub(r"\1\2", html)


def shape_index(path: Path, shapers: list[Callable[[dict], dict]] | None = None) -> bool:
    """Run ``shapers`` (default INDEX_SHAPERS) over the index at ``path``; True if it was rewritten."""
    shapers = INDEX_SHAPERS if shapers is None else shapers
    if not shapers or not path.exists():
        return False
    index = json.loads(path.read_text(encoding="utf-8"))
    for shape in shapers:
        index = shape(index)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True


# Reader words (pmlcheck/search_words.py) go into fields of their own, which Material's search
# indexes (mkdocs.yml: plugins > search > fields, with their weights) but never shows, in the
# results or on the page: a page's search_keywords, and the glossary's words for its read_more page.
KEYWORDS = "keywords"
GLOSSARY = "glossary"


def add_reader_words(index: dict, words, url_of: Callable[[str], str | None]) -> dict:
    """``index`` with each reader word in the `keywords` (or `glossary`) field of the entry it
    leads to: the section with its anchor, else the page itself; a glossary word only where the
    page does not already use it. ``url_of`` maps a page's path under docs/ to its address in the index (None
    for a page that was not built)."""
    entries = {entry["location"]: entry for entry in index.get("docs", [])}
    pages: dict[str, str] = {}
    for entry in index.get("docs", []):
        page = entry["location"].split("#")[0]
        pages[page] = pages.get(page, "") + " " + _folded(entry.get("title", "") + " " + entry.get("text", ""))
    for word in words:
        url = url_of(word.page)
        if url is None or (word.glossary and f" {_folded(word.text)} " in pages.get(url, "") + " "):
            continue
        entry = entries.get(f"{url}#{word.anchor}" if word.anchor else url) or entries.get(url)
        if entry is None:
            continue
        field = GLOSSARY if word.glossary else KEYWORDS
        present = entry.get(field, "")
        if word.text.casefold() not in present.casefold().split(", "):
            entry[field] = f"{present}, {word.text}" if present else word.text
    return index


def _folded(text: str) -> str:
    """Lower case, markup and punctuation gone, one space between words (to see if a page already
    uses a word)."""
    return " ".join(re.split(r"[^\w']+", re.sub(r"<[^>]+>", " ", text).casefold()))


def reader_words(state) -> Callable[[dict], dict]:
    """The shaper that adds this build's reader words (glossary aliases and pages'
    search_keywords; their problems stopped the build in on_files)."""
    from pmlcheck import search_words

    words, _problems = search_words.collect(state.pages, state.terms, state.docs, state.root)
    urls = {f.src_uri: f.url for f in state.files.values()}
    return lambda index: add_reader_words(index, words, urls.get)


def write_translation_index(path: Path, lang, state, offline: bool) -> bool:
    """The pages of translation ``lang`` (pmlbuild/language.py) taken out of the English index at
    ``path`` and written to their own, `<code>/search/search_index.json`, with the language's
    search configuration (stemming, separator, fields), its reader words (its pages'
    search_keywords and its glossary's terms and aliases) and its words without accents. The
    English index keeps exactly its English pages (and its byte budget)."""
    from pmlbuild import language
    from pmlcheck import search_words

    if not path.exists():
        return False
    english, own = language.split_index(json.loads(path.read_text(encoding="utf-8")), lang.code, lang.search)
    path.write_text(json.dumps(english, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    prefix = f"{lang.code}/"
    pages = [p for p in state.pages if state.files[p].src_uri.startswith(prefix)]
    words, _problems = search_words.collect(pages, state.terms_by_language.get(lang.code, []), state.docs, state.root)
    urls = {f.src_uri: f.url[len(prefix):] for f in state.files.values() if f.src_uri.startswith(prefix)}
    own = language.unaccented(add_reader_words(own, words, urls.get))
    language.write_index(path.parent.parent / lang.code / "search" / "search_index.json", own, offline)
    return True
