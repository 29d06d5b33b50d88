"""bibliography.bib: the one source of references.

Why: mkdocs-bibtex answers a malformed entry or a repeated key with a raw traceback, and an
entry with no DOI, PubMed ID or web address is one a reader cannot check. This module reads
the file first and says which line is wrong and how to fix it.

The file is untrusted input (any pull request may change it): it is read through
pmlsources/textsafe.py (size, UTF-8, invisible characters), user-defined @string macros are
refused (a chain of doublings grows to gigabytes), a crossref may point only at an entry that
has none itself, and every field that can reach a page is checked for markup and for the shape
of identifiers (DOI, PubMed ID, https address). The file is parsed afresh on every run: nothing
parsed is kept on disk.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pybtex.database import parse_string
from pybtex.scanner import PybtexSyntaxError

from pmlsources.bibtex_seam import citation_keys  # mkdocs-bibtex's own parser: we see what it sees
from pmlsources import textsafe
from pmlsources.pages import REPO
from pmlsources.problems import Problem, rel

BIB = REPO / "bibliography.bib"
KEY = re.compile(r"^[a-z][a-z0-9]*$")
ENTRY_START = re.compile(r"^\s*@(\w+)\s*[{(]\s*([^,\s]*)\s*,?", re.MULTILINE)
REQUIRED_FIELDS = {
    "article": ("author", "title", "journal", "year"),
    "online": ("author", "title", "url", "urldate"),
    "misc": ("author", "title", "year"),
    "book": ("author", "title", "publisher", "year"),
    "report": ("author", "title", "year"),
}
LINK_FIELDS = ("doi", "pmid", "url")


@dataclass
class Bibliography:
    path: str
    entries: dict = field(default_factory=dict)   # key -> pybtex Entry
    data: object = None                           # the pybtex BibliographyData
    text: str = ""                                # the file as read
    lines: dict = field(default_factory=dict)     # key -> line number of '@type{key,'


# Identifier fields become links on pages: each must have its documented shape.
FIELD_SHAPES = {
    "doi": (re.compile(r"^10\.\d+(?:\.\d+)*/[^\s\"'<>\\{}]+$"), "a DOI such as 10.1038/s41582-020-00427-y"),
    "pmid": (re.compile(r"^\d{1,9}$"), "the PubMed ID: digits only, such as 33219338"),
    "pmcid": (re.compile(r"^PMC\d{1,9}$"), "the PMC ID, such as PMC1234567"),
    "url": (re.compile(r"^https://[A-Za-z0-9.-]+(?::\d+)?(?:/[^\s\"'<>\\{}`]*)?$"), "an https:// address with no spaces or quotes"),
}
MARKUP = re.compile(r"[<>]|(?:java|vb)script\s*:|data\s*:\s*text/html|&#|&[a-z]+;", re.I)
# LaTeX a field may use: accents (\'e, \"{o}, \c{c}, \v{s}), escaped symbols (\&, \textless) and a few letters
# (\ss, \o). Any other command (\href{...}{...}, \url, \textbf, \input) is markup: pandoc would write
# it into the reference as a link or formatting.
LATEX_COMMAND = re.compile(r"\\(?![`'\"^~=.&%$#_{} -]|(?:[cvuHkbdtr]|ss|o|O|ae|AE|oe|OE|aa|AA|l|L|i|j|"
                           r"text(?:less|greater|endash|emdash|quote(?:left|right|dblleft|dblright|single|double)|"
                           r"asciitilde|asciicircum|underscore|bar|bullet|degree|mu|pm|times|backslash))(?![a-zA-Z]))[a-zA-Z@]*+")
# An address written into a field other than url or doi (a "Full text here" link in a title or note).
ADDRESS_IN_TEXT = re.compile(r"(?:https?|ftp|file)\s*:|\bwww\.|\\\\[\w.-]+\\", re.I)
ADDRESS_FIELDS = {"url", "doi"}


def _parse(text: str):
    """pybtex's parse of ``text`` (about 40 ms for the guide's 153 entries). It is not cached:
    a JSON copy saved about 25 ms a build, and was one more file a pull request could tamper with."""
    return parse_string(text, "bibtex")


def _scan(text: str, shown: str) -> tuple[dict[str, int], list[Problem]]:
    """Entry keys and their lines, from the text (before pybtex parses it); problems with keys
    and with @string macros."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    folded: dict[str, int] = {}  # lower-cased key -> line, to spot keys differing only in case
    line, counted = 1, 0  # line numbers counted incrementally: re-counting from the top is quadratic
    for match in ENTRY_START.finditer(text):
        kind, key = match.group(1).lower(), match.group(2)
        line, counted = line + text.count("\n", counted, match.start(1)), match.start(1)
        if kind == "string":
            problems.append(Problem(shown, line, "the file defines an @string macro.",
                                    "write the text out in full in each entry: @string macros are not allowed "
                                    "(chained macros can make the file expand to gigabytes)."))
            continue
        if kind in ("comment", "preamble"):
            continue
        if not key:
            problems.append(Problem(shown, line, f"an @{kind} entry has no citation key.",
                                    "write the key right after the brace: @article{smith2020progressive,"))
            continue
        if key.lower() in folded:
            first = folded[key.lower()]
            problems.append(Problem(shown, line, f"the key '{key}' is used twice (first at line {first}).",
                                    "keep one entry per source; if these are different sources, give this one another key."))
            continue
        seen[key] = line
        folded[key.lower()] = line
        if not KEY.match(key):
            problems.append(Problem(shown, line, f"the key '{key}' is not lower case letters and digits.",
                                    "use the form firstauthorYEARfirstword in lower case, for example 'berger2013pml'."))
    return seen, problems


