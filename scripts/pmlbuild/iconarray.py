"""Icon arrays: a frequency ("about 4 in 1,000") drawn as a grid of 1,000 small squares, with
the numbers in words and the source beside it.

Why: readers overestimate small risks, and risk-communication standards for patient decision
aids (IPDAS) advise natural frequencies with one denominator per comparison, shown as icon
arrays next to the numbers. The pictures are generated from the project's data files
(docs/_data/*.yml), never drawn by hand, so a picture can never show a number its data and its
page do not. A page asks for one comparison with a marker:

    <!-- generated: icon-array natalizumab-risk pooled all-three-factors -->

(the data file's name, then the ids of its rows). Rows come from a list under `estimates:`
(the natalizumab risk file: `per_1000`) or `frequencies:` (docs/_data/frequencies.yml:
`count` and `out_of`). Every row names its `source` (a bibliography key), cited beside the grid.
A row below 1 in its denominator is said in words: a grid of 1,000 empty squares shows nothing.

On a translated page (docs/es/...) the same rows are drawn with their words in its language: the
label and the meaning of the squares from each row's `es:` mapping, the sentences from TEXT, the
numbers written as the language writes them ("unas 4 de cada 1.000", pmlbuild/wording.py). A
Spanish page naming a row without its Spanish words stops the build with the row and the fix.

The SVG uses only shapes and classes (no style attributes, scripts or links), so the strict
Content-Security-Policy allows it, and the colours follow the theme (currentColor and the CSS
in docs/assets/css/pml-guide.css). Filled and empty squares differ in shape, not colour alone.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from pmlcheck import translations
from pmlcheck.problems import Problem
from pmlsources import data as datafile
from pmlsources.data import line_of

from . import generated, wording

DENOMINATORS = (10, 100, 1000)
QUALIFIERS = ("About", "Nearly", "More than", "Exactly")
LISTS = ("estimates", "frequencies")  # the key holding the rows, by data file
# What a filled and an empty square mean, when a row does not say (the natalizumab risk file).
DEFAULT_WORDS = ("got PML", "did not get PML")
# Every sentence the picture writes, by language ({} are filled with numbers and the row's words).
TEXT = {
    "en": {"title": "{on} filled squares and {off} empty squares, {all} in all",
           "less": "Less than {n}", "said": "{q} {n}", "in": "{said} in {of} {what}",
           "small": "{said}. That is fewer than 1 in {of}, too few to show in a picture of {of} people.",
           "whole": "{said}.", "part": "{said}, shown as {shown} squares.", "other": " The other {n} {rest}.",
           "source": "From a source published in {date}", "each": "Each picture shows {of} people.",
           "group": "Each number is for a group of people, not for you alone.",
           "default": DEFAULT_WORDS, "q": {q: q for q in QUALIFIERS}},
    "es": {"title": "{on} cuadrados llenos y {off} cuadrados vacíos, {all} en total",
           "less": "Menos de {n}", "said": "{q} {n}", "in": "{said} de cada {of} {what}",
           "small": "{said}. Es menos de 1 persona de cada {of}, así que no se puede mostrar en una imagen de {of} personas.",
           "whole": "{said}.", "part": "{said}; la imagen lo muestra con {shown} cuadrados.",
           "other": " Las otras {n} {rest}.",
           "source": "De una fuente publicada {date}", "each": "Cada imagen muestra {of} personas.",
           "group": "Cada número se refiere a un grupo de personas, no a usted en particular.",
           "default": ("tuvieron LMP", "no tuvieron LMP"),
           "q": {"About": "Unas", "Nearly": "Casi", "More than": "Más de", "Exactly": "Exactamente"}},
}
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

    def in_language(self, lang: str) -> "Row":
        """The row with its label and the meaning of its squares in ``lang``; a row that uses the
        default meaning gets the language's default."""
        if lang == wording.DEFAULT:
            return self
        own, default = self.words.get(lang) or {}, TEXT.get(lang, TEXT["en"])["default"]
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


def number(n: float, lang: str = wording.DEFAULT) -> str:
    """1000 -> "1,000", 0.07 -> "0.07", 4.0 -> "4", as the guide writes numbers ("1.000" in Spanish)."""
    return wording.number(n, lang)


