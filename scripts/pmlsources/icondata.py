"""The rows icon arrays draw (docs/_data/*.yml: `estimates:` or `frequencies:`), loaded and
validated once: each row's frequency, denominator, source, date and translated words.

Why here: the checks (pmlcheck/blocks.py) and the drawing (pmlrender/iconarray.py) read the same
validated rows, so a picture can never show a row the checks did not pass.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pmlsources import data as datafile
from pmlsources.data import line_of
from pmlsources.datawords import DEFAULT, TRANSLATED, data_words, translated
from pmlsources.figuredata import unknown_keys
from pmlsources.problems import Problem


DENOMINATORS = (10, 100, 1000)


QUALIFIERS = ("About", "Nearly", "More than", "Exactly")


LISTS = ("estimates", "frequencies")  # the key holding the rows, by data file


# What a filled and an empty square mean, when a row does not say (the natalizumab risk file).
DEFAULT_WORDS = ("got PML", "did not get PML")
# ... and in each language (a row that uses the default meaning is drawn with its language's words).
DEFAULT_MEANING = {"en": DEFAULT_WORDS, "es": ("tuvieron LMP", "no tuvieron LMP")}


_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


_KEY = re.compile(r"^[\w-]+$")


_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True)
class Row:
    """One frequency: ``count`` in ``out_of`` people, what the filled squares mean, and its source."""
    id: str
    label: str
    count: float
    out_of: int
    source: str
    source_date: str
    highlighted: str = DEFAULT_WORDS[0]
    rest: str = DEFAULT_WORDS[1]
    below: bool = False  # the source gives only an upper bound ("below 0.07 in 1,000")
    qualifier: str = "About"  # as the page says it: "About", "Nearly", "More than"
    words: dict = field(default_factory=dict, compare=False)  # language -> its `es:` words (label, ...)
    line: int | None = field(default=None, compare=False)     # its line in the data file

    def in_language(self, lang: str) -> Row:
        """The row with its label and the meaning of its squares in ``lang``; a row that uses the
        default meaning gets the language's default."""
        if lang == DEFAULT:
            return self
        own, default = self.words.get(lang) or {}, DEFAULT_MEANING.get(lang, DEFAULT_WORDS)
        return replace(self, label=own.get("label", self.label),
                       highlighted=own.get("highlighted") or (default[0] if self.highlighted == DEFAULT_WORDS[0] else self.highlighted),
                       rest=own.get("rest") or (default[1] if self.rest == DEFAULT_WORDS[1] else self.rest))

    @property
    def shown(self) -> int:
        """How many squares are filled: the count rounded to a whole person."""
        return int(self.count + 0.5)

    @property
    def too_small(self) -> bool:
        """Below 1 in the denominator, or only an upper bound: said in words, not drawn."""
        return self.below or self.count < 1


def _row(item: object, n: int, path: str, line: int | None) -> tuple[Row | None, list[Problem]]:
    """A validated Row from one list item of a data file, or the located problems."""
    def problem(message: str, fix: str) -> tuple[None, list[Problem]]:
        return None, [Problem(path, line, f"row {n}: {message}", fix)]

    if not isinstance(item, dict):
        return problem("is not a mapping.", "write each row as `- id: ...` followed by its fields.")
    ident, label, source = item.get("id"), item.get("label"), item.get("source")
    if not isinstance(ident, str) or not _ID.match(ident):
        return problem(f"its id {ident!r} is missing or not kebab-case.", "give it an id such as `pooled-estimate`.")
    if not isinstance(label, str) or not label.strip():
        return problem(f"'{ident}' has no label.", "add `label:` in plain words (who the group is).")
    if not isinstance(source, str) or not _KEY.match(source):
        return problem(f"'{ident}' has no valid source key.", "add `source:` with a key from bibliography.bib.")
    date = str(item.get("source_date", ""))  # a year alone reads as a number: str() gives it back
    if not _DATE.match(date):
        return problem(f"'{ident}' has source_date {date!r}.", "write it as YYYY, YYYY-MM or YYYY-MM-DD.")
    out_of: Any  # read from YAML; checked below
    if "per_1000" in item:
        count, out_of = item["per_1000"], 1000
    else:
        count, out_of = item.get("count"), item.get("out_of")
    if isinstance(count, bool) or not isinstance(count, (int, float)) or not 0 <= count <= (out_of or 0):
        return problem(f"'{ident}' has a count of {count!r}.", "give a number from 0 to the denominator.")
    if out_of not in DENOMINATORS:
        return problem(f"'{ident}' is out of {out_of!r}.", f"use one of {', '.join(map(str, DENOMINATORS))}.")
    extra = {k: str(item[k]).strip() for k in ("highlighted", "rest") if isinstance(item.get(k), str) and item[k].strip()}
    qualifier = item.get("qualifier", "About")
    if qualifier not in QUALIFIERS:
        return problem(f"'{ident}' has qualifier {qualifier!r}.", f"use one of: {', '.join(QUALIFIERS)}.")
    below = item.get("below") is True
    found: list[Problem] = []
    own_text = tuple(k for k, v in item.items() if isinstance(v, str))  # any of the row's words may be translated
    data_words(item, own_text, lambda m, f: found.append(Problem(path, line, f"row {n}: '{ident}': {m}", f)))
    if found:
        return None, found
    own = {lang: {k: v.strip() for k, v in translated(item, lang).items()} for lang in TRANSLATED
           if translated(item, lang)}
    return Row(ident, label.strip(), float(count), int(out_of), source, date, below=below, qualifier=qualifier,
               words=own, line=line, **extra), []