def _parse_or_explain(text: str, shown: str, seen: dict[str, int]):
    """(pybtex data, []) or (None, [a located problem])."""
    try:
        return _parse(text), []
    except PybtexSyntaxError as exc:
        line = getattr(exc, "lineno", None)
        starts = [(n, k) for k, n in seen.items() if line and n <= line]
        inside = f" in entry '{starts[-1][1]}' (which starts at line {starts[-1][0]})" if starts else ""
        return None, [Problem(shown, line, f"the file is not valid BibTeX{inside}: {exc.args[0] if exc.args else exc}.",
                              "check that entry's braces, the commas between its fields and its closing '}'; "
                              "compare it with a correct entry.")]
    except Exception as exc:  # pybtex raises several error types for malformed input
        named = [key for key in seen if re.search(rf"\b{re.escape(key)}\b", str(exc))]
        return None, [Problem(shown, seen[named[0]] if named else None, f"the file could not be read as BibTeX: {exc}.",
                              "check that entry (or, with no entry named, the most recently edited one) for a field "
                              "written twice, unbalanced braces or a missing comma.")]


def load(path: Path = BIB, root: Path | None = None) -> tuple[Bibliography, list[Problem]]:
    """Parse the .bib file; problems name the line of the entry at fault."""
    shown = rel(path, root or REPO)
    bib = Bibliography(shown)
    if not path.exists():
        return bib, [Problem(shown, None, "the bibliography file does not exist.",
                             "create bibliography.bib at the repository root (see CONTRIBUTING.md).")]
    text, problems = textsafe.read(path, root or REPO)
    if text is None:
        return bib, problems
    bib.lines, problems = _scan(text, shown)
    if problems:
        return bib, problems
    data, problems = _parse_or_explain(text, shown, bib.lines)
    if data is None:
        return bib, problems
    problems = [p for key, entry in data.entries.items()
                for p in _check_entry(key, entry, shown, bib.lines.get(key), data.entries)]
    bib.entries = dict(data.entries)
    bib.data, bib.text = data, text
    return bib, problems


