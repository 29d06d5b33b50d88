"""The natalizumab risk data file (docs/_data/natalizumab-risk.yml), read and checked row by row.

Why: every PML risk figure for natalizumab is typed once, in that file, and the risk table and
the icon arrays are drawn from it. A contributor who mistypes a field (a risk written as text,
an interval that does not contain its estimate, a source key missing from bibliography.bib,
`prior_immunosuppressant: maybe`, a by-time cell naming a row that does not
exist) must get the file, the line of the row and the fix, never a wrong number on a page or a
traceback. `load` returns only clean rows. The file is read as YAML 1.2 (pmlsources/data.py), so
`no` stays the word no and an unquoted date stays its text.

The file has two lists: `estimates` (one published figure per row) and `by_time` (one group per
row, one cell per stretch of treatment in BANDS: a cell names an estimate row, or says in one word
why it has no figure: `unchecked` when a figure was published but not checked on the original,
`none` when no figure has been published, `overall` when the sources give one figure for every
length of treatment).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Set
from pathlib import Path
from typing import TypeGuard

from pmlsources import data as datafile
from pmlsources.data import line_of
from pmlsources.datawords import data_words
from pmlsources.problems import Problem, did_you_mean, rel

DATA_FILE = Path("docs") / "_data" / "natalizumab-risk.yml"
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
CHOICES = {"antibody": ("negative", "positive", "any"), "prior_immunosuppressant": ("yes", "no", "any")}
TEXT = ("label", "index_band", "months", "where", "note", "why")
REQUIRED = {"estimates": ("id", "label", "per_1000", "source", "source_date", "antibody", "prior_immunosuppressant"),
            "by_time": ("id", "label", "cells", "why")}
OPTIONAL = {"estimates": ("below", "cases", "people", "interval", "index_band", "months", "where", "note", "es"),
            "by_time": ("antibody", "index_band", "prior_immunosuppressant", "es")}
# The words of a row a reader sees, which its `es:` mapping translates (pmlrender/risk.py).
READER_WORDS = {"estimates": ("label", "note"), "by_time": ("label", "why")}
# The stretches of treatment the by-time table shows, in months, in order (one cell each).
BANDS = ("1-24", "25-48", "49-72")
GAPS = ("unchecked", "none", "overall")


@dataclass
class RiskData:
    """The clean rows of the file: ``estimates`` and ``by_time`` (lists of dicts)."""
    estimates: list[dict] = field(default_factory=list)
    by_time: list[dict] = field(default_factory=list)

    def row(self, row_id: str) -> dict | None:
        return next((r for r in self.estimates if r["id"] == row_id), None)


def _number(value) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _choice(row: dict, name: str, say) -> None:
    value = row.get(name)
    if value is not None and value not in CHOICES[name]:
        say(f"'{name}' is {value!r}.", f"write one of: {', '.join(CHOICES[name])}.")


def _date(row: dict, say) -> None:
    value = row.get("source_date")
    if isinstance(value, int) and not isinstance(value, bool):  # a year alone reads as a number
        row["source_date"] = str(value)
    if not (isinstance(row.get("source_date"), str) and DATE.match(row["source_date"])):
        say(f"'source_date' is {value!r}.", "write the source's date as YYYY, YYYY-MM or YYYY-MM-DD.")


def _interval(row: dict, say) -> None:
    pair = row.get("interval")
    if pair is None:
        return
    if not (isinstance(pair, list) and len(pair) == 2 and all(_number(v) for v in pair) and pair[0] <= pair[1]):
        say(f"'interval' is {pair!r}.", "write [low, high] per 1,000 as two numbers, low first, e.g. [0, 0.59].")
    elif _number(row.get("per_1000")) and not row.get("below") and not pair[0] <= row["per_1000"] <= pair[1]:
        say(f"the estimate {row['per_1000']} lies outside its interval {pair}.",
            "copy both from the source again: an estimate sits inside its own interval.")


def _estimate_fields(row: dict, say) -> None:
    risk = row.get("per_1000")
    if "per_1000" in row and not (_number(risk) and 0 <= risk <= 1000):
        say(f"'per_1000' is {risk!r}.", "write the estimated cases per 1,000 people as a number from 0 to 1000.")
    for name in ("cases", "people"):
        value = row.get(name)
        if value is not None and not (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
            say(f"'{name}' is {value!r}.", f"write '{name}' as a whole number, without commas or spaces.")
    if _number(row.get("cases")) and _number(row.get("people")) and row["cases"] > row["people"]:
        say("'cases' is larger than 'people'.", "check both counts against the source.")
    if "below" in row and not isinstance(row["below"], bool):
        say(f"'below' is {row['below']!r}.", "write below: true when the source gives only an upper bound.")
    _interval(row, say)
    _date(row, say)


def _cells(row: dict, say, estimate_ids: Set[str]) -> None:
    """A by-time row's cells: one per band of BANDS, each an estimate id or a word of GAPS."""
    cells = row.get("cells")
    if cells is None:
        return
    if not (isinstance(cells, list) and len(cells) == len(BANDS)):
        say(f"'cells' is {cells!r}.", f"write a list of {len(BANDS)} cells, one for each of {', '.join(BANDS)} months.")
        return
    for band, cell in zip(BANDS, cells, strict=True):  # len(cells) == len(BANDS): checked above
        if cell in GAPS:
            continue
        if not isinstance(cell, str) or cell not in estimate_ids:
            say(f"the cell for {band} months is {cell!r}, which is neither an estimate id nor one of {', '.join(GAPS)}.",
                "name a row of 'estimates' by its id, or write unchecked (published, not checked), none "
                "(nothing published) or overall (one figure for all lengths of treatment).")


