"""The natalizumab risk table, written into medicines/natalizumab.md at build time.

Why: the PML risk figures live once, in docs/_data/natalizumab-risk.yml (checked by
pmlsources.riskdata). A page asks for the table with

    <!-- generated: natalizumab-risk-table -->

and gets one row per published estimate, as a natural frequency ("about 4 in 1,000"), each
cell that carries a number cited to its source with the source's date. With

    <!-- generated: natalizumab-risk-by-time -->

it gets the by-time table: one row per group, one column per stretch of treatment (up to 24,
25 to 48, 49 to 72 months), each cell either a checked figure with its source or, in plain words,
why there is none (published but not checked on the original, or never published). The page's
prose can point at the tables instead of repeating their numbers, so no figure is typed twice.

On a translated page (docs/es/...) both tables are written in its language from the same rows:
the headings and sentences from WORDS, each row's label, note and reason from its `es:` mapping,
the numbers as the language writes them ("unas 4,2 de cada 1.000", pmlrender/wording.py). A
Spanish page showing a table whose rows lack their Spanish words stops the build (`check`).
"""
from __future__ import annotations

import html
import math
from typing import Any

from pmlsources import riskdata

from pmlsources.datawords import translated
from pmlrender import wording
from pmlrender.generated import Context, block

# Every word the tables write, by language ({} are filled with numbers and the row's words).
WORDS: dict[str, dict[str, Any]] = {  # each value is a text, except gaps (a mapping)
    "en": {"group": "Group", "risk": "Estimated risk of PML, with its date and source",
           "people": ": {n} people {cite}", "cases": "{n} got PML, {risk}", "none": "no cases",
           "about": "about", "below": "fewer than", "freq": "{lead} {n} in {k} ({lead} 1 in {one})",
           "interval": ", likely between {low} and {high} in {k}", "published": "; published {date} {cite}.",
           "up_to": "Up to {to} years", "from_to": "{fr} to {to} years",
           "gaps": {"unchecked": "Published, not shown here", "none": "None published", "overall": "One figure for any time"},
           "no_figure": "No figure given here", "About": "About", "Fewer than": "Fewer than",
           "cell": "{lead} {n} in {k}, published {date} {cite}", "notes": "Why some cells have no number"},
    "es": {"group": "Grupo", "risk": "Riesgo estimado de LMP, con su fecha y su fuente",
           "people": ": {n} personas {cite}", "cases": "{n} tuvieron LMP, {risk}", "none": "ningún caso",
           "about": "unas", "below": "menos de", "freq": "{lead} {n} de cada {k} ({lead1} 1 de cada {one})",
           "interval": ", probablemente entre {low} y {high} de cada {k}", "published": "; publicado {date} {cite}.",
           "up_to": "Hasta {to} años", "from_to": "De {fr} a {to} años",
           "gaps": {"unchecked": "Cifra publicada, no se muestra aquí", "none": "Ninguna cifra publicada",
                    "overall": "Una sola cifra para cualquier tiempo"},
           "no_figure": "Aquí no se da ninguna cifra", "About": "Unas", "Fewer than": "Menos de",
           "cell": "{lead} {n} de cada {k}, publicado {date} {cite}", "notes": "Por qué algunas casillas no tienen número"},
}


def grouped(number: float, lang: str = wording.DEFAULT) -> str:
    """1234567 -> '1,234,567' ('1.234.567' in Spanish); 0.07 -> '0.07'; 4.0 -> '4'."""
    return wording.number(number, lang)


def round_significant(number: float, digits: int = 2) -> float:
    if number <= 0:
        return 0
    return round(number, digits - 1 - int(math.floor(math.log10(number))))


def per_1000_words(per_1000: float, lang: str = wording.DEFAULT) -> str:
    """The estimate on the 1,000 scale: whole numbers from 10 up, one decimal below 10 unless it
    is (nearly) whole, two significant figures below 1."""
    if per_1000 >= 10:
        return grouped(round(per_1000), lang)
    if per_1000 >= 1:
        whole = round(per_1000)
        return grouped(whole, lang) if abs(per_1000 - whole) < 0.25 else grouped(round(per_1000, 1), lang)
    return grouped(round_significant(per_1000), lang)


def one_in(per_1000: float, lang: str = wording.DEFAULT) -> str:
    """The same risk as '1 in N', N to two significant figures (4.19 in 1,000 -> 1 in 240) and
    never finer than tens (11 in 1,000 -> 1 in 90, not 1 in 91: "about" means about)."""
    n = 1000 / per_1000
    if n < 20:
        return grouped(max(1, round(n)), lang)
    return grouped(round(n, -1) if n < 100 else round_significant(n), lang)


def natural_frequency(per_1000: float, below: bool = False, lang: str = wording.DEFAULT) -> str:
    """'about 4 in 1,000 (about 1 in 240)', or 'fewer than 0.07 in 1,000 (fewer than 1 in 14,000)';
    in Spanish 'unas 4,2 de cada 1.000 (alrededor de 1 de cada 240)'."""
    words = WORDS[lang]
    if per_1000 <= 0:
        return words["none"]
    lead, n = words["below" if below else "about"], per_1000_words(per_1000, lang)
    return words["freq"].format(lead=wording.hedge(lead, n, lang), lead1=wording.hedge(lead, "1", lang),
                                k=grouped(1000, lang), n=n, one=one_in(per_1000, lang))