def load(docs: Path, stem: str, root: Path | None = None) -> tuple[dict[str, Row], list[Problem]]:
    """Every row of docs/_data/<stem>.yml by id, or the located problems."""
    path = docs / "_data" / f"{stem}.yml"
    shown = str(path.relative_to(root)) if root and path.is_relative_to(root) else f"docs/_data/{stem}.yml"
    if not re.match(r"^[a-z0-9-]+$", stem) or not path.is_file():
        return {}, [Problem(shown, None, f"the data file '{stem}' does not exist.",
                            "name a file of docs/_data/ without .yml, e.g. `natalizumab-risk`.")]
    data, problems = datafile.read(path, shown=shown)
    if problems:
        return {}, problems
    items = next((data[k] for k in LISTS if isinstance(data, dict) and k in data), None)
    if not isinstance(items, list):
        return {}, [Problem(shown, 1, "the file has no list of rows.", f"put the rows in a list under one of: {', '.join(LISTS)}.")]
    rows: dict[str, Row] = {}
    for n, item in enumerate(items, start=1):
        line = line_of(items, n - 1)
        row, found = _row(item, n, shown, line)
        problems += found
        if row and row.id in rows:
            problems.append(Problem(shown, line, f"the id '{row.id}' is used twice.", "give each row its own id."))
        elif row:
            rows[row.id] = row
    return rows, problems


def comparison(ctx_docs: Path, arg: str, root: Path | None = None) -> tuple[str, list[Row], list[Problem]]:
    """The data file and rows a marker names, checked: known ids, one denominator."""
    stem, *ids = arg.split()
    rows, problems = load(ctx_docs, stem, root) if stem else ({}, [])
    if not stem or not ids:
        return stem, [], [Problem("", None, "the icon-array marker names no data file or no row.",
                                  "write `<!-- generated: icon-array FILE ROW-ID [ROW-ID ...] -->`.")]
    if problems:
        return stem, [], problems
    unknown = [i for i in ids if i not in rows]
    if unknown:
        return stem, [], [Problem("", None, f"no row {', '.join(unknown)} in docs/_data/{stem}.yml.",
                                  f"use one of: {', '.join(rows)}.")]
    chosen = [rows[i] for i in ids]
    missing = unknown_keys(  # one reading of bibliography.bib's keys for both kinds of picture
       [f"[@{r.source}]" for r in chosen], ctx_docs)
    if missing:
        return stem, [], [Problem(f"docs/_data/{stem}.yml", None, f"the source {', '.join(missing)} is not in "
                                  "bibliography.bib.", "use a key from bibliography.bib, or add the source there.")]
    if len({r.out_of for r in chosen}) > 1:
        return stem, [], [Problem("", None, "the rows of one icon-array comparison have different denominators.",
                                  "compare rows out of the same number of people (all per 1,000, or all per 100).")]
    return stem, chosen, []


def untranslated(row: Row, lang: str) -> list[str]:
    """The words ``row`` needs in ``lang`` and lacks: its label, and what its squares mean unless
    it uses the default meaning ("got PML"), which each language has."""
    own = row.words.get(lang) or {}
    needed = ["label"] + [f for f, default in zip(("highlighted", "rest"), DEFAULT_WORDS, strict=True)
                          if getattr(row, f) != default]
    return [f for f in needed if not own.get(f)] if lang != DEFAULT else []