def _check_fields(key: str, entry, shown: str, line: int | None) -> list[Problem]:
    """Every field that can reach a page: no markup, and identifiers of the right shape."""
    problems = []
    people = [str(p) for persons in entry.persons.values() for p in persons]
    for name, value in [*entry.fields.items(), *(("author", p) for p in people)]:
        name = name.lower()
        if MARKUP.search(value):
            problems.append(Problem(shown, line, f"entry '{key}' field '{name}' contains markup (<, >, an HTML entity or a script address).",
                                    "write the field as plain text, as the source's record shows it; use BibTeX "
                                    "escapes such as \\& for symbols."))
        elif command := LATEX_COMMAND.search(value):
            problems.append(Problem(shown, line, f"entry '{key}' field '{name}' contains the LaTeX command "
                                    f"'{command.group(0)}', which would put a link or formatting in the reference.",
                                    "write the field as plain text; only accents (\\'e, \\\"{o}) and escaped symbols (\\&) "
                                    "are allowed. A link to the source goes in url = {...} or doi = {...}."))
        elif name not in ADDRESS_FIELDS and ADDRESS_IN_TEXT.search(value):
            problems.append(Problem(shown, line, f"entry '{key}' field '{name}' contains a web address.",
                                    "put the address in url = {...} (or the DOI in doi = {...}) and write this field as "
                                    "plain text."))
        elif name in FIELD_SHAPES and not FIELD_SHAPES[name][0].match(value.strip()):
            problems.append(Problem(shown, line, f"entry '{key}' field '{name}' is not {FIELD_SHAPES[name][1]}: '{value[:80]}'.",
                                    f"copy the {name} exactly from the source's PubMed or publisher record."))
    return problems


def _check_entry(key: str, entry, shown: str, line: int | None, entries: dict) -> list[Problem]:
    problems = _check_fields(key, entry, shown, line)
    kind = entry.type.lower()
    fields = {k.lower() for k in entry.fields} | ({"author"} if entry.persons.get("author") else set())
    for needed in REQUIRED_FIELDS.get(kind, ("author", "title")):
        if needed not in fields:
            problems.append(Problem(shown, line, f"entry '{key}' (@{kind}) has no '{needed}' field.",
                                    f"add {needed} = {{...}}, copied from the source's PubMed or publisher record."))
    if kind == "article" and not fields & {"doi", "pmid"} and not ("url" in fields and "idnote" in fields):
        problems.append(Problem(shown, line, f"article '{key}' has no doi or pmid, so readers cannot look it up.",
                                "add doi = {...} and/or pmid = {...}, copied from the article's PubMed or publisher record. "
                                "Only if neither could be seen on any record: add url = {the journal or PMC page} and "
                                "idnote = {why no DOI or PMID is given}, and say so in the pull request."))
    elif not any(f in fields for f in LINK_FIELDS):
        problems.append(Problem(shown, line, f"entry '{key}' has no doi, pmid or url, so readers cannot find it.",
                                "add doi = {...} or pmid = {...} from the PubMed record; for a web page add url and urldate."))
    if kind == "online" and "urldate" not in fields:
        problems.append(Problem(shown, line, f"web entry '{key}' has no 'urldate'.",
                                "add urldate = {YYYY-MM-DD}: the day you read the page."))
    if entry.fields.get("url", "").startswith("http://"):
        problems.append(Problem(shown, line, f"entry '{key}' links to an insecure http:// address.",
                                "use the https:// address of the same page (check that it opens)."))
    target = entry.fields.get("crossref")
    if target is not None and (target not in entries or "crossref" in entries[target].fields):
        problems.append(Problem(shown, line, f"entry '{key}' has crossref '{target}', which is not an entry without a crossref of its own.",
                                "write the shared fields into this entry instead; crossref may point only at an existing "
                                "entry, and chains or loops of crossref are not allowed."))
    return problems


@lru_cache(maxsize=2048)  # the build asks for each page's keys three times (checks, uncited entries, Bibliography page)
def cited_keys(text: str) -> tuple[tuple[int, str], ...]:
    """(line, key) for each citation in a page, in order, parsed as mkdocs-bibtex parses it."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "@" not in line:
            continue
        found += [(number, key) for key in citation_keys(line)]
    return tuple(found)


def citing_pages(pages: list[Path]) -> dict[str, list[Path]]:
    """key -> pages that cite it, in page order."""
    where: dict[str, list[Path]] = {}
    for path in pages:
        for _line, key in cited_keys(path.read_text(encoding="utf-8")):
            where.setdefault(key, [])
            if path not in where[key]:
                where[key].append(path)
    return where