def date_words(date: str, lang: str = wording.DEFAULT) -> str:
    """'2012-01-20' -> '20 January 2012'; '2017-11' -> 'November 2017'; '2014' -> '2014'."""
    return wording.date_words(date, lang)


def _published(date: str, lang: str) -> str:
    """The date after "published": '2017' in English, 'en 2017' or 'el 20 de enero de 2012' in Spanish."""
    return date_words(date) if lang == wording.DEFAULT else wording.on_date(date, lang)


def _cell(text: str) -> str:
    """Data text as one Markdown table cell: markup escaped (the checks refuse it in docs/_data too,
    pmlcheck/inputs.data_strings), `|` kept inside the cell."""
    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")


def _own(row: dict, name: str, lang: str) -> str:
    """A row's words (label, note, why) in ``lang``: its `es:` mapping, checked by the build."""
    return translated(row, lang).get(name) or row[name]


def estimate_row(row: dict, lang: str = wording.DEFAULT) -> str:
    """Two cells: the group (with its size, cited), and the risk with its range, date and source."""
    words, cite = WORDS[lang], f"[@{row['source']}]"
    group = _own(row, "label", lang)
    if row.get("people"):
        group += words["people"].format(n=grouped(row["people"], lang), cite=cite)
    risk = natural_frequency(row["per_1000"], row.get("below", False), lang)
    if row.get("cases") is not None:
        risk = words["cases"].format(n=grouped(row["cases"], lang), risk=risk)
    risk = risk[0].upper() + risk[1:]
    if row.get("interval"):
        low, high = row["interval"]
        risk += words["interval"].format(low=grouped(low, lang), high=grouped(high, lang), k=grouped(1000, lang))
    risk += words["published"].format(date=_published(row["source_date"], lang), cite=cite)
    note = f" {_cell(_own(row, 'note', lang))}" if row.get("note") else ""
    return f"| {_cell(group)} | {_cell(risk)}{note} |"


def table_markdown(data: riskdata.RiskData, lang: str = wording.DEFAULT) -> str:
    """The table of published estimates, in file order."""
    header = f"| {WORDS[lang]['group']} | {WORDS[lang]['risk']} |\n|---|---|"
    return "\n".join([header, *(estimate_row(r, lang) for r in data.estimates)])


def band_heading(band: str, lang: str = wording.DEFAULT) -> str:
    """A stretch of treatment in years, from its months: '1-24' -> 'Up to 2 years', '25-48' -> '2 to 4 years'."""
    first, last = (int(m) for m in band.split("-"))
    to, fr = grouped(last / 12, lang), grouped((first - 1) / 12, lang)
    return WORDS[lang]["up_to"].format(to=to) if first <= 1 else WORDS[lang]["from_to"].format(fr=fr, to=to)


GAP_WORDS = WORDS["en"]["gaps"]
NOTES_TITLE = WORDS["en"]["notes"]


def by_time_cell(cell: str, data: riskdata.RiskData, lang: str = wording.DEFAULT) -> str:
    """A checked figure with its source and year, or the words for a gap. A cell naming an
    estimate that failed its checks shows no number."""
    words = WORDS[lang]
    if cell in words["gaps"]:
        return words["gaps"][cell]
    row = data.row(cell)
    if row is None:
        return words["no_figure"]
    lead, n = words["Fewer than" if row.get("below") else "About"], per_1000_words(row["per_1000"], lang)
    return words["cell"].format(lead=wording.hedge(lead, n, lang), n=n, k=grouped(1000, lang),
                                date=_published(row["source_date"], lang), cite=f"[@{row['source']}]")


def by_time_markdown(data: riskdata.RiskData, lang: str = wording.DEFAULT) -> str:
    """The by-time table (one row per group of `by_time`, one cell per band of riskdata.BANDS),
    then each group's note in a folded block, so the table stays narrow on a phone."""
    header = " | ".join([WORDS[lang]["group"], *(band_heading(b, lang) for b in riskdata.BANDS)])
    rows = [f"| {_cell(_own(r, 'label', lang))} | " + " | ".join(_cell(by_time_cell(c, data, lang)) for c in r["cells"])
            + " |" for r in data.by_time]
    notes = [f"    - **{_cell(_own(r, 'label', lang))}:** {_cell(_own(r, 'why', lang))}" for r in data.by_time]
    return "\n".join([f"| {header} |", "|---" * (len(riskdata.BANDS) + 1) + "|", *rows, "",
                      f'??? note "{WORDS[lang]["notes"]}"', "", *notes, ""])


@block("natalizumab-risk-table")
def natalizumab_risk_table(ctx: Context, arg: str) -> str:
    """The risk table. The content checks (pmlsources.riskdata) stop the build on a bad row before
    any page is rendered; rows that fail the check are never drawn."""
    data, _problems = riskdata.load(ctx.root)
    return table_markdown(data, ctx.language)


@block("natalizumab-risk-by-time")
def natalizumab_risk_by_time(ctx: Context, arg: str) -> str:
    """The by-time table, from the same checked data as the risk table."""
    data, _problems = riskdata.load(ctx.root)
    return by_time_markdown(data, ctx.language)
