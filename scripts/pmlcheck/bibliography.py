"""bibliography.bib: the one source of references.

Why: mkdocs-bibtex answers a malformed entry or a repeated key with a raw traceback, and an
entry with no DOI, PubMed ID or web address is one a reader cannot check. This module reads
the file first and says which line is wrong and how to fix it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import parse_string
from pybtex.scanner import PybtexSyntaxError

from .pages import REPO
from .problems import Problem, rel

BIB = REPO / "bibliography.bib"
KEY = re.compile(r"^[a-z][a-z0-9]*$")
ENTRY_START = re.compile(r"^\s*@(\w+)\s*\{\s*([^,\s]*)\s*,?", re.MULTILINE)
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


def _parse(text: str, cache_dir: Path):
    """pybtex's parse of ``text``, kept in ``cache_dir`` keyed by the text's hash: parsing takes
    about 0.2 s per 1,000 entries, reading the pickled result back about a tenth of that.
    Only text that parsed without error is ever cached; PML_GUIDE_NO_CACHE=1 bypasses it."""
    import hashlib
    import os
    import pickle

    cache = cache_dir / f"bibliography-{hashlib.sha256(text.encode()).hexdigest()[:20]}.pickle"
    if cache.exists() and not os.environ.get("PML_GUIDE_NO_CACHE"):
        try:
            return pickle.loads(cache.read_bytes())
        except Exception:  # a cache written by another pybtex version, or cut short: parse again
            pass
    data = parse_string(text, "bibtex")
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob("bibliography-*.pickle"):
            old.unlink()
        cache.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:  # a read-only checkout still builds, only slower
        pass
    return data


def load(path: Path = BIB, root: Path | None = None) -> tuple[Bibliography, list[Problem]]:
    """Parse the .bib file; problems name the line of the entry at fault."""
    shown = rel(path, root or REPO)
    bib = Bibliography(shown)
    if not path.exists():
        return bib, [Problem(shown, None, "the bibliography file does not exist.",
                             "create bibliography.bib at the repository root (see CONTRIBUTING.md).")]
    text = path.read_text(encoding="utf-8")
    problems: list[Problem] = []

    seen: dict[str, int] = {}
    folded: dict[str, int] = {}  # lower-cased key -> line, to spot keys differing only in case
    line, counted = 1, 0  # line numbers counted incrementally: re-counting from the top is quadratic
    for match in ENTRY_START.finditer(text):
        kind, key = match.group(1).lower(), match.group(2)
        line, counted = line + text.count("\n", counted, match.start(1)), match.start(1)
        if kind in ("comment", "preamble", "string"):
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
    bib.lines = seen
    if problems:
        return bib, problems

    try:
        data = _parse(text, (root or REPO) / ".cache" / "pml-guide")
    except PybtexSyntaxError as exc:
        line = getattr(exc, "lineno", None)
        starts = [(n, k) for k, n in seen.items() if line and n <= line]
        inside = f" in entry '{starts[-1][1]}' (which starts at line {starts[-1][0]})" if starts else ""
        return bib, [Problem(shown, line, f"the file is not valid BibTeX{inside}: {exc.args[0] if exc.args else exc}.",
                             "check that entry's braces, the commas between its fields and its closing '}'; "
                             "compare it with a correct entry.")]
    except Exception as exc:  # pybtex raises several error types for malformed input
        return bib, [Problem(shown, None, f"the file could not be read as BibTeX: {exc}.",
                             "check the most recently edited entry for unbalanced braces or a missing comma.")]
    bib.entries = dict(data.entries)
    bib.data, bib.text = data, text

    for key, entry in bib.entries.items():
        line = bib.lines.get(key)
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
        url = entry.fields.get("url", "")
        if url.startswith("http://"):
            problems.append(Problem(shown, line, f"entry '{key}' links to an insecure http:// address.",
                                    "use the https:// address of the same page (check that it opens)."))
    return bib, problems