# ---------------------------------------------------------------- the grid

def layout(out_of: int) -> list[tuple[int, int]]:
    """Top-left corner of every square, in reading order (the filled squares come first).

    1,000 = ten blocks of 10 x 10 (five across, two down), so readers can count in hundreds;
    100 = one block of 10 x 10; 10 = one row."""
    pitch, gap = 6, 5
    block = 10 * pitch + gap
    cells = []
    for index in range(out_of):
        b, i = divmod(index, 100)
        bx, by = (b % 5, b // 5)
        cells.append((bx * block + (i % 10) * pitch, by * block + (i // 10) * pitch))
    return cells


def _path(cells: list[tuple[int, int]], square: str, inset: float = 0) -> str:
    """One path with one square per cell, each a relative move from the one before (a picture of
    1,000 squares stays a few hundred bytes once compressed). ``inset`` shifts every square."""
    out, x0, y0 = [], 0, 0
    for x, y in cells:
        out.append(f"m{x - x0} {y - y0}{square}" if out else f"M{x + inset:g} {y + inset:g}{square}")
        x0, y0 = x, y
    return "".join(out)


FILLED = "h5v5h-5z"
EMPTY = "h4v4h-4z"  # drawn 0.5 in from the cell's corner with a 1-unit stroke: the same 5 x 5 cell


def grid_svg(row: Row, ident: str, lang: str = wording.DEFAULT) -> str:
    """The accessible SVG grid for ``row`` (role img, a title naming the numbers in ``lang``)."""
    cells = layout(row.out_of)
    width = max(x for x, _ in cells) + 5
    height = max(y for _, y in cells) + 5
    on, off = cells[: row.shown], cells[row.shown:]
    title = TEXT[lang]["title"].format(on=number(row.shown, lang), off=number(len(off), lang),
                                       all=number(row.out_of, lang))
    parts = [f'<svg class="pml-ia-grid pml-ia-{row.out_of}" viewBox="-1 -1 {width + 2} {height + 2}" role="img" '
             f'aria-labelledby="{ident}-title" focusable="false" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{ident}-title">{html.escape(title)}</title>']
    if on:
        parts.append(f'<path class="pml-ia-on" fill="currentColor" d="{_path(on, FILLED)}"/>')
    if off:
        parts.append(f'<path class="pml-ia-off" fill="none" stroke="currentColor" stroke-width="1" '
                     f'd="{_path(off, EMPTY, inset=0.5)}"/>')
    parts.append("</svg>")
    return "".join(parts)


def swatch(filled: bool) -> str:
    """A small square for the legend, drawn as in the grid."""
    shape = (f'<path class="pml-ia-on" fill="currentColor" d="M0 0{FILLED}"/>' if filled else
             f'<path class="pml-ia-off" fill="none" stroke="currentColor" stroke-width="1" d="M.5 .5{EMPTY}"/>')
    return (f'<svg class="pml-ia-swatch" viewBox="-1 -1 7 7" aria-hidden="true" focusable="false" '
            f'xmlns="http://www.w3.org/2000/svg">{shape}</svg>')


# ---------------------------------------------------------------- the words

def words(row: Row, lang: str = wording.DEFAULT) -> str:
    """The numbers in words, as the page states them ("About 4 in 1,000 got PML.", "Unas 4 de
    cada 1.000 tuvieron LMP.")."""
    text = TEXT[lang]
    of = number(row.out_of, lang)

    def hedged(n: str) -> str:  # "Unas 4", but "Alrededor de 1" (pmlbuild/wording.py)
        return text["said"].format(q=wording.hedge(text["q"][row.qualifier], n, lang), n=n)

    if row.too_small:
        said = text["less"].format(n=number(row.count, lang)) if row.below else hedged(number(row.count, lang))
        return text["small"].format(said=text["in"].format(said=said, of=of, what=row.highlighted), of=of)
    if abs(row.count - row.shown) < 0.25:
        said = text["whole"].format(said=text["in"].format(said=hedged(number(row.shown, lang)), of=of,
                                                           what=row.highlighted))
    else:
        said = text["part"].format(said=text["in"].format(said=hedged(number(round(row.count, 1), lang)), of=of,
                                                          what=row.highlighted), shown=number(row.shown, lang))
    return said + text["other"].format(n=number(row.out_of - row.shown, lang), rest=row.rest)




def date_words(date: str, lang: str = wording.DEFAULT) -> str:
    """2017 -> "2017"; 2017-11 -> "November 2017"; 2012-01-20 -> "20 January 2012" (pmlbuild/wording.py)."""
    return wording.date_words(date, lang)


def row_html(row: Row, ident: str, lang: str = wording.DEFAULT) -> str:
    picture = "" if row.too_small else grid_svg(row, ident, lang)
    date = date_words(row.source_date) if lang == wording.DEFAULT else wording.on_date(row.source_date, lang)
    source = TEXT[lang]["source"].format(date=date)
    return (f'<div class="pml-ia-row" id="{ident}">'
            f'<p class="pml-ia-label">{html.escape(row.label)}</p>{picture}'
            f'<p class="pml-ia-words">{html.escape(words(row, lang))} '
            f'{html.escape(source)} [@{row.source}].</p></div>')


def figure_html(stem: str, rows: list[Row], lang: str = wording.DEFAULT) -> str:
    """One comparison: the rows side by side (one denominator), a legend and the sources."""
    out_of = number(rows[0].out_of, lang)
    legend = {(r.highlighted, r.rest) for r in rows}
    keys = "".join(f"<span>{swatch(True)} {html.escape(on)}</span> <span>{swatch(False)} {html.escape(off)}</span>"
                   for on, off in sorted(legend))
    body = "".join(row_html(r, f"ia-{stem}-{r.id}", lang) for r in rows)
    return (f'<figure class="pml-icon-array pml-ia-from-{stem}">\n{body}'
            f'<figcaption>{TEXT[lang]["each"].format(of=out_of)} <span class="pml-ia-legend">{keys}</span> '
            f'{TEXT[lang]["group"]}</figcaption>\n</figure>\n')


# ---------------------------------------------------------------- the data

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
    translations.data_words(item, own_text, lambda m, f: found.append(Problem(path, line, f"row {n}: '{ident}': {m}", f)))
    if found:
        return None, found
    own = {lang: {k: v.strip() for k, v in wording.translated(item, lang).items()} for lang in wording.TRANSLATED
           if wording.translated(item, lang)}
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
    from .figures import unknown_keys  # one reading of bibliography.bib's keys for both kinds of picture

    missing = unknown_keys([f"[@{r.source}]" for r in chosen], ctx_docs)
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
    needed = ["label"] + [f for f, default in zip(("highlighted", "rest"), DEFAULT_WORDS) if getattr(row, f) != default]
    return [f for f in needed if not own.get(f)] if lang != wording.DEFAULT else []


def check(text: str, path: str, docs: Path, root: Path | None = None, lang: str = wording.DEFAULT) -> list[Problem]:
    """Every icon-array marker of a page, checked before the build draws it; on a translated page
    (``lang``), every row it draws has its words in that language."""
    out = []
    for line, name, arg in generated.markers(text):
        if name != "icon-array":
            continue
        stem, rows, problems = comparison(docs, arg, root)
        out += [p if p.path else Problem(path, line, p.message, p.fix) for p in problems]
        for row in rows:
            absent = untranslated(row, lang)
            if absent:
                out.append(Problem(f"docs/_data/{stem}.yml", row.line, f"the row '{row.id}' has no {lang} words "
                                   f"({', '.join(absent)}), which {path}:{line} shows.", wording.fix_for(absent, lang)))
    return out


@generated.block("icon-array")
def icon_array_block(ctx: generated.Context, arg: str) -> str:
    """The marker's comparison as HTML in the page's language (the build has already checked it;
    a problem found here anyway is shown on the page rather than hidden)."""
    stem, rows, problems = comparison(ctx.docs, arg, ctx.root)
    lang = ctx.language
    if problems or any(untranslated(r, lang) for r in rows):
        return f'<p class="pml-ia-problem">{html.escape(problems[0].message if problems else stem)}</p>\n'
    return figure_html(stem, [r.in_language(lang) for r in rows], lang)
