"""The natalizumab risk table, written into medicines/natalizumab.md at build time.

Why: the PML risk figures live once, in docs/_data/natalizumab-risk.yml (checked by
pmlcheck.riskdata). A page asks for the table with

    <!-- generated: natalizumab-risk-table -->

and gets one row per published estimate, as a natural frequency ("about 4 in 1,000"), each
cell that carries a number cited to its source with the source's date. With

    <!-- generated: natalizumab-risk-by-time -->

it gets the by-time table: one row per group, one column per stretch of treatment (up to 24,
25 to 48, 49 to 72 months), each cell either a checked figure with its source or, in plain words,
why there is none (published but not checked on the original, or never published). The page's
prose can point at the tables instead of repeating their numbers, so no figure is typed twice.
"""
from __future__ import annotations

import html

import math

from pmlcheck import riskdata

from .generated import Context, block

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
HEADER = "| Group | Estimated risk of PML, with its date and source |\n|---|---|"


def grouped(number: float) -> str:
    """1234567 -> '1,234,567'; 0.07 -> '0.07'; 4.0 -> '4'."""
    if number == int(number):
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def round_significant(number: float, digits: int = 2) -> float:
    if number <= 0:
        return 0
    return round(number, digits - 1 - int(math.floor(math.log10(number))))


def per_1000_words(per_1000: float) -> str:
    """The estimate on the 1,000 scale: whole numbers from 10 up, one decimal below 10 unless it
    is (nearly) whole, two significant figures below 1."""
    if per_1000 >= 10:
        return grouped(round(per_1000))
    if per_1000 >= 1:
        whole = round(per_1000)
        return grouped(whole) if abs(per_1000 - whole) < 0.25 else grouped(round(per_1000, 1))
    return grouped(round_significant(per_1000))


def one_in(per_1000: float) -> str:
    """The same risk as '1 in N', N to two significant figures (4.19 in 1,000 -> 1 in 240) and
    never finer than tens (11 in 1,000 -> 1 in 90, not 1 in 91: "about" means about)."""
    n = 1000 / per_1000
    if n < 20:
        return grouped(max(1, round(n)))
    return grouped(round(n, -1) if n < 100 else round_significant(n))


def natural_frequency(per_1000: float, below: bool = False) -> str:
    """'about 4 in 1,000 (about 1 in 240)', or 'fewer than 0.07 in 1,000 (fewer than 1 in 14,000)'."""
    if per_1000 <= 0:
        return "no cases"
    lead = "fewer than" if below else "about"
    return f"{lead} {per_1000_words(per_1000)} in 1,000 ({lead} 1 in {one_in(per_1000)})"


def date_words(date: str) -> str:
    """'2012-01-20' -> '20 January 2012'; '2017-11' -> 'November 2017'; '2014' -> '2014'."""
    parts = date.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def _cell(text: str) -> str:
    """Data text as one Markdown table cell: markup escaped (the checks refuse it in docs/_data too,
    pmlcheck/inputs.data_strings), `|` kept inside the cell."""
    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")


def estimate_row(row: dict) -> str:
    """Two cells: the group (with its size, cited), and the risk with its range, date and source."""
    cite = f"[@{row['source']}]"
    group = row["label"]
    if row.get("people"):
        group += f": {grouped(row['people'])} people {cite}"
    risk = natural_frequency(row["per_1000"], row.get("below", False))
    if row.get("cases") is not None:
        risk = f"{grouped(row['cases'])} got PML, {risk}"
    risk = risk[0].upper() + risk[1:]
    if row.get("interval"):
        low, high = row["interval"]
        risk += f", likely between {grouped(low)} and {grouped(high)} in 1,000"
    risk += f"; published {date_words(row['source_date'])} {cite}."
    note = f" {_cell(row['note'])}" if row.get("note") else ""
    return f"| {_cell(group)} | {_cell(risk)}{note} |"


def table_markdown(data: riskdata.RiskData) -> str:
    """The table of published estimates, in file order."""
    return "\n".join([HEADER, *(estimate_row(r) for r in data.estimates)])


BY_TIME_HEADER = "| Group | Up to 2 years | 2 to 4 years | 4 to 6 years |\n|---|---|---|---|"
GAP_WORDS = {"unchecked": "Published, not shown here", "none": "None published",
             "overall": "One figure for any time"}
NOTES_TITLE = "Why some cells have no number"


def by_time_cell(cell: str, data: riskdata.RiskData) -> str:
    """A checked figure with its source and year, or the words for a gap. A cell naming an
    estimate that failed its checks shows no number."""
    if cell in GAP_WORDS:
        return GAP_WORDS[cell]
    row = data.row(cell)
    if row is None:
        return "No figure given here"
    lead = "Fewer than" if row.get("below") else "About"
    return f"{lead} {per_1000_words(row['per_1000'])} in 1,000, published {date_words(row['source_date'])} [@{row['source']}]"


def by_time_markdown(data: riskdata.RiskData) -> str:
    """The by-time table (one row per group of `by_time`, one cell per band of riskdata.BANDS),
    then each group's note in a folded block, so the table stays narrow on a phone."""
    rows = [f"| {_cell(r['label'])} | " + " | ".join(_cell(by_time_cell(c, data)) for c in r["cells"]) + " |"
            for r in data.by_time]
    notes = [f"    - **{_cell(r['label'])}:** {_cell(r['why'])}" for r in data.by_time]
    return "\n".join([BY_TIME_HEADER, *rows, "", f'??? note "{NOTES_TITLE}"', "", *notes, ""])


@block("natalizumab-risk-table")
def natalizumab_risk_table(ctx: Context, arg: str) -> str:
    """The risk table. The content checks (pmlcheck.riskdata) stop the build on a bad row before
    any page is rendered; rows that fail the check are never drawn."""
    data, _problems = riskdata.load(ctx.root)
    return table_markdown(data)


@block("natalizumab-risk-by-time")
def natalizumab_risk_by_time(ctx: Context, arg: str) -> str:
    """The by-time table, from the same checked data as the risk table."""
    data, _problems = riskdata.load(ctx.root)
    return by_time_markdown(data)
