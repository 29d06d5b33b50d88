"""glossary.yml: the one source of glossary terms, and what is generated from it.

Why: readers meet words like oligodendrocyte and IRIS on many pages. Each term is defined once,
here; the tooltips on every page and the A-Z Glossary page are both generated from this file,
so a definition can never be written twice or disagree with itself.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pmlsources import data as datafile
from pmlsources.data import line_of

from pmlsources.lookalikes import fold
from pmlsources.pages import DOCS, REPO
from pmlsources.problems import Problem, did_you_mean, rel

GLOSSARY = REPO / "glossary.yml"
GLOSSARY_ES = "glossary.es.yml"  # the Spanish glossary, beside glossary.yml
# `translates`: in a translation's glossary (glossary.es.yml), the English term it translates.
FIELDS = {"term", "aliases", "pronunciation", "definition", "read_more", "sources", "translates"}
MAX_DEFINITION_WORDS = 45
EXAMPLE = (
    "- term: myelin\n"
    "  definition: >-\n"
    "    The fatty coating around nerve fibres. It helps messages travel quickly along them.\n"
    "  read_more: patients/what-is-pml.md"
)


@dataclass
class Term:
    term: str
    definition: str
    line: int
    aliases: list[str] = field(default_factory=list)
    pronunciation: str = ""
    read_more: str = ""
    sources: list[str] = field(default_factory=list)
    translates: str = ""

    @property
    def anchor(self) -> str:
        return "term-" + re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")

    @property
    def letter(self) -> str:
        first = self.term[:1].upper()
        return first if first.isalpha() else "#"


# What each field may contain. Terms, aliases, pronunciations and definitions all become the
# text of a tooltip, which Material renders as HTML, and the Glossary page's Markdown: so no
# markup characters (< > & " [ ] { } ` * _ | # \ @) anywhere, only letters, digits, spaces and
# the punctuation of plain sentences.
NAME_PUNCT = set(" -'’.,()/+")
PRONUNCIATION_PUNCT = set(" -'’,")
DEFINITION_PUNCT = set(" -'’‘“”.,;:()/%+?!–—")
MAX_NAME = 80
MAX_PRONUNCIATION = 100
READ_MORE = re.compile(r"^[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_-]*)*\.md(?:#[a-z0-9][a-z0-9_-]*)?$")
SOURCE_KEY = re.compile(r"^[a-z][a-z0-9]*$")


def _odd_characters(text: str, punct: set[str]) -> str:
    """The characters of ``text`` that are neither letters, digits nor in ``punct``."""
    return "".join(sorted({c for c in text if not (c.isalnum() and c != "_") and c not in punct}))


def _text_field(item: dict, key: str, name: str, punct: set[str], limit: int, where: tuple[str, int | None],
                problems: list[Problem]) -> str:
    """A validated text field ("" when absent): a string, within ``limit``, of allowed characters."""
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(Problem(*where, f"'{key}' of '{name}' is not text (it is a {type(value).__name__}).",
                                f"write {key}: followed by plain words, in quotes if it contains a colon."))
        return ""
    value = " ".join(value.split())
    if len(value) > limit:
        problems.append(Problem(*where, f"'{key}' of '{name}' has {len(value)} characters (limit {limit}).",
                                f"shorten it to at most {limit} characters."))
    odd = _odd_characters(value, punct)
    if odd:
        problems.append(Problem(*where, f"'{key}' of '{name}' contains characters not allowed there: {' '.join(odd)}",
                                "write plain words: no markup or symbols (it is shown in tooltips and on the Glossary "
                                "page); put sources under 'sources:' as a list of keys."))
        return ""
    return value


def _list_field(item: dict, key: str, name: str, where: tuple[str, int | None], problems: list[Problem]) -> list:
    value = item.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(Problem(*where, f"'{key}' of '{name}' is not a list of words.",
                                f"write {key}: [first, second], each item plain text."))
        return []
    return [" ".join(v.split()) for v in value if v.strip()]


def _term(item: object, where: tuple[str, int | None], docs: Path, known_keys: set[str] | None,
          problems: list[Problem]) -> Term | None:
    """One glossary item, validated field by field; None when it cannot be used at all."""
    if not isinstance(item, dict):
        problems.append(Problem(*where, "this glossary item is not a term.", "write it like this:\n" + EXAMPLE))
        return None
    unknown = set(map(str, item)) - FIELDS
    if unknown:
        problems.append(Problem(*where, f"unknown field(s) {', '.join(sorted(unknown))}.", f"use only: {', '.join(sorted(FIELDS))}."))
    found = len(problems)
    name = _text_field(item, "term", "this item", NAME_PUNCT, MAX_NAME, where, problems)
    if not name:
        if len(problems) == found:
            problems.append(Problem(*where, "a glossary item has no 'term'.", "add 'term: the word as readers see it'."))
        return None
    definition = _text_field(item, "definition", name, DEFINITION_PUNCT, 1000, where, problems)
    if not definition and len(problems) == found:
        problems.append(Problem(*where, f"the term '{name}' has an empty definition.",
                                "write one or two short plain-language sentences under 'definition:'."))
    elif len(definition.split()) > MAX_DEFINITION_WORDS:
        problems.append(Problem(*where, f"the definition of '{name}' has {len(definition.split())} words.",
                                f"shorten it to at most {MAX_DEFINITION_WORDS} words; put detail on the page it links to."))
    aliases = []
    for alias in _list_field(item, "aliases", name, where, problems):
        aliases.append(_text_field({"alias": alias}, "alias", name, NAME_PUNCT, MAX_NAME, where, problems))
    term = Term(name, definition, where[1] or 0, [a for a in aliases if a],
                _text_field(item, "pronunciation", name, PRONUNCIATION_PUNCT, MAX_PRONUNCIATION, where, problems),
                _read_more(item, name, where, docs, problems), _sources(item, name, where, known_keys, problems),
                str(item.get("translates") or ""))
    return term


def _read_more(item: dict, name: str, where: tuple[str, int | None], docs: Path, problems: list[Problem]) -> str:
    value = item.get("read_more")
    if value is None:
        return ""
    target = value.split("#", 1)[0] if isinstance(value, str) else ""
    path = docs / target
    if not (isinstance(value, str) and READ_MORE.match(value) and path.is_file() and not path.is_symlink()
            and "_includes" not in PurePosixPath(target).parts):
        problems.append(Problem(*where, f"'{name}' has read_more '{value}', which is not a page.",
                                "give the page's path under docs/, for example 'patients/what-is-pml.md'."))
        return ""
    return value


def _sources(item: dict, name: str, where: tuple[str, int | None], known_keys: set[str] | None,
             problems: list[Problem]) -> list[str]:
    keys = []
    for key in _list_field(item, "sources", name, where, problems):
        if not SOURCE_KEY.match(key):
            problems.append(Problem(*where, f"'{name}' has source '{key}', which is not a citation key.",
                                    "use keys from bibliography.bib: lower-case letters and digits only."))
        elif known_keys is not None and key not in known_keys:
            problems.append(Problem(*where, f"'{name}' cites unknown source '{key}'.",
                                    f"{did_you_mean(key, known_keys)}Use a key from bibliography.bib, or add a "
                                    "verified entry there first."))
        else:
            keys.append(key)
    return keys


def sort_key(term: str) -> str:
    """A to Z as readers expect it: capitals and accents do not count ("Édema" files under E)."""
    return "".join(c for c in unicodedata.normalize("NFD", term.casefold()) if not unicodedata.combining(c))


def _order(terms: list[Term], shown: str) -> list[Problem]:
    """The file kept sorted A to Z (CONTRIBUTING.md), so a reader of the file and a reviewer of a
    diff find a term where they look: each term filed before the one above it is named, with the
    term it belongs before."""
    problems = []
    for above, term in zip(terms, terms[1:], strict=False):
        if sort_key(term.term) < sort_key(above.term):
            after = next(t for t in terms if sort_key(t.term) > sort_key(term.term))
            problems.append(Problem(shown, term.line or None, f"'{term.term}' is out of A to Z order (it comes after "
                                    f"'{above.term}').", f"move the entry to just before '{after.term}'"
                                    f"{f' (line {after.line})' if after.line else ''}."))
    return problems


def _duplicates(terms: list[Term], shown: str) -> list[Problem]:
    """Terms and aliases compared after folding case, look-alike letters and soft hyphens
    (pmlsources/lookalikes.py): "myеlin" with a Cyrillic е is "myelin"."""
    problems = []
    names: dict[str, tuple[str, int]] = {}
    for term in terms:
        for label in [term.term] + term.aliases:
            folded = fold(label)
            if folded in names:
                other, other_line = names[folded]
                problems.append(Problem(shown, term.line or None, f"'{label}' is already in the glossary (as '{other}', line {other_line}).",
                                        "keep one entry per term: merge the two, or remove this alias."))
            else:
                names[folded] = (term.term, term.line)
    return problems


def load(path: Path = GLOSSARY, docs: Path = DOCS, known_keys: set[str] | None = None,
         root: Path | None = None) -> tuple[list[Term], list[Problem]]:
    """Read and validate the glossary; a term with a problem is still returned when usable. What
    its words would tell readers is checked by pmlcheck/glossary_words.py."""
    shown = rel(path, root or REPO)
    data, problems = datafile.read(path, root or REPO, shown)
    if problems:
        return [], problems
    if not isinstance(data, list):
        return [], [Problem(shown, 1, "the glossary is not a list of terms.", "write each term like this:\n" + EXAMPLE)]
    terms: list[Term] = []
    for index, item in enumerate(data):
        term = _term(item, (shown, line_of(data, index)), docs, known_keys, problems)
        if term is not None:
            terms.append(term)
    return terms, problems + _duplicates(terms, shown) + _order(terms, shown)


def load_translated(root: Path, docs: Path, known_keys: set[str] | None) -> tuple[list, list[Problem]]:
    """glossary.es.yml, checked as glossary.yml is (an absent file is no glossary)."""
    path = root / GLOSSARY_ES
    return load(path, docs, known_keys, root=root) if path.exists() else ([], [])