def _check_row(row, kind: str, where: str, line: int | None, known_keys: set[str] | None,
               estimate_ids: Set[str] = frozenset()) -> list[Problem]:
    problems: list[Problem] = []

    def say(message: str, fix: str) -> None:
        label = row.get("id", "?") if isinstance(row, dict) else "?"
        problems.append(Problem(where, line, f"row '{label}' in {kind}: {message}", fix))

    if not isinstance(row, dict):
        say("is not a mapping of fields.", "write each row as '- id: ...' followed by its fields, indented.")
        return problems
    allowed = REQUIRED[kind] + OPTIONAL[kind]
    for name in REQUIRED[kind]:
        if row.get(name) in (None, ""):
            say(f"the field '{name}' is missing.", f"add '{name}:' to the row (fields: {', '.join(allowed)}).")
    for name in row:
        if name not in allowed:
            say(f"the field '{name}' is not known.", f"use only: {', '.join(allowed)} (a typo?).")
    if "id" in row and not (isinstance(row["id"], str) and KEBAB.match(row["id"])):
        say(f"'id' is {row['id']!r}.", "write the id in kebab-case: lower-case words joined by hyphens.")
    for name in TEXT:
        if name in row and not isinstance(row[name], str):
            say(f"'{name}' is {row[name]!r}, not text.", f"write '{name}' as plain words (quote it if needed).")
    for name in CHOICES:
        _choice(row, name, say)
    data_words(row, READER_WORDS[kind], say)  # the Spanish words: no figure of their own
    if kind == "estimates":
        _estimate_fields(row, say)
        source = row.get("source")
        if source and known_keys is not None and source not in known_keys:
            say(f"the source '{source}' is not in bibliography.bib.",
                f"{did_you_mean(source, known_keys)}Correct the key, or add the verified entry to bibliography.bib.")
    else:
        _cells(row, say, estimate_ids)
    return problems


def check_data(data, where: str, known_keys: set[str] | None = None) -> tuple[RiskData, list[Problem]]:
    """Every row of parsed ``data`` checked; returns the clean rows and the located problems."""
    if not isinstance(data, dict) or not isinstance(data.get("estimates"), list):
        return RiskData(), [Problem(where, 1, "the file has no list called 'estimates'.",
                                    "start the file with 'estimates:' followed by rows '- id: ...'.")]
    unknown = [k for k in data if k not in REQUIRED]
    problems = [Problem(where, 1, f"the top-level key '{k}' is not known.", "use only 'estimates' and 'by_time'.")
                for k in unknown]
    estimate_ids = {r["id"] for r in data["estimates"] if isinstance(r, dict) and isinstance(r.get("id"), str)}
    clean = RiskData()
    seen: dict[str, int | None] = {}  # id -> its line
    for kind in REQUIRED:
        rows = data.get(kind) or []
        if not isinstance(rows, list):
            problems.append(Problem(where, 1, f"'{kind}' is not a list.", f"write '{kind}:' then rows '- id: ...'."))
            continue
        for index, row in enumerate(rows):
            line = line_of(rows, index)
            found = _check_row(row, kind, where, line, known_keys, estimate_ids)
            row_id = row.get("id") if isinstance(row, dict) else None
            if isinstance(row_id, str) and row_id in seen:
                found.append(Problem(where, line, f"the id '{row_id}' is used twice (first on line {seen[row_id]}).",
                                     "give each row its own id."))
            elif isinstance(row_id, str):
                seen[row_id] = line
            if not found:
                getattr(clean, kind).append(row)
            problems += found
    return clean, problems


def load(root: Path, known_keys: set[str] | None = None) -> tuple[RiskData, list[Problem]]:
    """Read and check ``root``/docs/_data/natalizumab-risk.yml."""
    path = root / DATA_FILE
    where = rel(path, root)
    if not path.is_file():
        return RiskData(), [Problem(where, None, "cannot read the file (it does not exist).",
                                    "restore docs/_data/natalizumab-risk.yml from git.")]
    data, problems = datafile.read(path, root, where)
    if problems:
        return RiskData(), problems
    return check_data(data, where, known_keys)
