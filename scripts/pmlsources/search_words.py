"""Reader words for search: the words readers type, each written once, each leading to one place.

Why: a worried reader searches for "contagious", "spinal tap", "tysbari" or "how long to live",
not for the medical words the pages use. Material's search has no synonyms, so the build adds
these words to the search index (pmlrender/search.py), from two sources and no other:

- glossary.yml: a term and its `aliases` (shown to readers as "also called": brand names, lay
  words) lead search to the term's `read_more` page, where no heading of that page already names them,
  with less weight than a heading (Material's search takes every typed word as a prefix: with
  every glossary word at a heading's weight, the many words starting with "i" on one page
  outranked the answer to "can i catch pml");
- a page's front matter `search_keywords`: words that are not a name for any one thing
  (misspellings, question words such as "contagious" or "life expectancy"). They are never shown
  on the page. Either a list (the page) or a mapping from a heading's anchor (or `page`) to a list:

      search_keywords:
        page: [tysbari, natalizamab]
        can-i-catch-pml-from-someone-who-has-it: [contagious, infectious]

Every word lives in exactly one place: a word typed twice (two pages, a page and the glossary,
or twice on one page) is a located problem, as is an anchor that names no heading of the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pmlsources.pages import anchors
from pmlsources.pages import split_front_matter
from pmlsources.problems import Problem, rel

FIELD = "search_keywords"
PAGE = "page"  # the mapping key for words that lead to the page itself, not one of its sections
MAX_WORD = 40
MAX_WORDS_PER_PAGE = 40
_WORD = re.compile(r"[\w' .-]+")  # letters, digits, spaces, apostrophes, dots and hyphens; no markup
EXAMPLE = ("search_keywords:\n"
           "  page: [tysbari, natalizamab]\n"
           "  can-i-catch-pml-from-someone-who-has-it: [contagious, infectious]")


@dataclass(frozen=True)
class Word:
    """One reader word and where search should take it: a page (path under docs/) and an
    optional heading anchor; `source` and `line` say where the word is written."""
    text: str
    page: str
    anchor: str
    source: str
    line: int | None
    glossary: bool = False  # from glossary.yml: a weaker field, and only where the page lacks it


def shape_error(value: object) -> str | None:
    """Why ``value`` is not a valid `search_keywords` field, or None when it is."""
    groups = value if isinstance(value, dict) else {PAGE: value}
    for key, words in groups.items():
        if not isinstance(key, str) or not re.fullmatch(r"[a-z0-9_-]+", key):
            return f"'{key}' is not '{PAGE}' or a heading's anchor (lower-case letters, digits and hyphens)"
        if not isinstance(words, list) or not words:
            return f"'{key}' is not a list of words in square brackets"
        for word in words:
            if not isinstance(word, str) or not _WORD.fullmatch(word) or len(word) > MAX_WORD:
                return (f"'{word}' is not a plain word or phrase of at most {MAX_WORD} characters "
                        "(letters, digits, spaces, apostrophes, hyphens)")
    if sum(len(words) for words in groups.values() if isinstance(words, list)) > MAX_WORDS_PER_PAGE:
        return f"more than {MAX_WORDS_PER_PAGE} words (each one makes the search index larger)"
    return None


def fold(word: str) -> str:
    """The form two words are compared in: case, spacing and hyphens ignored."""
    return " ".join(re.split(r"[\s-]+", word.casefold().strip()))


def page_words(path: Path, docs: Path, root: Path) -> tuple[list[Word], list[Problem]]:
    """The `search_keywords` of one page (its type is checked with the front matter)."""
    from pmlsources import yamlsafe

    text = path.read_text(encoding="utf-8")
    front, _body, _ = split_front_matter(text)
    data, problems = yamlsafe.load(front or "", rel(path, root), first_line=2)
    value = data.get(FIELD) if isinstance(data, dict) and not problems else None
    if value is None or shape_error(value):
        return [], []
    shown, page, line = rel(path, root), path.relative_to(docs).as_posix(), yamlsafe.key_lines(front or "", 2).get(FIELD, 2)
    groups = value if isinstance(value, dict) else {PAGE: value}
    words = [Word(w, page, "" if key == PAGE else key, shown, line) for key, ws in groups.items() for w in ws]
    known = anchors(text)
    problems = [Problem(shown, line, f"search_keywords names the section '{key}', which is not a heading of this page.",
                        f"use one of this page's heading anchors ({', '.join(sorted(known)) or 'none'}) or '{PAGE}'.")
                for key in groups if key != PAGE and key not in known]
    return words, problems


def glossary_words(terms, glossary_path: str) -> list[Word]:
    """Each glossary term and its aliases, leading to the term's read_more page (and anchor)."""
    words = []
    for term in terms:
        if not term.read_more:
            continue
        page, _, anchor = term.read_more.partition("#")
        words += [Word(label, page, anchor, glossary_path, term.line, glossary=True) for label in [term.term, *term.aliases]]
    return words


def collect(pages: list[Path], terms, docs: Path, root: Path, glossary_path: str = "glossary.yml"
            ) -> tuple[list[Word], list[Problem]]:
    """Every reader word of the site, and a problem for each word written in two places."""
    words, problems = [], []
    for path in pages:
        found, wrong = page_words(path, docs, root)
        words += found
        problems += wrong
    seen: dict[str, Word] = {}
    for term in terms:  # a glossary word is in the glossary once (glossary.load checks that)
        for label in [term.term, *term.aliases]:
            seen.setdefault(fold(label), Word(label, term.read_more, "", glossary_path, term.line))
    for word in words:
        first = seen.setdefault(fold(word.text), word)
        if first is not word:
            problems.append(_twice(word, first))
    return glossary_words(terms, glossary_path) + words, problems


def _twice(word: Word, first: Word) -> Problem:
    where = first.source + (f" line {first.line}" if first.line else "")
    if first.source != word.source and not first.page:
        fix = "remove it here, and give that glossary term a read_more page: search then leads its words there."
    elif first.source != word.source:
        fix = f"remove it here: it already leads search to {first.page}. Each word is written once."
    else:
        fix = "remove the second copy."
    return Problem(word.source, word.line, f"the search word '{word.text}' is already written in {where}.", fix)


def check(pages: list[Path], docs: Path, root: Path, glossary_file: str = "glossary.yml") -> list[Problem]:
    """The reader words of ``pages`` and of the glossary: each written once, each anchor a heading.
    A translation's pages have their own search index and glossary (``glossary_file``)."""
    from pmlsources import glossary

    if not (root / glossary_file).exists():
        return collect(pages, [], docs, root, glossary_file)[1]
    terms, _problems = glossary.load(root / glossary_file, docs, None, root=root)  # glossary problems: its own check
    return collect(pages, terms, docs, root, rel(root / glossary_file, root))[1]
