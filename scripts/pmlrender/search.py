"""What Material's search plugin indexes: the pages as readers search them.

Why: some of what a page shows is noise in a search. Citation numbers would make a search for
"12" find every page citing 12 sources or more; the reference lists repeat the Bibliography; an
icon array's caption says again what the text beside it says; the Bibliography's volumes, pages
and addresses, and the Glossary's definitions (shown on every page that uses a term), are digits
and words nobody searches for there. What the build draws for those carries `data-search-exclude`
(pmlsources/marks.SEARCH_EXCLUDE), which Material's search plugin honours: the page itself is
never swapped or cut for the index.

The seam for changes to the index:
- `INDEX_SHAPERS`: functions run, in order, over the finished search_index.json (a dict, as
  Material writes it) after the search plugin writes it and before the offline plugin copies it
  (today: lead paragraphs only on the pages about the guide, addresses out, shared boxes out,
  weight by audience, teasers and distinct words; then the plugin adds
  the reader words, `reader_words`). Add one to reshape the whole index; `shape_index` does the
  reading and writing.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from collections.abc import Callable

from pmlsources import shape

INDEX_SHAPERS: list[Callable[[dict], dict]] = []  # filled at the end of this module
TRANSLATION_SHAPERS: list[Callable[[dict], dict]] = []  # the same, for a translation's own index


def shape_index(path: Path, shapers: list[Callable[[dict], dict]] | None = None) -> bool:
    """Run ``shapers`` (default INDEX_SHAPERS) over the index at ``path``; True if it was rewritten."""
    shapers = INDEX_SHAPERS if shapers is None else shapers
    if not shapers or not path.exists():
        return False
    index = json.loads(path.read_text(encoding="utf-8"))
    for shaper in shapers:
        index = shaper(index)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True


# Reader words (pmlsources/search_words.py) go into fields of their own, which Material's search
# indexes (mkdocs.yml: plugins > search > fields, with their weights) but never shows, in the
# results or on the page: a page's search_keywords, and the glossary's words for its read_more page.
KEYWORDS = "keywords"
GLOSSARY = "glossary"


def add_reader_words(index: dict, words, url_of: Callable[[str], str | None]) -> dict:
    """``index`` with each reader word in the `keywords` (or `glossary`) field of the entry it
    leads to: the section with its anchor, else the page itself; a glossary word only where no
    heading of the page already names it. ``url_of`` maps a page's path under docs/ to its address in the index (None
    for a page that was not built)."""
    entries = {entry["location"]: entry for entry in index.get("docs", [])}
    pages: dict[str, str] = {}
    for entry in index.get("docs", []):
        page = entry["location"].split("#")[0]
        pages[page] = pages.get(page, "") + " " + _folded(entry.get("title", ""))
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
    from pmlsources import search_words

    words, _problems = search_words.collect(state.pages, state.terms, state.docs, state.root)
    # MkDocs calls the home page "./"; the search index calls it "" (and "index.html" offline).
    urls = {f.src_uri: "" if f.url == "./" else f.url for f in state.files.values()}
    return lambda index: add_reader_words(index, words, urls.get)


def write_translation_index(path: Path, lang, state, offline: bool) -> bool:
    """The pages of translation ``lang`` (pmlrender/language.py) taken out of the English index at
    ``path`` and written to their own, `<code>/search/search_index.json`, with the language's
    search configuration (stemming, separator, fields), its reader words (its pages'
    search_keywords and its glossary's terms and aliases) and its words without accents. The
    English index keeps exactly its English pages (and its byte budget)."""
    from pmlrender import language
    from pmlsources import search_words

    if not path.exists():
        return False
    english, own = language.split_index(json.loads(path.read_text(encoding="utf-8")), lang.code, lang.search)
    path.write_text(json.dumps(english, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    prefix = f"{lang.code}/"
    pages = [p for p in state.pages if state.files[p].src_uri.startswith(prefix)]
    words, _problems = search_words.collect(pages, state.terms_by_language.get(lang.code, []), state.docs, state.root)
    urls = {f.src_uri: f.url[len(prefix):] for f in state.files.values() if f.src_uri.startswith(prefix)}
    own = language.unaccented(add_reader_words(without_addresses(own), words, urls.get))
    for shaper in TRANSLATION_SHAPERS:  # after the words without accents are taken from the whole text
        own = shaper(own)
    language.write_index(path.parent.parent / lang.code / "search" / "search_index.json", own, offline)
    return True


# Whole-index shapers (INDEX_SHAPERS). The index is what every reader downloads before the first
# search (issue 22: at most 50 KB gzip), and what it holds decides what a search finds first.

# A block of text found on this many pages or more is the guide's furniture, not what a page is
# about: the warning boxes from docs/_includes/warnings (the same emergency box was indexed on 17
# pages), "In short" titles. It stays on every page for readers and leaves the index: the pages
# that are about it (symptoms, the warning signs card) say it in words of their own. Indexed 17
# times, "weakness" and "memory" made every page with the box an answer to "memory problems".
BOILERPLATE_PAGES = 3
BOILERPLATE_MIN = 30  # characters: shorter blocks ("In short") cost nothing and may be a page's own
_BLOCK = re.compile(r"<(p|ul|ol|dl)\b[^>]*>.*?</\1>", re.DOTALL)


def without_boilerplate(index: dict) -> dict:
    """``index`` without the blocks of text that BOILERPLATE_PAGES or more pages share."""
    pages: dict[str, set[str]] = defaultdict(set)
    for entry in index.get("docs", []):
        for block in {m.group(0) for m in _BLOCK.finditer(entry.get("text", ""))}:
            if len(block) >= BOILERPLATE_MIN:
                pages[block].add(entry["location"].split("#")[0])
    shared = {block for block, where in pages.items() if len(where) >= BOILERPLATE_PAGES}
    for entry in index.get("docs", []):
        if shared and "text" in entry:
            text = _BLOCK.sub(lambda m: "" if m.group(0) in shared else m.group(0), entry["text"])
            entry["text"] = re.sub(r"\s{2,}", " ", text).strip()
    return index


# Who a page is written for weighs on where it ranks: a lay word such as "mri", "scan" or
# "fatal" is found on patient and clinician pages alike, and a patient should meet the patient
# page first. A clinical query ("flair", "natalizumab-associated IRIS") finds clinician pages
# anyway, since only they use those words. Multiplies a page's own `search: boost`.
AUDIENCE_BOOST = {"clinicians": 0.25}


def weighed_by_audience(index: dict, boosts: dict[str, float] | None = None) -> dict:
    """Each entry's boost times its page's audience weight (AUDIENCE_BOOST; 1 when not listed)."""
    boosts = AUDIENCE_BOOST if boosts is None else boosts
    for entry in index.get("docs", []):
        location = entry["location"]
        folder = location.split("/")[0] if "/" in location else ""
        weight = boosts.get(shape.section_for_folder(folder).audience, 1)
        if weight != 1:
            entry["boost"] = round(entry.get("boost", 1) * weight, 4)
    return index


# Each result shows its section's opening (`text`, the teaser), not the whole section: on a phone
# a whole section was screens of grey text per result. The rest of the section is still searched,
# as its distinct words (`words`, a field mkdocs.yml gives the weight of `text`): stop words (which
# the index drops anyway) and words repeated within a section are stored once, so every reader
# downloads about a third less (issue 22: at most 50 KB gzip).
WORDS = "words"
SUMMARY_TITLE = "<p>In short</p>"  # the title of every page's summary box: not a teaser's first words
TEASER_CHARS = 160  # whole sentences up to about this length; a longer first sentence is cut at a word
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# lunr's English stop words (lunr.stopWordFilter), which the index leaves out of every field.
STOP_WORDS = frozenset(
    "a able about across after all almost also am among an and any are as at be because been but by can cannot "
    "could dear did do does either else ever every for from get got had has have he her hers him his how however "
    "i if in into is it its just least let like likely may me might most must my neither no nor not of off often "
    "on only or other our own rather said say says she should since so some than that the their them then there "
    "these they this tis to too twas us wants was we were what when where which while who whom why will with "
    "would yet you your".split())


def teaser_and_words(index: dict, summary_title: str = SUMMARY_TITLE, stop_words: frozenset = STOP_WORDS) -> dict:
    """Each entry's text cut to its teaser, the rest kept as distinct words in the `words` field."""
    separator = re.compile((index.get("config") or {}).get("separator") or r"[\s\-]+")
    for entry in index.get("docs", []):
        text = entry.get("text", "").replace(summary_title, "", 1)
        plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()
        teaser, rest = _teaser(plain)
        entry["text"] = f"<p>{teaser}</p>" if teaser else ""
        shown = {w.casefold() for w in separator.split(teaser)}
        words = dict.fromkeys(w.casefold() for w in separator.split(rest) if w)
        kept = [w for w in words if w not in shown and w not in stop_words]
        if kept:
            entry[WORDS] = " ".join(kept)
    return index


def _teaser(plain: str) -> tuple[str, str]:
    """(the teaser of ``plain``, the rest of it)."""
    teaser = ""
    for sentence in _SENTENCE_END.split(plain):
        if teaser and len(teaser) + len(sentence) > TEASER_CHARS:
            break
        teaser = f"{teaser} {sentence}".strip()
    if len(teaser) > 2 * TEASER_CHARS:
        teaser = teaser[:TEASER_CHARS].rsplit(" ", 1)[0]
        return teaser + " …", plain[len(teaser):]
    return teaser, plain[len(teaser):]


# Pages about the guide itself (how it is made, privacy, licences): their headings and the first
# paragraph of each section lead a search there ("privacy", "cookies", "licence", "funding"); the
# rest of their words made them answers to questions about PML.
LEAD_ONLY = ("about/", "reference/download/", "reference/download.html")
_PARAGRAPH = re.compile(r"<p>.*?</p>", re.DOTALL)


def lead_only(index: dict) -> dict:
    """Each section of the pages in LEAD_ONLY keeps its heading and first paragraph only."""
    for entry in index.get("docs", []):
        if entry["location"].startswith(LEAD_ONLY) and "text" in entry:
            first = _PARAGRAPH.search(entry["text"])
            entry["text"] = first.group(0) if first else ""
    return index


# Web addresses shown as text (the support organisations' sites, the Bibliography's web sources):
# nobody types "https" into the search box, and each address is a string of rare words.
_ADDRESS = re.compile(r"\bhttps?://[^\s<]+")


def without_addresses(index: dict) -> dict:
    """Every entry's text without the web addresses it shows."""
    for entry in index.get("docs", []):
        if "text" in entry and "://" in entry["text"]:
            entry["text"] = _ADDRESS.sub("", entry["text"])
    return index


INDEX_SHAPERS.extend([lead_only, without_addresses, without_boilerplate, weighed_by_audience, teaser_and_words])


# The Spanish index (es/search/search_index.json, write_translation_index) is what a Spanish reader
# downloads before the first search: 58 KB gzip with whole sections as text, over the 50 KB of
# issue 22. It is shaped as the English one is, once its reader words and its words without
# accents (taken from the whole text) are in: shared boxes out (the emergency box was indexed on
# every page), then teasers and distinct words. Its own summary title; lunr's Spanish stop word
# filter (mkdocs.yml: the language's search pipeline) drops the Spanish stop words at search time,
# so only words nobody searches for as a whole are left out here.
SUMMARY_TITLE_ES = "<p>En resumen</p>"
STOP_WORDS_ES = frozenset(
    "a al como con de del el en es la las lo los o para por que se su sus un una y".split())


def teaser_and_words_es(index: dict) -> dict:
    """teaser_and_words with the Spanish summary title and stop words; the `words` field searched
    with the weight of `text` (the language's own fields, docs/_data/languages.yml, replace
    mkdocs.yml's, which name it)."""
    index = teaser_and_words(index, SUMMARY_TITLE_ES, STOP_WORDS_ES)
    fields = (index.get("config") or {}).get("fields")
    if fields:
        fields.setdefault(WORDS, dict(fields.get("text") or {"boost": 1}))
    return index


TRANSLATION_SHAPERS.extend([without_boilerplate, teaser_and_words_es])
