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
numbers written as the language writes them ("unas 4 de cada 1.000", pmlrender/wording.py). A
Spanish page naming a row without its Spanish words stops the build with the row and the fix.

The SVG uses only shapes and classes (no style attributes, scripts or links), so the strict
Content-Security-Policy allows it, and the colours follow the theme (currentColor and the CSS
in docs/assets/css/pml-guide.css). Filled and empty squares differ in shape, not colour alone.
"""
from __future__ import annotations

import html
from typing import Any

from pmlsources.icondata import DEFAULT_MEANING, QUALIFIERS, Row, comparison, untranslated
from pmlsources.marks import SEARCH_EXCLUDE

from pmlrender import generated, wording

# Every sentence the picture writes, by language ({} are filled with numbers and the row's words).
TEXT: dict[str, dict[str, Any]] = {  # each value is a text, except default (a pair) and q (a mapping)
    "en": {"title": "{on} filled squares and {off} empty squares, {all} in all",
           "less": "Less than {n}", "said": "{q} {n}", "in": "{said} in {of} {what}",
           "small": "{said}. That is fewer than 1 in {of}, too few to show in a picture of {of} people.",
           "whole": "{said}.", "part": "{said}, shown as {shown} squares.", "other": " The other {n} {rest}.",
           "source": "From a source published in {date}", "each": "Each picture shows {of} people.",
           "group": "Each number is for a group of people, not for you alone.",
           "default": DEFAULT_MEANING["en"], "q": {q: q for q in QUALIFIERS}},
    "es": {"title": "{on} cuadrados llenos y {off} cuadrados vacíos, {all} en total",
           "less": "Menos de {n}", "said": "{q} {n}", "in": "{said} de cada {of} {what}",
           "small": "{said}. Es menos de 1 persona de cada {of}, así que no se puede mostrar en una imagen de {of} personas.",
           "whole": "{said}.", "part": "{said}; la imagen lo muestra con {shown} cuadrados.",
           "other": " Las otras {n} {rest}.",
           "source": "De una fuente publicada {date}", "each": "Cada imagen muestra {of} personas.",
           "group": "Cada número se refiere a un grupo de personas, no a usted en particular.",
           "default": DEFAULT_MEANING["es"],
           "q": {"About": "Unas", "Nearly": "Casi", "More than": "Más de", "Exactly": "Exactamente"}},
}


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
    out: list[str] = []
    x0, y0 = 0, 0
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

    def hedged(n: str) -> str:  # "Unas 4", but "Alrededor de 1" (pmlrender/wording.py)
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
    """2017 -> "2017"; 2017-11 -> "November 2017"; 2012-01-20 -> "20 January 2012" (pmlrender/wording.py)."""
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
    # Search skips it: the text or a table beside it gives the same figure in words.
    return (f'<figure class="pml-icon-array pml-ia-from-{stem}" {SEARCH_EXCLUDE}>\n{body}'
            f'<figcaption>{TEXT[lang]["each"].format(of=out_of)} <span class="pml-ia-legend">{keys}</span> '
            f'{TEXT[lang]["group"]}</figcaption>\n</figure>\n')


# ---------------------------------------------------------------- the data



@generated.block("icon-array")
def icon_array_block(ctx: generated.Context, arg: str) -> str:
    """The marker's comparison as HTML in the page's language (the build has already checked it;
    a problem found here anyway is shown on the page rather than hidden)."""
    stem, rows, problems = comparison(ctx.docs, arg, ctx.root)
    lang = ctx.language
    if problems or any(untranslated(r, lang) for r in rows):
        return f'<p class="pml-ia-problem">{html.escape(problems[0].message if problems else stem)}</p>\n'
    return figure_html(stem, [r.in_language(lang) for r in rows], lang)
